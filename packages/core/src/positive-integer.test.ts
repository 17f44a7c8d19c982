import { describe, expect, it } from 'vitest';
import { ArgumentError, SpecError } from './errors.js';
import { isPositiveInteger, positiveInteger } from './positive-integer.js';

describe('positiveInteger', () => {
  it('accepts safe integers >= 1 and returns them', () => {
    for (const n of [1, 2, 20_002, Number.MAX_SAFE_INTEGER]) {
      expect(isPositiveInteger(n)).toBe(true);
      expect(positiveInteger(n, 'n')).toBe(n);
    }
  });

  it('rejects zero, negatives, fractions, unsafe integers, NaN and non-numbers, naming the path', () => {
    for (const bad of [0, -3, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '4', undefined]) {
      expect(isPositiveInteger(bad)).toBe(false);
      expect(() => positiveInteger(bad, 'options.batchSize')).toThrow(ArgumentError);
    }
    expect(() => positiveInteger(0, 'options.batchSize')).toThrow(
      'options.batchSize: expected a positive integer, got 0',
    );
  });

  it('throws the caller’s error class when given one', () => {
    const fail = (path: string, problem: string): never => {
      throw new SpecError(path, problem);
    };
    expect(() => positiveInteger(-3, 'spec.hiddenSize', fail)).toThrow(SpecError);
  });
});
