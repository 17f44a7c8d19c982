import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { dropoutMask, maskValues } from './dropout-mask';

describe('dropoutMask', () => {
  it('keeps about 1 - rate of the elements, scaled by 1 / (1 - rate)', () => {
    const mask = dropoutMask(new Rng(1), 0.3, 1000, 100);
    expect(mask.scale).toBeCloseTo(1 / 0.7, 12);
    const values = maskValues(mask);
    const kept = values.filter((m) => m !== 0);
    expect(kept.every((m) => Math.abs(m - 1 / 0.7) < 1e-6)).toBe(true);
    // 100,000 Bernoulli(0.7) draws: standard deviation ~0.0014.
    expect(Math.abs(kept.length / values.length - 0.7)).toBeLessThan(0.01);
  });

  it('is reproduced exactly by the same seed and differs for another seed', () => {
    const a = dropoutMask(new Rng(42), 0.5, 50, 10);
    expect(dropoutMask(new Rng(42), 0.5, 50, 10)).toEqual(a);
    expect(dropoutMask(new Rng(43), 0.5, 50, 10)).not.toEqual(a);
  });

  it('draws only the listed rows and leaves the others zero', () => {
    const mask = dropoutMask(new Rng(7), 0, 4, 3, Int32Array.of(0, 2));
    expect(Array.from(mask.keep)).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => dropoutMask(new Rng(1), 1, 2, 2)).toThrow(
      /dropout rate must be in \[0, 1\), got 1/,
    );
  });
});
