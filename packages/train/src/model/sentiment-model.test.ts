import { ArgumentError, modelSpec, type NamedTensor } from '@imdb-rnn/core';
import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { ModelError } from '../errors';
import { readModelFixture } from '../kernels/torch-fixture';
import { createSentimentModel } from './sentiment-model';

// The PyTorch fixtures are float32; the model differs only in summation order.
const TOLERANCE = 1e-5;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['rnn', 'gru', 'lstm', 'bilstm'] as const)('sentiment model %s', (arch) => {
  it('reproduces PyTorch logits, BCE loss and every gradient (embedding included)', () => {
    const f = readModelFixture(arch);
    const spec = modelSpec(arch, {
      vocabSize: f.vocabSize,
      embeddingSize: f.embeddingSize,
      hiddenSize: f.hiddenSize,
      dropout: 0,
    });
    const model = createSentimentModel(spec, { seed: 1 });
    const weights: Record<string, NamedTensor> = {};
    for (const [name, values] of Object.entries(f.params)) {
      weights[name] = { shape: f.shapes[name]!, data: Float32Array.from(values) };
    }
    model.setNamedWeights(weights);
    const ids = Int32Array.from(f.tokens);
    const lengths = Int32Array.from(f.lengths);
    const labels = tf.tensor1d(f.labels);
    const logits = model.logits(ids, lengths, f.time, f.batch, { training: false });
    expect(maxAbsDiff(logits.dataSync(), f.logits)).toBeLessThanOrEqual(TOLERANCE);
    const { value, grads } = tf.variableGrads(
      () => model.loss(model.logits(ids, lengths, f.time, f.batch, { training: true }), labels),
      model.trainableVariables,
    );
    expect(Math.abs(value.dataSync()[0]! - f.loss)).toBeLessThanOrEqual(TOLERANCE);
    const names = Object.keys(f.grads);
    expect(names).toContain('embedding.weight');
    model.trainableVariables.forEach((variable, i) => {
      const name = Object.keys(model.getNamedWeights())[i]!;
      expect(
        maxAbsDiff(grads[variable.name]!.dataSync(), f.grads[name]!),
        name,
      ).toBeLessThanOrEqual(TOLERANCE);
    });
    expect(Object.keys(model.getNamedWeights()).sort()).toEqual(names.sort());
    model.dispose();
  });
});

