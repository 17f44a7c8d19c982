// The tfjs training model against the one readable reference forward pass
// (@imdb-rnn/export-onnx/testing: PyTorch semantics in float64), on the very test
// models and cases that infer-node's and infer-web's parity tests run through ONNX
// Runtime. Those check ONNX Runtime = reference; this checks tfjs = reference, with
// the same 1e-5 on probabilities, so tfjs = ONNX Runtime follows without an
// inference package importing train.
import { type Architecture, decodeArtifact, encode, sigmoid } from '@imdb-rnn/core';
import { buildTestModel, PARITY_CASES, type TestModel } from '@imdb-rnn/export-onnx/testing';
import { imdbDataPath, imdbParitySample } from '@imdb-rnn/test-support/imdb';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf';
import { predictLogits } from '../training/predict';
import { createSentimentModel } from './sentiment-model';

const TOLERANCE = 1e-5;
const ARCHS: readonly Architecture[] = ['rnn', 'gru', 'lstm', 'bilstm'];

beforeAll(async () => {
  await initBackend('cpu');
});

/** Largest |P(positive) from tfjs - P(positive) from the reference| over `texts`. */
function worstDifference(model: TestModel, texts: readonly string[], maxLength?: number): number {
  const { metadata, tensors } = decodeArtifact(model.artifact);
  const tfjs = createSentimentModel(metadata.spec, { seed: 0 });
  tfjs.setNamedWeights(tensors);
  const encoded = encode(texts, model.vocab, maxLength ? { maxLength } : {});
  // Batches of 64 keep the padded tensor small for long reviews.
  const logits = predictLogits(tfjs, { ...encoded, labels: new Uint8Array(texts.length) }, 64);
  tfjs.dispose();
  const expected = model.probabilities(texts, maxLength);
  let worst = 0;
  logits.forEach((logit, i) => {
    worst = Math.max(worst, Math.abs(sigmoid(logit) - expected[i]!));
  });
  return worst;
}

describe('the tfjs training model agrees with the reference forward pass', () => {
  it.each(ARCHS)('%s: the parity cases within 1e-5', (arch) => {
    expect(worstDifference(buildTestModel(arch), PARITY_CASES)).toBeLessThan(TOLERANCE);
  });

  it.each(ARCHS)('%s with last-max-mean pooling: the parity cases within 1e-5', (arch) => {
    const model = buildTestModel(arch, { pooling: 'last-max-mean' });
    expect(worstDifference(model, PARITY_CASES)).toBeLessThan(TOLERANCE);
  });

  it('lstm: a 1 MB review truncated to 500 tokens within 1e-5', () => {
    const huge = `${PARITY_CASES[0]} `.repeat(Math.ceil(1_000_000 / (PARITY_CASES[0]!.length + 1)));
    expect(worstDifference(buildTestModel('lstm'), [huge], 500)).toBeLessThan(TOLERANCE);
  });
});

const data = imdbDataPath();

// The cases of infer-node's imdb-parity test: a 20,002-word vocabulary from the
// training split, seed 3, every 125th test review.
describe.skipIf(data === undefined)('the tfjs training model on real IMDB reviews', () => {
  it('agrees with the reference forward pass within 1e-5 for every architecture', async () => {
    const { train, sample } = await imdbParitySample(data!);
    const cases = [
      ...ARCHS.map((arch) => [arch, undefined] as const),
      ['bilstm', 'last-max-mean'] as const,
    ];
    for (const [arch, pooling] of cases) {
      const model = buildTestModel(arch, { corpus: train, seed: 3, pooling });
      expect(model.vocab.size).toBe(20_002);
      const worst = worstDifference(model, sample);
      const name = `${arch}${pooling === undefined ? '' : ` ${pooling}`}`;
      console.log(
        `[imdb parity] ${name}: max |p(tfjs) - p(reference)| = ${worst.toExponential(2)}`,
      );
      expect(worst, `${name}: largest |probability difference|`).toBeLessThan(TOLERANCE);
    }
  }, 300_000);
});
