import {
  classifierInputWidth,
  expectedTensorShapes,
  type ModelSpec,
  type NamedTensor,
} from '@imdb-rnn/core';
import { Rng } from '../data/rng';

/**
 * PyTorch's default initialisation of the reference model, drawn from our
 * seeded Rng so the same seed gives the same weights (the numbers differ from
 * torch's own generator; the distributions are the same):
 * - nn.Embedding: N(0, 1), then the padding_idx row zeroed;
 * - nn.RNN/GRU/LSTM: every weight and bias U(-1/sqrt(H), 1/sqrt(H));
 * - nn.Linear: weight and bias U(-1/sqrt(in), 1/sqrt(in)) (kaiming_uniform
 *   with a = sqrt(5) reduces to this bound for the weight).
 * Tensors are drawn in state_dict order, so adding a tensor later in the
 * order does not change the earlier ones.
 */
export function pytorchInitialWeights(spec: ModelSpec, seed: number): Record<string, NamedTensor> {
  const rng = new Rng(seed);
  const out: Record<string, NamedTensor> = {};
  const fcIn = classifierInputWidth(spec);
  for (const [name, shape] of Object.entries(expectedTensorShapes(spec))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name === 'embedding.weight') {
      for (let i = 0; i < data.length; i++) data[i] = rng.normal();
      data.fill(0, spec.padIndex * spec.embeddingSize, (spec.padIndex + 1) * spec.embeddingSize);
    } else {
      const bound = 1 / Math.sqrt(name.startsWith('fc.') ? fcIn : spec.hiddenSize);
      for (let i = 0; i < data.length; i++) data[i] = (rng.next() * 2 - 1) * bound;
    }
    out[name] = { shape, data };
  }
  return out;
}
