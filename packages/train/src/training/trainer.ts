import {
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  type ArtifactMetadata,
  type ArtifactMetrics,
  expectedTensorShapes,
  LABELS,
  type ModelSpec,
  type NamedTensor,
  TOKENIZER_VERSION,
  type Vocab,
} from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { resolveTrainConfig, type TrainConfig } from '../config';
import type { EncodedExamples } from '../data/batching';
import { trainingBatches } from '../data/batching';
import { cropExamples } from '../data/crop';
import { Rng } from '../data/rng';
import { dropWords } from '../data/word-dropout';
import { TrainingError } from '../errors';
import { removeStaleTempFiles } from '../io/atomic-write';
import type { KernelEngine } from '../kernels/engine';
import { createSentimentModel, type SentimentModel } from '../model/sentiment-model';
import { FusedAdam } from '../optim/fused-adam';
import { WeightAverage } from '../optim/weight-average';
import {
  type Checkpoint,
  CheckpointWriter,
  type EpochRecord,
  loadCheckpoint,
  type TrainingState,
} from './checkpoint';
import { accuracyOf, meanBceWithLogits, predictLogits } from './predict';
import { trainStep } from './train-step';

/** What one model trains on. */
export interface TrainingData {
  vocab: Vocab;
  train: EncodedExamples;
  validation: EncodedExamples;
  /** Initial embedding rows [vocab, embeddingSize] (GloVe); undefined keeps PyTorch's N(0,1) init. */
  embeddings?: Float32Array;
  /** Class names `[class 0, class 1]` for the model's metadata; default IMDB's LABELS. */
  labels?: readonly [string, string];
}

export interface BatchProgress {
  epoch: number;
  /** Batches done in this epoch. */
  batch: number;
  batches: number;
  reviews: number;
  loss: number;
}

export interface TrainOptions extends Partial<TrainConfig> {
  /** Write a checkpoint here after every epoch (atomically). */
  checkpointPath?: string;
  /** Continue from `checkpointPath` if it holds a checkpoint of this spec, vocab and config. */
  resume?: boolean;
  /** Where the recurrent kernels run (default: WebAssembly SIMD when available). */
  engine?: KernelEngine;
  /** Kernel threads per batch (default: one per core; 1: the calling thread only). The weights do not depend on it. */
  threads?: number;
  /** A name stored in the artifact metadata, e.g. "lstm". */
  name?: string;
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (record: EpochRecord) => void;
  /** Called once when a run continues from a checkpoint. */
  onResume?: (epochsDone: number) => void;
}

export interface TrainResult {
  /** The model with the weights of the best validation epoch (the last one when validation is empty). */
  model: SentimentModel;
  history: EpochRecord[];
  bestEpoch: number;
  config: TrainConfig;
  /** Metadata for the artifact (metrics filled from the best epoch). */
  metadata: ArtifactMetadata;
}

/**
 * Trains one model: Adam on BCE-with-logits over bucketed mini-batches, the
 * validation split scored after every epoch, the best epoch's weights kept.
 * A checkpoint after every epoch lets `resume` continue to exactly the weights
 * an uninterrupted run reaches (batch order is derived from seed and epoch;
 * dropout and optimizer state are saved).
 */
export async function train(
  spec: ModelSpec,
  data: TrainingData,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const checkpoints = options.checkpointPath === undefined ? undefined : new CheckpointWriter();
  try {
    const result = await trainWith(checkpoints, spec, data, options);
    // Returned only once the last checkpoint is whole on disk (or its failure thrown).
    await checkpoints?.settled();
    return result;
  } finally {
    // Also when an epoch throws (a kernel thread died, the loss diverged): the
    // previous epoch's checkpoint still lands whole, so the run can be resumed.
    await checkpoints?.close();
  }
}

