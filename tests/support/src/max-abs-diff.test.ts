import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './max-abs-diff.js';

describe('maxAbsDiff', () => {
  it('gives the largest absolute difference, in either order', () => {
    expect(maxAbsDiff([1, 2, 3], [1.5, 2, 1])).toBe(2);
    expect(maxAbsDiff(Float32Array.of(-1, 0), [1, 0])).toBe(2);
    expect(maxAbsDiff([], [])).toBe(0);
  });

  it('is NaN-sticky: a NaN on either side is never hidden as 0', () => {
    expect(maxAbsDiff([0, Number.NaN], [0, 0])).toBeNaN();
  });

  it('throws on unequal lengths', () => {
    expect(() => maxAbsDiff([1, 2], [1])).toThrow('length 2 != 1');
  });
});
