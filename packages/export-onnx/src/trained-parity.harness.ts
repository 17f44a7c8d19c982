import { readFileSync } from 'node:fs';
import { decodeArtifact } from '@imdb-rnn/core';
import { readImdbReviews } from '@imdb-rnn/test-support/imdb';
import { describe, expect, it } from 'vitest';
import { compareLogits } from './compare-logits.js';
import { exportOnnx } from './export-onnx.js';
import { evaluateOnnx } from './testing/evaluate-onnx.js';
import { WEIGHT_FORMATS } from './weight-format.js';

// Parity of a TRAINED model. No trained model is committed, so this is not part of
// `pnpm test`; it runs on demand with its own vitest config:
//   IMDB_RNN_ARTIFACT=runs/bilstm.safetensors IMDB_RNN_DATA=.../aclImdb_v1-labeled.tar.gz \
//   [IMDB_RNN_REFERENCE=bilstm-test-logits.json] [IMDB_RNN_MAX_LENGTH=n] pnpm parity
// Each exported format is run over the whole IMDB test split; its accuracy must match the
// test accuracy training measured (metadata.metrics.testAccuracy). IMDB_RNN_REFERENCE is
// the trained tfjs model's logits on the test split, in path order (test/neg/..., then
// test/pos/...): { "logits": number[] }; the fp32 export must reproduce them.
const artifactPath = process.env.IMDB_RNN_ARTIFACT;
const data = process.env.IMDB_RNN_DATA;
const referencePath = process.env.IMDB_RNN_REFERENCE;
const maxLength = process.env.IMDB_RNN_MAX_LENGTH
  ? Number(process.env.IMDB_RNN_MAX_LENGTH)
  : undefined;
// Float32 differences between tfjs and onnxruntime can flip a handful of borderline
// reviews; the compact formats change the embedding slightly more.
const ACCURACY_TOLERANCE = { fp32: 0.002, fp16: 0.004, int8: 0.01 } as const;

if (artifactPath === undefined || data === undefined) {
  throw new Error(
    'trained-parity: set IMDB_RNN_ARTIFACT (a trained .safetensors) and IMDB_RNN_DATA (the IMDB archive)',
  );
}
describeTrainedParity(artifactPath, data);

function describeTrainedParity(artifactPath: string, data: string): void {
  describe('trained model parity', () => {
    const artifactBytes = new Uint8Array(readFileSync(artifactPath));
    const { metadata } = decodeArtifact(artifactBytes);
    const test = readImdbReviews(data).filter((r) => r.path.startsWith('test/'));
    const evaluations = new Map<string, Float32Array>();

    for (const weights of WEIGHT_FORMATS) {
      it(`${weights}: accuracy on the IMDB test split matches metadata.metrics.testAccuracy`, async () => {
        const bytes = exportOnnx(artifactBytes, { weights });
        const { logits, accuracy } = await evaluateOnnx(
          bytes,
          test,
          maxLength === undefined ? {} : { maxLength },
        );
        evaluations.set(weights, logits);
        const trained = metadata.metrics?.testAccuracy;
        console.log(
          `${metadata.name ?? metadata.spec.cell} ${weights}: ${bytes.length} bytes, ONNX test accuracy ${accuracy.toFixed(4)}, trained ${trained}`,
        );
        expect(trained, 'metadata.metrics.testAccuracy is missing').toBeDefined();
        expect(Math.abs(accuracy - trained!)).toBeLessThanOrEqual(ACCURACY_TOLERANCE[weights]);
      }, 600_000);
    }

    it.runIf(referencePath !== undefined)('fp32 reproduces the tfjs model logits', () => {
      const reference = JSON.parse(readFileSync(referencePath!, 'utf8')) as { logits: number[] };
      const comparison = compareLogits(reference.logits, evaluations.get('fp32')!);
      console.log(`tfjs vs ONNX fp32: ${JSON.stringify(comparison)}`);
      expect(comparison.maxAbsDiff).toBeLessThan(1e-4);
      expect(comparison.labelAgreement).toBeGreaterThanOrEqual(0.999);
    });
  });
}
