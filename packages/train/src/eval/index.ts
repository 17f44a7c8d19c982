// Evaluation metrics of the report (issue 4, item 3). Re-exported by name from
// the package's src/index.ts.

export { MetricsError } from '../errors';
export {
  accuracyOf,
  type ConfusionMatrix,
  confusionMatrix,
  f1Of,
  type MaybeRatio,
  precisionOf,
  recallOf,
} from './confusion.js';
export {
  accuracyByLength,
  bucketLabel,
  DEFAULT_LENGTH_BUCKETS,
  type LengthBucketAccuracy,
} from './length-buckets.js';
export { type EvaluateOptions, evaluate, type Metrics, type ScoreKind } from './metrics.js';
export { type RocAuc, rocAuc } from './roc-auc.js';
