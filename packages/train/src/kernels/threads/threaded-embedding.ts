import { FusedOpError } from '../../errors';
import type { DropoutMask } from '../../ops/dropout-mask';
import {
  embeddingRowsKernel,
  gatherArgs,
  type MemoryKernel,
  scatterArgs,
} from '../../ops/embedding-rows-wasm';
import { kernelMemoryOf } from '../wasm/kernel-memory';
import type { KernelThreadPool } from './thread-pool';
import { splitRange } from './threaded-recurrent';

/** What threadedScatterAdd adds: grad[ids[n]] += dy[n] (* keep[n] * scale) for the listed n. */
export interface ScatterAddArgs {
  /** [V, E] gradient, on a SharedArrayBuffer. */
  grad: Float32Array;
  /** [N, E] rows to add, on a SharedArrayBuffer. */
  dy: Float32Array;
  /** Optional [N, E] dropout mask, its keep bytes on a SharedArrayBuffer. */
  mask?: DropoutMask;
  ids: Int32Array;
  /** Positions n to add, ascending; all when undefined. */
  rows?: Int32Array;
  /** Row width E. */
  width: number;
  /** ids equal to it are skipped. */
  padIndex: number;
  /**
   * One log per thread in grad's kernel memory (EmbeddingMemory's
   * scatterLogs): each thread first zeroes the rows its log lists, then logs
   * the rows it adds to (see embedding-rows.wat). Needs the WebAssembly
   * scatter: every array in that one memory.
   */
  logs?: readonly Int32Array[];
}

/** What threadedGather writes: out[n] = table[ids[n]] (* keep[n] * scale) for the listed n. */
export interface GatherArgs {
  /** [N, E] output, on a SharedArrayBuffer; rows not listed are left as they are. */
  out: Float32Array;
  /** [V, E] table, on a SharedArrayBuffer (FusedAdam's in-place parameters are). */
  table: Float32Array;
  mask?: DropoutMask;
  ids: Int32Array;
  /** Positions n to look up, ascending; all when undefined. */
  rows?: Int32Array;
  width: number;
}

/** Whether every array the threads would touch is shared memory (else the caller works on its own thread). */
export function onSharedMemory(arrays: readonly (ArrayBufferView | undefined)[]): boolean {
  return arrays.every((a) => a === undefined || a.buffer instanceof SharedArrayBuffer);
}

/**
 * embedding-rows.wat over the kernel memory all of `arrays` lie in (the
 * embedding op puts them beside its table, see ops/embedding-memory.ts), or
 * undefined when they do not share one: the threads then run the JavaScript
 * loops, with the same results.
 */
function rowsKernel(arrays: readonly (ArrayBufferView | undefined)[]): MemoryKernel | undefined {
  const owner = kernelMemoryOf(arrays[0]);
  if (owner === undefined) return undefined;
  return arrays.every((a) => a === undefined || kernelMemoryOf(a) === owner)
    ? embeddingRowsKernel(owner)
    : undefined;
}

/** The task fields both operations send: mask, ids and row list (absent ones left out). */
function rowFields(mask: DropoutMask | undefined, ids: Int32Array, rows: Int32Array | undefined) {
  return {
    ...(mask === undefined ? {} : { keep: mask.keep, scale: mask.scale }),
    ids,
    ...(rows === undefined ? {} : { rows }),
  };
}

/**
 * The embedding gradient's scatter-add split across the kernel threads by
 * the gradient's rows: ids are dealt out to the threads in blocks of
 * `rowBlock(width)` consecutive rows, and each thread adds the listed
 * positions whose id it owns, in the same order (n ascending) and with the
 * same code as the single-thread loop (ops/embedding-rows.ts), so each
 * element is the same sum and the result the same bits. Two positions with
 * the same id go to the same thread, so no two threads write one row.
 *
 * Before, the threads split the columns of every row, and both wrote the
 * cache line their halves of a row share at about the same time (3 rows in 4
 * at width 100), which the cores pass back and forth. (At the reference shape
 * the add is ~11 ms per step on one thread.)
 */
export function threadedScatterAdd(pool: KernelThreadPool, args: ScatterAddArgs): void {
  const { grad, dy, mask, ids, rows, width, padIndex, logs } = args;
  const count = rows === undefined ? dy.length / width : rows.length;
  const block = rowBlock(width);
  const kernel = rowsKernel([grad, dy, mask?.keep, ids, rows, ...(logs ?? [])]);
  if (logs !== undefined && (kernel === undefined || logs.length !== pool.size)) {
    throw new FusedOpError(
      'invalid-argument',
      `scatter logs need the WebAssembly scatter over one kernel memory and one log per thread (${logs.length} logs, ${pool.size} threads)`,
    );
  }
  if (kernel !== undefined) {
    const lists = { ids, rows, keep: mask?.keep, scale: mask?.scale ?? 1, width };
    const args = Array.from({ length: pool.size }, (_, part) =>
      scatterArgs({
        ...lists,
        grad,
        dy,
        count,
        padIndex,
        block,
        part,
        parts: pool.size,
        log: logs?.[part],
      }),
    );
    pool.runKernel(kernel, 'scatter', args);
    return;
  }
  pool.run(
    Array.from({ length: pool.size }, (_, part) => ({
      op: 'scatter',
      grad,
      dy,
      ...rowFields(mask, ids, rows),
      count,
      E: width,
      padIndex,
      block,
      part,
      parts: pool.size,
    })),
  );
}

/**
 * Rows per block of the scatter-add's split: the fewest whose float32s fill
 * whole 64-byte cache lines (4 at width 100: 1,600 bytes), so threads that
 * own neighbouring blocks never write one line.
 */
export function rowBlock(width: number): number {
  let a = width;
  let b = 16;
  while (b !== 0) [a, b] = [b, a % b];
  return 16 / a;
}

/**
 * The embedding lookup split across the kernel threads by rows: every output
 * row is one thread's copy of its table row, times the mask, with the main
 * thread's code (ops/embedding-rows.ts), so the same bits.
 */
export function threadedGather(pool: KernelThreadPool, args: GatherArgs): void {
  const { out, table, mask, ids, rows, width } = args;
  const count = rows === undefined ? out.length / width : rows.length;
  const kernel = rowsKernel([out, table, mask?.keep, ids, rows]);
  if (kernel !== undefined) {
    const lists = { ids, rows, keep: mask?.keep, scale: mask?.scale ?? 1, width };
    const args = splitRange(count, pool.size, 1).map(([r0, r1]) =>
      gatherArgs({ ...lists, out, table, r0, r1 }),
    );
    pool.runKernel(kernel, 'gather', args);
    return;
  }
  pool.run(
    splitRange(count, pool.size, 1).map(([r0, r1]) => ({
      op: 'gather',
      out,
      table,
      ...rowFields(mask, ids, rows),
      r0,
      r1,
      E: width,
    })),
  );
}
