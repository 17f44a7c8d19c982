import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingLayer } from './embedding-layer';
import { RecurrentLayer } from './recurrent-layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('EmbeddingLayer', () => {
  it('is a tfjs layer with one trainable [V, E] weight, mapping [T, B] ids to [T*B, E] rows', () => {
    const layer = new EmbeddingLayer({ vocabSize: 5, embeddingSize: 2, padIndex: 1 });
    layer.build();
    expect(layer).toBeInstanceOf(tf.layers.Layer);
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[5, 2]]);
    layer.weight.assign(tf.tensor2d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 2]));
    const out = layer.apply(tf.tensor2d([4, 0, 2, 1], [2, 2], 'int32'), {}) as tf.Tensor;
    expect(out.shape).toEqual([4, 2]);
    expect(Array.from(out.dataSync())).toEqual([8, 9, 0, 1, 4, 5, 2, 3]);
    expect(layer.computeOutputShape([2, 2])).toEqual([4, 2]);
  });
});

describe('RecurrentLayer', () => {
  it('creates PyTorch-named and -shaped weights for both directions', () => {
    const layer = new RecurrentLayer({
      cell: 'gru',
      inputSize: 4,
      hiddenSize: 3,
      bidirectional: true,
    });
    layer.build();
    expect(layer).toBeInstanceOf(tf.layers.Layer);
    expect(layer.paramNames()).toEqual([
      'weight_ih_l0',
      'weight_hh_l0',
      'bias_ih_l0',
      'bias_hh_l0',
      'weight_ih_l0_reverse',
      'weight_hh_l0_reverse',
      'bias_ih_l0_reverse',
      'bias_hh_l0_reverse',
    ]);
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([
      [9, 4],
      [9, 3],
      [9],
      [9],
      [9, 4],
      [9, 3],
      [9],
      [9],
    ]);
  });

  it('maps [T*B, I] rows and lengths to h_n [B, 2H]; a zero-weight GRU keeps h at zero', () => {
    const layer = new RecurrentLayer({
      cell: 'gru',
      inputSize: 4,
      hiddenSize: 3,
      bidirectional: true,
    });
    const x = tf.ones([6, 4]);
    const h = layer.apply(x, { lengths: Int32Array.of(3, 1), time: 3 }) as tf.Tensor;
    expect(h.shape).toEqual([2, 6]);
    // Zero weights: z = 0.5, n = 0, so h = 0.5 * h_prev stays 0.
    expect(Array.from(h.dataSync())).toEqual(new Array(12).fill(0));
  });
});
