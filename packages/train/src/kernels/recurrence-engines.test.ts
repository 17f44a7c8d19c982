import { type CellType, gateCount } from '@imdb-rnn/core';
import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { RecurrentKernelError } from '../errors';
import { recurrenceBackward } from './recurrence-backward';
import { recurrenceForward } from './recurrence-forward';
import type { RecurrenceShape } from './shape';
import { MAX_WASM_HIDDEN } from './wasm/recurrence-wasm';

// The wasm build computes in float32 with a polynomial exp (relative error
// ~1e-7); the JS loops keep float64 intermediates. Over 60 steps the
// difference stays at float32 rounding level; dW sums over ~300 tokens.
const TOLERANCE = 1e-5;
const SUM_TOLERANCE = 1e-4;

function random(rng: Rng, n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * scale;
  return out;
}

function setup(cell: CellType, bidirectional: boolean, hiddenSize: number, seed: number) {
  const rng = new Rng(seed);
  const lengths = Int32Array.of(60, 17, 1, 44, 60, 33, 2, 59);
  const shape: RecurrenceShape = {
    cell,
    hiddenSize,
    time: 60,
    batch: lengths.length,
    bidirectional,
  };
  const dirs = bidirectional ? 2 : 1;
  const GH = gateCount(cell) * hiddenSize;
  // Recurrent weights shrink as 1/sqrt(H), as an initialisation scales them,
  // so every width sees the same size of pre-activation (±0.5 at hidden 10);
  // at a fixed scale a wide layer is chaotic and its float32 rounding grows
  // without bound over the steps, in any implementation.
  const weights = Array.from({ length: dirs }, () => ({
    wHh: random(rng, GH * hiddenSize, 0.5 * Math.sqrt(10 / hiddenSize)),
    bHh: random(rng, GH, 0.5),
  }));
  // Pre-activations of the size an embedding projection gives (|x| up to ~3).
  const xProj = random(rng, shape.time * shape.batch * dirs * GH, 3);
  const dHidden = random(rng, shape.batch * dirs * hiddenSize, 1);
  const dSequence = random(rng, shape.time * shape.batch * dirs * hiddenSize, 1);
  return { shape, weights, xProj, dHidden, dSequence, lengths };
}

// 10: the reference preset; 64 and 100: wider layers than the 32 the scratch
// arrays once stopped at (100 is not a multiple of the 4-float vectors);
// MAX_WASM_HIDDEN: the widest the wasm kernel takes.
const HIDDEN_SIZES = [10, 64, 100, MAX_WASM_HIDDEN];
const CASES = [false, true].flatMap((bidirectional) =>
  HIDDEN_SIZES.map((hidden) => ({ bidirectional, hidden })),
);

describe.each(['rnn', 'gru', 'lstm'] as const)('%s recurrence: wasm and js agree', (cell) => {
  it.each(CASES)(
    'bidirectional $bidirectional, hidden $hidden, 60 steps',
    ({ bidirectional, hidden }) => {
      const { shape, weights, xProj, dHidden, lengths } = setup(cell, bidirectional, hidden, 11);
      const js = recurrenceForward(shape, xProj, lengths, weights, { engine: 'js' });
      const wasm = recurrenceForward(shape, xProj, lengths, weights, { engine: 'wasm' });
      expect(wasm.cache.wasm).toBeDefined();
      expect(js.cache.wasm).toBeUndefined();
      expect(maxAbsDiff(wasm.hidden, js.hidden)).toBeLessThanOrEqual(TOLERANCE);
      const jsGrad = recurrenceBackward(shape, js.cache, dHidden);
      const wasmGrad = recurrenceBackward(shape, wasm.cache, dHidden);
      expect(maxAbsDiff(wasmGrad.dXProj, jsGrad.dXProj)).toBeLessThanOrEqual(TOLERANCE);
      wasmGrad.dWeights.forEach((g, d) => {
        expect(maxAbsDiff(g.wHh, jsGrad.dWeights[d]!.wHh)).toBeLessThanOrEqual(SUM_TOLERANCE);
        expect(maxAbsDiff(g.bHh, jsGrad.dWeights[d]!.bHh)).toBeLessThanOrEqual(SUM_TOLERANCE);
      });
    },
  );
});