describe('sentiment model', () => {
  const small = modelSpec('lstm', { vocabSize: 50, embeddingSize: 8, hiddenSize: 4, dropout: 0.5 });

  function batch(seed: number, time = 12, size = 6) {
    const rng = new Rng(seed);
    const lengths = Int32Array.from({ length: size }, () => 1 + rng.int(time));
    const ids = new Int32Array(time * size).fill(small.padIndex);
    for (let b = 0; b < size; b++) {
      for (let t = 0; t < lengths[b]!; t++) ids[t * size + b] = 2 + rng.int(small.vocabSize - 2);
    }
    // A learnable label: does the review contain a token id below 20?
    const labels = Float32Array.from({ length: size }, (_, b) => {
      for (let t = 0; t < lengths[b]!; t++) if (ids[t * size + b]! < 20) return 1;
      return 0;
    });
    return { ids, lengths, labels, time, size };
  }

  function trainLosses(seed: number, steps: number): number[] {
    const model = createSentimentModel(small, { seed });
    const optimizer = tf.train.adam(0.01);
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) {
      const b = batch(100 + (step % 4));
      const labels = tf.tensor1d(b.labels);
      const loss = optimizer.minimize(
        () =>
          model.loss(model.logits(b.ids, b.lengths, b.time, b.size, { training: true }), labels),
        true,
        model.trainableVariables,
      );
      losses.push(loss!.dataSync()[0]!);
      loss!.dispose();
      labels.dispose();
    }
    optimizer.dispose();
    model.dispose();
    return losses;
  }

  it('gives the same loss sequence for the same seed (dropout included) and another for another seed', () => {
    const a = trainLosses(7, 6);
    expect(trainLosses(7, 6)).toEqual(a);
    expect(trainLosses(8, 6)).not.toEqual(a);
  });

  it('learns a simple rule with tf.train.adam over its trainable variables', () => {
    const losses = trainLosses(3, 80);
    const first = losses.slice(0, 4).reduce((s, x) => s + x, 0) / 4;
    const last = losses.slice(-4).reduce((s, x) => s + x, 0) / 4;
    expect(last).toBeLessThan(first * 0.7);
  });

  it('resumes the same dropout masks from a saved dropout state', () => {
    const model = createSentimentModel(small, { seed: 2 });
    const b = batch(1);
    const run = () =>
      Array.from(model.logits(b.ids, b.lengths, b.time, b.size, { training: true }).dataSync());
    const saved = model.getDropoutState();
    const first = run();
    expect(run()).not.toEqual(first);
    model.setDropoutState(saved);
    expect(run()).toEqual(first);
    model.dispose();
  });

  it('leaves no tensors behind after a training step', () => {
    const model = createSentimentModel(small, { seed: 2 });
    const optimizer = tf.train.sgd(0.1);
    const b = batch(3);
    const labels = tf.tensor1d(b.labels);
    const step = () =>
      optimizer.minimize(
        () =>
          model.loss(model.logits(b.ids, b.lengths, b.time, b.size, { training: true }), labels),
        false,
        model.trainableVariables,
      );
    step();
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
    labels.dispose();
    optimizer.dispose();
    model.dispose();
  });

  it('applies dropout only when training', () => {
    const model = createSentimentModel(small, { seed: 2 });
    const b = batch(1);
    const run = (training: boolean) =>
      Array.from(model.logits(b.ids, b.lengths, b.time, b.size, { training }).dataSync());
    expect(run(false)).toEqual(run(false));
    expect(run(true)).not.toEqual(run(true));
    model.dispose();
  });

  it('initialises as PyTorch does: N(0,1) embedding with a zero pad row, U(±1/sqrt(H)) recurrent, U(±1/sqrt(in)) linear', () => {
    const spec = modelSpec('bilstm', { vocabSize: 2000, hiddenSize: 16 });
    const model = createSentimentModel(spec, { seed: 5 });
    const w = model.getNamedWeights();
    const emb = w['embedding.weight']!.data;
    const pad = emb.subarray(spec.padIndex * 100, (spec.padIndex + 1) * 100);
    expect(pad.every((v) => v === 0)).toBe(true);
    const mean = emb.reduce((s, v) => s + v, 0) / emb.length;
    const std = Math.sqrt(emb.reduce((s, v) => s + (v - mean) ** 2, 0) / emb.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
    const bound = (name: string) => Math.max(...Array.from(w[name]!.data, Math.abs));
    for (const name of ['rnn.weight_ih_l0', 'rnn.weight_hh_l0_reverse', 'rnn.bias_hh_l0']) {
      expect(bound(name)).toBeLessThanOrEqual(1 / Math.sqrt(16));
      expect(bound(name)).toBeGreaterThan(0.9 / Math.sqrt(16));
    }
    expect(bound('fc.weight')).toBeLessThanOrEqual(1 / Math.sqrt(32));
    expect(createSentimentModel(spec, { seed: 5 }).getNamedWeights()).toEqual(w);
    model.dispose();
    // Deep equality over two 200,000-float embeddings: ~1 s alone, over 5 s (the
    // default) on a CI machine running other packages' tests beside it.
  }, 30_000);

  it('round-trips named weights and names the tensor it rejects', () => {
    const a = createSentimentModel(small, { seed: 1 });
    const b = createSentimentModel(small, { seed: 2 });
    b.setNamedWeights(a.getNamedWeights());
    expect(b.getNamedWeights()).toEqual(a.getNamedWeights());
    const weights = a.getNamedWeights();
    const { 'fc.bias': _, ...missing } = weights;
    expect(() => b.setNamedWeights(missing)).toThrow(/tensor "fc.bias" is missing/);
    expect(() =>
      b.setNamedWeights({ ...weights, 'fc.weight': { shape: [8], data: new Float32Array(8) } }),
    ).toThrow(ModelError);
    expect(() =>
      a.logits(new Int32Array(5), Int32Array.of(1, 1), 3, 2, { training: false }),
    ).toThrow(/ids has 5 entries, expected time \* batch = 3 \* 2/);
    expect(() => createSentimentModel({ ...small, hiddenSize: 0 }, { seed: 1 })).toThrow(
      /hiddenSize/,
    );
    a.dispose();
    b.dispose();
  });

  it('uses a loss numerically equal to BCE-with-logits, mean over the batch', () => {
    const model = createSentimentModel(small, { seed: 1 });
    const z = [-30, -2.5, 0, 0.7, 4, 40];
    const y = [0, 1, 1, 0, 1, 0];
    const bce =
      z.reduce(
        (s, zi, i) => s + Math.max(zi, 0) - zi * y[i]! + Math.log1p(Math.exp(-Math.abs(zi))),
        0,
      ) / z.length;
    const loss = model.loss(tf.tensor1d(z), tf.tensor1d(y)).dataSync()[0]!;
    expect(Math.abs(loss - bce)).toBeLessThanOrEqual(1e-5 * bce);
    model.dispose();
  });
});

