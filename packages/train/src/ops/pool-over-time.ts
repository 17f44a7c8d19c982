import * as tf from '@tensorflow/tfjs';
import { FusedOpError } from '../errors';
import { poolSequence, poolSequenceBackward } from '../kernels/pool-over-time';
import { RecycledFloats } from './recycled-floats';

/**
 * The 'last-max-mean' head input (core's Pooling) as one tfjs op with a
 * hand-written backward pass, over a recurrent layer's per-step outputs:
 * kernels/pool-over-time.ts's loops over each review's real rows instead of
 * tfjs's gather and reductions (whose CPU gradients cost seconds per batch at
 * a review's full length). The recurrent layer's 'pooled' output runs the
 * same loops on its kernel threads, without this op.
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
  const bases = (b: number) => Array.from({ length: directions }, (_, d) => b * width + d * H);
  const op = tf.customGrad((input) => {
    const y = (input as tf.Tensor).dataSync() as Float32Array;
    const out = new Float32Array(B * 3 * width);
    // Step of each max, for the backward pass.
    const argmax = new Int32Array(B * width);
    for (let b = 0; b < B; b++) {
      poolSequence(y, bases(b), B * width, lengths[b]!, H, out, b * 3 * width, argmax, b * width);
    }
    return {
      value: tf.tensor2d(out, [B, 3 * width]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        // Every row is written below (padding rows with zeros), so a recycled
        // array needs no zeroing first: a fresh 8 MB array per step at the
        // best preset's shape cost more in page faults and garbage than the fill.
        const dStates = gradientStorage.take(time * B * width);
        for (let b = 0; b < B; b++) {
          const length = lengths[b]!;
          poolSequenceBackward(
            g,
            b * 3 * width,
            argmax,
            b * width,
            length,
            H,
            dStates,
            bases(b),
            B * width,
          );
          for (let t = length; t < time; t++) {
            dStates.fill(0, (t * B + b) * width, (t * B + b + 1) * width);
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
