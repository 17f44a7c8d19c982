// @imdb-rnn/train: read IMDB, train the four recurrent sentiment classifiers
// with TensorFlow.js and fused kernels, evaluate them and write the report.
// The public API at a glance; README.md's API section documents each name.
// Test helpers are in @imdb-rnn/train/testing.

// The `imdb-rnn` command line, to embed or extend it.
export { createProgram } from './cli/program';
// Configuration: training options, their defaults and the named presets.
export {
  DEFAULT_TRAIN_CONFIG,
  PRESETS,
  type Preset,
  type PresetName,
  type TrainConfig,
} from './config';
// Data: the IMDB reviews, the vocabulary and splits, GloVe vectors.
export {
  type Embeddings,
  type LoadEmbeddingsOptions,
  loadEmbeddings,
  type VectorsSource,
} from './data/glove';
export {
  type ImdbReadProgress,
  type ImdbSplit,
  type ImdbSplits,
  type ReadImdbOptions,
  type Review,
  readImdb,
} from './data/imdb';
export {
  IMDB_ARCHIVE_SHA256,
  IMDB_ARCHIVE_URL,
  type ImdbDownloadOptions,
  type ResolveImdbSourceOptions,
  resolveImdbSource,
} from './data/imdb-source';
export {
  type LabelledFileFormat,
  type LabelledText,
  type ReadLabelledFileOptions,
  readLabelledFile,
} from './data/labelled-file';
export { type OwnData, type OwnSplits, splitOwnData } from './data/labelled-splits';
// Errors: every class extends core's ImdbRnnError and carries a stable `code`.
export {
  DataFileError,
  type DataFileErrorCode,
  DownloadError,
  type DownloadErrorCode,
  FusedOpError,
  ImdbDataError,
  type ImdbDataErrorCode,
  MetricsError,
  ModelError,
  OptimizerError,
  type OptimizerErrorCode,
  RecurrentKernelError,
  ReportError,
  TrainingError,
  type TrainingErrorCode,
  VectorsError,
  type VectorsErrorCode,
} from './errors';
// Evaluation and the report.
export { type EvaluateOptions, evaluate, type Metrics, type ScoreKind } from './eval/metrics.js';
export {
  firstSentence,
  SHORT_TEXT_TOKENS,
  type ShortTextAccuracy,
  shortTextAccuracy,
} from './eval/short-text';
export type { KernelEngine } from './kernels/engine';
// The model and where it runs.
export {
  createSentimentModel,
  SentimentModel,
  type SentimentModelOptions,
} from './model/sentiment-model';
// Training.
export type { AdamThreads } from './optim/adam';
export { FusedAdam, type FusedAdamConfig } from './optim/fused-adam';
export { addShortText } from './report/add-short-text';
export type {
  DataSummary,
  ResultsFile,
  RunResult,
  ShortTextAggregate,
  TrialInfo,
} from './report/results.js';
export { validateResults } from './report/validate-results.js';
export {
  REPORT_FILES,
  type ReportPaths,
  renderReportFromFile,
  writeReport,
} from './report/write-report.js';
export { type InitBackendOptions, initBackend, type TrainingBackend } from './tf/backend';
export type { EpochRecord } from './training/checkpoint';
export {
  type Dataset,
  type DatasetOptions,
  type LabelledSet,
  prepareDataset,
  type TextExample,
  type TextSplits,
} from './training/dataset';
export { type ExperimentOptions, runExperiment } from './training/experiment';
export { predictLogits } from './training/predict';
export {
  type BatchProgress,
  type TrainingData,
  type TrainOptions,
  type TrainResult,
  train,
} from './training/trainer';
