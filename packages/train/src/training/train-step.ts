import * as tf from '@tensorflow/tfjs';
import type { SentimentModel } from '../model/sentiment-model';
import { clipGradNorm } from '../optim/clip-grad-norm';
import type { FusedAdam } from '../optim/fused-adam';

/**
 * One optimisation step on one batch: the mean BCE-with-logits loss, its
 * gradients for every variable, optional global-norm clipping, the Adam update.
 * Returns the batch's loss (before the update).
 */
export function trainStep(
  model: SentimentModel,
  optimizer: FusedAdam,
  variables: tf.Variable[],
  batch: {
    tokens: Int32Array;
    lengths: Int32Array;
    time: number;
    batchSize: number;
    labels: Float32Array;
  },
  clipNorm: number | undefined,
): number {
  const labels = tf.tensor1d(batch.labels);
  const { value, grads } = tf.variableGrads(
    () =>
      model.loss(
        model.logits(batch.tokens, batch.lengths, batch.time, batch.batchSize, { training: true }),
        labels,
      ),
    variables,
  );
  let toApply = grads;
  if (clipNorm !== undefined) toApply = clipGradNorm(grads, clipNorm).grads;
  optimizer.applyGradients(toApply);
  const loss = value.dataSync()[0]!;
  tf.dispose([labels, value, grads, toApply]);
  return loss;
}
