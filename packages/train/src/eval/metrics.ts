import { MetricsError } from '../errors';
import {
  accuracyOf,
  type ConfusionMatrix,
  confusionMatrix,
  f1Of,
  type MaybeRatio,
  precisionOf,
  recallOf,
} from './confusion.js';
import { accuracyByLength, type LengthBucketAccuracy } from './length-buckets.js';
import { type RocAuc, rocAuc } from './roc-auc.js';

/**
 * What the scores are. Our models end in linear(1) without a sigmoid, so their
 * raw outputs are logits (positive when the model leans positive); exported
 * ONNX graphs and the inference packages give probabilities. Only the decision
 * threshold depends on this: 0 for logits, 0.5 for probabilities. ROC-AUC is
 * the same for both because sigmoid is strictly increasing.
 */
export type ScoreKind = 'logit' | 'probability';

export interface EvaluateOptions {
  /** Whether `scores` are logits or probabilities. Required: guessing is how thresholds go wrong. */
  scoreKind: ScoreKind;
  /** Token count of each review, for accuracy by length; omit to skip that breakdown. */
  lengths?: Int32Array;
  /** Lower edges of the length buckets in tokens (default DEFAULT_LENGTH_BUCKETS). */
  lengthBuckets?: readonly number[];
}

/** Test-set metrics of a binary sentiment classifier; the positive class is label 1. */
export interface Metrics {
  /** number of examples evaluated */
  count: number;
  /** the threshold used: a score >= threshold is predicted positive */
  threshold: number;
  scoreKind: ScoreKind;
  accuracy: number;
  precision: MaybeRatio;
  recall: MaybeRatio;
  f1: MaybeRatio;
  rocAuc: RocAuc;
  confusion: ConfusionMatrix;
  /** present when lengths were given */
  byLength?: LengthBucketAccuracy[];
}

/**
 * Computes every metric of the report from one pass of model outputs over a
 * split. Labels may be 0/1 integers or floats (tfjs label tensors are float32);
 * anything else is an error rather than being silently rounded.
 */
export function evaluate(
  scores: Float32Array,
  labels: Uint8Array | Float32Array,
  options: EvaluateOptions,
): Metrics {
  checkInputs(scores, labels);
  const threshold = options.scoreKind === 'logit' ? 0 : 0.5;
  const predicted = new Uint8Array(scores.length);
  const correct: boolean[] = new Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    predicted[i] = scores[i]! >= threshold ? 1 : 0;
    correct[i] = predicted[i] === labels[i];
  }
  const confusion = confusionMatrix(predicted, labels);
  const metrics: Metrics = {
    count: scores.length,
    threshold,
    scoreKind: options.scoreKind,
    accuracy: accuracyOf(confusion)!,
    precision: precisionOf(confusion),
    recall: recallOf(confusion),
    f1: f1Of(confusion),
    rocAuc: rocAuc(scores, labels),
    confusion,
  };
  if (options.lengths) {
    metrics.byLength = accuracyByLength(correct, options.lengths, options.lengthBuckets);
  }
  return metrics;
}

function checkInputs(scores: Float32Array, labels: Uint8Array | Float32Array): void {
  if (scores.length === 0) {
    throw new MetricsError('EMPTY', 'scores is empty; metrics need at least one example');
  }
  if (scores.length !== labels.length) {
    throw new MetricsError(
      'LENGTH_MISMATCH',
      `scores has ${scores.length} entries but labels has ${labels.length}`,
    );
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) {
      throw new MetricsError('NAN_SCORE', `scores[${i}] is NaN (did training diverge?)`);
    }
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new MetricsError('BAD_LABEL', `labels[${i}] is ${labels[i]}; labels must be 0 or 1`);
    }
  }
}