describe.each(['rnn', 'gru', 'lstm'] as const)(
  '%s recurrence with per-step outputs: wasm and js agree',
  (cell) => {
    it.each(CASES)(
      'bidirectional $bidirectional, hidden $hidden, 60 steps',
      ({ bidirectional, hidden }) => {
        const { shape, weights, xProj, dHidden, dSequence, lengths } = setup(
          cell,
          bidirectional,
          hidden,
          13,
        );
        const js = recurrenceForward(shape, xProj, lengths, weights, {
          engine: 'js',
          sequence: true,
        });
        const wasm = recurrenceForward(shape, xProj, lengths, weights, {
          engine: 'wasm',
          sequence: true,
        });
        expect(maxAbsDiff(wasm.sequence!, js.sequence!)).toBeLessThanOrEqual(TOLERANCE);
        const jsGrad = recurrenceBackward(shape, js.cache, dHidden, dSequence);
        const wasmGrad = recurrenceBackward(shape, wasm.cache, dHidden, dSequence);
        expect(maxAbsDiff(wasmGrad.dXProj, jsGrad.dXProj)).toBeLessThanOrEqual(TOLERANCE);
        wasmGrad.dWeights.forEach((g, d) => {
          expect(maxAbsDiff(g.wHh, jsGrad.dWeights[d]!.wHh)).toBeLessThanOrEqual(SUM_TOLERANCE);
          expect(maxAbsDiff(g.bHh, jsGrad.dWeights[d]!.bHh)).toBeLessThanOrEqual(SUM_TOLERANCE);
        });
        // The per-step gradient reaches the weights: not the final-state-only result.
        const finalOnly = recurrenceBackward(shape, js.cache, dHidden);
        expect(maxAbsDiff(finalOnly.dXProj, jsGrad.dXProj)).toBeGreaterThan(1e-3);
      },
    );
  },
);

/** The float32 bit patterns, so a comparison tells -0 from 0 and every last bit apart. */
const bits = (values: Float32Array) =>
  new Uint32Array(values.buffer, values.byteOffset, values.length);

/**
 * Asserts two float32 arrays are the same bits. Compares in a loop and hands
 * expect only the first differing element (toEqual on whole typed arrays of
 * 30,000 elements took seconds, and timed the test out on a loaded machine).
 */
function expectSameBits(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const a = bits(actual);
  const b = bits(expected);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i < a.length) {
    expect({ index: i, bits: a[i], value: actual[i] }).toEqual({
      index: i,
      bits: b[i],
      value: expected[i],
    });
  }
}

describe.each(['rnn', 'gru', 'lstm'] as const)(
  '%s wasm recurrence: a sequence gives the same bits in any batch',
  (cell) => {
    // recurrence.c runs sequences in pairs, in step while both last: an odd batch leaves
    // one alone, and (60, 1) and (33, 2) pair very unequal lengths.
    it.each(
      [false, true].flatMap((bidirectional) =>
        [10, 64].map((hidden) => ({ bidirectional, hidden })),
      ),
    )(
      'bidirectional $bidirectional, hidden $hidden: batch of 7 vs each alone',
      ({ bidirectional, hidden }) => {
        const rng = new Rng(17);
        const lengths = Int32Array.of(60, 1, 17, 44, 33, 2, 59);
        const B = lengths.length;
        const T = 60;
        const dirs = bidirectional ? 2 : 1;
        const W = dirs * gateCount(cell) * hidden;
        const shape: RecurrenceShape = {
          cell,
          hiddenSize: hidden,
          time: T,
          batch: B,
          bidirectional,
        };
        const weights = Array.from({ length: dirs }, () => ({
          wHh: random(rng, (W / dirs) * hidden, 0.5 * Math.sqrt(10 / hidden)),
          bHh: random(rng, W / dirs, 0.5),
        }));
        const xProj = random(rng, T * B * W, 3);
        const dHidden = random(rng, B * dirs * hidden, 1);
        const dSequence = random(rng, T * B * dirs * hidden, 1);
        const options = { engine: 'wasm', sequence: true } as const;
        const batch = recurrenceForward(shape, xProj, lengths, weights, options);
        const batchGrad = recurrenceBackward(shape, batch.cache, dHidden, dSequence);
        // Row t of sequence b, `width` wide, from a time-major [T, B, width] array.
        const rowsOf = (values: Float32Array, b: number, width: number) => {
          const out = new Float32Array(T * width);
          for (let t = 0; t < T; t++)
            out.set(values.subarray((t * B + b) * width, (t * B + b + 1) * width), t * width);
          return out;
        };
        const dWSums = weights.map((w) => ({
          wHh: new Float64Array(w.wHh.length),
          bHh: new Float64Array(w.bHh.length),
        }));
        for (let b = 0; b < B; b++) {
          const one = { ...shape, batch: 1 };
          const alone = recurrenceForward(
            one,
            rowsOf(xProj, b, W),
            lengths.subarray(b, b + 1),
            weights,
            options,
          );
          const hiddenRow = batch.hidden.subarray(b * dirs * hidden, (b + 1) * dirs * hidden);
          expectSameBits(alone.hidden, hiddenRow);
          expectSameBits(alone.sequence!, rowsOf(batch.sequence!, b, dirs * hidden));
          const grad = recurrenceBackward(
            one,
            alone.cache,
            dHidden.slice(b * dirs * hidden, (b + 1) * dirs * hidden),
            rowsOf(dSequence, b, dirs * hidden),
          );
          expectSameBits(grad.dXProj, rowsOf(batchGrad.dXProj, b, W));
          grad.dWeights.forEach((g, d) => {
            const sums = dWSums[d]!;
            for (let i = 0; i < g.wHh.length; i++) sums.wHh[i]! += g.wHh[i]!;
            for (let i = 0; i < g.bHh.length; i++) sums.bHh[i]! += g.bHh[i]!;
          });
        }
        // A batch's weight gradients are its sequences' float32 sums added in float64 in
        // batch order: the same sums of the sequences run alone, to the last bit.
        batchGrad.dWeights.forEach((g, d) => {
          expectSameBits(g.wHh, Float32Array.from(dWSums[d]!.wHh));
          expectSameBits(g.bHh, Float32Array.from(dWSums[d]!.bHh));
        });
      },
    );
  },
);

