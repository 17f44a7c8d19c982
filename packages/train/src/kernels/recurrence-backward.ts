import type { CellType } from '@imdb-rnn/core';
import { allocLike, type FloatArray } from './float-array';
import type { HiddenWeights, RecurrenceCache } from './recurrence-forward';
import {
  directions,
  expectLength,
  expectSameShape,
  gateWidth,
  type RecurrenceShape,
} from './shape';
import { recurrenceBackwardWasm } from './wasm/recurrence-wasm-pass';

/**
 * Backward pass of recurrenceForward for a loss that depends on the layer
 * through the final hidden state and, optionally, every step's output.
 *
 * dHidden: [B, D*H], the gradient of the loss w.r.t. `hidden`.
 * dSequence: [T, B, D*H] (the layout of `sequence`; padding rows are never
 * read), the gradient w.r.t. every step's output; it joins dh at its step
 * before that step's cell is differentiated. Without it the pass is exactly the
 * final-state one.
 * Returns dXProj: [T, B, D*G*H] (same layout as xProj, zero on padding: this is
 * also the gradient w.r.t. b_ih summed over rows, and the input to the dW_ih
 * and dx matmuls), and per direction the gradients of W_hh and b_hh.
 */
export function recurrenceBackward<T extends FloatArray>(
  shape: RecurrenceShape,
  cache: RecurrenceCache<T>,
  dHidden: T,
  dSequence?: T,
): { dXProj: T; dWeights: HiddenWeights<T>[] } {
  expectSameShape(shape, cache.shape);
  const { lengths } = cache;
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  expectLength(dHidden, B * dirs * H, 'dHidden');
  if (dSequence !== undefined) expectLength(dSequence, T * B * dirs * H, 'dSequence');
  if (cache.wasm !== undefined) {
    const f32 = dSequence as Float32Array | undefined;
    return recurrenceBackwardWasm(shape, cache.wasm, dHidden as Float32Array, f32) as {
      dXProj: T;
      dWeights: HiddenWeights<T>[];
    };
  }
  const dXProj = allocLike(dHidden, T * B * dirs * GH);
  const dWeights: HiddenWeights<T>[] = [];
  // Scratch: incoming dh (and dc), the previous state, the gate gradients
  // seen by W_hh, and the part of dh_prev that bypasses W_hh (GRU's z * dh).
  const dh = new Float64Array(H);
  const dc = new Float64Array(H);
  const hPrev = new Float64Array(H);
  const cPrev = new Float64Array(H);
  const dA = new Float64Array(GH);
  const dWHh = new Float64Array(GH * H);
  const dBHh = new Float64Array(GH);
  const step = STEPS[cell];
  for (let d = 0; d < dirs; d++) {
    const wHh = cache.wHh[d]!;
    const gates = cache.gates[d]!;
    const states = cache.states[d]!;
    const extra = cell === 'lstm' ? cache.cells[d] : cell === 'gru' ? cache.preReset[d] : undefined;
    dWHh.fill(0);
    dBHh.fill(0);
    for (let b = 0; b < B; b++) {
      const length = lengths[b]!;
      for (let i = 0; i < H; i++) dh[i] = dHidden[(b * dirs + d) * H + i]!;
      dc.fill(0);
      // Walk the tokens in the reverse of the order the forward pass read them.
      for (let s = length - 1; s >= 0; s--) {
        const t = d === 0 ? s : length - 1 - s;
        const row = t * B + b;
        if (dSequence !== undefined) {
          const from = (row * dirs + d) * H;
          for (let i = 0; i < H; i++) dh[i] = dh[i]! + dSequence[from + i]!;
        }
        if (s === 0) {
          hPrev.fill(0);
          cPrev.fill(0);
        } else {
          const prev = (d === 0 ? t - 1 : t + 1) * B + b;
          for (let i = 0; i < H; i++) hPrev[i] = states[prev * H + i]!;
          if (cell === 'lstm') for (let i = 0; i < H; i++) cPrev[i] = extra![prev * H + i]!;
        }
        const xo = (row * dirs + d) * GH;
        step(H, gates, row * GH, states, extra, row * H, hPrev, cPrev, dh, dc, dA, dXProj, xo);
        // Shared by all cells: dW_hh += dA ⊗ h_prev, db_hh += dA, dh_prev (+)= W_hh^T dA.
        for (let j = 0; j < GH; j++) {
          const g = dA[j]!;
          dBHh[j] = dBHh[j]! + g;
          const w = j * H;
          for (let k = 0; k < H; k++) dWHh[w + k] = dWHh[w + k]! + g * hPrev[k]!;
        }
        for (let k = 0; k < H; k++) {
          let sum = cell === 'gru' ? dh[k]! : 0;
          for (let j = 0; j < GH; j++) sum += wHh[j * H + k]! * dA[j]!;
          dh[k] = sum;
        }
      }
    }
    const outW = allocLike(dHidden, GH * H);
    const outB = allocLike(dHidden, GH);
    outW.set(dWHh);
    outB.set(dBHh);
    dWeights.push({ wHh: outW, bHh: outB });
  }
  return { dXProj, dWeights };
}

