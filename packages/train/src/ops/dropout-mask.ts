import type { Rng } from '../data/rng';
import { FusedOpError } from './op-error';

/**
 * An inverted-dropout mask: each kept element is 1 / (1 - rate), each dropped
 * one 0, drawn from our seeded Rng (never Math.random) so a seed reproduces a
 * run. `width` consecutive elements form one row; with `rows` only those rows
 * are drawn (the others stay 0): the model masks only real tokens, since the
 * recurrence never reads padding rows, which saves most of the draws.
 *
 * Each 32-bit draw gives two 16-bit uniforms, so `rate` is applied at
 * 1/65536 resolution (0.5 exactly); that halves the generator's cost, which
 * is the mask's main cost on 1.5M elements per batch.
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
  let bits = 0;
  let spare = false;
  for (let n = 0; n < count; n++) {
    const row = rows === undefined ? n : rows[n]!;
    if (row < 0 || row >= rowCount) {
      throw new FusedOpError(
        'invalid-argument',
        `rows[${n}] is ${row}; rows must be in [0, ${rowCount})`,
      );
    }
    const base = row * width;
    for (let k = 0; k < width; k++) {
      let u: number;
      if (spare) {
        u = bits >>> 16;
        spare = false;
      } else {
        bits = rng.nextUint32();
        u = bits & 0xffff;
        spare = true;
      }
      mask[base + k] = u >= threshold ? keep : 0;
    }
  }
  return mask;
}
