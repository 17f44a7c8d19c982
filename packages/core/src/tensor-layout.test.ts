import { describe, expect, it } from 'vitest';
import { modelSpec } from './model-spec.js';
import { expectedTensorShapes } from './tensor-layout.js';

describe('expectedTensorShapes', () => {
  it('gives the reference LSTM PyTorch names and shapes (4 gates)', () => {
    expect(expectedTensorShapes(modelSpec('lstm'))).toEqual({
      'embedding.weight': [20_002, 100],
      'rnn.weight_ih_l0': [40, 100],
      'rnn.weight_hh_l0': [40, 10],
      'rnn.bias_ih_l0': [40],
      'rnn.bias_hh_l0': [40],
      'fc.weight': [1, 10],
      'fc.bias': [1],
    });
  });

  it('uses 1 gate block for rnn and 3 for gru', () => {
    expect(expectedTensorShapes(modelSpec('rnn'))['rnn.weight_hh_l0']).toEqual([10, 10]);
    expect(expectedTensorShapes(modelSpec('gru'))['rnn.weight_ih_l0']).toEqual([30, 100]);
  });

  it('adds _reverse tensors and doubles the classifier input when bidirectional', () => {
    const shapes = expectedTensorShapes(modelSpec('bilstm'));
    expect(Object.keys(shapes)).toEqual([
      'embedding.weight',
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'rnn.weight_ih_l0_reverse',
      'rnn.weight_hh_l0_reverse',
      'rnn.bias_ih_l0_reverse',
      'rnn.bias_hh_l0_reverse',
      'fc.weight',
      'fc.bias',
    ]);
    expect(shapes['fc.weight']).toEqual([1, 20]);
  });
});
