import { RecurrentKernelError } from '../../errors';
import { memoryKernel } from '../../ops/embedding-rows-wasm';
import type { HiddenWeights } from '../recurrence-forward';
import { directions, gateWidth, type RecurrentShape } from '../shape';
import { type KernelMemory, kernelMemoryOf } from '../wasm/kernel-memory';
import { K_CHUNK } from '../wasm/projection-wasm';
import { CELL_CODES } from '../wasm/recurrence-wasm';
import { compiledGemmModule, padToVector } from '../wasm/wasm-gemm';
import type { KernelThreadPool } from './thread-pool';

/**
 * A whole recurrent layer (input projection + recurrence, forward and
 * backward) on the kernel threads, with results bit for bit those of the
 * single-thread wasm path (recurrent.ts), whatever the thread count:
 *
 * - forward: each thread takes a contiguous range of sequences, projects
 *   their tokens (every output row is its own dot products, so which thread
 *   computes it does not matter) and runs the recurrence one sequence at a
 *   time (sequences never interact).
 * - backward: the same threads run their sequences' recurrence backward and
 *   dx = dXProj W_ih (again row by row). dW_hh and db_hh are sums over the
 *   batch: each thread leaves one partial per sequence.
 * - weights: dW_ih = dXProj^T x sums over every token, in row order; the
 *   threads split its columns (and db_ih's entries) instead of its rows, so
 *   each element is still one sum over all rows in the single-thread order.
 *   The same task adds the dW_hh and db_hh partials, each thread a range of
 *   their entries, in float64 in sequence order, which is exactly what
 *   recurrence.c does over a whole batch (on the calling thread alone this
 *   was ~0.5 s of a best-preset epoch on 3,000 reviews per label).
 *
 * Offsets below are in float32 elements of the pool's shared memory.
 */

export interface ThreadedCache {
  readonly pool: KernelThreadPool;
  readonly generation: number;
  readonly shape: RecurrentShape;
  readonly ranges: readonly (readonly [number, number])[];
  readonly rowCount: number;
  readonly at: Readonly<Record<string, number>>;
  /** x when the threads read it where it lies instead of at `at.x`. */
  readonly x?: Float32Array;
  /** The threads' products in place in x's kernel memory (see inPlaceProducts). */
  readonly inPlace?: InPlaceProducts;
}

/** Per thread, the task fields that run its products in a kernel memory, and that memory. */
interface InPlaceProducts {
  readonly owner: KernelMemory;
  fields(thread: number): { gemm: object; scratch: number };
  /** Where the backward pass leaves dXProj's rows, in active-row order, for the weight gradient. */
  readonly rowsAt: number;
}

// Each kernel memory's scratch for the threads' products (float32 offset and
// size): regions of a kernel memory are never freed, so it grows to twice
// what it held before when a batch needs more.
const scratches = new WeakMap<KernelMemory, { at: number; floats: number }>();

/**
 * When x lies in a kernel memory (the embedding's, beside its table), the
 * threads run the input projection reading x there and write dx there
 * (kernel-worker.ts), instead of copying ~7 MB of rows each way per
 * reference batch through their own memories: gemm.wat imports its memory,
 * so a thread instantiates it over that one too, with its scratch (the packed
 * weights and the projection's output) reserved in it here. Undefined when x
 * is elsewhere or the memory is full (the threads then copy, as before).
 */
function inPlaceProducts(
  pool: KernelThreadPool,
  shape: RecurrentShape,
  x: Float32Array | undefined,
  lengths: Int32Array,
  ranges: readonly (readonly [number, number])[],
): InPlaceProducts | undefined {
  const owner = kernelMemoryOf(x);
  const module = compiledGemmModule();
  if (owner === undefined || module === undefined) return undefined;
  const I = shape.inputSize;
  const N = directions(shape) * gateWidth(shape);
  const Np = padToVector(N);
  const Ip = padToVector(I);
  let rows = 0;
  for (const length of lengths) rows += length;
  // Weights: a chunk of x's rows, dW, the constant 1, db's per-chunk sums.
  const weights = K_CHUNK * Ip + 4 + N * Ip + 4 + 4 + Math.ceil(rows / K_CHUNK) * Np;
  const offsets: number[] = [];
  // All active rows of dXProj, then each thread's scratch; +8 for a last row's spill.
  let total = padToVector(rows * N + 8);
  for (const [b0, b1] of ranges) {
    let R = 0;
    for (let b = b0; b < b1; b++) R += lengths[b]!;
    offsets.push(total);
    // Forward: packed W_ih^T, bias, output; backward: packed W_ih, dXProj rows.
    total += padToVector(Math.max(I * Np + Np + R * N, N * Ip + R * N, weights) + 8);
  }
  let scratch = scratches.get(owner);
  if (scratch === undefined || scratch.floats < total) {
    const floats = Math.max(total, 2 * (scratch?.floats ?? 0));
    const at = owner.reserve(floats);
    if (at === undefined) return undefined;
    scratch = { at, floats };
    scratches.set(owner, scratch);
  }
  const base = scratch.at;
  const kernel = memoryKernel('gemm', module, owner);
  return {
    owner,
    fields: (thread) => ({
      gemm: pool.kernelFields(thread, kernel),
      scratch: base + offsets[thread]!,
    }),
    rowsAt: base,
  };
}

