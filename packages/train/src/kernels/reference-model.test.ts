import { sigmoid } from '@imdb-rnn/core';
import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import { describe, expect, it } from 'vitest';
import { recurrentBackward, recurrentForward } from './recurrent';
import type { RecurrentShape } from './shape';
import { directionWeights, readModelFixture } from './torch-fixture';

/**
 * The model-<arch>.json fixtures (written for the tfjs layers) checked against
 * the kernels plus a hand-written embedding lookup, linear layer and
 * BCEWithLogits: if this passes, the fixtures and the kernels agree on every
 * layout, name and gradient the full model needs.
 */
// Same float32 computation as PyTorch up to summation order.
const TOLERANCE = 1e-5;

function rnnParams(record: Record<string, number[]>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(record)) {
    if (name.startsWith('rnn.')) out[name.slice(4)] = values;
  }
  return out;
}

describe.each(['rnn', 'gru', 'lstm', 'bilstm'] as const)('reference %s classifier', (arch) => {
  const f = readModelFixture(arch);
  const E = f.embeddingSize;
  const dirs = f.bidirectional ? 2 : 1;
  const width = dirs * f.hiddenSize;
  const shape: RecurrentShape = {
    cell: f.cell,
    inputSize: E,
    hiddenSize: f.hiddenSize,
    time: f.time,
    batch: f.batch,
    bidirectional: f.bidirectional,
  };
  const embedding = Float32Array.from(f.params['embedding.weight']!);
  const fcWeight = f.params['fc.weight']!;
  const fcBias = f.params['fc.bias']![0]!;
  const weights = Array.from({ length: dirs }, (_, d) => directionWeights(rnnParams(f.params), d));

  it('reproduces PyTorch logits, loss and every parameter gradient', () => {
    const x = new Float32Array(f.time * f.batch * E);
    f.tokens.forEach((token, row) => {
      x.set(embedding.subarray(token * E, (token + 1) * E), row * E);
    });
    const lengths = Int32Array.from(f.lengths);
    const { hidden, cache } = recurrentForward(shape, x, lengths, weights);
    const logits = Array.from({ length: f.batch }, (_, b) => {
      let z = fcBias;
      for (let i = 0; i < width; i++) z += hidden[b * width + i]! * fcWeight[i]!;
      return z;
    });
    expect(maxAbsDiff(logits, f.logits)).toBeLessThanOrEqual(TOLERANCE);
    // BCEWithLogits, mean: softplus(z) - y z; d/dz = (sigmoid(z) - y) / B.
    const loss =
      logits.reduce((sum, z, b) => sum + Math.log1p(Math.exp(z)) - f.labels[b]! * z, 0) / f.batch;
    expect(Math.abs(loss - f.loss)).toBeLessThanOrEqual(TOLERANCE);
    const dLogits = logits.map((z, b) => (sigmoid(z) - f.labels[b]!) / f.batch);

    const dFcWeight = new Float64Array(width);
    const dHidden = new Float32Array(f.batch * width);
    dLogits.forEach((g, b) => {
      for (let i = 0; i < width; i++) {
        dFcWeight[i] = dFcWeight[i]! + g * hidden[b * width + i]!;
        dHidden[b * width + i] = g * fcWeight[i]!;
      }
    });
    expect(maxAbsDiff(dFcWeight, f.grads['fc.weight']!)).toBeLessThanOrEqual(TOLERANCE);
    const dFcBias = dLogits.reduce((sum, g) => sum + g, 0);
    expect(Math.abs(dFcBias - f.grads['fc.bias']![0]!)).toBeLessThanOrEqual(TOLERANCE);

    const { dx, dWeights } = recurrentBackward(shape, cache, dHidden);
    const dEmbedding = new Float64Array(f.vocabSize * E);
    f.tokens.forEach((token, row) => {
      // padding_idx: the pad row never receives gradient.
      if (token === f.padIndex) return;
      for (let k = 0; k < E; k++) {
        dEmbedding[token * E + k] = dEmbedding[token * E + k]! + dx[row * E + k]!;
      }
    });
    expect(maxAbsDiff(dEmbedding, f.grads['embedding.weight']!)).toBeLessThanOrEqual(TOLERANCE);
    const expected = Array.from({ length: dirs }, (_, d) =>
      directionWeights(rnnParams(f.grads), d),
    );
    dWeights.forEach((grad, d) => {
      const want = expected[d]!;
      expect(maxAbsDiff(grad.wIh, want.wIh)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(grad.wHh, want.wHh)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(grad.bIh, want.bIh)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(grad.bHh, want.bHh)).toBeLessThanOrEqual(TOLERANCE);
    });
  });
});
