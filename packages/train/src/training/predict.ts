import * as tf from '@tensorflow/tfjs';
import { type EncodedExamples, evaluationBatches } from '../data/batching';
import type { SentimentModel } from '../model/sentiment-model';

/**
 * Eval-mode logits of every example, in the examples' own order. Batches are
 * sorted by length (little padding); results are scattered back by index.
 */
export function predictLogits(
  model: SentimentModel,
  examples: EncodedExamples,
  batchSize = 256,
): Float32Array {
  const out = new Float32Array(examples.lengths.length);
  // The eval-mode logits, the input projection made once per vocabulary entry.
  const logitsOf = model.evaluator();
  for (const batch of evaluationBatches(examples, { batchSize })) {
    const values = logitsOf(batch.tokens, batch.lengths, batch.time, batch.batchSize);
    for (let b = 0; b < batch.batchSize; b++) out[batch.indices[b]!] = values[b]!;
  }
  return out;
}

/** Share of examples whose logit sign matches the label (logit >= 0 means positive). */
export function accuracyOf(logits: Float32Array, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < logits.length; i++) {
    if ((logits[i]! >= 0 ? 1 : 0) === labels[i]) correct++;
  }
  return logits.length === 0 ? 0 : correct / logits.length;
}

/** Mean BCE-with-logits loss, as the training loss is computed. */
export function meanBceWithLogits(logits: Float32Array, labels: ArrayLike<number>): number {
  return tf.tidy(() => {
    const loss = tf.losses.sigmoidCrossEntropy(
      tf.tensor1d(Float32Array.from(labels)),
      tf.tensor1d(logits),
    );
    return loss.dataSync()[0]!;
  });
}
