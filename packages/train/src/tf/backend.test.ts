import { modelSpec } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createSentimentModel } from '../model/sentiment-model';
import { initBackend, type TrainingBackend } from './backend';

afterAll(async () => {
  await initBackend('cpu');
});

describe('initBackend', () => {
  it('switches to each backend, and the model gives the same logits on both', async () => {
    const spec = modelSpec('gru', { vocabSize: 30, embeddingSize: 5, hiddenSize: 3 });
    const ids = Int32Array.from({ length: 12 }, (_, i) => 2 + ((i * 7) % 28));
    const lengths = Int32Array.of(4, 2, 3);
    const logitsOn = async (name: TrainingBackend) => {
      expect(await initBackend(name)).toBe(name);
      expect(tf.getBackend()).toBe(name);
      const model = createSentimentModel(spec, { seed: 9 });
      const out = Array.from(model.logits(ids, lengths, 4, 3, { training: false }).dataSync());
      model.dispose();
      return out;
    };
    const cpu = await logitsOn('cpu');
    const wasm = await logitsOn('wasm');
    for (const [i, z] of wasm.entries()) {
      expect(Math.abs(z - cpu[i]!)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('gives the same loss gradients on both backends (the fused ops read and write any backend)', async () => {
    const spec = modelSpec('bilstm', {
      vocabSize: 30,
      embeddingSize: 5,
      hiddenSize: 3,
      dropout: 0.5,
    });
    const ids = Int32Array.from({ length: 15 }, (_, i) => 2 + ((i * 11) % 28));
    const lengths = Int32Array.of(5, 1, 3);
    const gradsOn = async (name: TrainingBackend) => {
      await initBackend(name);
      const model = createSentimentModel(spec, { seed: 4 });
      const labels = tf.tensor1d([1, 0, 1]);
      const { value, grads } = tf.variableGrads(
        () => model.loss(model.logits(ids, lengths, 5, 3, { training: true }), labels),
        model.trainableVariables,
      );
      const out = [value, ...model.trainableVariables.map((v) => grads[v.name]!)].map((t) =>
        Array.from(t.dataSync()),
      );
      tf.dispose([value, labels, grads]);
      model.dispose();
      return out.flat();
    };
    const cpu = await gradsOn('cpu');
    const wasm = await gradsOn('wasm');
    expect(wasm).toHaveLength(cpu.length);
    for (const [i, g] of wasm.entries()) {
      expect(Math.abs(g - cpu[i]!)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('rejects an unknown backend name', async () => {
    await expect(initBackend('webgl' as TrainingBackend)).rejects.toThrow(
      /expected 'cpu' or 'wasm'/,
    );
  });
});
