import { ARCHITECTURES } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { randomArtifact } from './testing/random-artifact.js';

// The reference spec (vocab 20,002, embedding 100, hidden 10): the embedding table is
// 2,000,200 of ~2.0M parameters, so its storage format decides the file size.
describe('exported model size at the reference spec', () => {
  for (const arch of ARCHITECTURES) {
    it(`${arch}: fp32 is about 8 MB, fp16 about 4 MB, int8 at most 2.5 MB`, () => {
      const artifact = randomArtifact(arch, 4, {});
      expect(artifact.metadata.spec.vocabSize).toBe(20002);
      const fp32 = exportOnnx(artifact).length;
      const fp16 = exportOnnx(artifact, { weights: 'fp16' }).length;
      const int8 = exportOnnx(artifact, { weights: 'int8' }).length;
      expect(fp32).toBeGreaterThan(8.0e6);
      expect(fp32).toBeLessThan(8.5e6);
      expect(fp16).toBeGreaterThan(4.0e6);
      expect(fp16).toBeLessThan(4.5e6);
      expect(int8).toBeLessThanOrEqual(2.5e6);
    });
  }
});
