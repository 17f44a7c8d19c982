import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeArtifact, encodeArtifact } from './artifact.js';
import { modelSpec } from './model-spec.js';
import { expectedTensorShapes } from './tensor-layout.js';

describe('decodeArtifact with Node Buffers', () => {
  it('reads tensors correctly from a Buffer inside a larger pool (Buffer.slice is a view)', () => {
    const vocab = ['<unk>', '<pad>', 'good'];
    const spec = modelSpec('rnn', { vocabSize: 3, embeddingSize: 2, hiddenSize: 2 });
    const tensors = Object.fromEntries(
      Object.entries(expectedTensorShapes(spec)).map(([name, shape], k) => [
        name,
        { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(k + 0.5) },
      ]),
    );
    const bytes = encodeArtifact({
      metadata: {
        format: 'imdb-rnn',
        formatVersion: 1,
        spec,
        tokenizerVersion: 1,
        vocab,
        labels: ['negative', 'positive'],
      },
      tensors,
    });
    // A Buffer that starts 3 bytes into a bigger allocation, as files read in pieces do.
    const pool = Buffer.alloc(bytes.length + 10);
    pool.set(bytes, 3);
    const decoded = decodeArtifact(pool.subarray(3, 3 + bytes.length));
    for (const [name, tensor] of Object.entries(tensors)) {
      expect([...decoded.tensors[name]!.data], name).toEqual([...tensor.data]);
    }
  });
});
