import { type CellType, sigmoid } from '@imdb-rnn/core';
import { chooseWasm, type KernelEngine } from './engine';
import { allocLike, type FloatArray } from './float-array';
import {
  directions,
  expectLength,
  gateWidth,
  type RecurrenceShape,
  validateLengths,
  validateRecurrenceShape,
} from './shape';
import {
  MAX_WASM_HIDDEN,
  type WasmCacheHandle,
  WasmRecurrence,
  wasmRecurrenceUnavailable,
} from './wasm/recurrence-wasm';
import { recurrenceForwardWasm } from './wasm/recurrence-wasm-pass';
import { type RecurrentWorkspace, takeBuffer } from './workspace';

/** The recurrent half of one direction's PyTorch weights: weight_hh_l0[_reverse], bias_hh_l0[_reverse]. */
export interface HiddenWeights<T extends FloatArray = Float32Array> {
  /** [G*H, H] row-major, PyTorch gate order. */
  wHh: T;
  /** [G*H]. */
  bHh: T;
}

/**
 * What the backward pass needs, recorded by the forward pass. All buffers are
 * time-major and indexed by each token's real position t, for both directions.
 * Treat as opaque; it is exported so callers can hold it between passes.
 */
export interface RecurrenceCache<T extends FloatArray = Float32Array> {
  readonly shape: RecurrenceShape;
  readonly lengths: Int32Array;
  readonly wHh: readonly T[];
  /** Per direction [T, B, G*H]: gate activations after the nonlinearity (GRU r,z,n; LSTM i,f,g,o; RNN h). */
  readonly gates: readonly T[];
  /** Per direction [T, B, H]: hidden state after the token at t. */
  readonly states: readonly T[];
  /** LSTM only, per direction [T, B, H]: cell state after the token at t. */
  readonly cells: readonly T[];
  /** GRU only, per direction [T, B, H]: W_hn h + b_hn, the term the reset gate scales. */
  readonly preReset: readonly T[];
  /** Set when the pass ran on WebAssembly: the arrays above are views into that instance's memory. */
  readonly wasm?: WasmCacheHandle;
}

export interface RecurrenceOptions {
  /** Reuse cache buffers across calls; see RecurrentWorkspace for the lifetime rule. */
  workspace?: RecurrentWorkspace;
  /** Where to run (default 'auto': WebAssembly SIMD for float32 when hiddenSize <= 32). */
  engine?: KernelEngine;
  /** Also return every step's output (`sequence`), for losses that read more than the final state. */
  sequence?: boolean;
}

/**
 * The recurrence over a precomputed input projection, with pack_padded_sequence
 * semantics: sequence b runs over its first lengths[b] tokens only, the reverse
 * direction starts at its own last token, padding never enters any state, and
 * the initial state is zero.
 *
 * xProj: [T, B, D*G*H] time-major, each row x_t @ W_ih^T + b_ih for the forward
 * direction then (if bidirectional) for the reverse one; padded rows are ignored.
 * Returns hidden: [B, D*H], each row the forward final state then the reverse
 * final state (the reverse direction's state after reading the first token),
 * and with options.sequence every step's output (see sequenceOutput).
 */
export function recurrenceForward<T extends FloatArray>(
  shape: RecurrenceShape,
  xProj: T,
  lengths: Int32Array,
  weights: readonly HiddenWeights<T>[],
  options: RecurrenceOptions = {},
): { hidden: T; sequence?: T; cache: RecurrenceCache<T> } {
  const result = recurrenceStates(shape, xProj, lengths, weights, options);
  if (options.sequence !== true) return result;
  return { ...result, sequence: sequenceOutput(shape, lengths, result.cache.states, xProj) };
}

/**
 * PyTorch's `output` of a packed sequence, padded: [T, B, D*H] time-major,
 * row t*B + b holding the forward state after token t then the reverse
 * state after token t (having read tokens t..length-1); zero on padding rows.
 * `states` are the cache's per-direction [T, B, H] states.
 */
