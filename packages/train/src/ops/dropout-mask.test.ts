import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../data/rng';
import { FusedOpError } from '../errors';
import { KernelThreadPool } from '../kernels/threads/thread-pool';
import { kernelArray } from '../kernels/wasm/kernel-memory';
import { WasmAdam } from '../optim/adam';
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
    const mask = dropoutMask(new Rng(7), 0, 4, 3, { rows: Int32Array.of(0, 2) });
    expect(Array.from(mask.keep)).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => dropoutMask(new Rng(1), 1, 2, 2)).toThrow(
      /dropout rate must be in \[0, 1\), got 1/,
    );
  });

  it('writes the same bytes, and leaves the Rng in the same state, on the wasm and js engines', () => {
    const cases: { rate: number; rowCount: number; width: number; rows?: Int32Array }[] = [
      { rate: 0.5, rowCount: 300, width: 100 },
      { rate: 0.65, rowCount: 37, width: 7 },
      { rate: 0.5, rowCount: 40, width: 100, rows: Int32Array.of(0, 3, 4, 17, 39) },
      { rate: 0.3, rowCount: 9, width: 5, rows: Int32Array.of(8, 2, 5) },
      { rate: 0, rowCount: 4, width: 3 },
      { rate: 0.9999, rowCount: 20, width: 64 },
    ];
    for (const { rate, rowCount, width, rows } of cases) {
      const wasmRng = new Rng(11);
      const jsRng = new Rng(11);
      // A reused `into` holding stale bytes: unlisted rows must still come out 0.
      const into = new Uint8Array(rowCount * width + 5).fill(7);
      const wasm = dropoutMask(wasmRng, rate, rowCount, width, { rows, into, engine: 'wasm' });
      const js = dropoutMask(jsRng, rate, rowCount, width, { rows, engine: 'js' });
      expect(Array.from(wasm.keep)).toEqual(Array.from(js.keep));
      expect(wasm.scale).toBe(js.scale);
      expect(wasmRng.nextUint32()).toBe(jsRng.nextUint32());
    }
    // Not all kept or all dropped: the cases above exercise both outcomes.
    const sample = dropoutMask(new Rng(3), 0.5, 10, 10, { engine: 'wasm' });
    expect(sample.keep.includes(0) && sample.keep.includes(1)).toBe(true);
  });

  it('kernel threads draw the same bytes as one thread when the mask lies in a kernel memory', () => {
    const owner = WasmAdam.create()!;
    const pools = [new KernelThreadPool(2), new KernelThreadPool(3)];
    const cases = [
      {
        rate: 0.5,
        rowCount: 300,
        width: 100,
        rows: Int32Array.from({ length: 250 }, (_, i) => i + 3),
      },
      { rate: 0.65, rowCount: 41, width: 7, rows: Int32Array.of(40, 2, 5, 9, 0, 33, 17) },
      { rate: 0.3, rowCount: 5, width: 3, rows: Int32Array.of(4) },
    ];
    for (const { rate, rowCount, width, rows } of cases) {
      const alone = dropoutMask(new Rng(5), rate, rowCount, width, { rows });
      for (const threads of pools) {
        const keep = kernelArray(owner, Uint8Array, rowCount * width)!.fill(7);
        const list = kernelArray(owner, Int32Array, rows.length)!;
        list.set(rows);
        const rng = new Rng(5);
        const calls = vi.spyOn(threads, 'runKernel');
        const drawn = dropoutMask(rng, rate, rowCount, width, { rows: list, into: keep, threads });
        // The threads drew it, each a part of the rows, into `keep`.
        expect(calls).toHaveBeenCalledWith(expect.anything(), 'draw', expect.any(Array));
        expect(calls.mock.calls[0]![2]).toHaveLength(threads.size);
        calls.mockRestore();
        expect(drawn.keep.buffer).toBe(keep.buffer);
        expect(Array.from(drawn.keep), `${threads.size} threads, width ${width}`).toEqual(
          Array.from(alone.keep),
        );
        // The Rng moved on exactly as for one thread.
        const after = new Rng(5);
        dropoutMask(after, rate, rowCount, width, { rows });
        expect(rng.nextUint32()).toBe(after.nextUint32());
        // unlisted 'any': the listed rows' bytes are the same; the others keep what was there.
        keep.fill(7);
        const any = dropoutMask(new Rng(5), rate, rowCount, width, {
          rows: list,
          into: keep,
          threads,
          unlisted: 'any',
        });
        const listed = new Set(rows);
        for (let row = 0; row < rowCount; row++) {
          const bytes = Array.from(any.keep.subarray(row * width, (row + 1) * width));
          const want = listed.has(row)
            ? Array.from(alone.keep.subarray(row * width, (row + 1) * width))
            : new Array(width).fill(7);
          expect(bytes, `row ${row}, ${threads.size} threads`).toEqual(want);
        }
      }
    }
    for (const pool of pools) void pool.terminate();
  });

  it('rejects an unknown engine instead of quietly picking one', () => {
    const bad = () => dropoutMask(new Rng(1), 0.5, 4, 2, { engine: 'wasm2' as unknown as 'wasm' });
    expect(bad).toThrow(FusedOpError);
    expect(bad).toThrow(/engine must be 'auto', 'wasm' or 'js', got wasm2/);
  });

  it('names a listed row outside the mask on either engine', () => {
    for (const engine of ['wasm', 'js'] as const) {
      expect(() =>
        dropoutMask(new Rng(1), 0.5, 4, 2, { rows: Int32Array.of(1, 4), engine }),
      ).toThrow(/rows\[1\] is 4; rows must be in \[0, 4\)/);
    }
  });
});
