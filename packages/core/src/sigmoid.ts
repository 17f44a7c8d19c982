/**
 * Logistic sigmoid, P(positive) of a logit: the one definition that the
 * classifier, the training kernels and every test use. The branch keeps
 * exp's argument non-positive, so neither side overflows.
 */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
