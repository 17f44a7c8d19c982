import type { CellType } from '@imdb-rnn/core';
import { RecurrentKernelError } from '../../errors';
import { RECURRENCE_WASM_BASE64 } from './recurrence-wasm-bytes';
import {
  embeddedModule,
  ensureBytes,
  instantiate,
  type WasmMemory,
  type WasmModule,
} from './wasm-api';

/** recurrence.c's fixed scratch sizes: wider layers run on the JavaScript path. */
export const MAX_WASM_HIDDEN = 128;

/** recurrence.c's number for each cell type (its `cell` argument). */
export const CELL_CODES: Record<CellType, number> = { rnn: 0, gru: 1, lstm: 2 };

type ForwardFn = (...args: number[]) => void;
type BackwardFn = (...args: number[]) => void;

const compiledModule = embeddedModule('recurrence.c', RECURRENCE_WASM_BASE64);

/** recurrence.c compiled once per process (kernel threads instantiate the same module); undefined without SIMD. */
export function compiledRecurrenceModule(): WasmModule | undefined {
  return compiledModule().module;
}

/** Byte offsets (16-aligned) of one forward pass's operands inside an instance's memory. */
export interface WasmLayout {
  lengths: number;
  xProj: number;
  wHh: number[];
  bHh: number[];
  gates: number[];
  states: number[];
  extra: number[];
  hidden: number;
  dHidden: number;
  /** [T, B, dirs*H]: the gradient of every step's output (read only when the backward pass is given one). */
  dSequence: number;
  dXProj: number;
  dWHh: number[];
  dBHh: number[];
  end: number;
}

/**
 * Where a pass of the given shape puts its operands, from byte `start` on
 * (`extra`: the GRU's and LSTM's per-token extra state). Self-contained, no
 * outer references: kernel threads run this same function to lay out their
 * sequences one after another.
 */
export function recurrenceLayout(
  start: number,
  extra: boolean,
  H: number,
  T: number,
  B: number,
  dirs: number,
  GH: number,
): WasmLayout {
  let p = Math.ceil(start / 16) * 16;
  const take = (floats: number): number => {
    const at = p;
    p += Math.ceil(floats / 4) * 16;
    return at;
  };
  const perDirection = (floats: number): number[] =>
    Array.from({ length: dirs }, () => take(floats));
  const rows = T * B;
  const layout: WasmLayout = {
    lengths: take(B),
    xProj: take(rows * dirs * GH),
    wHh: perDirection(GH * H),
    bHh: perDirection(GH),
    gates: perDirection(rows * GH),
    states: perDirection(rows * H),
    extra: perDirection(extra ? rows * H : 0),
    hidden: take(B * dirs * H),
    dHidden: take(B * dirs * H),
    dSequence: take(rows * dirs * H),
    dXProj: take(rows * dirs * GH),
    dWHh: perDirection(GH * H),
    dBHh: perDirection(GH),
    end: 0,
  };
  layout.end = p;
  return layout;
}

/**
 * One instance of recurrence.c = one linear memory holding one forward pass's
 * inputs and cache (and room for its backward pass). `generation` counts
 * forward passes, so a cache can tell that a later pass overwrote it.
 */
export class WasmRecurrence {
  generation = 0;
  private readonly memory: WasmMemory;
  private readonly heapBase: number;
  /** recurrence.c's passes, called through callRecurrence. */
  readonly forwardFn: ForwardFn;
  readonly backwardFn: BackwardFn;

  private constructor(module: WasmModule) {
    const { exports } = instantiate(module);
    this.memory = exports.memory as WasmMemory;
    this.heapBase = (exports.__heap_base as { value: number }).value;
    this.forwardFn = exports.recurrence_forward as ForwardFn;
    this.backwardFn = exports.recurrence_backward as BackwardFn;
  }

  /** undefined where WebAssembly SIMD is unavailable. */
  static create(): WasmRecurrence | undefined {
    const { module } = compiledModule();
    return module === undefined ? undefined : new WasmRecurrence(module);
  }

  /** Lays out a pass of the given shape and grows memory to fit it. */
  layout(cell: CellType, H: number, T: number, B: number, dirs: number, GH: number): WasmLayout {
    const layout = recurrenceLayout(this.heapBase, cell !== 'rnn', H, T, B, dirs, GH);
    ensureBytes(this.memory, layout.end);
    return layout;
  }

  /** float32 view of the whole memory (taken after layout, which may grow it). */
  f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  i32(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }
}

/** The second sequence of a call of recurrence.c's pair exports (see callRecurrence). */
export interface PairedSequence {
  /** The first sequence's length (l's; T and B are ignored in a pair call). */
  length0: number;
  /** The second sequence's layout and length: a batch of one of its own. */
  l: WasmLayout;
  length1: number;
}

/**
 * Calls recurrence.c's forward or backward pass (`fn`, its recurrence_forward
 * or recurrence_backward export) over direction `d`, with the operands where `l`
 * put them (`cell` is its CELL_CODES number). `withSequence`: the backward pass
 * also reads the per-step output gradient at l.dSequence (otherwise it gets a
 * null pointer and runs exactly as before that input existed). With `pair`,
 * `fn` is recurrence_forward_pair or recurrence_backward_pair and runs two
 * sequences laid out apart, each as a batch of one (l, then pair.l), in step
 * so their recurrent products share each load of W_hh (l's copy); each gets
 * the results it gets alone. Self-contained, no outer references: kernel
 * threads run this same function on their sequences.
 */
export function callRecurrence(
  fn: ForwardFn | BackwardFn,
  backward: boolean,
  cell: number,
  H: number,
  T: number,
  B: number,
  dirs: number,
  d: number,
  l: WasmLayout,
  withSequence = false,
  pair?: PairedSequence,
): void {
  // One layout's operands after the weights, in the order every export takes them.
  const operands = (at: WasmLayout): number[] =>
    backward
      ? [
          at.gates[d]!,
          at.states[d]!,
          at.extra[d]!,
          at.dHidden,
          withSequence ? at.dSequence : 0,
          at.dXProj,
          at.dWHh[d]!,
          at.dBHh[d]!,
        ]
      : [at.xProj, at.gates[d]!, at.states[d]!, at.extra[d]!, at.hidden];
  const weights = backward ? [l.wHh[d]!] : [l.wHh[d]!, l.bHh[d]!];
  if (pair !== undefined) {
    fn(
      cell,
      H,
      dirs,
      d,
      ...weights,
      pair.length0,
      ...operands(l),
      pair.length1,
      ...operands(pair.l),
    );
  } else if (backward) {
    fn(cell, H, T, B, dirs, d, l.lengths, ...weights, ...operands(l));
  } else {
    // recurrence_forward takes xProj first, before the lengths and weights.
    const [xProj, ...rest] = operands(l);
    fn(cell, H, T, B, dirs, d, xProj!, l.lengths, ...weights, ...rest);
  }
}

/** Where a forward pass's cache lives when it ran on WebAssembly. */
export interface WasmCacheHandle {
  readonly instance: WasmRecurrence;
  readonly generation: number;
  readonly layout: WasmLayout;
}

export function expectCurrent(handle: WasmCacheHandle): void {
  if (handle.instance.generation !== handle.generation) {
    throw new RecurrentKernelError(
      'stale-cache',
      'the recurrent cache was overwritten by a later forward pass on the same workspace; run the backward pass before the next forward pass, or use separate workspaces',
    );
  }
}

/** Why recurrence.c cannot run here; undefined where it can. */
export function wasmRecurrenceUnavailable(): string | undefined {
  return compiledModule().reason;
}
