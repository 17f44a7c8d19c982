import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { kernelArray, kernelMemoryOf } from '../kernels/wasm/kernel-memory';
import { instantiate } from '../kernels/wasm/wasm-api';
import { gatherRowRange, scatterAddRows } from './embedding-rows';
import {
  compiledEmbeddingRowsModule,
  gatherArgs,
  rowsMode,
  scatterArgs,
} from './embedding-rows-wasm';
import { bareKernelMemory } from './test-support';

const testMemory = () => bareKernelMemory();

type Fn = (...args: number[]) => void;

function setup(V: number, E: number, N: number, seed: number) {
  const owner = testMemory();
  const exports = instantiate(compiledEmbeddingRowsModule()!, { env: { memory: owner.memory } })
    .exports as Record<string, Fn>;
  const rng = new Rng(seed);
  const floats = (n: number) => {
    const a = kernelArray(owner, Float32Array, n)!;
    for (let i = 0; i < n; i++) a[i] = (rng.next() - 0.5) * 4;
    return a;
  };
  const ids = kernelArray(owner, Int32Array, N)!;
  for (let n = 0; n < N; n++) ids[n] = Math.floor(rng.next() * V);
  ids[1] = 0; // the pad row, at least once
  const keep = kernelArray(owner, Uint8Array, N * E)!;
  for (let i = 0; i < keep.length; i++) keep[i] = rng.next() < 0.5 ? 0 : 1;
  const rows = kernelArray(owner, Int32Array, N - 3)!;
  for (let r = 0; r < rows.length; r++) rows[r] = r < 2 ? r : r + 3; // skips positions 2, 3, 4
  return { owner, exports, floats, ids, keep, rows };
}

const bits = (a: Float32Array) =>
  new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

describe('embedding-rows.wat against the JavaScript row loops', () => {
  // Scales: none, a power of two (dropout 0.5), and 1 / 0.35 (the best preset's dropout 0.65).
  const cases = [
    { E: 100, scale: 2 },
    { E: 100, scale: 1 / 0.35 },
    { E: 7, scale: 1 / 0.35 },
    { E: 6, scale: 4 },
  ];
  for (const { E, scale } of cases) {
    for (const masked of [false, true]) {
      for (const listed of [false, true]) {
        it(`gather and scatter-add give the same bits (E ${E}, scale ${scale.toFixed(3)}, mask ${masked}, row list ${listed})`, () => {
          const V = 50;
          const N = 40;
          const { exports, floats, ids, keep, rows } = setup(V, E, N, E + (masked ? 1 : 0));
          const table = floats(V * E);
          const mask = masked ? keep : undefined;
          const list = listed ? rows : undefined;
          const count = listed ? rows.length : N;
          expect(rowsMode(mask, scale)).toBe(
            !masked ? 0 : Number.isInteger(Math.log2(scale)) ? 1 : 2,
          );

          const out = floats(N * E);
          const expected = out.slice();
          gatherRowRange(expected, table, ids, list, 0, count, E, mask, scale);
          exports.gather!(
            ...gatherArgs({
              out,
              table,
              ids,
              rows: list,
              keep: mask,
              scale,
              width: E,
              r0: 0,
              r1: count,
            }),
          );
          expect(bits(out)).toEqual(bits(expected));

          const dy = floats(N * E);
          // 3: a part count that is not a power of two takes the division.
          for (const parts of [1, 2, 3]) {
            const grad = floats(V * E);
            const want = grad.slice();
            for (let part = 0; part < parts; part++) {
              scatterAddRows(want, dy, ids, list, count, E, 0, mask, scale, 4, part, parts);
              exports.scatter!(
                ...scatterArgs({
                  ...{ grad, dy, ids, rows: list, keep: mask, scale, width: E, count },
                  ...{ padIndex: 0, block: 4, part, parts },
                }),
              );
            }
            expect(bits(grad)).toEqual(bits(want));
          }
        });
      }
    }
  }

  it('kernelArray hands out zeroed, aligned regions of the memory it names', () => {
    const owner = testMemory();
    const a = kernelArray(owner, Uint8Array, 5)!;
    const b = kernelArray(owner, Float32Array, 3)!;
    expect(kernelMemoryOf(a)).toBe(owner);
    expect(kernelMemoryOf(new Float32Array(4))).toBeUndefined();
    expect(b.byteOffset % 16).toBe(0);
    expect([...b]).toEqual([0, 0, 0]);
  });
});
