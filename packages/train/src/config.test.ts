import { DEFAULT_SPEC } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAIN_CONFIG,
  PRESETS,
  resolveTrainConfig,
  TRAIN_COMMAND_DEFAULTS,
} from './config';

describe('config', () => {
  it("train()'s defaults are the reference preset's, with core's reference model size", () => {
    expect(resolveTrainConfig()).toEqual({ ...PRESETS.reference.train, seed: 1 });
    expect(DEFAULT_TRAIN_CONFIG).toEqual({
      epochs: 5,
      batchSize: 64,
      learningRate: 3e-3,
      learningRateDecay: 0.7,
      seed: 1,
    });
    expect(PRESETS.reference.hiddenSize).toBe(DEFAULT_SPEC.hiddenSize);
    expect(TRAIN_COMMAND_DEFAULTS.preset).toBe('reference');
  });

  it('keeps given values and rejects ones that cannot train, naming the option', () => {
    expect(resolveTrainConfig({ learningRate: 1e-3, learningRateDecay: 1 })).toMatchObject({
      learningRate: 1e-3,
      learningRateDecay: 1,
      epochs: 5,
    });
    expect(() => resolveTrainConfig({ epochs: 0 })).toThrow(/epochs/);
    expect(() => resolveTrainConfig({ learningRateDecay: 1.5 })).toThrow(/learningRateDecay/);
    expect(() => resolveTrainConfig({ clipNorm: -1 })).toThrow(/clipNorm/);
    expect(() => resolveTrainConfig({ seed: 1.5 })).toThrow(/seed/);
    expect(resolveTrainConfig({ weightDecay: 1e-6 }).weightDecay).toBe(1e-6);
    expect(() => resolveTrainConfig({ weightDecay: -1e-6 })).toThrow(
      /weightDecay: expected a finite number >= 0, got -0.000001/,
    );
    expect(() => resolveTrainConfig({ weightDecay: Number.NaN })).toThrow(/weightDecay/);
    expect(resolveTrainConfig({ embeddingLearningRateScale: 0 }).embeddingLearningRateScale).toBe(
      0,
    );
    expect(() => resolveTrainConfig({ embeddingLearningRateScale: -0.5 })).toThrow(
      /embeddingLearningRateScale: expected a finite number >= 0, got -0.5/,
    );
    expect(() => resolveTrainConfig({ embeddingLearningRateScale: Infinity })).toThrow(
      /embeddingLearningRateScale/,
    );
    expect(resolveTrainConfig({ adversarialEpsilon: 0 }).adversarialEpsilon).toBe(0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveTrainConfig({ adversarialEpsilon: bad })).toThrow(
        `adversarialEpsilon: expected a finite number >= 0, got ${bad}`,
      );
    }
    expect(resolveTrainConfig({ emaDecay: 0.998 }).emaDecay).toBe(0.998);
    expect(() => resolveTrainConfig({ emaDecay: 1 })).toThrow(
      /emaDecay: expected a number in \(0, 1\)/,
    );
  });
});
