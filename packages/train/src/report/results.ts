import type { Architecture, ModelSpec } from '@imdb-rnn/core';
import type { LengthBucketAccuracy } from '../eval/length-buckets.js';
import type { Metrics } from '../eval/metrics.js';
import type { ShortTextAccuracy } from '../eval/short-text.js';
import type { ReferenceFigures } from './reference.js';

/**
 * Version of the results.json layout. The docs site renders its Results page
 * from this file, so any change a reader must know about (a renamed or
 * re-meant field) bumps it; adding an optional field does not.
 */
export const RESULTS_SCHEMA_VERSION = 2;

/** One training epoch of one run. */
export interface EpochRecord {
  /** 1-based epoch number */
  epoch: number;
  /** mean binary cross-entropy over the epoch's training batches */
  trainLoss: number;
  /** accuracy on the held-out validation split after the epoch, fraction in [0, 1]; absent when the run held none out (options.validationSize 0, a final fit) */
  validationAccuracy?: number;
  /** with options.emaDecay, validationAccuracy is the averaged weights' (the kept ones) and this the raw weights'; absent otherwise */
  rawValidationAccuracy?: number;
  /** wall-clock seconds of the epoch's training (validation excluded) */
  seconds: number;
  /** training reviews processed per wall-clock second */
  reviewsPerSecond: number;
}

/**
 * Training options of a run. The named fields are what every run has; any
 * other option the trainer used (max length, clipping, embeddings, ...) is kept
 * under its own key so the file stays self-describing.
 */
export interface RunOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** name of the preset the options came from (e.g. "reference"), null if set by hand */
  preset: string | null;
  [option: string]: string | number | boolean | null;
}

/** One trained model: an architecture and a seed. */
export interface RunResult {
  architecture: Architecture;
  seed: number;
  spec: ModelSpec;
  options: RunOptions;
  /** one entry per epoch, in order */
  history: EpochRecord[];
  /** metrics on the full test split; absent in selection trials (ResultsFile.trial), which never read it */
  test?: Metrics;
  /** accuracy on the test reviews cut to their first sentence and first 20 tokens; absent in older files and in trials */
  shortText?: ShortTextAccuracy;
  /** the epoch whose weights were kept: the highest validation accuracy (the last in a final fit); absent in older files */
  bestEpoch?: number;
  /** the same short-text cuts of the validation reviews, by the kept weights; absent in older files and final fits */
  validationShortText?: ShortTextAccuracy;
  /** bytes of each ONNX file exported for this run, by weight format (fp32, int8, ...); absent if none */
  onnxBytes?: Record<string, number>;
  /** wall-clock seconds of all training epochs */
  totalTrainingSeconds: number;
  /** peak resident set size of the training process, MiB */
  peakRssMB: number;
  /** where the model artifact was written, relative to the report folder when inside it; null if not saved */
  artifactPath: string | null;
}

/** Where the numbers were measured; timings only compare on the same machine. */
export interface MachineInfo {
  /** logical CPUs */
  cpus: number;
  cpuModel: string;
  /** total RAM, MiB */
  totalMemoryMB: number;
  /** e.g. "linux x64" */
  platform: string;
  /** e.g. "v20.20.2" */
  nodeVersion: string;
  /** tfjs backend the runs trained on, e.g. "cpu" or "wasm" */
  backend: string;
}

/** Summary of all seeds of one architecture. */
export interface ArchitectureAggregate {
  architecture: Architecture;
  /** seeds in run order */
  seeds: number[];
  testAccuracy: {
    mean: number;
    /** sample standard deviation (n - 1); null with a single seed */
    std: number | null;
    min: number;
    max: number;
    /** same order as seeds */
    perSeed: number[];
  };
  /** mean over seeds; null if no seed has a defined value */
  f1Mean: number | null;
  rocAucMean: number | null;
  /** mean over seeds and epochs of the per-epoch training seconds */
  secondsPerEpochMean: number;
  reviewsPerSecondMean: number;
  /** the test accuracy to reach: max(published, PyTorch rerun) */
  bar: number;
  /** testAccuracy.mean >= bar */
  pass: boolean;
  /** accuracy by review length pooled over seeds (counts summed), null if runs have no buckets */
  byLength: LengthBucketAccuracy[] | null;
  /**
   * Means over the seeds whose run has short-text figures (null if none has;
   * absent in older files). fullReview is those seeds' test accuracy, so the three
   * figures compare like for like.
   */
  shortText?: ShortTextAggregate | null;
}

export interface ShortTextAggregate {
  /** the seeds measured, a subset of the architecture's seeds */
  seeds: number[];
  fullReview: number;
  firstSentence: number;
  first20Tokens: number;
}

/** What marks a results file as selection trials. */
export interface TrialInfo {
  /** the metric a choice among trials uses, e.g. "best-epoch validation accuracy" */
  selectedBy: string;
}

/** A run that was evaluated on the test split (every run outside selection trials). */
export type TestedRun = RunResult & { test: Metrics };

/** What the runs trained on when it was not IMDB (`imdb-rnn train --data reviews.csv`). */
export interface DataSummary {
  /** the training file (and the test file, when given), or how the examples were passed */
  source: string;
  /** class names by output, [class 0, class 1]: the models' metadata.labels */
  labels: [string, string];
  trainExamples: number;
  validationExamples: number;
  testExamples: number;
}

/** The whole results.json. Accuracies are fractions in [0, 1]; times are wall-clock seconds. */
export interface ResultsFile {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  /** ISO 8601 time the file was written */
  generatedAt: string;
  /** the program that wrote it */
  generator: string;
  /** units of the numbers, for readers who did not read this file's types */
  units: {
    accuracy: string;
    seconds: string;
    memory: string;
  };
  machine: MachineInfo;
  reference: {
    published: ReferenceFigures;
    pytorchRerun: ReferenceFigures;
  };
  /**
   * Present in selection trials (`imdb-rnn train --trial`): no run carries test
   * figures and there are no aggregates; says which metric a choice among the
   * trials is to be made by.
   */
  trial?: TrialInfo;
  /** absent for IMDB; the user's own data otherwise (the reference bars then do not apply) */
  data?: DataSummary;
  runs: RunResult[];
  /** one entry per architecture present in runs, in ARCHITECTURES order */
  aggregates: ArchitectureAggregate[];
}
