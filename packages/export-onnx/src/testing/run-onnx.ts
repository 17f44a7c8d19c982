import * as ort from 'onnxruntime-node';

/** Runs an exported model on a padded batch with onnxruntime-node; returns logits and probabilities. */
export async function runOnnx(
  bytes: Uint8Array,
  ids: number[][],
  lengths: number[],
): Promise<{ logit: Float32Array; probability: Float32Array }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const time = ids[0]?.length ?? 0;
    const tokenIds = new ort.Tensor('int64', BigInt64Array.from(ids.flat(), BigInt), [
      ids.length,
      time,
    ]);
    const lengthTensor = new ort.Tensor('int64', BigInt64Array.from(lengths, BigInt), [
      lengths.length,
    ]);
    const out = await session.run({ token_ids: tokenIds, lengths: lengthTensor });
    return {
      logit: out.logit!.data as Float32Array,
      probability: out.probability!.data as Float32Array,
    };
  } finally {
    await session.release();
  }
}
