import { type Architecture, modelSpec, poolingOf } from '@imdb-rnn/core';
import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import {
  referenceEmbeddingLookup,
  referencePooling,
  referenceRecurrentLayer,
} from '../ops/reference-ops';
import { createSentimentModel, type SentimentModel } from './sentiment-model';

// float32 on both sides; they differ only in summation order.
const TOLERANCE = 1e-5;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The same model from plain tfjs ops (gather, per-step matMul, masking, matMul) over the model's own variables. */
function referenceLogits(
  model: SentimentModel,
  ids: Int32Array,
  lengths: Int32Array,
  time: number,
): tf.Tensor1D {
  const [embedding, ...rest] = model.trainableVariables;
  const dirs = model.spec.bidirectional ? 2 : 1;
  const weights = Array.from({ length: dirs }, (_, d) => ({
    wIh: rest[4 * d]!,
    wHh: rest[4 * d + 1]!,
    bIh: rest[4 * d + 2]!,
    bHh: rest[4 * d + 3]!,
  }));
  const [fcWeight, fcBias] = rest.slice(4 * dirs);
  const x = referenceEmbeddingLookup(embedding as tf.Tensor2D, ids, model.spec.padIndex);
  const { cell, hiddenSize } = model.spec;
  const h =
    poolingOf(model.spec) === 'last'
      ? referenceRecurrentLayer(x, lengths, time, weights, cell, hiddenSize)
      : referencePooling(
          referenceRecurrentLayer(x, lengths, time, weights, cell, hiddenSize, 'sequence'),
          lengths,
          dirs,
        );
  // fc.weight [1, in] holds the same numbers as the dense kernel [in, 1].
  return h
    .matMul(fcWeight!.reshape([-1, 1]))
    .add(fcBias!)
    .reshape([-1]) as tf.Tensor1D;
}

describe.each([
  ['rnn', 'last'],
  ['gru', 'last'],
  ['lstm', 'last'],
  ['bilstm', 'last'],
  ['gru', 'last-max-mean'],
  ['lstm', 'last-max-mean'],
  ['bilstm', 'last-max-mean'],
] as const)('sentiment model %s, pooling %s', (arch: Architecture, pooling) => {
  it('agrees with a plain-tfjs reference model on a random ragged batch (logits, loss, every gradient)', () => {
    const spec = modelSpec(arch, {
      vocabSize: 40,
      embeddingSize: 7,
      hiddenSize: 5,
      dropout: 0,
      ...(pooling === 'last' ? {} : { pooling }),
    });
    const model = createSentimentModel(spec, { seed: 21 });
    const rng = new Rng(arch.length);
    const time = 9;
    const batch = 5;
    const lengths = Int32Array.from({ length: batch }, () => 1 + rng.int(time));
    lengths[2] = time;
    const ids = new Int32Array(time * batch).fill(spec.padIndex);
    for (let b = 0; b < batch; b++) {
      // Any id but <pad> inside a review, <unk> (0) included.
      for (let t = 0; t < lengths[b]!; t++) {
        const id = rng.int(spec.vocabSize - 1);
        ids[t * batch + b] = id >= spec.padIndex ? id + 1 : id;
      }
    }
    const labels = tf.tensor1d(Array.from({ length: batch }, () => rng.int(2)));
    const vars = model.trainableVariables;
    const fused = tf.variableGrads(
      () => model.loss(model.logits(ids, lengths, time, batch, { training: true }), labels),
      vars,
    );
    const reference = tf.variableGrads(
      () => model.loss(referenceLogits(model, ids, lengths, time), labels),
      vars,
    );
    expect(
      Math.abs(fused.value.dataSync()[0]! - reference.value.dataSync()[0]!),
    ).toBeLessThanOrEqual(TOLERANCE);
    for (const v of vars) {
      expect(
        maxAbsDiff(fused.grads[v.name]!.dataSync(), reference.grads[v.name]!.dataSync()),
        v.name,
      ).toBeLessThanOrEqual(TOLERANCE);
    }
    model.dispose();
  });
});