/** Contiguous ranges of sequences, one per thread (at most one per sequence), with near-equal token counts. */
export function splitSequences(lengths: Int32Array, parts: number): [number, number][] {
  const count = Math.min(parts, lengths.length);
  let total = 0;
  for (const length of lengths) total += length;
  const ranges: [number, number][] = [];
  let start = 0;
  let seen = 0;
  for (let p = 1; p <= count; p++) {
    // Every range gets at least one sequence; the last takes the rest.
    seen += lengths[start]!;
    let end = start + 1;
    const limit = lengths.length - (count - p);
    while (end < limit && (p === count || seen + lengths[end]! / 2 <= (total * p) / count)) {
      seen += lengths[end]!;
      end++;
    }
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

/** [from, to) cut into `parts` near-equal pieces, in multiples of `step` where possible. */
export function splitRange(size: number, parts: number, step: number): [number, number][] {
  const units = Math.ceil(size / step);
  return Array.from({ length: parts }, (_, p) => {
    const from = Math.min(size, Math.floor((units * p) / parts) * step);
    const to = Math.min(size, Math.floor((units * (p + 1)) / parts) * step);
    return [from, to] as [number, number];
  });
}

/**
 * Where threadedRecurrentForward reads x on `pool`: `floats` floats at the
 * start of its shared memory (layout puts x first). An x written here is
 * used in place instead of being copied in (7 MB per reference batch, 5 ms
 * per step in CPU profiles of bench:train's RNN), as long as no later
 * reserve grows the memory; otherwise it is copied, so it is never wrong.
 */
export function threadedInputView(pool: KernelThreadPool, floats: number): Float32Array {
  return pool.reserve(floats).f32.subarray(0, floats);
}

function layout(
  shape: RecurrentShape,
  rows: number,
  output: ThreadedOutput,
  gathered: boolean,
): { at: Record<string, number>; end: number } {
  const { inputSize: I, hiddenSize: H, time: T, batch: B } = shape;
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  const N = dirs * GH;
  const sizes: [string, number][] = [
    // A gathered table is read where it lies; its tokens' ids are copied in.
    ['x', gathered ? 0 : T * B * I],
    ['ids', gathered ? T * B : 0],
    ['lengths', B],
    ['rows', rows],
    // rank[t * B + b]: the position of active row (t, b) in `rows`.
    ['rank', T * B],
    ['wIh', N * I],
    ['bIh', N],
    ['wHh', dirs * GH * H],
    ['bHh', dirs * GH],
    ['hidden', B * dirs * H],
    ['dHidden', B * dirs * H],
    // Not with a 'pooled' output, whose threads pool where the recurrence left
    // each step (and recurrentBackward refuses a dSequence for it): for the
    // best preset's whole reviews that is 2 x [T, B, 128] floats less to map.
    ['sequence', output === 'pooled' ? 0 : T * B * dirs * H],
    ['dSequence', output === 'pooled' ? 0 : T * B * dirs * H],
    // The 'pooled' output: per sequence 3 * D*H floats, each max's step, and their gradient.
    ['pooled', B * 3 * dirs * H],
    ['argmax', B * dirs * H],
    ['dPooled', B * 3 * dirs * H],
    ['dXProj', T * B * N],
    ['dx', T * B * I],
    ['dWHhParts', B * dirs * GH * H],
    ['dBHhParts', B * dirs * GH],
    ['dWHh', dirs * GH * H],
    ['dBHh', dirs * GH],
    ['dW', N * I],
    ['dBias', N],
  ];
  const at: Record<string, number> = {};
  let end = 0;
  for (const [name, floats] of sizes) {
    at[name] = end;
    // 16-byte aligned, like the wasm layouts.
    end += Math.ceil(floats / 4) * 4;
  }
  return { at, end };
}

function taskBase(shape: RecurrentShape) {
  return {
    cell: CELL_CODES[shape.cell],
    H: shape.hiddenSize,
    I: shape.inputSize,
    T: shape.time,
    B: shape.batch,
    dirs: directions(shape),
    GH: gateWidth(shape),
  };
}

/**
 * What a threaded forward pass returns besides h_n: nothing ('final'), every
 * step's output ([T, B, D*H], 'sequence'), or the 'last-max-mean' pooling of
 * it ([B, 3*D*H], 'pooled'), which each thread computes from its sequences'
 * states where the recurrence left them (kernels/pool-over-time.ts), so the
 * sequence never reaches the main thread; its gradient comes back the same way.
 */
export type ThreadedOutput = 'final' | 'sequence' | 'pooled';

/**
 * recurrentForward on the pool; wIh and bIh are both directions stacked.
 * projected: x already holds each token's input projection (shape.inputSize
 * is then D*G*H; wIh and bIh are not read and may be empty), as
 * recurrentForward's options.projected; with ids (checked by the caller), x
 * is a projected table on shared memory instead, and each thread gathers its
 * tokens' rows from it (options.ids).
 */
export function threadedRecurrentForward(
  pool: KernelThreadPool,
  shape: RecurrentShape,
  x: Float32Array,
  lengths: Int32Array,
  rows: Int32Array,
  wIh: Float32Array,
  bIh: Float32Array,
  weights: readonly HiddenWeights<Float32Array>[],
  output: ThreadedOutput = 'final',
  projected = false,
  ids?: Int32Array,
): {
  hidden: Float32Array;
  sequence?: Float32Array;
  pooled?: Float32Array;
  cache: ThreadedCache;
} {
  const gathered = ids !== undefined;
  const { at, end } = layout(shape, rows.length, output, gathered);
  const { f32, i32 } = pool.reserve(end);
  const xInPool = !gathered && x.buffer === pool.buffer && x.byteOffset === at.x! * 4;
  // x on another shared memory (the embedding's, beside its table: see
  // ops/embedding-memory.ts) is read there by the threads, not copied in.
  const xView = !xInPool && x.buffer instanceof SharedArrayBuffer ? x : undefined;
  if (gathered && xView === undefined) {
    throw new RecurrentKernelError(
      'invalid-argument',
      'a projected table gathered by ids must lie on shared memory, where the threads read it',
    );
  }
  if (!xInPool && xView === undefined) f32.set(x, at.x!);
  if (gathered) i32.set(ids, at.ids!);
  i32.set(lengths, at.lengths!);
  i32.set(rows, at.rows!);
  // at.rank read once: looked up per row it was ~40% of this loop's time.
  const rank = at.rank!;
  for (let n = 0; n < rows.length; n++) i32[rank + rows[n]!] = n;
  f32.set(wIh, at.wIh!);
  f32.set(bIh, at.bIh!);
  const GH = gateWidth(shape);
  const H = shape.hiddenSize;
  weights.forEach((w, d) => {
    f32.set(w.wHh, at.wHh! + d * GH * H);
    f32.set(w.bHh, at.bHh! + d * GH);
  });
  const ranges = splitSequences(lengths, pool.size);
  pool.generation += 1;
  const base = taskBase(shape);
  const input = xView === undefined ? {} : { x: xView };
  // Projected rows need no product, so nothing runs in x's memory.
  const inPlace = projected ? undefined : inPlaceProducts(pool, shape, xView, lengths, ranges);
  pool.run(
    ranges.map(([b0, b1], i) => ({
      ...base,
      op: 'forward',
      b0,
      b1,
      sequence: output === 'sequence',
      pooled: output === 'pooled',
      projected,
      gathered,
      at,
      ...input,
      ...inPlace?.fields(i),
    })),
  );
  const width = directions(shape) * H;
  const hidden = f32.slice(at.hidden!, at.hidden! + shape.batch * width);
  const size = shape.time * shape.batch * width;
  return {
    hidden,
    ...(output === 'sequence' ? { sequence: f32.slice(at.sequence!, at.sequence! + size) } : {}),
    ...(output === 'pooled'
      ? { pooled: f32.slice(at.pooled!, at.pooled! + shape.batch * 3 * width) }
      : {}),
    cache: {
      pool,
      generation: pool.generation,
      shape: { ...shape },
      ranges,
      rowCount: rows.length,
      at,
      ...input,
      ...(inPlace === undefined ? {} : { inPlace }),
    },
  };
}

/**
 * recurrentBackward on the pool: dx, then per direction dW_ih, dW_hh, db_ih,
 * db_hh; dSequence (optional) is the per-step output gradient, [T, B, D*H];
 * dxInto (optional): T*B*I floats that receive dx instead of a new array,
 * or 'shared' for a view of dx in the pool's shared memory, valid until the
 * pool's next task (copying 7 MB out of shared memory cost ~4 ms per step).
 */
export function threadedRecurrentBackward(
  cache: ThreadedCache,
  dHidden: Float32Array,
  dSequence?: Float32Array,
  dxInto?: Float32Array | 'shared',
  dPooled?: Float32Array,
): {
  dx: Float32Array;
  dW: Float32Array;
  dBias: Float32Array;
  hiddenGrads: HiddenWeights<Float32Array>[];
} {
  const { pool, shape, at, ranges, x } = cache;
  if (pool.generation !== cache.generation) {
    throw new RecurrentKernelError(
      'stale-cache',
      'the recurrent cache was overwritten by a later forward pass on the same kernel threads; run the backward pass before the next forward pass',
    );
  }
  const { f32 } = pool.reserve(0);
  f32.set(dHidden, at.dHidden!);
  if (dSequence !== undefined) f32.set(dSequence, at.dSequence!);
  // The pooled output's gradient: each thread turns its sequences' part into
  // their per-step gradients itself (kernel-worker.ts).
  if (dPooled !== undefined) f32.set(dPooled, at.dPooled!);
  const base = taskBase(shape);
  const withSequence = dSequence !== undefined || dPooled !== undefined;
  // A dxInto on another shared memory (where the embedding reads it, see
  // ops/embedding-memory.ts) is written there by the threads.
  const dxView =
    dxInto instanceof Float32Array && dxInto.buffer instanceof SharedArrayBuffer
      ? dxInto
      : undefined;
  const output = dxView === undefined ? {} : { dx: dxView };
  // In place also needs rows of whole vectors, so that no product spills
  // into a row another thread writes (dx), or reads past x's last row.
  const inPlace =
    cache.inPlace !== undefined &&
    kernelMemoryOf(dxView) === cache.inPlace.owner &&
    shape.inputSize % 4 === 0
      ? cache.inPlace
      : undefined;
  const rowsAt = inPlace === undefined ? {} : { rowsAt: inPlace.rowsAt };
  pool.run(
    ranges.map(([b0, b1], i) => ({
      ...base,
      op: 'backward',
      b0,
      b1,
      withSequence,
      pooled: dPooled !== undefined,
      at,
      ...output,
      ...inPlace?.fields(i),
      ...rowsAt,
    })),
  );
  const { inputSize: I, hiddenSize: H, time: T, batch: B } = shape;
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  const N = dirs * GH;
  const columns = splitRange(I, pool.size, 4);
  const entries = splitRange(N, pool.size, 1);
  const hiddenEntries = splitRange(dirs * GH * H, pool.size, 4);
  const biasEntries = splitRange(dirs * GH, pool.size, 1);
  pool.run(
    columns.map(([k0, k1], p) => ({
      ...base,
      op: 'weights',
      k0,
      k1,
      j0: entries[p]![0],
      j1: entries[p]![1],
      e0: hiddenEntries[p]![0],
      e1: hiddenEntries[p]![1],
      f0: biasEntries[p]![0],
      f1: biasEntries[p]![1],
      R: cache.rowCount,
      at,
      ...(x === undefined ? {} : { x }),
      ...inPlace?.fields(p),
      ...rowsAt,
    })),
  );
  const hiddenGrads: HiddenWeights<Float32Array>[] = [];
  for (let d = 0; d < dirs; d++) {
    hiddenGrads.push({
      wHh: f32.slice(at.dWHh! + d * GH * H, at.dWHh! + (d + 1) * GH * H),
      bHh: f32.slice(at.dBHh! + d * GH, at.dBHh! + (d + 1) * GH),
    });
  }
  const dxShared = f32.subarray(at.dx!, at.dx! + T * B * I);
  let dx: Float32Array;
  if (dxView !== undefined) dx = dxView;
  else if (dxInto === undefined) dx = dxShared.slice();
  else if (dxInto === 'shared') dx = dxShared;
  else {
    dxInto.set(dxShared);
    dx = dxInto;
  }
  return {
    dx,
    dW: f32.slice(at.dW!, at.dW! + N * I),
    dBias: f32.slice(at.dBias!, at.dBias! + N),
    hiddenGrads,
  };
}
