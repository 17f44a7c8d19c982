import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedOpError } from '../errors';
import { poolOverTime } from './pool-over-time';
import { referencePooling } from './reference-ops';
import { Rng, randomArray } from './test-support';

const TOLERANCE = 1e-6;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each([1, 2] as const)('poolOverTime, %i direction(s)', (dirs) => {
  it('equals the per-review tfjs reference, forward and gradient, whatever the padding holds', () => {
    const rng = new Rng(dirs);
    const time = 7;
    const lengths = Int32Array.of(7, 1, 4, 2, 7);
    const batch = lengths.length;
    const width = dirs * 3;
    tf.tidy(() => {
      const values = randomArray(rng, time * batch * width);
      // Padding far above any state: read anywhere, it would win the max.
      for (let t = 0; t < time; t++) {
        for (let b = 0; b < batch; b++) {
          if (t >= lengths[b]!)
            values.fill(1e6, (t * batch + b) * width, (t * batch + b + 1) * width);
        }
      }
      const states = tf.tensor2d(values, [time * batch, width]);
      const r = tf.tensor2d(randomArray(rng, batch * 3 * width), [batch, 3 * width]);
      const fused = poolOverTime(states, lengths, time, dirs);
      const expected = referencePooling(states, lengths, dirs);
      expect(maxAbsDiff(fused.dataSync(), expected.dataSync())).toBeLessThanOrEqual(TOLERANCE);
      const grad = (f: (x: tf.Tensor2D) => tf.Tensor2D) =>
        tf
          .grad((x: tf.Tensor) =>
            f(x as tf.Tensor2D)
              .mul(r)
              .sum(),
          )(states)
          .dataSync();
      const got = grad((x) => poolOverTime(x, lengths, time, dirs));
      const want = grad((x) => referencePooling(x, lengths, dirs));
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(TOLERANCE);
      // Padding rows get no gradient at all.
      for (let t = 0; t < time; t++) {
        for (let b = 0; b < batch; b++) {
          if (t < lengths[b]!) continue;
          const row = Array.from(
            got.subarray((t * batch + b) * width, (t * batch + b + 1) * width),
          );
          expect(row.every((v) => v === 0)).toBe(true);
        }
      }
    });
  });
});

describe('poolOverTime argument checks', () => {
  it('names a length outside 1..time and a states tensor of the wrong height', () => {
    tf.tidy(() => {
      const states = tf.zeros([6, 4]) as tf.Tensor2D;
      expect(() => poolOverTime(states, Int32Array.of(3, 0), 3, 2)).toThrow(FusedOpError);
      expect(() => poolOverTime(states, Int32Array.of(3, 0), 3, 2)).toThrow(/got 0/);
      expect(() => poolOverTime(states, Int32Array.of(2, 2), 2, 2)).toThrow(/time \* batch = 4/);
    });
  });
});
