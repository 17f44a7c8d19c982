import { classifierInputWidth, gateCount, type ModelSpec } from './model-spec.js';

/**
 * The PyTorch-style tensor names and shapes of a model with this spec, in the
 * order PyTorch's state_dict lists them. Exporters write exactly these; loaders
 * check against them. G = gates (rnn 1, gru 3 as r,z,n, lstm 4 as i,f,g,o).
 */
export function expectedTensorShapes(spec: ModelSpec): Record<string, number[]> {
  const g = gateCount(spec.cell) * spec.hiddenSize;
  const h = spec.hiddenSize;
  const shapes: Record<string, number[]> = {
    'embedding.weight': [spec.vocabSize, spec.embeddingSize],
  };
  for (const suffix of spec.bidirectional ? ['', '_reverse'] : ['']) {
    shapes[`rnn.weight_ih_l0${suffix}`] = [g, spec.embeddingSize];
    shapes[`rnn.weight_hh_l0${suffix}`] = [g, h];
    shapes[`rnn.bias_ih_l0${suffix}`] = [g];
    shapes[`rnn.bias_hh_l0${suffix}`] = [g];
  }
  // The classifier reads concat(final forward state, final backward state) when
  // bidirectional, times the statistics the spec's pooling adds.
  shapes['fc.weight'] = [1, classifierInputWidth(spec)];
  shapes['fc.bias'] = [1];
  return shapes;
}
