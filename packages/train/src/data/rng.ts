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

/**
 * The xoshiro128** state `steps` outputs after `state` (Rng.getState's
 * layout), without drawing them: the state update is linear over GF(2) (only
 * xors, shifts and rotations), so `steps` steps are the 128 x 128 bit matrix
 * M^steps, applied here as the product of the precomputed M^(2^k) for the
 * set bits of `steps`. A few hundred word operations whatever `steps` is;
 * e.g. kernel threads each start a dropout mask's stream at their own first
 * row and draw the very bytes one thread would (see dropoutMask).
 */
export function xoshiroJump(
  state: readonly [number, number, number, number],
  steps: number,
): [number, number, number, number] {
  if (!(Number.isSafeInteger(steps) && steps >= 0)) {
    throw new ArgumentError('steps', `expected a safe integer >= 0, got ${steps}`);
  }
  let v: Uint32Array = Uint32Array.from(state);
  for (let k = 0; steps > 0; k++, steps = Math.floor(steps / 2)) {
    if (steps % 2 === 1) v = applyMatrix(stepPower(k), v);
  }
  return [v[0]!, v[1]!, v[2]!, v[3]!];
}

/** One xoshiro128** state update on a non-zero 4-word state: Rng's own. */
function stepState(v: Uint32Array): Uint32Array {
  const rng = Rng.fromState(Array.from(v));
  rng.nextUint32();
  return Uint32Array.from(rng.getState());
}

/** A 128 x 128 bit matrix as its 128 columns of 4 words (column i: the image of state bit i). */
type BitMatrix = Uint32Array;

function applyMatrix(m: BitMatrix, v: Uint32Array): Uint32Array {
  const out = new Uint32Array(4);
  for (let i = 0; i < 128; i++) {
    if ((v[i >>> 5]! >>> (i & 31)) & 1) {
      for (let w = 0; w < 4; w++) out[w]! ^= m[4 * i + w]!;
    }
  }
  return out;
}

// M^(2^k), built on first use by squaring (a product's column i is the left
// factor applied to the right one's column i).
const stepPowers: BitMatrix[] = [];

function stepPower(k: number): BitMatrix {
  if (stepPowers.length === 0) {
    const m = new Uint32Array(4 * 128);
    for (let i = 0; i < 128; i++) {
      const unit = new Uint32Array(4);
      unit[i >>> 5] = 1 << (i & 31);
      m.set(stepState(unit), 4 * i);
    }
    stepPowers.push(m);
  }
  while (stepPowers.length <= k) {
    const a = stepPowers[stepPowers.length - 1]!;
    const square = new Uint32Array(4 * 128);
    for (let i = 0; i < 128; i++) square.set(applyMatrix(a, a.subarray(4 * i, 4 * i + 4)), 4 * i);
    stepPowers.push(square);
  }
  return stepPowers[k]!;
}
