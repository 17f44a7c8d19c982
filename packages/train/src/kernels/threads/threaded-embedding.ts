import type { KernelThreadPool } from './thread-pool';

/** What threadedScatterAdd adds: grad[ids[n]] += dy[n] (* keep[n] * scale) for the listed n. */
export interface ScatterAddArgs {
  /** [V, E] gradient, on a SharedArrayBuffer. */
  grad: Float32Array;
  /** [N, E] rows to add, on a SharedArrayBuffer. */
  dy: Float32Array;
  /** Optional [N, E] dropout keep bytes, on a SharedArrayBuffer. */
  mask?: { keep: Uint8Array; scale: number };
  ids: Int32Array;
  /** Positions n to add, ascending; all when undefined. */
  rows?: Int32Array;
  /** Row width E. */
  width: number;
  /** ids equal to it are skipped. */
  padIndex: number;
}

/** Whether every array the threads would touch is shared memory (else the caller works on its own thread). */
export function onSharedMemory(arrays: readonly (ArrayBufferView | undefined)[]): boolean {
  return arrays.every((a) => a === undefined || a.buffer instanceof SharedArrayBuffer);
}

/**
 * The embedding gradient's scatter-add split across the kernel threads by
 * columns: each thread adds its columns of every listed row, in the same
 * order (n ascending) and with the same expression as the single-thread loop,
 * so each element is the same sum and the result the same bits. Rows cannot be
 * split instead: two positions with the same id would race for one row.
 * (At the reference shape the add is ~11 ms per step on the main thread while
 * the kernel threads sit idle.)
 */
export function threadedScatterAdd(pool: KernelThreadPool, args: ScatterAddArgs): void {
  const { grad, dy, mask, ids, rows, width, padIndex } = args;
  const count = rows === undefined ? dy.length / width : rows.length;
  const parts = Math.min(pool.size, width);
  const tasks = Array.from({ length: parts }, (_, p) => ({
    op: 'scatter',
    grad,
    dy,
    ...(mask === undefined ? {} : { keep: mask.keep, scale: mask.scale }),
    ids,
    ...(rows === undefined ? {} : { rows }),
    count,
    E: width,
    // Whole 16-byte lines per thread where the width allows.
    c0: Math.min(width, Math.floor((Math.ceil(width / 4) * p) / parts) * 4),
    c1:
      p === parts - 1
        ? width
        : Math.min(width, Math.floor((Math.ceil(width / 4) * (p + 1)) / parts) * 4),
    padIndex,
  }));
  pool.run(tasks);
}

/** What threadedGather writes: out[n] = table[ids[n]] (* keep[n] * scale) for the listed n. */
export interface GatherArgs {
  /** [N, E] output, on a SharedArrayBuffer; rows not listed are left as they are. */
  out: Float32Array;
  /** [V, E] table, on a SharedArrayBuffer (FusedAdam's in-place parameters are). */
  table: Float32Array;
  mask?: { keep: Uint8Array; scale: number };
  ids: Int32Array;
  /** Positions n to look up, ascending; all when undefined. */
  rows?: Int32Array;
  width: number;
}

/**
 * The embedding lookup split across the kernel threads by rows: every output
 * row is one thread's copy of its table row, times the mask with the main
 * thread's expression, so the same bits.
 */
export function threadedGather(pool: KernelThreadPool, args: GatherArgs): void {
  const { out, table, mask, ids, rows, width } = args;
  const count = rows === undefined ? out.length / width : rows.length;
  const parts = Math.min(pool.size, Math.max(count, 1));
  const tasks = Array.from({ length: parts }, (_, p) => ({
    op: 'gather',
    out,
    table,
    ...(mask === undefined ? {} : { keep: mask.keep, scale: mask.scale }),
    ids,
    ...(rows === undefined ? {} : { rows }),
    r0: Math.floor((count * p) / parts),
    r1: Math.floor((count * (p + 1)) / parts),
    E: width,
  }));
  pool.run(tasks);
}
