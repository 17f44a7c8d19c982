import type { CellType } from '@imdb-rnn/core';
import { gateCount } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { type DirectionWeights, recurrentBackward, recurrentForward } from './recurrent';
import type { RecurrentShape } from './shape';

/**
 * Finite-difference gradient checks in float64: the analytic backward pass of
 * the whole layer against central differences of loss = sum(hidden * R), for
 * every element of x and of every weight. With step 1e-6 the truncation error
 * is ~1e-12 and the rounding error ~1e-10, so 1e-7 absolute separates a
 * correct gradient from any wrong term.
 */
const STEP = 1e-6;
const TOLERANCE = 1e-7;

interface Case {
  label: string;
  time: number;
  lengths: number[];
}

const CASES: Case[] = [
  { label: 'unequal lengths', time: 5, lengths: [5, 2, 4] },
  { label: 'every length equal to time', time: 4, lengths: [4, 4, 4] },
  { label: 'a batch of one', time: 3, lengths: [3] },
  { label: 'lengths of 1 inside a longer batch', time: 4, lengths: [1, 4, 1] },
  { label: 'time 1', time: 1, lengths: [1, 1] },
];

const CELLS: CellType[] = ['rnn', 'gru', 'lstm'];

function uniform(rng: Rng, n: number, scale: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * scale;
  return out;
}

function setup(cell: CellType, bidirectional: boolean, c: Case, seed: number) {
  const rng = new Rng(seed);
  const inputSize = 4;
  const hiddenSize = 3;
  const shape: RecurrentShape = {
    cell,
    inputSize,
    hiddenSize,
    time: c.time,
    batch: c.lengths.length,
    bidirectional,
  };
  const dirs = bidirectional ? 2 : 1;
  const GH = gateCount(cell) * hiddenSize;
  const weights: DirectionWeights<Float64Array>[] = Array.from({ length: dirs }, () => ({
    wIh: uniform(rng, GH * inputSize, 0.8),
    wHh: uniform(rng, GH * hiddenSize, 0.8),
    bIh: uniform(rng, GH, 0.5),
    bHh: uniform(rng, GH, 0.5),
  }));
  const x = uniform(rng, shape.time * shape.batch * inputSize, 1);
  const R = uniform(rng, shape.batch * dirs * hiddenSize, 1);
  return { shape, weights, x, R, lengths: Int32Array.from(c.lengths) };
}

function worstError(analytic: Float64Array, values: Float64Array, loss: () => number): number {
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    const saved = values[i]!;
    values[i] = saved + STEP;
    const up = loss();
    values[i] = saved - STEP;
    const down = loss();
    values[i] = saved;
    worst = Math.max(worst, Math.abs((up - down) / (2 * STEP) - analytic[i]!));
  }
  return worst;
}

/** Every analytic gradient (x and each weight) within TOLERANCE of central differences of loss. */
function expectGradients(
  analytic: { dx: Float64Array; dWeights: DirectionWeights<Float64Array>[] },
  x: Float64Array,
  weights: DirectionWeights<Float64Array>[],
  loss: () => number,
): void {
  expect(worstError(analytic.dx, x, loss)).toBeLessThanOrEqual(TOLERANCE);
  weights.forEach((w, d) => {
    const g = analytic.dWeights[d]!;
    for (const key of ['wIh', 'wHh', 'bIh', 'bHh'] as const) {
      expect(worstError(g[key], w[key], loss), `${key}[${d}]`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
}

describe.each(CELLS)('%s layer gradients match finite differences (float64)', (cell) => {
  describe.each([false, true])('bidirectional %s', (bidirectional) => {
    it.each(CASES)('$label', (c) => {
      const { shape, weights, x, R, lengths } = setup(cell, bidirectional, c, 7 + c.time);
      const loss = (): number => {
        const { hidden } = recurrentForward(shape, x, lengths, weights);
        let sum = 0;
        for (let i = 0; i < hidden.length; i++) sum += hidden[i]! * R[i]!;
        return sum;
      };
      const { cache } = recurrentForward(shape, x, lengths, weights);
      expectGradients(recurrentBackward(shape, cache, R), x, weights, loss);
    });
  });
});

// loss = sum(hidden * R) + sum(sequence * S): S is nonzero on padding rows
// too, which the backward pass must ignore (sequence is zero there).
describe.each(CELLS)(
  '%s layer gradients with per-step outputs match finite differences (float64)',
  (cell) => {
    describe.each([false, true])('bidirectional %s', (bidirectional) => {
      it.each(CASES)('$label', (c) => {
        const { shape, weights, x, R, lengths } = setup(cell, bidirectional, c, 19 + c.time);
        const dirs = bidirectional ? 2 : 1;
        const S = uniform(new Rng(c.time), shape.time * shape.batch * dirs * shape.hiddenSize, 1);
        const loss = (): number => {
          const { hidden, sequence } = recurrentForward(shape, x, lengths, weights, {
            sequence: true,
          });
          let sum = 0;
          for (let i = 0; i < hidden.length; i++) sum += hidden[i]! * R[i]!;
          for (let i = 0; i < sequence!.length; i++) sum += sequence![i]! * S[i]!;
          return sum;
        };
        const { cache } = recurrentForward(shape, x, lengths, weights);
        expectGradients(recurrentBackward(shape, cache, R, S), x, weights, loss);
      });
    });
  },
);

describe('recurrent layer per-step outputs', () => {
  it.each(CELLS)(
    '%s: each sequence row is the state after that token, the final one is hidden, padding is zero',
    (cell) => {
      const { shape, weights, x, lengths } = setup(cell, true, CASES[0]!, 5);
      const { hidden, sequence } = recurrentForward(shape, x, lengths, weights, { sequence: true });
      const { batch: B, hiddenSize: H, time: T } = shape;
      for (let b = 0; b < B; b++) {
        const length = lengths[b]!;
        const row = (t: number) =>
          Array.from(sequence!.subarray((t * B + b) * 2 * H, (t * B + b + 1) * 2 * H));
        // Forward direction ends at the last token, reverse at the first.
        expect(row(length - 1).slice(0, H)).toEqual(
          Array.from(hidden.subarray(b * 2 * H, b * 2 * H + H)),
        );
        expect(row(0).slice(H)).toEqual(
          Array.from(hidden.subarray(b * 2 * H + H, (b + 1) * 2 * H)),
        );
        for (let t = length; t < T; t++) expect(row(t).every((v) => v === 0)).toBe(true);
      }
    },
  );
});

describe('recurrent layer batching', () => {
  it.each(CELLS)('%s: each row of a bidirectional batch equals that sequence run alone', (cell) => {
    const { shape, weights, x, lengths } = setup(cell, true, CASES[0]!, 3);
    const { hidden } = recurrentForward(shape, x, lengths, weights);
    const { inputSize: I, batch: B, hiddenSize: H } = shape;
    for (let b = 0; b < B; b++) {
      const length = lengths[b]!;
      // The sequence alone, unpadded: time = its own length, batch 1.
      const alone = new Float64Array(length * I);
      for (let t = 0; t < length; t++) {
        alone.set(x.subarray((t * B + b) * I, (t * B + b + 1) * I), t * I);
      }
      const single = recurrentForward(
        { ...shape, time: length, batch: 1 },
        alone,
        Int32Array.of(length),
        weights,
      );
      // Same operations in the same order per sequence: bit-identical.
      expect(Array.from(hidden.subarray(b * 2 * H, (b + 1) * 2 * H))).toEqual(
        Array.from(single.hidden),
      );
    }
  });
});
