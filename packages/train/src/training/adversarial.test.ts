import { modelSpec } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { createSentimentModel } from '../model/sentiment-model';
import { adversarialPerturbation } from './adversarial';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('adversarialPerturbation', () => {
  // time 3, batch 2, width 2; review 0 has 3 tokens, review 1 has 1.
  const lengths = Int32Array.from([3, 1]);
  const dx = Float32Array.from([
    // t = 0: b0, b1
    3, 0, 0, 2,
    // t = 1: b0, b1 (padding)
    0, 4, 9, 9,
    // t = 2: b0, b1 (padding)
    0, 0, 9, 9,
  ]);

  it("scales each review's gradient to norm epsilon over its own tokens and leaves padding at 0", () => {
    const r = adversarialPerturbation(dx, lengths, 3, 2, 2);
    // Review 0: gradient (3,0),(0,4),(0,0), norm 5; review 1: (0,2), norm 2.
    expect(Array.from(r)).toEqual([1.2, 0, 0, 2, 0, 1.6, 0, 0, 0, 0, 0, 0].map(Math.fround));
  });

  it('gives a review with a zero gradient no perturbation, and reuses `into`', () => {
    const into = new Float32Array(12).fill(7);
    const r = adversarialPerturbation(new Float32Array(12), lengths, 3, 2, 2, into);
    expect(r.buffer).toBe(into.buffer);
    expect(Array.from(r)).toEqual(new Array(12).fill(0));
  });

  it('names a gradient too short for the batch', () => {
    expect(() => adversarialPerturbation(new Float32Array(11), lengths, 3, 2, 1)).toThrow(
      /dx.*at least time \* batch \* width = 12 values, got 11/,
    );
  });
});

describe('the model input hooks adversarial training uses', () => {
  // No dropout, so a training pass is a function of its input offset alone.
  const spec = modelSpec('bilstm', {
    vocabSize: 30,
    embeddingSize: 6,
    hiddenSize: 5,
    dropout: 0,
    pooling: 'last-max-mean',
  });
  const time = 7;
  const lengths = Int32Array.from([7, 4, 1]);
  const batch = lengths.length;
  const rng = new Rng(3);
  const ids = Int32Array.from({ length: time * batch }, () => 2 + rng.int(28));
  const labels = tf.tensor1d([1, 0, 1]);

  it('hands over the gradient with respect to the offset, and the offset along it raises the loss', () => {
    const model = createSentimentModel(spec, { seed: 5, threads: 1 });
    const lossAt = (offset?: Float32Array) =>
      tf.tidy(
        () =>
          model
            .loss(
              model.logits(ids, lengths, time, batch, { training: true, inputOffset: offset }),
              labels,
            )
            .dataSync()[0]!,
      );
    let dx: Float32Array | undefined;
    const { value, grads } = tf.variableGrads(
      () =>
        model.loss(
          model.logits(ids, lengths, time, batch, {
            training: true,
            onInputGradient: (g) => {
              dx = Float32Array.from(g);
            },
          }),
          labels,
        ),
      model.trainableVariables,
    );
    const clean = value.dataSync()[0]!;
    tf.dispose([value, grads]);
    expect(dx).toBeDefined();
    // Central differences along r, each review's gradient scaled to norm 1:
    // the slope is the sum of the reviews' gradient norms.
    const r = adversarialPerturbation(dx!, lengths, time, spec.embeddingSize, 1);
    let expected = 0;
    for (let b = 0; b < batch; b++) {
      let sum = 0;
      for (let t = 0; t < lengths[b]!; t++) {
        for (let k = 0; k < spec.embeddingSize; k++)
          sum += dx![(t * batch + b) * spec.embeddingSize + k]! ** 2;
      }
      expected += Math.sqrt(sum);
    }
    expect(expected).toBeGreaterThan(0);
    const h = 1e-2;
    const step = (s: number) => r.map((v) => v * s);
    const slope = (lossAt(step(h)) - lossAt(step(-h))) / (2 * h);
    expect(slope).toBeCloseTo(expected, 3);
    // Moved along the gradient the loss rises; no offset gives the clean loss back.
    expect(lossAt(step(0.5))).toBeGreaterThan(clean);
    expect(lossAt()).toBe(clean);
    // Padding rows of the offset are never read.
    const noisy = Float32Array.from(r);
    for (let b = 0; b < batch; b++) {
      for (let t = lengths[b]!; t < time; t++)
        noisy.fill(
          99,
          (t * batch + b) * spec.embeddingSize,
          (t * batch + b + 1) * spec.embeddingSize,
        );
    }
    expect(lossAt(noisy)).toBe(lossAt(r));
    model.dispose();
  });

  it('rejects an offset of the wrong size, naming it', () => {
    const model = createSentimentModel(spec, { seed: 5, threads: 1 });
    expect(() =>
      model.logits(ids, lengths, time, batch, { training: true, inputOffset: new Float32Array(5) }),
    ).toThrow(/offset has 5 elements, expected ids.length \* embeddingSize = 126/);
    model.dispose();
  });
});