async function trainWith(
  checkpoints: CheckpointWriter | undefined,
  spec: ModelSpec,
  data: TrainingData,
  options: TrainOptions,
): Promise<TrainResult> {
  const config = resolveTrainConfig(options);
  const model = createSentimentModel(spec, {
    seed: config.seed,
    engine: options.engine,
    threads: options.threads,
  });
  // The largest batch: batchSize reviews padded to the longest one (crops only shorten).
  const longest = data.train.lengths.reduce((most, n) => Math.max(most, n), 0);
  if (longest > 0) {
    model.expectBatchTokens(longest * Math.min(config.batchSize, data.train.lengths.length));
  }
  if (data.embeddings !== undefined) {
    model.setNamedWeights({
      ...model.getNamedWeights(),
      'embedding.weight': { shape: [spec.vocabSize, spec.embeddingSize], data: data.embeddings },
    });
  }
  // In place: the trainer never holds a variable's dataSync() array across steps.
  // On the model's kernel threads: the embedding's step is split across them.
  const optimizer = new FusedAdam({
    learningRate: config.learningRate,
    weightDecay: config.weightDecay ?? 0,
    inPlace: true,
    threads: model.kernelThreads(),
    ...(config.embeddingLearningRateScale === undefined
      ? {}
      : {
          learningRateScales: { [model.embedding.weight.name]: config.embeddingLearningRateScale },
        }),
  });
  const metadata = baseMetadata(spec, data.vocab, data.labels ?? LABELS, options.name);
  let state: TrainingState = {
    epoch: 0,
    config,
    history: [],
    bestEpoch: 0,
    dropoutState: model.getDropoutState(),
  };
  let best = model.getNamedWeights();
  // An empty validation split (validationSize 0) is a final fit: a fixed epoch
  // count chosen beforehand on validation, on every training review.
  const validating = data.validation.lengths.length > 0;
  const variables = model.trainableVariables;
  let average =
    config.emaDecay === undefined ? undefined : new WeightAverage(variables, config.emaDecay);

  if (options.resume && options.checkpointPath !== undefined) {
    // A run killed mid-write left its checkpoint's temporary file; it is never read back.
    await removeStaleTempFiles(options.checkpointPath);
    const checkpoint = await loadCheckpoint(options.checkpointPath);
    if (checkpoint !== undefined) {
      checkCompatible(checkpoint, metadata, config, options.checkpointPath);
      model.setNamedWeights(checkpoint.weights);
      model.setDropoutState(checkpoint.state.dropoutState);
      const toVariable = renamer(model, 'to-variable');
      const restored = Object.entries(checkpoint.optimizer).map(([name, t]) => ({
        name: toVariable(name),
        tensor: tf.tensor(t.data, t.shape),
      }));
      await optimizer.setWeights(restored);
      tf.dispose(restored.map((r) => r.tensor));
      best = checkpoint.best;
      state = checkpoint.state;
      if (average !== undefined) {
        average = new WeightAverage(variables, average.decay, {
          steps: state.averageSteps ?? 0,
          sums: pytorchOrdered(model, checkpoint.average ?? {}),
        });
      }
      options.onResume?.(state.epoch);
    }
  }

  for (let epoch = state.epoch + 1; epoch <= config.epochs; epoch++) {
    const started = performance.now();
    optimizer.learningRate = config.learningRate * config.learningRateDecay ** (epoch - 1);
    const rng = new Rng(epochSeed(config.seed, epoch));
    // Crops and word dropout draw from their own streams, so batch order is the
    // same with or without them.
    const cropped = config.cropProb
      ? cropExamples(
          data.train,
          new Rng(epochSeed(config.seed, epoch) ^ CROP_STREAM),
          config.cropProb,
        )
      : data.train;
    const train = config.wordDropout
      ? dropWords(
          cropped,
          new Rng(epochSeed(config.seed, epoch) ^ WORD_DROPOUT_STREAM),
          config.wordDropout,
          spec.unkIndex,
        )
      : cropped;
    const batches = Math.ceil(data.train.lengths.length / config.batchSize);
    let lossSum = 0;
    let reviews = 0;
    let index = 0;
    for (const batch of trainingBatches(train, rng, { batchSize: config.batchSize })) {
      const loss = trainStep(model, optimizer, variables, batch, {
        clipNorm: config.clipNorm,
        adversarialEpsilon: config.adversarialEpsilon,
      });
      average?.update();
      index++;
      if (!Number.isFinite(loss)) {
        throw new TrainingError(
          'non-finite-loss',
          `epoch ${epoch}, batch ${index}/${batches}: the loss is ${loss}; training diverged ` +
            `(try a lower learningRate or set clipNorm). No checkpoint was written for this epoch.`,
        );
      }
      lossSum += loss * batch.batchSize;
      reviews += batch.batchSize;
      options.onBatch?.({ epoch, batch: index, batches, reviews, loss: lossSum / reviews });
    }
    const trainSeconds = (performance.now() - started) / 1000;
    const weights = model.getNamedWeights();
    let kept = weights;
    let scores: Pick<
      EpochRecord,
      'validationLoss' | 'validationAccuracy' | 'rawValidationLoss' | 'rawValidationAccuracy'
    > = {};
    if (validating) {
      const raw = scoreValidation(model, data.validation);
      scores = raw;
      if (average !== undefined) {
        // The averaged weights are scored in the model's variables, then the raw
        // ones put back bit for bit: training continues from them, not from the average.
        kept = namedWeights(model, average.averaged());
        model.setNamedWeights(kept);
        scores = {
          ...scoreValidation(model, data.validation),
          rawValidationLoss: raw.validationLoss,
          rawValidationAccuracy: raw.validationAccuracy,
        };
        model.setNamedWeights(weights);
      }
    } else if (average !== undefined) {
      kept = namedWeights(model, average.averaged());
    }
    const record: EpochRecord = {
      epoch,
      trainLoss: lossSum / reviews,
      ...scores,
      learningRate: optimizer.learningRate,
      seconds: trainSeconds,
      reviewsPerSecond: reviews / trainSeconds,
    };
    const history = [...state.history, record];
    const previousBest = state.history.find((r) => r.epoch === state.bestEpoch);
    // Without validation nothing can choose an earlier epoch: the last is kept.
    const improved =
      !validating ||
      previousBest === undefined ||
      record.validationAccuracy! > previousBest.validationAccuracy!;
    if (improved) best = kept;
    state = {
      epoch,
      config,
      history,
      bestEpoch: improved ? epoch : state.bestEpoch,
      dropoutState: model.getDropoutState(),
      ...(average === undefined ? {} : { averageSteps: average.steps }),
    };
    if (checkpoints !== undefined && options.checkpointPath !== undefined) {
      // Encoded now, written while the next epoch trains.
      await checkpoints.save(options.checkpointPath, {
        state,
        metadata,
        weights,
        best,
        optimizer: await optimizerTensors(optimizer, renamer(model, 'to-pytorch')),
        ...(average === undefined ? {} : { average: namedWeights(model, average.state().sums) }),
      });
    }
    options.onEpoch?.(record);
  }

  model.setNamedWeights(best);
  const bestRecord = state.history.find((r) => r.epoch === state.bestEpoch);
  const metrics: ArtifactMetrics = { epochs: state.epoch };
  if (bestRecord !== undefined) {
    metrics.trainLoss = bestRecord.trainLoss;
    if (bestRecord.validationAccuracy !== undefined) {
      metrics.validAccuracy = bestRecord.validationAccuracy;
      metrics.validLoss = bestRecord.validationLoss!;
    }
  }
  return {
    model,
    history: state.history,
    bestEpoch: state.bestEpoch,
    config,
    metadata: { ...metadata, metrics, createdAt: new Date().toISOString() },
  };
}