describe('SentimentModel.evaluator', () => {
  // Reviews of uneven lengths (one filling the batch), so sequences split
  // unevenly across threads and padding rows exist.
  const T = 23;
  const B = 9;
  const vocabSize = 60;
  function batch(): { ids: Int32Array; lengths: Int32Array } {
    const rng = new Rng(7);
    const lengths = Int32Array.from({ length: B }, (_, b) =>
      b === 3 ? T : 1 + Math.floor(rng.next() * T),
    );
    const ids = new Int32Array(T * B).fill(1);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++)
        if (t < lengths[b]!) ids[t * B + b] = 2 + Math.floor(rng.next() * 58);
    }
    return { ids, lengths };
  }

  const cases = [
    ['rnn', 'last', 'wasm', 2],
    ['gru', 'last', 'wasm', 2],
    ['lstm', 'last', 'wasm', 2],
    ['bilstm', 'last', 'wasm', 2],
    ['bilstm', 'last-max-mean', 'wasm', 2],
    ['gru', 'last-max-mean', 'wasm', 1],
    ['lstm', 'last', 'wasm', 1],
    ['bilstm', 'last-max-mean', 'js', 1],
  ] as const;
  it.each(cases)(
    '%s (%s pooling, %s, %i threads): the eval-mode logits bit for bit',
    (arch, pooling, engine, threads) => {
      const spec = modelSpec(arch, { vocabSize, hiddenSize: 12, pooling });
      const model = createSentimentModel(spec, { seed: 3, engine, threads });
      const { ids, lengths } = batch();
      const expected = model.logits(ids, lengths, T, B, { training: false }).dataSync();
      const logitsOf = model.evaluator();
      expect(Array.from(logitsOf(ids, lengths, T, B))).toEqual(Array.from(expected));
      // A second batch through the same evaluator: nothing of the first is reused wrongly.
      const shorter = lengths.map((n) => Math.max(1, n - 4));
      const again = model.logits(ids, shorter, T, B, { training: false }).dataSync();
      expect(Array.from(logitsOf(ids, shorter, T, B))).toEqual(Array.from(again));
    },
  );

  it('is taken at the weights of the moment: a new one sees new weights', () => {
    const spec = modelSpec('gru', { vocabSize, hiddenSize: 8 });
    const model = createSentimentModel(spec, { seed: 4 });
    const { ids, lengths } = batch();
    const before = model.evaluator()(ids, lengths, T, B);
    model.setNamedWeights(createSentimentModel(spec, { seed: 5 }).getNamedWeights());
    const after = model.evaluator()(ids, lengths, T, B);
    expect(Array.from(after)).toEqual(
      Array.from(model.logits(ids, lengths, T, B, { training: false }).dataSync()),
    );
    expect(maxAbsDiff(after, before)).toBeGreaterThan(0);
  });

  it('names a token id outside the vocabulary and a batch of the wrong shape', () => {
    const model = createSentimentModel(modelSpec('rnn', { vocabSize, hiddenSize: 4 }), { seed: 1 });
    const logitsOf = model.evaluator();
    const lengths = Int32Array.from([2, 1]);
    expect(() => logitsOf(Int32Array.from([3, 4, vocabSize, 1]), lengths, 2, 2)).toThrow(
      /token id 60 at row 2 is outside the vocabulary \(0\.\.59\)/,
    );
    expect(() => logitsOf(Int32Array.from([3, 4, 5]), lengths, 2, 2)).toThrow(ModelError);
  });

  it('names a largest batch that is not a positive integer of tokens', () => {
    const model = createSentimentModel(modelSpec('rnn', { vocabSize, hiddenSize: 4 }), { seed: 1 });
    for (const bad of [0, -64, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => model.expectBatchTokens(bad)).toThrow(ArgumentError);
    }
    expect(() => model.expectBatchTokens('64' as unknown as number)).toThrow(/tokens/);
    model.expectBatchTokens(64);
    model.dispose();
  });
});
