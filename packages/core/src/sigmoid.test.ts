import { describe, expect, it } from 'vitest';
import { sigmoid } from './sigmoid.js';

describe('sigmoid', () => {
  it('gives the logistic function at known points', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 15);
    expect(sigmoid(-Math.log(3))).toBeCloseTo(0.25, 15);
  });

  it('is symmetric, sigmoid(-x) = 1 - sigmoid(x)', () => {
    for (const x of [0.1, 1, 2.5, 7, 20]) expect(sigmoid(-x)).toBeCloseTo(1 - sigmoid(x), 15);
  });

  it('stays finite and in [0, 1] where exp overflows', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(-745)).toBeGreaterThan(0); // still representable, not a NaN from Inf/Inf
    expect(sigmoid(Number.POSITIVE_INFINITY)).toBe(1);
    expect(sigmoid(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});
