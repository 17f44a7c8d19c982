import type { CellType } from '@imdb-rnn/core';
import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedOpError } from '../errors';
import { directionWeights, readKernelFixture } from '../kernels/torch-fixture';
import { RecurrentWorkspace } from '../kernels/workspace';
import { type RecurrentWeightTensors, recurrentLayer } from './recurrent-op';
import { referenceRecurrentLayer } from './reference-ops';
import { Rng, randomArray, randomLengths, randomWeights } from './test-support';

// float32 throughout; the two sides differ only in summation order.
const TOLERANCE = 1e-5;

const CASES: { cell: CellType; bidirectional: boolean }[] = [
  { cell: 'rnn', bidirectional: false },
  { cell: 'rnn', bidirectional: true },
  { cell: 'gru', bidirectional: false },
  { cell: 'gru', bidirectional: true },
  { cell: 'lstm', bidirectional: false },
  { cell: 'lstm', bidirectional: true },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

/** loss = sum(h_n * R): its gradient w.r.t. h_n is R, so every weight gets a generic gradient. */
function lossAndGrads(
  layer: (x: tf.Tensor2D, w: RecurrentWeightTensors[]) => tf.Tensor2D,
  x: tf.Tensor2D,
  weights: RecurrentWeightTensors[],
  r: tf.Tensor2D,
): { hidden: Float32Array; grads: Float32Array[] } {
  const flat = [x, ...weights.flatMap((w) => [w.wIh, w.wHh, w.bIh, w.bHh])];
  const unflatten = (ts: tf.Tensor[]): RecurrentWeightTensors[] =>
    weights.map((_, d) => ({
      wIh: ts[1 + 4 * d]!,
      wHh: ts[2 + 4 * d]!,
      bIh: ts[3 + 4 * d]!,
      bHh: ts[4 + 4 * d]!,
    }));
  const hidden = layer(x, weights).dataSync() as Float32Array;
  const grads = tf.grads((...ts: tf.Tensor[]) =>
    layer(ts[0] as tf.Tensor2D, unflatten(ts))
      .mul(r)
      .sum(),
  )(flat);
  return { hidden, grads: grads.map((g) => g.dataSync() as Float32Array) };
}

describe.each(CASES)(
  'recurrentLayer $cell (bidirectional: $bidirectional)',
  ({ cell, bidirectional }) => {
    const dirs = bidirectional ? 2 : 1;

    // 'sequence': R is nonzero on padding rows too, whose gradient must reach nothing.
    it.each(['final', 'sequence'] as const)(
      'output %s: agrees with the per-time-step tfjs reference on random batches (forward and all gradients)',
      (output) => {
        const rng = new Rng(cell.length * 31 + dirs);
        for (const [time, batch, input, hidden] of [
          [5, 3, 4, 3],
          [9, 6, 7, 5],
          [1, 2, 3, 2],
        ] as const) {
          tf.tidy(() => {
            const lengths = randomLengths(rng, batch, time);
            const x = tf.tensor2d(randomArray(rng, time * batch * input), [time * batch, input]);
            const weights = randomWeights(rng, cell, input, hidden, dirs);
            const rows = output === 'final' ? batch : time * batch;
            const r = tf.tensor2d(randomArray(rng, rows * dirs * hidden), [rows, dirs * hidden]);
            const workspace = new RecurrentWorkspace();
            const fused = lossAndGrads(
              (xs, ws) =>
                recurrentLayer(xs, lengths, time, ws, {
                  cell,
                  hiddenSize: hidden,
                  bidirectional,
                  workspace,
                  output,
                }),
              x,
              weights,
              r,
            );
            const reference = lossAndGrads(
              (xs, ws) => referenceRecurrentLayer(xs, lengths, time, ws, cell, hidden, output),
              x,
              weights,
              r,
            );
            expect(maxAbsDiff(fused.hidden, reference.hidden)).toBeLessThanOrEqual(TOLERANCE);
            fused.grads.forEach((g, i) => {
              expect(maxAbsDiff(g, reference.grads[i]!), `gradient ${i}`).toBeLessThanOrEqual(
                TOLERANCE,
              );
            });
          });
        }
      },
    );

    it('reproduces the PyTorch fixture (h_n and the gradients of sum(h_n * R))', () => {
      const f = readKernelFixture(`${cell}-${bidirectional ? 'bi' : 'uni'}`);
      tf.tidy(() => {
        const lengths = Int32Array.from(f.lengths);
        const x = tf.tensor2d(f.x, [f.time * f.batch, f.inputSize]);
        const GH = (f.cell === 'rnn' ? 1 : f.cell === 'gru' ? 3 : 4) * f.hiddenSize;
        const weights = Array.from({ length: dirs }, (_, d) => {
          const w = directionWeights(f.weights, d);
          return {
            wIh: tf.tensor2d(w.wIh, [GH, f.inputSize]),
            wHh: tf.tensor2d(w.wHh, [GH, f.hiddenSize]),
            bIh: tf.tensor1d(w.bIh),
            bHh: tf.tensor1d(w.bHh),
          };
        });
        const r = tf.tensor2d(f.R, [f.batch, dirs * f.hiddenSize]);
        const { hidden, grads } = lossAndGrads(
          (xs, ws) =>
            recurrentLayer(xs, lengths, f.time, ws, {
              cell: f.cell,
              hiddenSize: f.hiddenSize,
              bidirectional: f.bidirectional,
            }),
          x,
          weights,
          r,
        );
        expect(maxAbsDiff(hidden, f.hidden)).toBeLessThanOrEqual(TOLERANCE);
        expect(maxAbsDiff(grads[0]!, f.grads.x!)).toBeLessThanOrEqual(TOLERANCE);
        for (let d = 0; d < dirs; d++) {
          const want = directionWeights(f.grads, d);
          const got = grads.slice(1 + 4 * d, 5 + 4 * d);
          expect(maxAbsDiff(got[0]!, want.wIh)).toBeLessThanOrEqual(TOLERANCE);
          expect(maxAbsDiff(got[1]!, want.wHh)).toBeLessThanOrEqual(TOLERANCE);
          expect(maxAbsDiff(got[2]!, want.bIh)).toBeLessThanOrEqual(TOLERANCE);
          expect(maxAbsDiff(got[3]!, want.bHh)).toBeLessThanOrEqual(TOLERANCE);
        }
      });
    });
  },
);

describe('recurrentLayer argument checks', () => {
  it('names the weight whose shape is wrong', () => {
    tf.tidy(() => {
      const rng = new Rng(3);
      const weights = randomWeights(rng, 'gru', 4, 3, 1);
      const x = tf.zeros([6, 4]) as tf.Tensor2D;
      const bad = [{ ...weights[0]!, wHh: tf.zeros([9, 2]) }];
      expect(() =>
        recurrentLayer(x, Int32Array.of(3, 2), 3, bad, {
          cell: 'gru',
          hiddenSize: 3,
          bidirectional: false,
        }),
      ).toThrow(/weights\[0\]\.wHh has shape \[9,2\], expected \[9,3\]/);
    });
  });

  it('refuses a gradient whose cached activations a later forward pass overwrote', () => {
    tf.tidy(() => {
      const rng = new Rng(6);
      const weights = randomWeights(rng, 'lstm', 4, 3, 1);
      const workspace = new RecurrentWorkspace();
      const lengths = Int32Array.of(3, 2);
      const x = tf.tensor2d(randomArray(rng, 24), [6, 4]);
      const options = { cell: 'lstm' as const, hiddenSize: 3, bidirectional: false, workspace };
      const twice = (xs: tf.Tensor) =>
        recurrentLayer(xs, lengths, 3, weights, options)
          .sum()
          .add(recurrentLayer(xs.mul(2), lengths, 3, weights, options).sum());
      expect(() => tf.grad(twice)(x)).toThrow(/ran forward again with the same workspace/);
      // Without a shared workspace the same computation is fine.
      const { workspace: _, ...fresh } = options;
      const ok = (xs: tf.Tensor) =>
        recurrentLayer(xs, lengths, 3, weights, fresh)
          .sum()
          .add(recurrentLayer(xs.mul(2), lengths, 3, weights, fresh).sum());
      expect(tf.grad(ok)(x).shape).toEqual([6, 4]);
    });
  });

  it('rejects an x whose row count is not time * batch', () => {
    tf.tidy(() => {
      const weights = randomWeights(new Rng(4), 'rnn', 4, 3, 1);
      expect(() =>
        recurrentLayer(tf.zeros([5, 4]), Int32Array.of(3, 2), 3, weights, {
          cell: 'rnn',
          hiddenSize: 3,
          bidirectional: false,
        }),
      ).toThrow(FusedOpError);
    });
  });
});