function scoreValidation(
  model: SentimentModel,
  validation: EncodedExamples,
): { validationLoss: number; validationAccuracy: number } {
  const logits = predictLogits(model, validation);
  return {
    validationLoss: meanBceWithLogits(logits, validation.labels),
    validationAccuracy: accuracyOf(logits, validation.labels),
  };
}

/** Arrays in `model.trainableVariables` order as weights under PyTorch names. */
function namedWeights(model: SentimentModel, arrays: Float32Array[]): Record<string, NamedTensor> {
  const shapes = Object.entries(expectedTensorShapes(model.spec));
  return Object.fromEntries(
    shapes.map(([name, shape], i) => [name, { shape, data: arrays[i]! }] as const),
  );
}

/** The named tensors' data in `model.trainableVariables` order (namedWeights' inverse). */
function pytorchOrdered(
  model: SentimentModel,
  tensors: Record<string, NamedTensor>,
): Float32Array[] {
  return Object.keys(expectedTensorShapes(model.spec)).map((name) => {
    const tensor = tensors[name];
    if (tensor === undefined) {
      throw new TrainingError(
        'checkpoint-corrupt',
        `the checkpoint has no weight average for "${name}" although the run averages (emaDecay)`,
      );
    }
    return tensor.data as Float32Array;
  });
}

