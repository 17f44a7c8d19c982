import { ArgumentError } from '@imdb-rnn/core';

/**
 * A small seeded random number generator shared by data shuffling, the
 * validation split and training (dropout masks, initialisation), so one
 * `--seed` reproduces a run. xoshiro128** (Blackman & Vigna): 128-bit state,
 * fast with 32-bit integer maths, and good statistical quality; the state is
 * four numbers, so a checkpoint can save it and resume the same stream.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Seeds from any 32-bit integer via splitmix32, as the xoshiro authors recommend. */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new ArgumentError('seed', `expected an integer, got ${seed}`);
    }
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Restores a generator from `getState()`. */
  static fromState(state: readonly number[]): Rng {
    if (state.length !== 4 || !state.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)) {
      throw new ArgumentError('state', 'expected four unsigned 32-bit integers');
    }
    if (state.every((s) => s === 0)) {
      throw new ArgumentError('state', 'the all-zero state is invalid for xoshiro128**');
    }
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state as [number, number, number, number];
    return rng;
  }

  /** The generator's full state: `Rng.fromState(rng.getState())` continues the same stream. */
  getState(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** A float uniformly distributed in [0, 1), with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** A normally distributed float (Box-Muller), e.g. for weight initialisation. */
  normal(mean = 0, std = 1): number {
    // 1 - next() is in (0, 1], so the logarithm is finite.
    const u = 1 - this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An integer uniformly distributed in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= 2 ** 32)) {
      throw new ArgumentError('n', `expected an integer in [1, 2^32], got ${n}`);
    }
    // Reject the top partial range so every residue is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
