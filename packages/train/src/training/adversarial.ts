import { ArgumentError } from '@imdb-rnn/core';

/**
 * The adversarial perturbation of Miyato, Dai and Goodfellow ("Adversarial
 * Training Methods for Semi-Supervised Text Classification", ICLR 2017) for
 * one batch: per review, the loss's gradient with respect to its embedded
 * tokens, scaled to L2 norm `epsilon` over all of the review's tokens,
 * r_b = epsilon * g_b / ||g_b||. Training on the loss at x + r as well as at
 * x asks the model to keep its answer when the words' vectors move a little in
 * the direction that hurts it most, a smoothness the embedding of a rare word
 * (a name seen in a few reviews) does not otherwise learn.
 *
 * dx: [time * batch, width] time-major rows t * batch + b; only rows with
 * t < lengths[b] are read, and the others of the result are 0. A review
 * whose gradient is 0 gets no perturbation. Writes into `into` when given.
 */
export function adversarialPerturbation(
  dx: Float32Array,
  lengths: Int32Array,
  time: number,
  width: number,
  epsilon: number,
  into?: Float32Array,
): Float32Array {
  const batch = lengths.length;
  const size = time * batch * width;
  if (dx.length < size) {
    throw new ArgumentError(
      'dx',
      `expected at least time * batch * width = ${size} values, got ${dx.length}`,
    );
  }
  const out =
    into !== undefined && into.length >= size ? into.subarray(0, size) : new Float32Array(size);
  out.fill(0);
  for (let b = 0; b < batch; b++) {
    const length = Math.min(lengths[b]!, time);
    // Summed in float64: a review's norm adds up to tens of thousands of squares.
    let sum = 0;
    for (let t = 0; t < length; t++) {
      const from = (t * batch + b) * width;
      for (let k = from; k < from + width; k++) sum += dx[k]! * dx[k]!;
    }
    if (!(sum > 0)) continue;
    const scale = epsilon / Math.sqrt(sum);
    for (let t = 0; t < length; t++) {
      const from = (t * batch + b) * width;
      for (let k = from; k < from + width; k++) out[k] = dx[k]! * scale;
    }
  }
  return out;
}
