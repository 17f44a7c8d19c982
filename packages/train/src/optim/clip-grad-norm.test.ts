import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { clipGradNorm } from './clip-grad-norm';

describe('clipGradNorm', () => {
  it('scales all gradients together so their global L2 norm becomes maxNorm', () => {
    // Global norm of [3, 4] and [12] is 13.
    const grads = { a: tf.tensor1d([3, 4]), b: tf.tensor2d([[12]]) };
    const { grads: clipped, totalNorm, scale } = clipGradNorm(grads, 6.5);
    expect(totalNorm).toBeCloseTo(13, 6);
    expect(scale).toBeCloseTo(6.5 / 13, 6);
    expect(Array.from(clipped.a!.dataSync())).toEqual([3, 4].map((x) => Math.fround(x * scale)));
    expect(clipped.b!.shape).toEqual([1, 1]);
    expect(clipped.b!.dataSync()[0]).toBeCloseTo(6, 5);
    // The inputs are untouched.
    expect(Array.from(grads.a.dataSync())).toEqual([3, 4]);
    tf.dispose([grads, clipped]);
  });

  it('returns equal copies, scale 1, when the norm is already within maxNorm', () => {
    const grads = { a: tf.tensor1d([0.3, -0.4]) };
    const { grads: clipped, totalNorm, scale } = clipGradNorm(grads, 1);
    expect(totalNorm).toBeCloseTo(0.5, 6);
    expect(scale).toBe(1);
    expect(clipped.a).not.toBe(grads.a);
    expect(Array.from(clipped.a!.dataSync())).toEqual(Array.from(grads.a.dataSync()));
    tf.dispose([grads, clipped]);
  });

  it('rejects a non-positive maxNorm', () => {
    expect(() => clipGradNorm({}, 0)).toThrowError(/maxNorm must be > 0, got 0/);
  });
});
