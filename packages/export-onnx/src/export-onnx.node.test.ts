import {
  ARCHITECTURES,
  ONNX_INPUTS,
  ONNX_OUTPUTS,
  ortSessionBackend,
  sigmoid,
} from '@imdb-rnn/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { randomArtifact, randomBatch } from './testing/random-artifact.js';
import { referenceLogits } from './testing/reference-forward.js';
import { runOnnx } from './testing/run-onnx.js';

// Unequal lengths, including 1 and the full width, so padding handling is exercised
// in both directions (the reverse pass must start at each example's last real token).
const LENGTHS = [7, 1, 4, 7, 2, 5];

describe('exportOnnx fp32 graph in onnxruntime-node', () => {
  for (const arch of ARCHITECTURES) {
    it(`${arch}: logits match a PyTorch-semantics reference forward pass on padded inputs`, async () => {
      const artifact = randomArtifact(arch, 11);
      const { ids, lengths } = randomBatch(artifact.metadata.spec.vocabSize, LENGTHS, 5);
      const { logit, probability } = await runOnnx(exportOnnx(artifact), ids, lengths);
      const expected = referenceLogits(artifact.metadata.spec, artifact.tensors, ids, lengths);
      expect(logit.length).toBe(LENGTHS.length);
      expected.forEach((value, b) => {
        expect(Math.abs(logit[b]! - value)).toBeLessThan(1e-5);
        expect(Math.abs(probability[b]! - sigmoid(value))).toBeLessThan(1e-6);
      });
    });
  }

  it('ignores extra padding columns beyond the longest sequence (sequence_lens, not the width, ends each row)', async () => {
    const artifact = randomArtifact('bilstm', 12);
    const { ids, lengths } = randomBatch(artifact.metadata.spec.vocabSize, [3, 1, 2], 6);
    const wide = ids.map((row) => [...row, 1, 1, 1, 1]);
    const bytes = exportOnnx(artifact);
    const narrow = await runOnnx(bytes, ids, lengths);
    const padded = await runOnnx(bytes, wide, lengths);
    narrow.logit.forEach((value, b) => {
      expect(Math.abs(padded.logit[b]! - value)).toBeLessThan(1e-6);
    });
  });

  it("has the input and output names core's ortSessionBackend feeds and fetches, which then runs it", async () => {
    const artifact = randomArtifact('gru', 13);
    const { ids, lengths } = randomBatch(artifact.metadata.spec.vocabSize, [4, 2, 1], 7);
    const session = await ort.InferenceSession.create(exportOnnx(artifact));
    expect(session.inputNames).toEqual(Object.values(ONNX_INPUTS));
    expect(session.outputNames).toEqual(Object.values(ONNX_OUTPUTS));
    const backend = ortSessionBackend(session, ort.Tensor);
    try {
      const logits = await backend.run(
        BigInt64Array.from(ids.flat(), BigInt),
        BigInt64Array.from(lengths, BigInt),
        ids.length,
        ids[0]!.length,
      );
      const expected = referenceLogits(artifact.metadata.spec, artifact.tensors, ids, lengths);
      expected.forEach((value, b) => {
        expect(Math.abs(logits[b]! - value)).toBeLessThan(1e-5);
      });
    } finally {
      await backend.dispose();
    }
  });
});

const POOLED = {
  vocabSize: 40,
  embeddingSize: 6,
  hiddenSize: 5,
  pooling: 'last-max-mean',
} as const;

describe('exportOnnx with last-max-mean pooling in onnxruntime-node', () => {
  for (const arch of ARCHITECTURES) {
    it(`${arch}: logits match the reference forward pass on padded inputs`, async () => {
      const artifact = randomArtifact(arch, 21, POOLED);
      const { ids, lengths } = randomBatch(POOLED.vocabSize, LENGTHS, 5);
      const { logit } = await runOnnx(exportOnnx(artifact), ids, lengths);
      const expected = referenceLogits(artifact.metadata.spec, artifact.tensors, ids, lengths);
      // The pooled statistics must move the logit: not the final-state model's.
      const last = randomArtifact(arch, 21, { ...POOLED, pooling: 'last' });
      last.tensors['fc.weight'] = {
        shape: [1, last.tensors['fc.weight']!.shape[1]!],
        data: artifact.tensors['fc.weight']!.data.slice(0, last.tensors['fc.weight']!.data.length),
      };
      const finalOnly = referenceLogits(last.metadata.spec, last.tensors, ids, lengths);
      expected.forEach((value, b) => {
        expect(Math.abs(logit[b]! - value)).toBeLessThan(1e-5);
        expect(Math.abs(finalOnly[b]! - value)).toBeGreaterThan(1e-3);
      });
    });
  }

  it('gives an example of length 0 a finite logit (its statistics pool to zeros), the others unchanged', async () => {
    const artifact = randomArtifact('bilstm', 22, POOLED);
    const { ids, lengths } = randomBatch(POOLED.vocabSize, [3, 1, 2], 6);
    const bytes = exportOnnx(artifact);
    const before = await runOnnx(bytes, ids, lengths);
    const { logit } = await runOnnx(bytes, ids, [3, 0, 2]);
    expect(Number.isFinite(logit[1])).toBe(true);
    const expected = referenceLogits(artifact.metadata.spec, artifact.tensors, ids, [3, 0, 2]);
    expect(Math.abs(logit[1]! - expected[1]!)).toBeLessThan(1e-5);
    for (const b of [0, 2]) expect(Math.abs(logit[b]! - before.logit[b]!)).toBeLessThan(1e-6);
  });

  it('ignores extra padding columns (max and mean count steps below each length only)', async () => {
    const artifact = randomArtifact('gru', 23, POOLED);
    const { ids, lengths } = randomBatch(POOLED.vocabSize, [3, 1, 2], 6);
    // Padding with a real word id: only the lengths may keep it out of the pool.
    const wide = ids.map((row, b) => [...row.map((id, t) => (t < lengths[b]! ? id : 7)), 7, 7]);
    const bytes = exportOnnx(artifact);
    const narrow = await runOnnx(bytes, ids, lengths);
    const padded = await runOnnx(bytes, wide, lengths);
    narrow.logit.forEach((value, b) => {
      expect(Math.abs(padded.logit[b]! - value)).toBeLessThan(1e-6);
    });
  });
});
