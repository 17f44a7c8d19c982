import * as tf from '@tensorflow/tfjs';
import { OptimizerError } from '../errors';

export interface ClippedGradients {
  /** New gradient tensors (the caller disposes them, and still owns the inputs). */
  grads: tf.NamedTensorMap;
  /** The global L2 norm of the gradients before clipping. */
  totalNorm: number;
  /** The factor the gradients were multiplied by (1 when not clipped). */
  scale: number;
}

/**
 * PyTorch's `torch.nn.utils.clip_grad_norm_(params, maxNorm)` (L2) for a tfjs
 * gradient map: if the global norm over all gradients exceeds `maxNorm`, every
 * gradient is scaled by `maxNorm / (totalNorm + 1e-6)`. Kept separate from the
 * optimizer so any optimizer can use it, as in PyTorch:
 *
 *   const { value, grads } = opt.computeGradients(lossFn);
 *   const clipped = clipGradNorm(grads, 5);
 *   opt.applyGradients(clipped.grads);
 *   tf.dispose([value, grads, clipped.grads]);
 */
export function clipGradNorm(grads: tf.NamedTensorMap, maxNorm: number): ClippedGradients {
  if (!(Number.isFinite(maxNorm) && maxNorm > 0)) {
    throw new OptimizerError(
      'OPTIMIZER_BAD_CONFIG',
      `clipGradNorm: maxNorm must be > 0, got ${maxNorm}`,
    );
  }
  let sumSquares = 0;
  const values = new Map<string, Float32Array>();
  for (const [name, grad] of Object.entries(grads)) {
    const data = grad.dataSync() as Float32Array;
    values.set(name, data);
    // Zeros are skipped: adding +0 leaves the float64 sum's bits as they are,
    // and an embedding's gradient is mostly zero rows (words the batch does
    // not use), where the loop was bound by the chain of dependent adds.
    for (let i = 0; i < data.length; i++) {
      const value = data[i]!;
      if (value !== 0) sumSquares += value * value;
    }
  }
  const totalNorm = Math.sqrt(sumSquares);
  // Same epsilon as PyTorch, so clipped gradients match it to float32 rounding.
  const coefficient = maxNorm / (totalNorm + 1e-6);
  const scale = Math.min(coefficient, 1);
  const out: tf.NamedTensorMap = {};
  for (const [name, grad] of Object.entries(grads)) {
    if (scale === 1) {
      out[name] = tf.clone(grad);
      continue;
    }
    const data = values.get(name)!;
    const scaled = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) scaled[i] = data[i]! * scale;
    out[name] = tf.tensor(scaled, grad.shape, 'float32');
  }
  return { grads: out, totalNorm, scale };
}
