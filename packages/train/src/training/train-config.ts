import { ArgumentError, positiveInteger } from '@imdb-rnn/core';

/** How one model is trained. Defaults are the reference study's setup. */
export interface TrainConfig {
  /** Passes over the training split. Reference: 5. */
  epochs: number;
  /** Reviews per mini-batch. Reference: 64. */
  batchSize: number;
  /** Adam learning rate. Default: 1e-3 (PyTorch's default; the reference preset uses 3e-3). */
  learningRate: number;
  /** Multiply the learning rate by this after every epoch (default 1 = constant; the reference preset uses 0.7). */
  learningRateDecay: number;
  /** Clip the global gradient norm to this before each step; undefined = no clipping (reference). */
  clipNorm?: number;
  /** Seeds initial weights, dropout masks and batch order: the same seed gives the same run. */
  seed: number;
}

const CONFIG_KEYS: readonly (keyof TrainConfig)[] = [
  'epochs',
  'batchSize',
  'learningRate',
  'learningRateDecay',
  'clipNorm',
  'seed',
];

/** `train()`'s defaults: PyTorch's Adam default and the study's batch and epochs (presets override them). */
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = {
  epochs: 5,
  batchSize: 64,
  learningRate: 1e-3,
  learningRateDecay: 1,
  seed: 1,
};

/** Fills defaults and rejects values that cannot train, naming the option. */
export function resolveTrainConfig(partial: Partial<TrainConfig> = {}): TrainConfig {
  // Only the config's own keys: callers pass wider option objects (TrainOptions),
  // and the config is what a checkpoint stores and compares.
  const picked = Object.fromEntries(
    CONFIG_KEYS.map((key) => [key, partial[key]]),
  ) as Partial<TrainConfig>;
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...definedOnly(picked) };
  positiveInteger(config.epochs, 'epochs');
  positiveInteger(config.batchSize, 'batchSize');
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) {
    throw new ArgumentError(
      'learningRate',
      `expected a positive number, got ${config.learningRate}`,
    );
  }
  if (!(config.learningRateDecay > 0 && config.learningRateDecay <= 1)) {
    throw new ArgumentError(
      'learningRateDecay',
      `expected a number in (0, 1], got ${config.learningRateDecay}`,
    );
  }
  if (config.clipNorm !== undefined && !(config.clipNorm > 0 && Number.isFinite(config.clipNorm))) {
    throw new ArgumentError('clipNorm', `expected a positive number, got ${config.clipNorm}`);
  }
  if (!Number.isInteger(config.seed)) {
    throw new ArgumentError('seed', `expected an integer, got ${config.seed}`);
  }
  return config;
}

/** `value` without its undefined entries, so spreading it never overwrites a default. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
