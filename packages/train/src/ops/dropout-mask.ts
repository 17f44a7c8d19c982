import type { Rng } from '../data/rng';
import { FusedOpError } from './op-error';

/**
 * An inverted-dropout mask: each kept element is 1 / (1 - rate), each dropped
 * one 0, drawn from our seeded Rng (never Math.random) so a seed reproduces a
 * run. `width` consecutive elements form one row; with `rows` only those rows
 * are drawn (the others stay 0): the model masks only real tokens, since the
 * recurrence never reads padding rows, which saves most of the draws.
 *
 * Speed (1.5M elements per batch for the embedding): each mask takes four
 * words from `rng` to seed a local xoshiro128** stream run inline in the loop
 * (a method call per draw cost ~24 ms per batch, the inline loop a few), and
 * each 32-bit draw gives two 16-bit uniforms, so `rate` is applied at 1/65536
 * resolution (0.5 exactly).
 */
export function dropoutMask(
  rng: Rng,
  rate: number,
  rowCount: number,
  width: number,
  rows?: Int32Array,
): Float32Array {
  if (!(rate >= 0 && rate < 1)) {
    throw new FusedOpError('invalid-argument', `dropout rate must be in [0, 1), got ${rate}`);
  }
  const mask = new Float32Array(rowCount * width);
  const keep = 1 / (1 - rate);
  const threshold = Math.round(rate * 65536);
  const count = rows === undefined ? rowCount : rows.length;
  let s0 = rng.nextUint32() | 0;
  let s1 = rng.nextUint32() | 0;
  let s2 = rng.nextUint32() | 0;
  let s3 = rng.nextUint32() | 0;
  // xoshiro128** must not start from the all-zero state.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  for (let n = 0; n < count; n++) {
    const row = rows === undefined ? n : rows[n]!;
    if (row < 0 || row >= rowCount) {
      throw new FusedOpError(
        'invalid-argument',
        `rows[${n}] is ${row}; rows must be in [0, ${rowCount})`,
      );
    }
    const end = (row + 1) * width;
    // Two elements per draw; an odd row's last element uses the low half only.
    for (let i = row * width; i < end; i += 2) {
      // xoshiro128** step (the generator of Rng), on local 32-bit integers.
      const m = Math.imul(s1, 5);
      const bits = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      mask[i] = (bits & 0xffff) >= threshold ? keep : 0;
      if (i + 1 < end) mask[i + 1] = bits >>> 16 >= threshold ? keep : 0;
    }
  }
  return mask;
}
