import { describe, expect, it } from 'vitest';
import { Rng, xoshiroJump } from './rng';

describe('Rng (xoshiro128**)', () => {
  it('matches the reference xoshiro128** output for a known state', () => {
    // State [1, 2, 3, 4]: the first outputs of the reference C code
    // (prng.di.unimi.it/xoshiro128starstar.c), cross-checked with an independent
    // Python transcription of it.
    const rng = Rng.fromState([1, 2, 3, 4]);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const take = (r: Rng) => Array.from({ length: 8 }, () => r.nextUint32());
    const fromA = take(a);
    expect(take(b)).toEqual(fromA);
    expect(take(c)).not.toEqual(fromA);
  });

  it('resumes the same stream from getState()', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 5; i++) rng.next();
    const resumed = Rng.fromState(rng.getState());
    expect(Array.from({ length: 5 }, () => resumed.next())).toEqual(
      Array.from({ length: 5 }, () => rng.next()),
    );
  });

  it('next() stays in [0, 1) and int(n) covers [0, n) roughly uniformly', () => {
    const rng = new Rng(1);
    const counts = new Array<number>(6).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 60_000; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      counts[rng.int(6)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('normal() has the requested mean and standard deviation', () => {
    const rng = new Rng(11);
    const n = 50_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(2, 0.5);
      sum += x;
      sumSquares += x * x;
    }
    const mean = sum / n;
    const std = Math.sqrt(sumSquares / n - mean * mean);
    expect(Math.abs(mean - 2)).toBeLessThan(0.01);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.01);
  });

  it('shuffle() permutes in place, keeping every element', () => {
    const items = Int32Array.from({ length: 100 }, (_, i) => i);
    new Rng(3).shuffle(items);
    expect(Array.from(items)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(items).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('rejects a non-integer seed and an invalid state', () => {
    expect(() => new Rng(0.5)).toThrowError('seed: expected an integer, got 0.5');
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrowError(/all-zero/);
  });

  it('xoshiroJump(state, n) is the state n outputs later, for n across many bit patterns', () => {
    const rng = new Rng(7);
    const start = rng.getState();
    const stepped = Rng.fromState(start);
    const checks = new Set([0, 1, 2, 3, 31, 32, 33, 64, 100, 255, 1_000, 4_097, 65_535]);
    for (let n = 1; n <= 65_535; n++) {
      stepped.nextUint32();
      if (checks.has(n)) expect(xoshiroJump(start, n), `n = ${n}`).toEqual(stepped.getState());
    }
    expect(xoshiroJump(start, 0)).toEqual(start);
    // Jumps compose: 2^40 + 12,345 steps in two jumps or one.
    const far = 2 ** 40 + 12_345;
    expect(xoshiroJump(xoshiroJump(start, 2 ** 40), 12_345)).toEqual(xoshiroJump(start, far));
    expect(() => xoshiroJump(start, -1)).toThrow(/steps/);
    expect(() => xoshiroJump(start, 1.5)).toThrow(/steps/);
  });
});
