import { ArgumentError } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { compareLogits } from './compare-logits.js';

describe('compareLogits', () => {
  it('reports the largest and mean absolute difference and where the largest is', () => {
    const result = compareLogits([0.5, -1, 2, 0.25], Float32Array.from([0.5, -1.5, 2.25, 0.25]));
    expect(result).toEqual({
      count: 4,
      maxAbsDiff: 0.5,
      meanAbsDiff: 0.1875,
      worstIndex: 1,
      labelAgreement: 1,
    });
  });

  it('counts inputs whose predicted label (sign of the logit) differs', () => {
    expect(compareLogits([0.1, -0.1, 3, -3], [-0.1, -0.1, 3, 0.5]).labelAgreement).toBe(0.5);
  });

  it('rejects different lengths and non-finite logits, naming the side and index', () => {
    expect(() => compareLogits([1, 2], [1])).toThrow(ArgumentError);
    expect(() => compareLogits([1, 2], [1, Number.NaN])).toThrow(/candidate\[1\]: is NaN/);
    expect(() => compareLogits([Number.POSITIVE_INFINITY], [1])).toThrow(/reference\[0\]/);
  });
});
