import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { referenceRecurrentLayer } from '../ops/reference-ops';
import { EmbeddingLayer } from './embedding-layer';
import { DIRECTION_SUFFIXES, RecurrentLayer } from './recurrent-layer';

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

  it('maps [T*B, I] rows and lengths to h_n [B, 2H] as the reference layer computes', () => {
    const layer = new RecurrentLayer({
      cell: 'gru',
      inputSize: 4,
      hiddenSize: 3,
      bidirectional: true,
    });
    // Non-zero weights and inputs: a kernel that ignored weights, lengths or a
    // direction would differ from the reference somewhere in h_n.
    const rng = new Rng(3);
    const random = (shape: number[]) =>
      tf.tensor(
        Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1),
        shape,
      );
    for (const name of layer.paramNames()) {
      const variable = layer.variable(name)!;
      variable.assign(random(variable.shape));
    }
    const x = random([6, 4]) as tf.Tensor2D;
    const lengths = Int32Array.of(3, 1);
    const h = layer.apply(x, { lengths, time: 3 }) as tf.Tensor;
    expect(h.shape).toEqual([2, 6]);
    const weights = DIRECTION_SUFFIXES.map((suffix) => ({
      wIh: layer.variable(`weight_ih_l0${suffix}`)!,
      wHh: layer.variable(`weight_hh_l0${suffix}`)!,
      bIh: layer.variable(`bias_ih_l0${suffix}`)!,
      bHh: layer.variable(`bias_hh_l0${suffix}`)!,
    }));
    const expected = referenceRecurrentLayer(x, lengths, 3, weights, 'gru', 3).dataSync();
    const actual = h.dataSync();
    expect(Math.max(...Array.from(expected, (e) => Math.abs(e)))).toBeGreaterThan(0.1);
    expected.forEach((e, i) => {
      expect(Math.abs(actual[i]! - e)).toBeLessThan(1e-5);
    });
  });
});
