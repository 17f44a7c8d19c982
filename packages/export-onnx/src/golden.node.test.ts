import { readFileSync } from 'node:fs';
import { ARCHITECTURES, type Architecture, modelSpec } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { testMetadata } from './testing/random-artifact.js';
import { referenceLogits } from './testing/reference-forward.js';
import { runOnnx } from './testing/run-onnx.js';

// Written by scripts/make_golden.py from PyTorch (nn.Embedding -> nn.RNN/GRU/LSTM over
// pack_padded_sequence -> nn.Linear); CI has no torch, so the JSON is committed.
interface GoldenFixture {
  arch: Architecture;
  spec: { vocabSize: number; embeddingSize: number; hiddenSize: number };
  tensors: Record<string, { shape: number[]; data: number[] }>;
  tokenIds: number[][];
  lengths: number[];
  logits: number[];
}

const TOLERANCE = 1e-5;

function loadGolden(arch: Architecture) {
  const url = new URL(`../fixtures/golden-${arch}.json`, import.meta.url);
  const fixture = JSON.parse(readFileSync(url, 'utf8')) as GoldenFixture;
  const spec = modelSpec(arch, fixture.spec);
  const tensors = Object.fromEntries(
    Object.entries(fixture.tensors).map(([name, { shape, data }]) => [
      name,
      { shape, data: Float32Array.from(data) },
    ]),
  );
  return { fixture, artifact: { metadata: testMetadata(spec, arch), tensors } };
}

describe('golden: PyTorch weights exported to ONNX reproduce PyTorch', () => {
  for (const arch of ARCHITECTURES) {
    it(`${arch}: onnxruntime logits equal PyTorch's within ${TOLERANCE}`, async () => {
      const { fixture, artifact } = loadGolden(arch);
      const { logit } = await runOnnx(exportOnnx(artifact), fixture.tokenIds, fixture.lengths);
      expect(logit.length).toBe(fixture.logits.length);
      fixture.logits.forEach((expected, b) => {
        expect(Math.abs(logit[b]! - expected)).toBeLessThan(TOLERANCE);
      });
    });

    // The random-weight tests trust this reference; here it is checked against PyTorch itself.
    it(`${arch}: the TypeScript reference forward pass equals PyTorch's within ${TOLERANCE}`, () => {
      const { fixture, artifact } = loadGolden(arch);
      const logits = referenceLogits(
        artifact.metadata.spec,
        artifact.tensors,
        fixture.tokenIds,
        fixture.lengths,
      );
      fixture.logits.forEach((expected, b) => {
        expect(Math.abs(logits[b]! - expected)).toBeLessThan(TOLERANCE);
      });
    });
  }
});