/**
 * One token's gate gradients from dh (and dc). Writes the input-side gate
 * gradients to dXProj at xo and the recurrent-side ones to dA; leaves in dh
 * the part of dh_prev that does not pass through W_hh (GRU only) and in dc
 * the LSTM's dc_prev.
 */
type BackStep = (
  H: number,
  gates: FloatArray,
  go: number,
  states: FloatArray,
  extra: FloatArray | undefined,
  so: number,
  hPrev: Float64Array,
  cPrev: Float64Array,
  dh: Float64Array,
  dc: Float64Array,
  dA: Float64Array,
  dXProj: FloatArray,
  xo: number,
) => void;

const rnnBack: BackStep = (H, gates, go, _s, _e, _so, _hp, _cp, dh, _dc, dA, dXProj, xo) => {
  for (let i = 0; i < H; i++) {
    const value = gates[go + i]!;
    const g = dh[i]! * (1 - value * value);
    dA[i] = g;
    dXProj[xo + i] = g;
  }
};

const gruBack: BackStep = (H, gates, go, _s, extra, so, hPrev, _cp, dh, _dc, dA, dXProj, xo) => {
  for (let i = 0; i < H; i++) {
    const r = gates[go + i]!;
    const z = gates[go + H + i]!;
    const n = gates[go + 2 * H + i]!;
    const hn = extra![so + i]!;
    const dhi = dh[i]!;
    const dn = dhi * (1 - z) * (1 - n * n);
    const dr = dn * hn * r * (1 - r);
    const dz = dhi * (hPrev[i]! - n) * z * (1 - z);
    dXProj[xo + i] = dr;
    dXProj[xo + H + i] = dz;
    dXProj[xo + 2 * H + i] = dn;
    dA[i] = dr;
    dA[H + i] = dz;
    dA[2 * H + i] = dn * r;
    dh[i] = dhi * z;
  }
};

const lstmBack: BackStep = (H, gates, go, _s, extra, so, _hp, cPrev, dh, dc, dA, dXProj, xo) => {
  for (let i = 0; i < H; i++) {
    const ig = gates[go + i]!;
    const fg = gates[go + H + i]!;
    const gg = gates[go + 2 * H + i]!;
    const og = gates[go + 3 * H + i]!;
    const tc = Math.tanh(extra![so + i]!);
    const dhi = dh[i]!;
    const dcell = dc[i]! + dhi * og * (1 - tc * tc);
    const di = dcell * gg * ig * (1 - ig);
    const df = dcell * cPrev[i]! * fg * (1 - fg);
    const dg = dcell * ig * (1 - gg * gg);
    const dout = dhi * tc * og * (1 - og);
    dXProj[xo + i] = di;
    dXProj[xo + H + i] = df;
    dXProj[xo + 2 * H + i] = dg;
    dXProj[xo + 3 * H + i] = dout;
    dA[i] = di;
    dA[H + i] = df;
    dA[2 * H + i] = dg;
    dA[3 * H + i] = dout;
    dc[i] = dcell * fg;
  }
};

const STEPS: Record<CellType, BackStep> = { rnn: rnnBack, gru: gruBack, lstm: lstmBack };
