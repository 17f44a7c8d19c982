// @imdb-rnn/train: data readers, fused tfjs ops and layers, the training loop,
// evaluation, reports and the `imdb-rnn` CLI. The public API at a glance.

// CLI
export { createProgram, runCli } from './cli/program';
export {
  DEFAULT_TRAIN_CONFIG,
  isPresetName,
  PRESETS,
  type Preset,
  type PresetName,
  resolveTrainConfig,
  type TrainConfig,
} from './config';
export {
  type Batch,
  type BatchingOptions,
  type EncodedExamples,
  evaluationBatches,
  makeBatch,
  planEvaluation,
  planTrainingEpoch,
  trainingBatches,
} from './data/batching';
// Data
export { resolveCacheDir } from './data/cache-dir';
export { type DownloadOptions, type DownloadProgress, downloadFile } from './data/download';
export {
  type Embeddings,
  type LoadEmbeddingsOptions,
  loadEmbeddings,
  type VectorsSource,
} from './data/glove';
export type { ImdbSplit, ImdbSplits, Review } from './data/imdb';
export { type ImdbReadProgress, type ReadImdbOptions, readImdb } from './data/imdb';
export {
  IMDB_ARCHIVE_SHA256,
  IMDB_ARCHIVE_SIZE,
  IMDB_ARCHIVE_URL,
  type ImdbDownloadOptions,
  type ResolveImdbSourceOptions,
  resolveImdbSource,
} from './data/imdb-source';
export { Rng } from './data/rng';
export { type Split, type SplitOptions, selectExamples, splitTrainValidation } from './data/split';
export {
  DownloadError,
  ImdbDataError,
  OptimizerError,
  TrainingError,
  type TrainingErrorCode,
  VectorsError,
} from './errors';
// Evaluation and reports
export * from './eval/index';
// Fused ops, layers and the model
export * from './kernels/index';
export * from './model/index';
export * from './ops/index';
// Optimisation
export { ADAM_DEFAULTS, type AdamHyperparameters, adamUpdate } from './optim/adam';
export { type ClippedGradients, clipGradNorm } from './optim/clip-grad-norm';
export { FusedAdam, type FusedAdamConfig } from './optim/fused-adam';
export * from './report/index';
export * from './tf/index';
// Training
export {
  type Checkpoint,
  decodeCheckpoint,
  type EpochRecord,
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type TrainingState,
} from './training/checkpoint';
export {
  type Dataset,
  type DatasetOptions,
  type LabelledSet,
  prepareDataset,
} from './training/dataset';
export { type ExperimentOptions, runExperiment } from './training/experiment';
export { accuracyOf, meanBceWithLogits, predictLogits } from './training/predict';
export {
  type BatchProgress,
  type TrainingData,
  type TrainOptions,
  type TrainResult,
  train,
} from './training/trainer';
