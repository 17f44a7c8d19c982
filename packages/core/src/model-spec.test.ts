import { describe, expect, it } from 'vitest';
import { SpecError } from './errors.js';
import {
  ARCHITECTURES,
  architectureOf,
  checkModelSpec,
  classifierInputWidth,
  gateCount,
  type ModelSpec,
  modelSpec,
  PAD_INDEX,
  poolingOf,
  UNK_INDEX,
  validateModelSpec,
} from './model-spec.js';
import { expectedTensorShapes } from './tensor-layout.js';

describe('modelSpec', () => {
  it('gives the reference setup by default', () => {
    expect(modelSpec('lstm')).toEqual({
      cell: 'lstm',
      bidirectional: false,
      vocabSize: 20_002,
      embeddingSize: 100,
      hiddenSize: 10,
      dropout: 0.5,
      padIndex: 1,
      unkIndex: 0,
    });
    expect(PAD_INDEX).toBe(1);
    expect(UNK_INDEX).toBe(0);
  });

  it('maps each architecture to its cell and direction, and back', () => {
    for (const arch of ARCHITECTURES) {
      const spec = modelSpec(arch);
      expect(architectureOf(spec)).toBe(arch);
    }
    expect(modelSpec('bilstm').bidirectional).toBe(true);
    expect(modelSpec('gru').cell).toBe('gru');
  });

  it('applies and validates overrides', () => {
    expect(modelSpec('rnn', { hiddenSize: 32, vocabSize: 5 }).hiddenSize).toBe(32);
    expect(() => modelSpec('rnn', { hiddenSize: -3 })).toThrow(
      'spec.hiddenSize: expected a positive integer, got -3',
    );
  });

  it('rejects an unknown architecture', () => {
    expect(() => modelSpec('cnn' as 'rnn')).toThrow(
      /architecture: expected one of rnn, gru, lstm, bilstm/,
    );
  });

  it('has no architecture name for a bidirectional GRU', () => {
    expect(architectureOf(modelSpec('gru', { bidirectional: true }))).toBeUndefined();
  });

  it('counts PyTorch gate blocks', () => {
    expect([gateCount('rnn'), gateCount('gru'), gateCount('lstm')]).toEqual([1, 3, 4]);
  });
});

describe('validateModelSpec', () => {
  const good: ModelSpec = modelSpec('gru');
  const cases: [string, Record<string, unknown>, string][] = [
    ['cell', { cell: 'lstmm' }, 'spec.cell: expected one of rnn, gru, lstm, got "lstmm"'],
    [
      'bidirectional',
      { bidirectional: 'yes' },
      'spec.bidirectional: expected a boolean, got "yes"',
    ],
    ['vocabSize', { vocabSize: 1 }, 'spec.vocabSize: expected an integer >= 2, got 1'],
    ['vocabSize', { vocabSize: 10.5 }, 'spec.vocabSize: expected an integer >= 2, got 10.5'],
    [
      'embeddingSize',
      { embeddingSize: 0 },
      'spec.embeddingSize: expected a positive integer, got 0',
    ],
    ['hiddenSize', { hiddenSize: -3 }, 'spec.hiddenSize: expected a positive integer, got -3'],
    [
      'hiddenSize',
      { hiddenSize: undefined },
      'spec.hiddenSize: expected a positive integer, got undefined',
    ],
    ['dropout', { dropout: 1 }, 'spec.dropout: expected a number in [0, 1), got 1'],
    ['dropout', { dropout: Number.NaN }, 'spec.dropout: expected a number in [0, 1), got NaN'],
    ['padIndex', { padIndex: 0 }, 'spec.padIndex: expected 1 (the vocab puts <pad> there), got 0'],
    ['unkIndex', { unkIndex: 1 }, 'spec.unkIndex: expected 0 (the vocab puts <unk> there), got 1'],
    ['unknown key', { hiddenSise: 10 }, 'spec.hiddenSise: unknown field'],
    ['pooling', { pooling: 'max' }, 'spec.pooling: expected one of last, last-max-mean, got "max"'],
    ['pooling', { pooling: null }, 'spec.pooling: expected one of last, last-max-mean, got null'],
  ];
  for (const [field, change, message] of cases) {
    it(`names ${field} when it is wrong (${message})`, () => {
      expect(() => validateModelSpec({ ...good, ...change })).toThrow(message);
    });
  }

  it('rejects a non-object', () => {
    expect(() => validateModelSpec(null)).toThrow('spec: expected an object, got null');
    expect(() => validateModelSpec([1])).toThrow(SpecError);
  });

  it('gives SpecError with code and path', () => {
    try {
      validateModelSpec({ ...good, hiddenSize: 0 });
      throw new Error('validateModelSpec accepted hiddenSize 0');
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).code).toBe('INVALID_SPEC');
      expect((error as SpecError).path).toBe('spec.hiddenSize');
    }
  });

  it('returns an equal, independent copy of a valid spec', () => {
    const copy = validateModelSpec(good);
    expect(copy).toEqual(good);
    expect(copy === good).toBe(false);
  });
});

describe('pooling', () => {
  it("reads a spec without the field as 'last' and keeps it absent", () => {
    const spec = validateModelSpec(modelSpec('bilstm'));
    expect('pooling' in spec).toBe(false);
    expect(poolingOf(spec)).toBe('last');
    expect(classifierInputWidth(spec)).toBe(20);
  });

  it('keeps a given pooling and widens the classifier to three statistics per state', () => {
    const spec = modelSpec('bilstm', { hiddenSize: 32, pooling: 'last-max-mean' });
    expect(validateModelSpec(spec).pooling).toBe('last-max-mean');
    expect(classifierInputWidth(spec)).toBe(3 * 2 * 32);
    expect(expectedTensorShapes(spec)['fc.weight']).toEqual([1, 192]);
    const last = modelSpec('gru', { pooling: 'last' });
    expect(classifierInputWidth(last)).toBe(10);
    expect(expectedTensorShapes(last)['fc.weight']).toEqual([1, 10]);
  });

  it('names metadata.spec.pooling in a bad model file', () => {
    expect(() =>
      checkModelSpec(
        { ...modelSpec('lstm'), pooling: 'mean' },
        'metadata.spec',
        (path, problem) => {
          throw new SpecError(path, problem);
        },
      ),
    ).toThrow('metadata.spec.pooling: expected one of last, last-max-mean, got "mean"');
  });
});