export function sequenceOutput<T extends FloatArray>(
  shape: RecurrenceShape,
  lengths: Int32Array,
  states: readonly T[],
  like: T,
): T {
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B } = shape;
  const out = allocLike(like, T * B * dirs * H);
  for (let d = 0; d < dirs; d++) {
    const from = states[d]!;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < lengths[b]!; t++) {
        const row = t * B + b;
        out.set(from.subarray(row * H, (row + 1) * H), (row * dirs + d) * H);
      }
    }
  }
  return out;
}

function recurrenceStates<T extends FloatArray>(
  shape: RecurrenceShape,
  xProj: T,
  lengths: Int32Array,
  weights: readonly HiddenWeights<T>[],
  options: RecurrenceOptions,
): { hidden: T; cache: RecurrenceCache<T> } {
  validateRecurrenceShape(shape);
  validateLengths(shape, lengths);
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  expectLength(xProj, T * B * dirs * GH, 'xProj');
  expectLength(weights, dirs, 'weights (one entry per direction)');
  weights.forEach(({ wHh, bHh }, d) => {
    expectLength(wHh, GH * H, `weights[${d}].wHh`);
    expectLength(bHh, GH, `weights[${d}].bHh`);
  });
  const workspace = options.workspace;
  const unavailable = () =>
    H > MAX_WASM_HIDDEN
      ? `hiddenSize ${H} exceeds the wasm kernel's maximum of ${MAX_WASM_HIDDEN}`
      : wasmRecurrenceUnavailable();
  if (chooseWasm(options.engine ?? 'auto', xProj, unavailable)) {
    const instance = workspace?.wasmRecurrence() ?? WasmRecurrence.create()!;
    const f32Weights =
      weights as readonly HiddenWeights<FloatArray>[] as HiddenWeights<Float32Array>[];
    return recurrenceForwardWasm(instance, shape, xProj as Float32Array, lengths, f32Weights) as {
      hidden: T;
      cache: RecurrenceCache<T>;
    };
  }
  const hidden = takeBuffer(undefined, 'hidden', xProj, B * dirs * H);
  const cache: RecurrenceCache<T> & {
    wHh: T[];
    gates: T[];
    states: T[];
    cells: T[];
    preReset: T[];
  } = {
    shape: { ...shape },
    lengths: Int32Array.from(lengths),
    wHh: [] as T[],
    gates: [] as T[],
    states: [] as T[],
    cells: [] as T[],
    preReset: [] as T[],
  };
  // Per-step scratch: the previous state, the cell state and the recurrent
  // pre-activations, in float64 so accumulation order matters less.
  const h = new Float64Array(H);
  const c = new Float64Array(H);
  const a = new Float64Array(GH);
  for (let d = 0; d < dirs; d++) {
    const { wHh, bHh } = weights[d]!;
    const gates = takeBuffer(workspace, `gates${d}`, xProj, T * B * GH);
    const states = takeBuffer(workspace, `states${d}`, xProj, T * B * H);
    const extra = cell === 'rnn' ? undefined : takeBuffer(workspace, `extra${d}`, xProj, T * B * H);
    cache.wHh.push(wHh);
    cache.gates.push(gates);
    cache.states.push(states);
    if (cell === 'lstm') cache.cells.push(extra!);
    if (cell === 'gru') cache.preReset.push(extra!);
    const step = STEPS[cell];
    for (let b = 0; b < B; b++) {
      const length = lengths[b]!;
      h.fill(0);
      c.fill(0);
      for (let s = 0; s < length; s++) {
        const t = d === 0 ? s : length - 1 - s;
        const row = t * B + b;
        step(
          H,
          GH,
          xProj,
          (row * dirs + d) * GH,
          wHh,
          bHh,
          h,
          c,
          a,
          gates,
          row * GH,
          states,
          extra,
          row * H,
        );
      }
      for (let i = 0; i < H; i++) hidden[(b * dirs + d) * H + i] = h[i]!;
    }
  }
  return { hidden, cache };
}

