import * as tf from '@tensorflow/tfjs';
import { FusedOpError } from '../errors';
import { RecycledFloats } from './recycled-floats';

/**
 * The 'last-max-mean' head input (core's Pooling) as one tfjs op with a
 * hand-written backward pass, over a recurrent layer's per-step outputs:
 * plain loops over the real rows instead of tfjs's gather and reductions
 * (whose CPU gradients cost seconds per batch at a review's full length).
 *
 * states: [T*B, D*H] time-major (recurrentLayer with output 'sequence'; padding
 * rows are never read); lengths: [B], each in 1..T. Returns [B, 3*D*H]: the
 * final states (forward half at the review's last token, reverse half at its
 * first), then the element-wise max over the review's steps, then their mean.
 * The gradient reaches the final-state rows, each max's first argmax, and
 * every real row through the mean; padding rows get zero.
 */
export function poolOverTime(
  states: tf.Tensor2D,
  lengths: Int32Array,
  time: number,
  directions: 1 | 2,
): tf.Tensor2D {
  const B = lengths.length;
  const width = states.shape[1];
  if (states.shape[0] !== time * B || width % directions !== 0) {
    throw new FusedOpError(
      'invalid-argument',
      `states has shape [${states.shape}], expected [time * batch, directions * hidden] with time * batch = ${time * B}`,
    );
  }
  for (const length of lengths) {
    if (!(length >= 1 && length <= time)) {
      throw new FusedOpError(
        'invalid-argument',
        `every length must be in 1..${time} (a review has at least one token), got ${length}`,
      );
    }
  }
  const H = width / directions;
  const op = tf.customGrad((input) => {
    const y = (input as tf.Tensor).dataSync() as Float32Array;
    const out = new Float32Array(B * 3 * width);
    // Row of each max, for the backward pass.
    const argmax = new Int32Array(B * width);
    const sum = new Float64Array(width);
    for (let b = 0; b < B; b++) {
      const length = lengths[b]!;
      const o = b * 3 * width;
      const last = ((length - 1) * B + b) * width;
      const first = b * width;
      for (let j = 0; j < width; j++) out[o + j] = y[(j < H ? last : first) + j]!;
      const max = out.subarray(o + width, o + 2 * width);
      max.set(y.subarray(first, first + width));
      argmax.fill(b, b * width, (b + 1) * width);
      sum.fill(0);
      // Step by step over the review's rows (time-major: B rows apart; walking
      // all reviews row by row instead measured no faster).
      for (let t = 0; t < length; t++) {
        const row = t * B + b;
        const from = row * width;
        for (let j = 0; j < width; j++) {
          const value = y[from + j]!;
          sum[j] = sum[j]! + value;
          if (value > max[j]!) {
            max[j] = value;
            argmax[b * width + j] = row;
          }
        }
      }
      for (let j = 0; j < width; j++) out[o + 2 * width + j] = sum[j]! / length;
    }
    return {
      value: tf.tensor2d(out, [B, 3 * width]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        // Every row is written below (padding rows with zeros), so a recycled
        // array needs no zeroing first: a fresh 8 MB array per step at the
        // best preset's shape cost more in page faults and garbage than the fill.
        const dStates = gradientStorage.take(time * B * width);
        // Each real row starts as its review's mean gradient, g / length.
        const mean = new Float32Array(B * width);
        for (let b = 0; b < B; b++) {
          const o = b * 3 * width + 2 * width;
          const length = lengths[b]!;
          for (let j = 0; j < width; j++) mean[b * width + j] = g[o + j]! / length;
        }
        for (let t = 0; t < time; t++) {
          for (let b = 0; b < B; b++) {
            const to = (t * B + b) * width;
            if (t < lengths[b]!) dStates.set(mean.subarray(b * width, (b + 1) * width), to);
            else dStates.fill(0, to, to + width);
          }
        }
        // Then the final-state and max gradients, in the same order as before
        // (reviews own disjoint rows, so the order across reviews is free).
        for (let b = 0; b < B; b++) {
          const length = lengths[b]!;
          const o = b * 3 * width;
          const last = ((length - 1) * B + b) * width;
          const first = b * width;
          for (let j = 0; j < width; j++) {
            const lastAt = (j < H ? last : first) + j;
            dStates[lastAt] = dStates[lastAt]! + g[o + j]!;
            const maxAt = argmax[b * width + j]! * width + j;
            dStates[maxAt] = dStates[maxAt]! + g[o + width + j]!;
          }
        }
        return gradientStorage.hand(tf.tensor2d(dStates, [time * B, width]));
      },
    };
  });
  return op(states) as tf.Tensor2D;
}

/** Storage of the gradient with respect to the states (see RecycledFloats). */
const gradientStorage = new RecycledFloats();