describe.each(['rnn', 'gru', 'lstm'] as const)('%s backward over a long review', (cell) => {
  it('flushes gradients that decay below 2^-100 to zero, where js keeps subnormals', () => {
    // Small recurrent weights and a closed carry gate (LSTM forget, GRU update) make
    // the state gradient shrink ~10x per step: after 200 tokens it is far below
    // float32's smallest normal, 2^-126.
    const rng = new Rng(3);
    const H = 10;
    const GH = gateCount(cell) * H;
    const lengths = Int32Array.of(200, 150);
    const shape: RecurrenceShape = {
      cell,
      hiddenSize: H,
      time: 200,
      batch: 2,
      bidirectional: false,
    };
    const weights = [{ wHh: random(rng, GH * H, 0.05), bHh: random(rng, GH, 0.1) }];
    const xProj = random(rng, shape.time * shape.batch * GH, 1);
    const carry = cell === 'rnn' ? -1 : H; // forget (LSTM) or update (GRU) gate columns
    if (carry >= 0) {
      for (let row = 0; row < shape.time * shape.batch; row++) {
        for (let i = 0; i < H; i++) xProj[row * GH + carry + i] = cell === 'lstm' ? -4 : -2;
      }
    }
    const dHidden = random(rng, shape.batch * H, 1);
    const js = recurrenceForward(shape, xProj, lengths, weights, { engine: 'js' });
    const wasm = recurrenceForward(shape, xProj, lengths, weights, { engine: 'wasm' });
    const jsGrad = recurrenceBackward(shape, js.cache, dHidden);
    const wasmGrad = recurrenceBackward(shape, wasm.cache, dHidden);
    const subnormal = (v: number) => v !== 0 && Math.abs(v) < 2 ** -126;
    expect(jsGrad.dXProj.some(subnormal)).toBe(true);
    expect(wasmGrad.dXProj.some((v) => v !== 0 && Math.abs(v) < 2 ** -100)).toBe(false);
    // Only negligible values changed: the sums agree as in the tests above.
    expect(maxAbsDiff(wasmGrad.dXProj, jsGrad.dXProj)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(wasmGrad.dWeights[0]!.wHh, jsGrad.dWeights[0]!.wHh)).toBeLessThanOrEqual(
      SUM_TOLERANCE,
    );
  });
});

describe('recurrence engine choice', () => {
  it("falls back to js on 'auto' when the hidden size exceeds the wasm kernel's", () => {
    const { shape, weights, xProj, lengths } = setup('gru', false, 129, 5);
    const { cache } = recurrenceForward(shape, xProj, lengths, weights);
    expect(cache.wasm).toBeUndefined();
  });

  it("refuses 'wasm' for a hidden size over 128, naming the limit", () => {
    expect(MAX_WASM_HIDDEN).toBe(128);
    const { shape, weights, xProj, lengths } = setup('gru', false, 129, 5);
    expect(() =>
      recurrenceForward(shape, xProj, lengths, weights, { engine: 'wasm' }),
    ).toThrowError(/hiddenSize 129 exceeds the wasm kernel's maximum of 128/);
  });

  it("refuses 'wasm' for float64 input", () => {
    const { shape, weights, xProj, lengths } = setup('rnn', false, 3, 5);
    const f64 = weights.map((w) => ({
      wHh: Float64Array.from(w.wHh),
      bHh: Float64Array.from(w.bHh),
    }));
    expect(() =>
      recurrenceForward(shape, Float64Array.from(xProj), lengths, f64, { engine: 'wasm' }),
    ).toThrowError(RecurrentKernelError);
  });
});
