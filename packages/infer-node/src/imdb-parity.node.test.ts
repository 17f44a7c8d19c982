// Real reviews: the IMDB archive at IMDB_RNN_DATA (CI sets it; without it the test
// fails in CI and is skipped locally). Vocabulary of 20,002 from the training split,
// every architecture at the reference size (and the BiLSTM with last-max-mean
// pooling), 200 test reviews spread over the split
// (lengths from a handful of tokens to over a thousand): infer-node equals the
// reference forward pass (PyTorch semantics, float64) within 1e-5.
import { buildTestModel } from '@imdb-rnn/export-onnx/testing';
import { imdbDataPath, imdbParitySample } from '@imdb-rnn/test-support/imdb';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from './index.js';

const data = imdbDataPath();

describe.skipIf(data === undefined)('infer-node on real IMDB reviews', () => {
  it('agrees with the reference forward pass within 1e-5 for every architecture', async () => {
    const { train, sample } = await imdbParitySample(data!);
    const cases = [
      ...(['rnn', 'gru', 'lstm', 'bilstm'] as const).map((arch) => [arch, undefined] as const),
      ['bilstm', 'last-max-mean'] as const,
    ];
    for (const [arch, pooling] of cases) {
      const name = `${arch}${pooling === undefined ? '' : ` ${pooling}`}`;
      const model = buildTestModel(arch, { corpus: train, seed: 3, pooling });
      expect(model.vocab.size).toBe(20_002);
      const expected = model.probabilities(sample);
      const classifier = await loadClassifier(model.onnx());
      const results = await classifier.classify(sample);
      let worst = 0;
      results.forEach((result, i) => {
        worst = Math.max(worst, Math.abs(result.score - expected[i]!));
      });
      console.log(
        `[imdb parity] ${name}: max |p(infer-node) - p(reference)| = ${worst.toExponential(2)}`,
      );
      expect(worst, `${name}: largest |probability difference|`).toBeLessThan(1e-5);
      await classifier.dispose();
    }
  }, 300_000);
});
