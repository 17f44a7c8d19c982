import { positiveInteger } from '@imdb-rnn/core';
import { RecurrentKernelError } from '../errors';
import { gatherRowRange } from '../ops/embedding-rows';
import type { KernelEngine } from './engine';
import { allocLike, type FloatArray } from './float-array';
import { poolSequence, poolSequenceBackward } from './pool-over-time';
import { activeRows, projectInputs, projectInputsBackward } from './projection';
import { recurrenceBackward } from './recurrence-backward';
import {
  type HiddenWeights,
  type RecurrenceCache,
  type RecurrenceOptions,
  recurrenceForward,
} from './recurrence-forward';
import {
  directions,
  expectLength,
  expectSameShape,
  gateWidth,
  invalidShape,
  type RecurrentShape,
  validateLengths,
  validateRecurrenceShape,
} from './shape';
import type { KernelThreadPool } from './threads/thread-pool';
import {
  type ThreadedCache,
  threadedRecurrentBackward,
  threadedRecurrentForward,
} from './threads/threaded-recurrent';
import { MAX_WASM_HIDDEN } from './wasm/recurrence-wasm';

/**
 * A whole recurrent layer (input projection + recurrence) over a time-major
 * padded batch, matching PyTorch's nn.RNN/nn.GRU/nn.LSTM run on
 * pack_padded_sequence(x, lengths, enforce_sorted=False) with zero initial state,
 * returning h_n (each sequence's state at its own length).
 *
 * Callers that do the input projection elsewhere (e.g. tf.matMul on the WASM
 * backend) use recurrenceForward/recurrenceBackward directly with
 * xProj = x @ [W_ih fwd; W_ih rev]^T + [b_ih fwd; b_ih rev] and get dXProj back.
 */

/** One direction's PyTorch parameters, row-major, PyTorch gate order (GRU r,z,n; LSTM i,f,g,o). */
export interface DirectionWeights<T extends FloatArray = Float32Array> extends HiddenWeights<T> {
  /** weight_ih_l0[_reverse]: [G*H, I]. */
  wIh: T;
  /** bias_ih_l0[_reverse]: [G*H]. */
  bIh: T;
}

export interface RecurrentOptions extends RecurrenceOptions {
  /**
   * Kernel threads to split each batch over (see threads/thread-pool.ts);
   * used for float32 wasm-eligible layers with at least 2 sequences, with
   * results bit for bit those of one thread. Undefined: the calling thread only.
   */
  threads?: KernelThreadPool;
  /**
   * Return `pooled` instead of `sequence`: the 'last-max-mean' pooling of
   * every step's output ([B, 3*D*H]; see pool-over-time.ts), with its gradient
   * taken by recurrentBackward's dPooled. On kernel threads each thread pools
   * its own sequences, so the [T, B, D*H] output never reaches this thread.
   */
  pooled?: boolean;
  /**
   * x already holds each real token's input projection, [T, B, D*G*H]
   * (x_t @ [W_ih fwd; W_ih rev]^T + [b_ih fwd; b_ih rev]): no product is run
   * and weights' wIh and bIh are not read. Evaluation makes these rows once
   * per vocabulary entry (projectedTable) instead of once per token; the
   * recurrence is the same, so the outputs are those of the unprojected pass
   * bit for bit. Forward only: recurrentBackward refuses its cache.
   */
  projected?: boolean;
  /**
   * With options.projected, x is a projected table instead ([V, D*G*H], e.g.
   * projectAllRows of an embedding table) and token (t, b) reads its row
   * ids[t * B + b] (ids: [T, B]; real tokens' ids must be in 0..V-1).
   * Kernel threads gather their own tokens' rows from a table on shared
   * memory, straight into their recurrences: gathered on the calling thread
   * first, each 512-float row of the best preset's BiLSTM was copied twice,
   * the first time by that thread alone while the others waited (23% of its
   * CPU samples in evaluating the test split). Timed against that, builds
   * alternating in one session (2 threads of a 2-core VM, 3 runs each): a
   * process's first pass 37.0, 50.6, 32.6 s before and 28.6, 25.9, 22.1 s
   * gathered by the threads, later passes medians 26.4 and 18.7 s; and no
   * batch of copied rows in the threads' memory (T*B*D*G*H floats, which
   * the longest test batches make large) took peak RSS after two passes from
   * 3.18 to 2.20 GB.
   * Elsewhere the rows are gathered here first; the sums are the same either way.
   */
  ids?: Int32Array;
}