async function optimizerTensors(
  optimizer: FusedAdam,
  rename: (name: string) => string,
): Promise<Record<string, NamedTensor>> {
  const out: Record<string, NamedTensor> = {};
  for (const { name, tensor } of await optimizer.getWeights()) {
    // getWeights builds each tensor on a copy of its own: a float32 one's data
    // needs no second copy (the int32 step counts are converted).
    const data = tensor.dataSync();
    out[rename(name)] = {
      shape: tensor.shape,
      data: data instanceof Float32Array ? data : Float32Array.from(data),
    };
    tensor.dispose();
  }
  return out;
}

/**
 * FusedAdam keys its state by tfjs variable name (`<variable>/m`, ...), and
 * tfjs numbers variable names per process, so a checkpoint stores PyTorch
 * names instead and maps them back onto the resumed model's variables.
 */
function renamer(
  model: SentimentModel,
  direction: 'to-pytorch' | 'to-variable',
): (name: string) => string {
  const pytorchNames = Object.keys(expectedTensorShapes(model.spec));
  const pairs = model.trainableVariables.map((v, i) => [v.name, pytorchNames[i]!] as const);
  const map = new Map(direction === 'to-pytorch' ? pairs : pairs.map(([a, b]) => [b, a] as const));
  return (name) => {
    const slash = name.lastIndexOf('/');
    if (slash < 0) return name; // 'iter'
    const mapped = map.get(name.slice(0, slash));
    return mapped === undefined ? name : mapped + name.slice(slash);
  };
}

/** XORed into an epoch's seed for the crop stream (any constant other than 0). */
const CROP_STREAM = 0x63726f70;
/** XORed into an epoch's seed for the word dropout stream (another constant). */
const WORD_DROPOUT_STREAM = 0x776f7264;

/** A per-epoch seed, so batch order needs no saved RNG state to resume. */
function epochSeed(seed: number, epoch: number): number {
  return (Math.imul(seed, 0x9e3779b1) ^ Math.imul(epoch, 0x85ebca6b)) | 0;
}

function baseMetadata(
  spec: ModelSpec,
  vocab: Vocab,
  labels: readonly [string, string],
  name: string | undefined,
): ArtifactMetadata {
  const metadata: ArtifactMetadata = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    spec,
    tokenizerVersion: TOKENIZER_VERSION,
    vocab: [...vocab.tokens],
    labels: [labels[0], labels[1]],
  };
  if (name !== undefined) metadata.name = name;
  return metadata;
}

function checkCompatible(
  checkpoint: Checkpoint,
  metadata: ArtifactMetadata,
  config: TrainConfig,
  file: string,
): void {
  const mismatch = (what: string, saved: unknown, wanted: unknown): never => {
    throw new TrainingError(
      'checkpoint-mismatch',
      `${file}: cannot resume: the checkpoint's ${what} is ${JSON.stringify(saved)}, this run's is ${JSON.stringify(wanted)}`,
    );
  };
  const saved = checkpoint.metadata;
  for (const key of Object.keys(metadata.spec) as (keyof ModelSpec)[]) {
    if (saved.spec[key] !== metadata.spec[key])
      mismatch(`spec.${key}`, saved.spec[key], metadata.spec[key]);
  }
  if (
    saved.vocab.length !== metadata.vocab.length ||
    saved.vocab.some((t, i) => t !== metadata.vocab[i])
  ) {
    mismatch(
      'vocabulary',
      `${saved.vocab.length} tokens`,
      `${metadata.vocab.length} different tokens`,
    );
  }
  // Swapped class names would flip every label the resumed model gives.
  if (saved.labels.some((label, i) => label !== metadata.labels[i])) {
    mismatch('class names (labels)', saved.labels, metadata.labels);
  }
  for (const key of [
    'seed',
    'batchSize',
    'learningRate',
    'learningRateDecay',
    'clipNorm',
    'cropProb',
    'wordDropout',
    'emaDecay',
    'weightDecay',
    'embeddingLearningRateScale',
    'adversarialEpsilon',
  ] as const) {
    if (checkpoint.state.config[key] !== config[key]) {
      mismatch(`${key}`, checkpoint.state.config[key], config[key]);
    }
  }
  if (checkpoint.state.epoch > config.epochs) {
    mismatch('epoch count', checkpoint.state.epoch, config.epochs);
  }
}
