import { encode, padBatch, sortByLength, Vocab } from '@imdb-rnn/core';
import * as ort from 'onnxruntime-node';
import { readOnnxMetadata } from '../read-onnx-metadata.js';

export interface Evaluation {
  /** Logits in the order of the input texts. */
  logits: Float32Array;
  /** Fraction of texts whose predicted label (logit > 0 = positive) equals theirs. */
  accuracy: number;
}

/**
 * Runs an exported model over labelled texts the way inference will: the model's own
 * vocabulary (from its metadata), core's encode, batches of similar length.
 */
export async function evaluateOnnx(
  bytes: Uint8Array,
  examples: readonly { text: string; label: 0 | 1 }[],
  options: { batchSize?: number; maxLength?: number } = {},
): Promise<Evaluation> {
  const batchSize = options.batchSize ?? 64;
  const vocab = Vocab.fromTokens(readOnnxMetadata(bytes).vocab);
  const encoded = encode(
    examples.map((e) => e.text),
    vocab,
    options.maxLength === undefined ? {} : { maxLength: options.maxLength },
  );
  const order = sortByLength(encoded.lengths);
  const logits = new Float32Array(examples.length);
  const session = await ort.InferenceSession.create(bytes);
  try {
    for (let start = 0; start < order.length; start += batchSize) {
      const indices = Array.from(order.subarray(start, start + batchSize));
      const padded = padBatch(indices.map((i) => encoded.ids[i]!));
      const out = await session.run({
        token_ids: new ort.Tensor('int64', BigInt64Array.from(padded.data, BigInt), [
          padded.batch,
          padded.time,
        ]),
        lengths: new ort.Tensor(
          'int64',
          BigInt64Array.from(indices, (i) => BigInt(encoded.lengths[i]!)),
          [indices.length],
        ),
      });
      const batchLogits = out.logit!.data as Float32Array;
      indices.forEach((i, b) => {
        logits[i] = batchLogits[b]!;
      });
    }
  } finally {
    await session.release();
  }
  let correct = 0;
  examples.forEach((e, i) => {
    if ((logits[i]! > 0 ? 1 : 0) === e.label) correct++;
  });
  return { logits, accuracy: examples.length > 0 ? correct / examples.length : 0 };
}