export interface RecurrentCache<T extends FloatArray = Float32Array> {
  readonly shape: RecurrentShape;
  /** The recurrence's cache on the calling thread, or undefined when the layer ran on kernel threads. */
  readonly recurrence: RecurrenceCache<T> | undefined;
  readonly threaded: ThreadedCache | undefined;
  readonly inputSize: number;
  readonly x: T;
  /** Both directions' W_ih stacked: [D*G*H, I]. */
  readonly wIh: T;
  readonly rows: Int32Array;
  readonly engine: KernelEngine;
  /** The forward pass returned `pooled` (options.pooled): its gradient comes as dPooled. */
  readonly pooled: boolean;
  /** With options.pooled on this thread: each sequence's max steps, [B, D*H]. */
  readonly argmax?: Int32Array;
  /** The forward pass's lengths (the caller's array: keep it unchanged until the backward pass). */
  readonly lengths: Int32Array;
  /** The forward pass read projected rows (options.projected): nothing to differentiate. */
  readonly projected: boolean;
}

/**
 * x: [T, B, I] time-major (padding rows are never read); lengths: [B], each in
 * 1..T; weights: one entry per direction (forward, then reverse).
 * Returns hidden: [B, D*H] (forward final state then reverse final state per
 * row), with options.sequence every step's output ([T, B, D*H], zero on
 * padding rows; see sequenceOutput), and the cache for recurrentBackward.
 */
export function recurrentForward<T extends FloatArray>(
  shape: RecurrentShape,
  x: T,
  lengths: Int32Array,
  weights: readonly DirectionWeights<T>[],
  options: RecurrentOptions = {},
): { hidden: T; sequence?: T; pooled?: T; cache: RecurrentCache<T> } {
  validateRecurrenceShape(shape);
  if (options.pooled === true && options.sequence === true) {
    throw new RecurrentKernelError(
      'invalid-argument',
      'options.pooled and options.sequence are exclusive: the pooled output replaces the sequence',
    );
  }
  validateLengths(shape, lengths);
  const { inputSize: I, time: T, batch: B } = shape;
  positiveInteger(I, 'shape.inputSize', invalidShape);
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  const projected = options.projected === true;
  const { ids } = options;
  const rows = activeRows(T, B, lengths);
  if (ids === undefined) {
    expectLength(x, T * B * (projected ? dirs * GH : I), projected ? 'x (projected rows)' : 'x');
  } else {
    checkGather(x, ids, rows, dirs * GH, T * B, projected);
  }
  expectLength(weights, dirs, 'weights (one entry per direction)');
  const wIh = projected
    ? allocLike(x, 0)
    : stack(
        weights.map((w, d) => {
          expectLength(w.wIh, GH * I, `weights[${d}].wIh`);
          return w.wIh;
        }),
      );
  const bIh = projected
    ? allocLike(x, 0)
    : stack(
        weights.map((w, d) => {
          expectLength(w.bIh, GH, `weights[${d}].bIh`);
          return w.bIh;
        }),
      );
  const engine = options.engine ?? 'auto';
  const pool = options.threads;
  if (
    pool !== undefined &&
    engine !== 'js' &&
    x instanceof Float32Array &&
    shape.hiddenSize <= MAX_WASM_HIDDEN &&
    B >= 2 &&
    // The threads read a gathered table where it lies.
    (ids === undefined || x.buffer instanceof SharedArrayBuffer)
  ) {
    const f32 = [x, wIh, bIh] as Float32Array[];
    const { hidden, sequence, pooled, cache } = threadedRecurrentForward(
      pool,
      projected ? { ...shape, inputSize: dirs * GH } : shape,
      f32[0]!,
      lengths,
      rows,
      f32[1]!,
      f32[2]!,
      weights as readonly DirectionWeights<Float32Array>[],
      options.pooled === true ? 'pooled' : options.sequence === true ? 'sequence' : 'final',
      projected,
      ids,
    );
    return {
      hidden: hidden as T,
      ...(sequence === undefined ? {} : { sequence: sequence as T }),
      ...(pooled === undefined ? {} : { pooled: pooled as T }),
      cache: {
        lengths,
        shape: { ...shape },
        recurrence: undefined,
        threaded: cache,
        pooled: options.pooled === true,
        inputSize: I,
        x,
        wIh,
        rows,
        engine,
        projected,
      },
    };
  }
  let xProj = x;
  if (!projected) xProj = projectInputs(x, wIh, bIh, I, dirs * GH, rows, engine);
  else if (ids !== undefined) {
    // Each real token's row of the table (padding rows are never read).
    xProj = allocLike(x, T * B * dirs * GH);
    gatherRowRange(xProj, x, ids, rows, 0, rows.length, dirs * GH, undefined, 1);
  }
  const pooling = options.pooled === true;
  const { hidden, sequence, cache } = recurrenceForward(shape, xProj, lengths, weights, {
    ...options,
    sequence: options.sequence === true || pooling,
  });
  const pooled = pooling ? poolBatch(shape, sequence!, lengths) : undefined;
  return {
    hidden,
    ...(sequence === undefined || pooling ? {} : { sequence }),
    ...(pooled === undefined ? {} : { pooled: pooled.out }),
    cache: {
      lengths,
      ...(pooled === undefined ? {} : { argmax: pooled.argmax }),
      shape: { ...shape },
      recurrence: cache,
      threaded: undefined,
      pooled: pooling,
      inputSize: I,
      x,
      wIh,
      rows,
      engine,
      projected,
    },
  };
}

