import * as tf from '@tensorflow/tfjs';
import type { LogitsOptions, SentimentModel } from '../model/sentiment-model';
import { clipGradNorm } from '../optim/clip-grad-norm';
import type { FusedAdam } from '../optim/fused-adam';
import { adversarialPerturbation } from './adversarial';

export interface TrainBatch {
  tokens: Int32Array;
  lengths: Int32Array;
  time: number;
  batchSize: number;
  labels: Float32Array;
}

export interface TrainStepOptions {
  /** Clip the global gradient norm to this; undefined: no clipping. */
  clipNorm?: number;
  /**
   * Adversarial training (see adversarialPerturbation): the step descends the
   * loss at the embedded tokens plus the loss at the embedded tokens moved by
   * this L2 norm per review in the direction that raises the loss most. Twice
   * the work of a plain step. Undefined or 0: off.
   */
  adversarialEpsilon?: number;
}

// The perturbation's storage, reused by every adversarial step (the lookup
// reads it within the step): a fresh array of time * batch * 100 floats per
// step (6 MB for an average IMDB batch) costs its page faults each time.
let perturbationStorage: Float32Array = new Float32Array(0);

/**
 * One optimisation step on one batch: the mean BCE-with-logits loss, its
 * gradients for every variable, optional global-norm clipping, the Adam update.
 * Returns the batch's loss (before the update; with adversarial training, the
 * loss at the unperturbed tokens).
 */
export function trainStep(
  model: SentimentModel,
  optimizer: FusedAdam,
  variables: tf.Variable[],
  batch: TrainBatch,
  options: TrainStepOptions = {},
): number {
  const labels = tf.tensor1d(batch.labels);
  const epsilon = options.adversarialEpsilon ?? 0;
  let perturbation: Float32Array | undefined;
  const pass = (extra: Omit<LogitsOptions, 'training'>) =>
    tf.variableGrads(
      () =>
        model.loss(
          model.logits(batch.tokens, batch.lengths, batch.time, batch.batchSize, {
            training: true,
            ...extra,
          }),
          labels,
        ),
      variables,
    );
  const { value, grads } = pass(
    epsilon > 0
      ? {
          onInputGradient: (dx) => {
            // A longer batch gets a new array, which the next steps reuse.
            perturbation = adversarialPerturbation(
              dx,
              batch.lengths,
              batch.time,
              model.spec.embeddingSize,
              epsilon,
              perturbationStorage,
            );
            if (perturbation.length > perturbationStorage.length)
              perturbationStorage = perturbation;
          },
        }
      : {},
  );
  let summed = grads;
  if (perturbation !== undefined) {
    const adversarial = pass({ inputOffset: perturbation });
    summed = {};
    for (const name of Object.keys(grads))
      summed[name] = tf.add(grads[name]!, adversarial.grads[name]!);
    tf.dispose([adversarial.value, adversarial.grads, grads]);
  }
  let toApply = summed;
  if (options.clipNorm !== undefined) toApply = clipGradNorm(summed, options.clipNorm).grads;
  optimizer.applyGradients(toApply);
  const loss = value.dataSync()[0]!;
  tf.dispose([labels, value, summed, toApply]);
  return loss;
}
