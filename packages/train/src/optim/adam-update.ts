/** Adam's hyperparameters, with PyTorch's `torch.optim.Adam` defaults. */
export interface AdamHyperparameters {
  /** Step size (PyTorch `lr`). */
  learningRate: number;
  /** Decay rate of the first-moment (mean) estimate. */
  beta1: number;
  /** Decay rate of the second-moment (uncentred variance) estimate. */
  beta2: number;
  /** Added to the bias-corrected sqrt of the second moment, as PyTorch does. */
  epsilon: number;
  /** L2 penalty added to the gradient (PyTorch `weight_decay`, not AdamW's decoupled decay). */
  weightDecay: number;
}

export const ADAM_DEFAULTS: Readonly<AdamHyperparameters> = Object.freeze({
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
});

/**
 * One Adam step over flat float32 buffers, in one pass, with exactly the
 * arithmetic of PyTorch 1.13's single-tensor `torch.optim.Adam`:
 *
 *   g = grad + weightDecay * param
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   param -= (lr / (1 - beta1^step)) * m / (sqrt(v) / sqrt(1 - beta2^step) + eps)
 *
 * `m` and `v` are updated in place. `out` receives the new parameters and may
 * be `param` itself. `step` counts from 1 (the first update is step 1).
 */
export function adamUpdate(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  step: number,
  h: AdamHyperparameters,
): void {
  const n = param.length;
  const { beta1, beta2, epsilon, weightDecay } = h;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const stepSize = h.learningRate / (1 - beta1 ** step);
  // PyTorch divides sqrt(v) by sqrt(bias correction) *before* adding eps; folding
  // the correction into the step size instead (the Adam paper's form) changes
  // where eps acts and drifts from the reference.
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
  for (let i = 0; i < n; i++) {
    const p = param[i]!;
    const g = weightDecay === 0 ? grad[i]! : grad[i]! + weightDecay * p;
    const mi = beta1 * m[i]! + oneMinusBeta1 * g;
    const vi = beta2 * v[i]! + oneMinusBeta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    out[i] = p - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
  }
}
