// The embedding op's row loops, in one place for the main thread
// (embedding-lookup.ts) and the kernel threads (kernels/threads/kernel-worker.ts
// receives them as source text, as it does dispatchGemm): so they must not refer
// to anything outside themselves. One definition keeps the two bit for bit alike.
//
// They are the op's whole cost (1.7M elements per reference batch). Each is
// unrolled by four, which V8 compiles to fewer bounds checks and index updates.
// Every element is computed by the same expression in the same order as a
// plain loop, so the numbers do not change. CPU profiles of bench:train's RNN
// worker on its first 100 real batches (1 thread, two alternating runs, load
// average 1.3-1.5): gather 12.2 / 10.2 -> 7.7 / 8.0 ms per step, scatter-add
// 8.8 / 8.3 -> 5.3 / 4.5 ms. What remains is memory traffic (writing the 7 MB
// output), which a WebAssembly SIMD version made worse: it must copy the 8 MB
// table in and the output out.

import type { FloatArray } from '../kernels/float-array';

/**
 * out[n] = table[ids[n]] (* keep[n] * scale with a mask) for the entries
 * [r0, r1) of `rows` (of positions 0, 1, ... when `rows` is undefined).
 *
 * values * keep * scale, not values * (keep * scale): with dropout 0.5 the
 * scale is the small integer 2, and V8 then multiplies keep by it as int32
 * with overflow checks, 4x slower. Equal results: keep is 0 or 1.
 */
export function gatherRowRange(
  out: FloatArray,
  table: FloatArray,
  ids: Int32Array,
  rows: Int32Array | undefined,
  r0: number,
  r1: number,
  E: number,
  keep: Uint8Array | undefined,
  scale: number,
): void {
  for (let r = r0; r < r1; r++) {
    const n = rows === undefined ? r : rows[r]!;
    let src = ids[n]! * E;
    let dst = n * E;
    if (keep === undefined) {
      out.set(table.subarray(src, src + E), dst);
      continue;
    }
    const end = dst + E - (E & 3);
    for (; dst < end; dst += 4, src += 4) {
      out[dst] = table[src]! * keep[dst]! * scale;
      out[dst + 1] = table[src + 1]! * keep[dst + 1]! * scale;
      out[dst + 2] = table[src + 2]! * keep[dst + 2]! * scale;
      out[dst + 3] = table[src + 3]! * keep[dst + 3]! * scale;
    }
    for (let k = 0; k < (E & 3); k++) out[dst + k] = table[src + k]! * keep[dst + k]! * scale;
  }
}

/**
 * grad[ids[n]] += dy[n] (* keep[n] * scale with a mask) for the first `count`
 * entries of `rows` (positions 0, 1, ... when undefined), in that order,
 * skipping the pad row; with `parts` > 1 only the rows owned by `part`: ids
 * are dealt out to the parts in blocks of `block` consecutive rows (kernel
 * threads each take one part, see threaded-embedding.ts). Every element gets
 * the same additions in the same order whoever owns its row, so the same bits.
 */
export function scatterAddRows(
  grad: Float32Array,
  dy: Float32Array,
  ids: Int32Array,
  rows: Int32Array | undefined,
  count: number,
  E: number,
  padIndex: number,
  keep: Uint8Array | undefined,
  scale: number,
  block: number,
  part: number,
  parts: number,
): void {
  for (let r = 0; r < count; r++) {
    const n = rows === undefined ? r : rows[r]!;
    const id = ids[n]!;
    if (id === padIndex || (parts > 1 && Math.floor(id / block) % parts !== part)) continue;
    let g = id * E;
    let d = n * E;
    const end = g + E;
    const whole = end - (E & 3);
    if (keep === undefined) {
      for (; g < whole; g += 4, d += 4) {
        grad[g] = grad[g]! + dy[d]!;
        grad[g + 1] = grad[g + 1]! + dy[d + 1]!;
        grad[g + 2] = grad[g + 2]! + dy[d + 2]!;
        grad[g + 3] = grad[g + 3]! + dy[d + 3]!;
      }
      for (; g < end; g++, d++) grad[g] = grad[g]! + dy[d]!;
    } else {
      for (; g < whole; g += 4, d += 4) {
        grad[g] = grad[g]! + dy[d]! * keep[d]! * scale;
        grad[g + 1] = grad[g + 1]! + dy[d + 1]! * keep[d + 1]! * scale;
        grad[g + 2] = grad[g + 2]! + dy[d + 2]! * keep[d + 2]! * scale;
        grad[g + 3] = grad[g + 3]! + dy[d + 3]! * keep[d + 3]! * scale;
      }
      for (; g < end; g++, d++) grad[g] = grad[g]! + dy[d]! * keep[d]! * scale;
    }
  }
}
