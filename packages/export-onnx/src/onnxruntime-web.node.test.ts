import { ARCHITECTURES } from '@imdb-rnn/core';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { randomArtifact, randomBatch } from './testing/random-artifact.js';
import { runOnnx } from './testing/run-onnx.js';
import { WEIGHT_FORMATS } from './weight-format.js';

// onnxruntime-web's wasm backend (what browsers run), here under Node: the opset and
// every operator, including Gather on float16/int8 tables, must run there too.
ortWeb.env.wasm.numThreads = 1;

const LENGTHS = [5, 2, 1, 5];

describe('exported models in onnxruntime-web (wasm)', () => {
  const cases = [
    ...ARCHITECTURES.map((arch) => [arch, 'last'] as const),
    // Pooling over time adds Range, Less, Where, ReduceMax, ReduceSum, Max and Concat.
    ...ARCHITECTURES.map((arch) => [arch, 'last-max-mean'] as const),
  ];
  for (const [arch, pooling] of cases) {
    it(`${arch}, pooling ${pooling}: every weight format gives onnxruntime-node's logits`, async () => {
      const overrides = { vocabSize: 40, embeddingSize: 6, hiddenSize: 5, pooling };
      const artifact = randomArtifact(arch, 31, overrides);
      const { ids, lengths } = randomBatch(artifact.metadata.spec.vocabSize, LENGTHS, 4);
      for (const weights of WEIGHT_FORMATS) {
        const bytes = exportOnnx(artifact, { weights });
        const session = await ortWeb.InferenceSession.create(bytes, {
          executionProviders: ['wasm'],
        });
        const out = await session.run({
          token_ids: new ortWeb.Tensor('int64', BigInt64Array.from(ids.flat(), BigInt), [
            ids.length,
            ids[0]!.length,
          ]),
          lengths: new ortWeb.Tensor('int64', BigInt64Array.from(lengths, BigInt), [
            lengths.length,
          ]),
        });
        await session.release();
        const web = out.logit!.data as Float32Array;
        const { logit: native } = await runOnnx(bytes, ids, lengths);
        native.forEach((value, b) => {
          expect(Math.abs(web[b]! - value), `${weights}[${b}]`).toBeLessThan(1e-5);
        });
      }
    }, 30_000);
  }
});
