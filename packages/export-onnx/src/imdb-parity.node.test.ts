import { ARCHITECTURES, encode, modelSpec, padBatch, tokenize, Vocab } from '@imdb-rnn/core';
import { type Review, readImdbReviews } from '@imdb-rnn/test-support/imdb';
import { describe, expect, it } from 'vitest';
import { compareLogits } from './compare-logits.js';
import { exportOnnx } from './export-onnx.js';
import { readOnnxMetadata } from './read-onnx-metadata.js';
import { evaluateOnnx } from './testing/evaluate-onnx.js';
import { randomArtifact, testMetadata } from './testing/random-artifact.js';
import { referenceLogits } from './testing/reference-forward.js';
import { runOnnx } from './testing/run-onnx.js';

// Real reviews, real lengths (about 100 to 800 tokens here: float32 error accumulates over
// every step), a real vocabulary: the exported graph still equals the PyTorch-semantics
// reference, and a vocabulary read back from the model encodes text identically.
const data = process.env.IMDB_RNN_DATA;
const REVIEWS = 48;
const TOLERANCE = 1e-5;
// Read before collecting the tests: the reader is async and the cases are built from it.
const all = data ? await readImdbReviews(data) : [];

describe('parity on IMDB test reviews (reference spec sizes, real vocabulary)', () => {
  if (!data) {
    if (process.env.CI) {
      it('has IMDB_RNN_DATA (CI must run the IMDB parity test)', () => {
        expect(data, 'set IMDB_RNN_DATA to aclImdb_v1-labeled.tar.gz').toBeDefined();
      });
    } else {
      it.skip('needs IMDB_RNN_DATA (path of aclImdb_v1-labeled.tar.gz)', () => {});
    }
    return;
  }

  const train = all.filter((r) => r.path.startsWith('train/'));
  const test = all.filter((r) => r.path.startsWith('test/'));
  // Every n-th test review: both labels, a spread of lengths.
  const sample: Review[] = test
    .filter((_, i) => i % Math.floor(test.length / REVIEWS) === 0)
    .slice(0, REVIEWS);
  const vocab = Vocab.build(train.map((r) => tokenize(r.text)));
  const texts = sample.map((r) => r.text);
  const encoded = encode(texts, vocab);
  const lengths = Array.from(encoded.lengths);
  const padded = padBatch(encoded.ids);
  const ids = Array.from({ length: padded.batch }, (_, b) =>
    Array.from(padded.data.subarray(b * padded.time, (b + 1) * padded.time)),
  );

  for (const arch of ARCHITECTURES) {
    it(`${arch}: onnxruntime equals the reference forward pass within ${TOLERANCE}`, async () => {
      const spec = modelSpec(arch, { vocabSize: vocab.size });
      // Small weights keep the states away from saturation, where every model looks alike.
      const artifact = randomArtifact(arch, 17, { vocabSize: vocab.size }, 0.25);
      artifact.metadata = testMetadata(spec, arch);
      artifact.metadata.vocab = [...vocab.tokens];
      const bytes = exportOnnx(artifact);
      const { logit } = await runOnnx(bytes, ids, lengths);
      const expected = referenceLogits(spec, artifact.tensors, ids, lengths);
      const comparison = compareLogits(expected, logit);
      expect(comparison.count).toBe(REVIEWS);
      expect(comparison.maxAbsDiff).toBeLessThan(TOLERANCE);
      expect(comparison.labelAgreement).toBe(1);
      // The trained-model harness (evaluateOnnx: length-sorted batches of 5, the model's
      // own vocabulary) must give the same logits in the original order.
      const evaluation = await evaluateOnnx(bytes, sample, { batchSize: 5 });
      expect(compareLogits(logit, evaluation.logits).maxAbsDiff).toBeLessThan(1e-6);
      const correct = sample.filter((r, i) => (logit[i]! > 0 ? 1 : 0) === r.label).length;
      expect(evaluation.accuracy).toBe(correct / REVIEWS);
      // The model carries its vocabulary: inference encodes exactly as training did.
      const stored = Vocab.fromTokens(readOnnxMetadata(bytes).vocab);
      expect(encode(texts, stored).ids).toEqual(encoded.ids);
    }, 120_000);
  }
});