/** options.ids: a projected table of whole rows, and an id of one of them for every real token. */
function checkGather(
  table: FloatArray,
  ids: Int32Array,
  rows: Int32Array,
  width: number,
  tokens: number,
  projected: boolean,
): void {
  if (!projected) {
    throw new RecurrentKernelError(
      'invalid-argument',
      'options.ids reads rows of a projected table: set options.projected too',
    );
  }
  // Whole numbers by construction: a float id would read between rows.
  if (!(ids instanceof Int32Array)) {
    throw new RecurrentKernelError(
      'invalid-argument',
      `options.ids must be an Int32Array of row ids, got ${Object.prototype.toString.call(ids)}`,
    );
  }
  expectLength(ids, tokens, 'options.ids');
  const count = table.length / width;
  if (!Number.isInteger(count)) {
    throw new RecurrentKernelError(
      'invalid-argument',
      `x (a projected table with options.ids) has ${table.length} elements, not whole rows of ${width}`,
    );
  }
  for (const row of rows) {
    const id = ids[row]!;
    if (!(id >= 0 && id < count)) {
      throw new RecurrentKernelError(
        'invalid-argument',
        `options.ids[${row}] is ${id}, outside the projected table's rows (0..${count - 1})`,
      );
    }
  }
}

/**
 * Gradients of a loss that depends on the layer through `hidden` and,
 * optionally, `sequence`. dHidden: [B, D*H]; dSequence: [T, B, D*H] (padding
 * rows never read), or undefined for a loss of `hidden` alone. Returns dx:
 * [T, B, I] (zero on padding) and the gradient of every weight, per
 * direction, in the layout of DirectionWeights. options.dxInto (T*B*I
 * float32s, any contents): where the wasm and threaded paths write dx,
 * sparing a fresh multi-megabyte array per batch; the js engine allocates
 * its own, so use the returned dx. 'shared': on kernel threads, dx is a view
 * of their shared memory, valid until the pool's next task (elsewhere, a new
 * array).
 */
export function recurrentBackward<T extends FloatArray>(
  shape: RecurrentShape,
  cache: RecurrentCache<T>,
  dHidden: T,
  dSequence?: T,
  options: { dxInto?: Float32Array | 'shared'; dPooled?: T } = {},
): { dx: T; dWeights: DirectionWeights<T>[] } {
  expectSameShape(shape, cache.shape);
  if (cache.projected) {
    throw new RecurrentKernelError(
      'invalid-argument',
      'the forward pass read projected rows (options.projected): it has no input and no W_ih to differentiate; run it unprojected to train',
    );
  }
  const { dPooled } = options;
  if (
    (dPooled !== undefined) !== cache.pooled ||
    (dPooled !== undefined && dSequence !== undefined)
  ) {
    throw new RecurrentKernelError(
      'invalid-argument',
      cache.pooled
        ? 'the forward pass returned `pooled`: pass its gradient as options.dPooled, and no dSequence'
        : 'options.dPooled is the gradient of `pooled`, which this forward pass did not return (options.pooled)',
    );
  }
  if (dPooled !== undefined) {
    expectLength(
      dPooled,
      shape.batch * 3 * directions(shape) * shape.hiddenSize,
      'options.dPooled',
    );
  }
  if (shape.inputSize !== cache.inputSize) {
    throw new RecurrentKernelError(
      'shape-mismatch',
      `shape.inputSize is ${shape.inputSize} but the cache was recorded with ${cache.inputSize}`,
    );
  }
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  const I = cache.inputSize;
  const { dxInto } = options;
  if (dxInto instanceof Float32Array) {
    expectLength(dxInto, shape.time * shape.batch * I, 'options.dxInto');
  }
  if (cache.threaded !== undefined) {
    if (dSequence !== undefined) {
      expectLength(dSequence, shape.time * shape.batch * dirs * shape.hiddenSize, 'dSequence');
    }
    const { dx, dW, dBias, hiddenGrads } = threadedRecurrentBackward(
      cache.threaded,
      dHidden as Float32Array,
      dSequence as Float32Array | undefined,
      dxInto,
      dPooled as Float32Array | undefined,
    );
    return {
      dx: dx as T,
      dWeights: splitGrads(hiddenGrads, dW, dBias, GH, I) as DirectionWeights<T>[],
    };
  }
  const recurrence = cache.recurrence!;
  const { dXProj, dWeights: hiddenGrads } = recurrenceBackward(
    shape,
    recurrence,
    dHidden,
    dPooled === undefined ? dSequence : poolBatchBackward(shape, dPooled, cache),
  );
  const { dx, dW, dBias } = projectInputsBackward(
    dXProj,
    cache.x,
    cache.wIh,
    I,
    dirs * GH,
    cache.rows,
    { engine: cache.engine, dxInto: dxInto === 'shared' ? undefined : dxInto },
  );
  return { dx: dx!, dWeights: splitGrads(hiddenGrads, dW, dBias, GH, I) };
}

