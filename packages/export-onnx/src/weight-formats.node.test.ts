import { ARCHITECTURES } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { float16BitsToFloat32, toFloat16 } from './float16.js';
import { dequantizeRows, quantizeRows } from './quantize.js';
import { randomArtifact, randomBatch } from './testing/random-artifact.js';
import { referenceLogits } from './testing/reference-forward.js';
import { runOnnx } from './testing/run-onnx.js';

const LENGTHS = [6, 3, 1, 6, 4];

// Each compact graph must compute exactly the fp32 model with its embedding table
// replaced by the rounded values (fp16) or codes * row scale (int8): the reference runs
// on that table, so only float32 arithmetic noise remains.
const ROUNDED_TABLES = {
  fp16: (data: Float32Array) => Float32Array.from(toFloat16(data), float16BitsToFloat32),
  int8: (data: Float32Array, rows: number, columns: number) =>
    dequantizeRows(quantizeRows(data, rows, columns), columns),
} as const;

describe('compact embedding formats in onnxruntime-node', () => {
  for (const weights of ['fp16', 'int8'] as const) {
    for (const arch of ARCHITECTURES) {
      it(`${arch} ${weights}: equals the reference with the ${weights}-rounded embedding table`, async () => {
        const artifact = randomArtifact(arch, 23);
        const spec = artifact.metadata.spec;
        const { ids, lengths } = randomBatch(spec.vocabSize, LENGTHS, 9);
        const table = artifact.tensors['embedding.weight']!;
        const rounded = ROUNDED_TABLES[weights](table.data, spec.vocabSize, spec.embeddingSize);
        const expected = referenceLogits(
          spec,
          { ...artifact.tensors, 'embedding.weight': { data: rounded } },
          ids,
          lengths,
        );
        const exact = referenceLogits(spec, artifact.tensors, ids, lengths);
        const { logit } = await runOnnx(exportOnnx(artifact, { weights }), ids, lengths);
        expected.forEach((value, b) => {
          expect(Math.abs(logit[b]! - value)).toBeLessThan(1e-5);
          // And the rounding itself moves the logit only a little.
          expect(Math.abs(logit[b]! - exact[b]!)).toBeLessThan(weights === 'fp16' ? 2e-3 : 5e-2);
        });
      });
    }
  }

  it('stores the table in 2 bytes (fp16) or 1 byte plus a float32 row scale (int8) per entry', () => {
    const [vocab, embedding] = [2000, 50];
    const artifact = randomArtifact('lstm', 3, {
      vocabSize: vocab,
      embeddingSize: embedding,
      hiddenSize: 4,
    });
    const fp32 = exportOnnx(artifact).length;
    const fp16 = exportOnnx(artifact, { weights: 'fp16' }).length;
    const int8 = exportOnnx(artifact, { weights: 'int8' }).length;
    // The remaining difference is protobuf framing and the extra nodes: tens of bytes.
    expect(Math.abs(fp32 - fp16 - vocab * embedding * 2)).toBeLessThan(200);
    expect(Math.abs(fp32 - int8 - (vocab * embedding * 3 - vocab * 4))).toBeLessThan(400);
  });
});
