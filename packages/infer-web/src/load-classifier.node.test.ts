// onnxruntime-web's wasm backend under Node: the same cases as infer-node's tests,
// before the Chromium test runs them in a real browser.
import { buildTestModel, PARITY_CASES, type TestModel } from '@imdb-rnn/export-onnx/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier, ModelFormatError } from './index.js';

let bilstm: TestModel;

beforeAll(async () => {
  bilstm = buildTestModel('bilstm');
}, 60_000);

describe('infer-web (onnxruntime-web wasm, in Node)', () => {
  it('bilstm fp32 agrees with the reference forward pass within 1e-5', async () => {
    const expected = bilstm.probabilities(PARITY_CASES);
    const classifier = await loadClassifier(bilstm.onnx());
    const results = await classifier.classify(PARITY_CASES);
    results.forEach((result, i) => {
      expect(Math.abs(result.score - expected[i]!), `case ${i}`).toBeLessThan(1e-5);
    });
    await classifier.dispose();
    // The first test pays onnxruntime-web's wasm start-up, seconds on a loaded machine.
  }, 60_000);

  it('concurrent callers on one session never collide', async () => {
    const classifier = await loadClassifier(bilstm.onnx());
    const texts = Array.from({ length: 300 }, (_, i) => PARITY_CASES[i % PARITY_CASES.length]!);
    const [single, concurrent] = await Promise.all([
      classifier.classify(texts),
      Promise.all(texts.map((text) => classifier.classify(text))),
    ]);
    concurrent.forEach((result, i) => {
      expect(Math.abs(result.score - single[i]!.score)).toBeLessThan(1e-6);
    });
    await classifier.dispose();
  });

  it('refuses bytes that are not a model with ModelFormatError', async () => {
    await expect(loadClassifier(new TextEncoder().encode('nope'))).rejects.toThrow(
      ModelFormatError,
    );
  });
});