/**
 * One token of one sequence: reads the previous state from h (and c), writes
 * the new state back to h (and c) and records gates/states/extra at `row`.
 */
type Step = (
  H: number,
  GH: number,
  xProj: FloatArray,
  xOffset: number,
  wHh: FloatArray,
  bHh: FloatArray,
  h: Float64Array,
  c: Float64Array,
  a: Float64Array,
  gates: FloatArray,
  gateOffset: number,
  states: FloatArray,
  extra: FloatArray | undefined,
  stateOffset: number,
) => void;

/** a[j] = b_hh[j] + W_hh[j] . h */
function recurrentPreActivation(
  H: number,
  GH: number,
  wHh: FloatArray,
  bHh: FloatArray,
  h: Float64Array,
  a: Float64Array,
): void {
  for (let j = 0; j < GH; j++) {
    let sum = bHh[j]!;
    const w = j * H;
    for (let k = 0; k < H; k++) sum += wHh[w + k]! * h[k]!;
    a[j] = sum;
  }
}

// h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
const rnnStep: Step = (H, GH, x, xo, wHh, bHh, h, _c, a, gates, go, states, _extra, so) => {
  recurrentPreActivation(H, GH, wHh, bHh, h, a);
  for (let i = 0; i < H; i++) {
    const value = Math.tanh(x[xo + i]! + a[i]!);
    h[i] = value;
    gates[go + i] = value;
    states[so + i] = value;
  }
};

// r = σ(x_r + W_hr h + b_hr), z = σ(x_z + W_hz h + b_hz),
// n = tanh(x_n + r * (W_hn h + b_hn)), h' = (1 - z) n + z h  (PyTorch, linear_before_reset)
const gruStep: Step = (H, GH, x, xo, wHh, bHh, h, _c, a, gates, go, states, extra, so) => {
  recurrentPreActivation(H, GH, wHh, bHh, h, a);
  const preReset = extra!;
  for (let i = 0; i < H; i++) {
    const r = sigmoid(x[xo + i]! + a[i]!);
    const z = sigmoid(x[xo + H + i]! + a[H + i]!);
    const hn = a[2 * H + i]!;
    const n = Math.tanh(x[xo + 2 * H + i]! + r * hn);
    const next = (1 - z) * n + z * h[i]!;
    gates[go + i] = r;
    gates[go + H + i] = z;
    gates[go + 2 * H + i] = n;
    preReset[so + i] = hn;
    h[i] = next;
    states[so + i] = next;
  }
};

// i,f,o = σ(.), g = tanh(.), c' = f c + i g, h' = o tanh(c')
const lstmStep: Step = (H, GH, x, xo, wHh, bHh, h, c, a, gates, go, states, extra, so) => {
  recurrentPreActivation(H, GH, wHh, bHh, h, a);
  const cells = extra!;
  for (let i = 0; i < H; i++) {
    const ig = sigmoid(x[xo + i]! + a[i]!);
    const fg = sigmoid(x[xo + H + i]! + a[H + i]!);
    const gg = Math.tanh(x[xo + 2 * H + i]! + a[2 * H + i]!);
    const og = sigmoid(x[xo + 3 * H + i]! + a[3 * H + i]!);
    const cell = fg * c[i]! + ig * gg;
    const next = og * Math.tanh(cell);
    gates[go + i] = ig;
    gates[go + H + i] = fg;
    gates[go + 2 * H + i] = gg;
    gates[go + 3 * H + i] = og;
    c[i] = cell;
    cells[so + i] = cell;
    h[i] = next;
    states[so + i] = next;
  }
};

const STEPS: Record<CellType, Step> = { rnn: rnnStep, gru: gruStep, lstm: lstmStep };