/** Per-direction gradients from the stacked dW_ih [D*G*H, I] and db_ih [D*G*H]. */
function splitGrads<T extends FloatArray>(
  hiddenGrads: readonly HiddenWeights<T>[],
  dW: T,
  dBias: T,
  GH: number,
  I: number,
): DirectionWeights<T>[] {
  return hiddenGrads.map((g, d) => ({
    wIh: dW.slice(d * GH * I, (d + 1) * GH * I) as T,
    wHh: g.wHh,
    bIh: dBias.slice(d * GH, (d + 1) * GH) as T,
    bHh: g.bHh,
  }));
}

/**
 * The input projection of every row of `inputs` ([R, I], e.g. an embedding
 * table): [R, D*G*H], both directions' x @ W_ih^T + b_ih side by side, the
 * rows options.projected reads. Made by the product recurrentForward runs,
 * so each row holds the same sums as a token with that input would get there.
 */
export function projectAllRows<T extends FloatArray>(
  inputs: T,
  weights: readonly DirectionWeights<T>[],
  inputSize: number,
  engine: KernelEngine = 'auto',
): T {
  const count = inputs.length / inputSize;
  const rows = new Int32Array(count);
  for (let r = 0; r < count; r++) rows[r] = r;
  const wIh = stack(weights.map((w) => w.wIh));
  const bIh = stack(weights.map((w) => w.bIh));
  return projectInputs(inputs, wIh, bIh, inputSize, bIh.length, rows, engine);
}

function stack<T extends FloatArray>(parts: readonly T[]): T {
  if (parts.length === 1) return parts[0]!;
  let total = 0;
  for (const part of parts) total += part.length;
  const out = allocLike(parts[0]!, total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** poolSequence over each sequence of a time-major [T, B, D*H] output. */
function poolBatch<T extends FloatArray>(
  shape: RecurrentShape,
  sequence: T,
  lengths: Int32Array,
): { out: T; argmax: Int32Array } {
  const { batch: B, hiddenSize: H } = shape;
  const dirs = directions(shape);
  const width = dirs * H;
  const out = allocLike(sequence, B * 3 * width);
  const argmax = new Int32Array(B * width);
  for (let b = 0; b < B; b++) {
    const bases = Array.from({ length: dirs }, (_, d) => b * width + d * H);
    poolSequence(sequence, bases, B * width, lengths[b]!, H, out, b * 3 * width, argmax, b * width);
  }
  return { out, argmax };
}

// poolBatchBackward's float32 output, reused: it never leaves recurrentBackward,
// and a fresh multi-megabyte array per step at the best preset's shape cost
// more in page faults and garbage than it saved (the removed poolOverTime op
// recycled its gradient the same way).
let pooledGradient = new Float32Array(0);

/**
 * dSequence ([T, B, D*H]; padding rows left as they are, which the recurrence
 * never reads) from the gradient of poolBatch's output.
 */
function poolBatchBackward<T extends FloatArray>(
  shape: RecurrentShape,
  dPooled: T,
  cache: RecurrentCache<T>,
): T {
  const { batch: B, hiddenSize: H, time: T } = shape;
  const dirs = directions(shape);
  const width = dirs * H;
  const size = T * B * width;
  let dSequence: T;
  if (dPooled instanceof Float32Array) {
    if (pooledGradient.length < size) pooledGradient = new Float32Array(size);
    dSequence = pooledGradient.subarray(0, size) as T;
  } else dSequence = allocLike(dPooled, size);
  for (let b = 0; b < B; b++) {
    const bases = Array.from({ length: dirs }, (_, d) => b * width + d * H);
    const length = cache.lengths[b]!;
    poolSequenceBackward(
      dPooled,
      b * 3 * width,
      cache.argmax!,
      b * width,
      length,
      H,
      dSequence,
      bases,
      B * width,
    );
  }
  return dSequence;
}
