/**
 * The 'last-max-mean' head input (core's Pooling) of one sequence, forward and
 * backward, over a recurrent layer's per-step outputs: the final states
 * (forward half at the sequence's last token, reverse half at its first), the
 * element-wise max over its steps and their mean.
 *
 * These two functions are the only implementation: recurrent.ts runs them over
 * a time-major batch on the calling thread, and the kernel threads (kernel-worker.ts, which
 * receives them as source text, so they reference nothing outside themselves)
 * run them over each sequence's states where the recurrence left them, which
 * spares the [T, B, D*H] output and its gradient a round trip through the main
 * thread. The same functions on the same float32 values give the same bits.
 *
 * Step t of direction d is y[bases[d] + t * stride + i], i < H: for a
 * time-major [T*B, D*H] batch, bases[d] = b * D*H + d * H and stride = B * D*H;
 * for one sequence's states laid out per direction, bases[d] is direction d's
 * first row and stride is H.
 */

import type { FloatArray } from './float-array';

/**
 * Writes the sequence's 3 * D*H pooled values to out[o..] (final states, max,
 * mean) and each max's step (the first step that reaches it) to argmax[a..].
 * Sums run in float64 in step order; the mean is rounded to float32 once.
 */
export function poolSequence(
  y: FloatArray,
  bases: readonly number[],
  stride: number,
  length: number,
  H: number,
  out: FloatArray,
  o: number,
  argmax: Int32Array,
  a: number,
): void {
  const dirs = bases.length;
  const width = dirs * H;
  // The running max (of out's element type) and its step in arrays of this
  // call's own: `out` and `argmax` may lie in shared memory, where every
  // access is slower (the loop took 7 ns per element there, on a kernel thread).
  const sum = new Float64Array(width);
  const max = new (out.constructor as Float32ArrayConstructor)(width);
  const at = new Int32Array(width);
  for (let d = 0; d < dirs; d++) {
    const base = bases[d]!;
    // The final state: the last token's for the forward direction, the first's for the reverse.
    const final = base + (d === 0 ? length - 1 : 0) * stride;
    for (let i = 0; i < H; i++) {
      out[o + d * H + i] = y[final + i]!;
      max[d * H + i] = y[base + i]!;
    }
    for (let t = 0; t < length; t++) {
      const from = base + t * stride;
      for (let i = 0, j = d * H; i < H; i++, j++) {
        const value = y[from + i]!;
        sum[j] = sum[j]! + value;
        if (value > max[j]!) {
          max[j] = value;
          at[j] = t;
        }
      }
    }
  }
  for (let j = 0; j < width; j++) {
    out[o + width + j] = max[j]!;
    argmax[a + j] = at[j]!;
  }
  for (let j = 0; j < width; j++) out[o + 2 * width + j] = sum[j]! / length;
}

/**
 * The gradient of poolSequence's outputs, g[o..] (3 * D*H), with respect to
 * the sequence's steps, written to its `length` rows of dy (laid out as y is
 * in poolSequence): each step starts at its mean gradient (g / length, rounded
 * to float32), then the final-state gradient joins its step and each max's
 * gradient its argmax step, in that order (float32 sums, as the rows hold).
 */
export function poolSequenceBackward(
  g: FloatArray,
  o: number,
  argmax: Int32Array,
  a: number,
  length: number,
  H: number,
  dy: FloatArray,
  bases: readonly number[],
  stride: number,
): void {
  const dirs = bases.length;
  const width = dirs * H;
  // Rounded as dy's own elements are (float32 for the float32 engines).
  const mean = new (dy.constructor as Float32ArrayConstructor)(width);
  for (let j = 0; j < width; j++) mean[j] = g[o + 2 * width + j]! / length;
  for (let d = 0; d < dirs; d++) {
    const base = bases[d]!;
    for (let t = 0; t < length; t++) dy.set(mean.subarray(d * H, (d + 1) * H), base + t * stride);
    const final = base + (d === 0 ? length - 1 : 0) * stride;
    for (let i = 0; i < H; i++) {
      const j = d * H + i;
      dy[final + i] = dy[final + i]! + g[o + j]!;
      const at = base + argmax[a + j]! * stride + i;
      dy[at] = dy[at]! + g[o + width + j]!;
    }
  }
}
