import type { CellType } from '@imdb-rnn/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Rng } from '../../data/rng';
import { WasmAdam } from '../../optim/adam';
import {
  type DirectionWeights,
  projectAllRows,
  recurrentBackward,
  recurrentForward,
} from '../recurrent';
import { gateWidth, type RecurrentShape } from '../shape';
import { kernelArray } from '../wasm/kernel-memory';
import { RecurrentWorkspace } from '../workspace';
import { KernelThreadPool } from './thread-pool';
import { splitSequences } from './threaded-recurrent';

// The single-thread wasm path (recurrent.ts, itself checked against PyTorch)
// is the reference: the threaded layer must give the same bits.
const pools = [new KernelThreadPool(2), new KernelThreadPool(3)];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.terminate()));
});

function random(rng: Rng, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

function problem(cell: CellType, bidirectional: boolean, hiddenSize: number, seed: number) {
  const rng = new Rng(seed);
  const batch = 13;
  const time = 37;
  const shape: RecurrentShape = { cell, inputSize: 21, hiddenSize, time, batch, bidirectional };
  const lengths = Int32Array.from({ length: batch }, () => 1 + rng.int(time));
  lengths[3] = time;
  const GH = gateWidth(shape);
  const weights: DirectionWeights[] = Array.from({ length: bidirectional ? 2 : 1 }, () => ({
    wIh: random(rng, GH * shape.inputSize, 0.4),
    wHh: random(rng, GH * hiddenSize, 0.4),
    bIh: random(rng, GH, 0.2),
    bHh: random(rng, GH, 0.2),
  }));
  const x = random(rng, time * batch * shape.inputSize, 1);
  const dHidden = random(rng, batch * hiddenSize * (bidirectional ? 2 : 1), 1);
  const dSequence = random(rng, time * batch * hiddenSize * (bidirectional ? 2 : 1), 1);
  return { shape, lengths, weights, x, dHidden, dSequence };
}

/** The reference: the single-thread wasm path's forward pass and gradients. */
function oneThread(
  shape: RecurrentShape,
  x: Float32Array,
  lengths: Int32Array,
  weights: DirectionWeights[],
  dHidden: Float32Array,
) {
  const one = recurrentForward(shape, x, lengths, weights, {
    engine: 'wasm',
    workspace: new RecurrentWorkspace(),
  });
  return { one, oneGrads: recurrentBackward(shape, one.cache, dHidden) };
}

// Starting threads takes seconds on a loaded machine.
describe('recurrent layer on kernel threads', { timeout: 60_000 }, () => {
  const cases = [
    ['rnn', false, 10],
    ['gru', false, 10],
    ['lstm', false, 10],
    ['lstm', true, 10],
    ['gru', true, 32],
    ['lstm', true, 32],
    // Wider than the 32 recurrence.c's scratch arrays once stopped at.
    ['rnn', true, 64],
    ['lstm', true, 64],
    ['gru', false, 100],
    ['lstm', false, 128],
  ] as const;
  for (const [cell, bidirectional, hidden] of cases) {
    it(`${bidirectional ? 'bi' : ''}${cell} hidden ${hidden}: the same bits as one thread, for 2 and 3 threads`, () => {
      const { shape, lengths, weights, x, dHidden } = problem(cell, bidirectional, hidden, 7);
      const { one, oneGrads } = oneThread(shape, x, lengths, weights, dHidden);
      for (const pool of pools) {
        const many = recurrentForward(shape, x, lengths, weights, {
          engine: 'wasm',
          threads: pool,
        });
        expect(many.cache.threaded, 'ran on the threads').toBeDefined();
        expect(many.hidden).toEqual(one.hidden);
        const grads = recurrentBackward(shape, many.cache, dHidden);
        expect(grads.dx).toEqual(oneGrads.dx);
        expect(grads.dWeights).toEqual(oneGrads.dWeights);
      }
    });
  }

  for (const [cell, bidirectional, hidden] of [
    ['rnn', false, 10],
    ['gru', true, 32],
    ['lstm', true, 64],
  ] as const) {
    it(`${bidirectional ? 'bi' : ''}${cell} hidden ${hidden} gathering a shared projected table by ids: the same bits as one thread`, () => {
      const { shape, lengths, weights } = problem(cell, bidirectional, hidden, 13);
      const I = shape.inputSize;
      const rng = new Rng(17);
      const vocab = random(rng, 50 * I, 1);
      const ids = Int32Array.from({ length: shape.time * shape.batch }, () => rng.int(50));
      const x = new Float32Array(shape.time * shape.batch * I);
      for (const [row, id] of ids.entries()) x.set(vocab.subarray(id * I, (id + 1) * I), row * I);
      const options = { engine: 'wasm', pooled: true } as const;
      const one = recurrentForward(shape, x, lengths, weights, {
        ...options,
        workspace: new RecurrentWorkspace(),
      });
      const table = projectAllRows(vocab, weights, I, 'wasm');
      const shared = new Float32Array(new SharedArrayBuffer(table.byteLength));
      shared.set(table);
      for (const pool of pools) {
        const gathered = { ...options, threads: pool, projected: true, ids } as const;
        const many = recurrentForward(shape, shared, lengths, weights, gathered);
        expect(many.cache.threaded, 'ran on the threads').toBeDefined();
        expect(many.hidden).toEqual(one.hidden);
        expect(many.pooled).toEqual(one.pooled);
        // A table the threads cannot read where it lies is gathered on this thread.
        const here = recurrentForward(shape, table, lengths, weights, gathered);
        expect(here.cache.threaded).toBeUndefined();
        expect(here.pooled).toEqual(one.pooled);
      }
    });
  }

  for (const [cell, bidirectional, hidden] of [
    ['gru', false, 10],
    ['lstm', true, 32],
    ['lstm', true, 64],
  ] as const) {
    it(`${bidirectional ? 'bi' : ''}${cell} hidden ${hidden} with per-step outputs and their gradient: the same bits as one thread`, () => {
      const { shape, lengths, weights, x, dHidden, dSequence } = problem(
        cell,
        bidirectional,
        hidden,
        9,
      );
      const options = { engine: 'wasm', sequence: true } as const;
      const one = recurrentForward(shape, x, lengths, weights, {
        ...options,
        workspace: new RecurrentWorkspace(),
      });
      const oneGrads = recurrentBackward(shape, one.cache, dHidden, dSequence);
      for (const pool of pools) {
        const many = recurrentForward(shape, x, lengths, weights, { ...options, threads: pool });
        expect(many.cache.threaded, 'ran on the threads').toBeDefined();
        expect(many.sequence).toEqual(one.sequence);
        const grads = recurrentBackward(shape, many.cache, dHidden, dSequence);
        expect(grads.dx).toEqual(oneGrads.dx);
        expect(grads.dWeights).toEqual(oneGrads.dWeights);
      }
    });
  }

  for (const [cell, bidirectional, hidden] of [
    ['rnn', false, 10],
    ['lstm', true, 32],
    ['lstm', true, 64],
  ] as const) {
    it(`${bidirectional ? 'bi' : ''}${cell} hidden ${hidden} pooled on the threads: the same bits as one thread, and the pooling of its per-step outputs`, () => {
      const { shape, lengths, weights, x, dSequence } = problem(cell, bidirectional, hidden, 11);
      const { batch: B, time: T } = shape;
      const width = (bidirectional ? 2 : 1) * hidden;
      const dPooled = dSequence.slice(0, B * 3 * width);
      const noHidden = new Float32Array(B * width);
      const options = { engine: 'wasm', workspace: new RecurrentWorkspace() } as const;
      // What 'pooled' means, written out over the per-step outputs.
      const steps = recurrentForward(shape, x, lengths, weights, { ...options, sequence: true });
      const y = steps.sequence!;
      const want = new Float32Array(B * 3 * width);
      const wantSteps = new Float32Array(T * B * width);
      for (let b = 0; b < B; b++) {
        const length = lengths[b]!;
        for (let j = 0; j < width; j++) {
          const final = j < hidden ? length - 1 : 0;
          let max = y[b * width + j]!;
          let at = 0;
          let sum = 0;
          for (let t = 0; t < length; t++) {
            const value = y[(t * B + b) * width + j]!;
            sum += value;
            if (value > max) [max, at] = [value, t];
          }
          want[b * 3 * width + j] = y[(final * B + b) * width + j]!;
          want[b * 3 * width + width + j] = max;
          want[b * 3 * width + 2 * width + j] = sum / length;
          const mean = Math.fround(dPooled[b * 3 * width + 2 * width + j]! / length);
          for (let t = 0; t < length; t++) wantSteps[(t * B + b) * width + j] = mean;
          const row = (t: number) => (t * B + b) * width + j;
          wantSteps[row(final)] = Math.fround(wantSteps[row(final)]! + dPooled[b * 3 * width + j]!);
          wantSteps[row(at)] = Math.fround(
            wantSteps[row(at)]! + dPooled[b * 3 * width + width + j]!,
          );
        }
      }
      const stepGrads = recurrentBackward(shape, steps.cache, noHidden, wantSteps);
      const one = recurrentForward(shape, x, lengths, weights, { ...options, pooled: true });
      expect(one.cache.threaded, 'one thread').toBeUndefined();
      expect(one.sequence).toBeUndefined();
      expect(one.pooled).toEqual(want);
      const oneGrads = recurrentBackward(shape, one.cache, noHidden, undefined, { dPooled });
      expect(oneGrads).toEqual(stepGrads);
      for (const pool of pools) {
        const many = recurrentForward(shape, x, lengths, weights, {
          engine: 'wasm',
          threads: pool,
          pooled: true,
        });
        expect(many.cache.threaded, 'ran on the threads').toBeDefined();
        expect(many.pooled).toEqual(want);
        expect(recurrentBackward(shape, many.cache, noHidden, undefined, { dPooled })).toEqual(
          stepGrads,
        );
      }
    });
  }

  it('refuses pooled with sequence, and a gradient that does not match the forward pass', () => {
    const { shape, lengths, weights, x, dHidden, dSequence } = problem('gru', false, 10, 3);
    expect(() =>
      recurrentForward(shape, x, lengths, weights, { pooled: true, sequence: true }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid-argument',
        message: expect.stringMatching(/exclusive/),
      }),
    );
    const dPooled = dSequence.slice(0, shape.batch * 3 * shape.hiddenSize);
    for (const threads of [undefined, pools[0]]) {
      const pooled = recurrentForward(shape, x, lengths, weights, { pooled: true, threads });
      expect(() => recurrentBackward(shape, pooled.cache, dHidden)).toThrow(/options\.dPooled/);
      expect(() =>
        recurrentBackward(shape, pooled.cache, dHidden, undefined, {
          dPooled: dPooled.subarray(1),
        }),
      ).toThrow(/options\.dPooled/);
      const plain = recurrentForward(shape, x, lengths, weights, { threads });
      expect(() => recurrentBackward(shape, plain.cache, dHidden, undefined, { dPooled })).toThrow(
        /did not return/,
      );
    }
  });

  for (const [inputSize, long] of [
    [21, false],
    [24, false],
    [24, true],
  ] as const) {
    it(`with x and dx in a kernel memory (input ${inputSize}${long ? ', long reviews' : ''}), runs the products in place there: the same bits as one thread`, () => {
      const { shape: base, lengths, weights: baseWeights, dHidden } = problem('lstm', true, 10, 11);
      const shape = { ...base, inputSize };
      // Long reviews: the weight gradient's first chunk of 256 active rows is
      // consecutive rows of x (read in place), the next is not (copied).
      if (long) lengths.set(lengths.map((_, b) => (b === 5 ? 25 : b === 9 ? 30 : shape.time)));
      const rng = new Rng(12);
      const GH = gateWidth(shape);
      const weights = baseWeights.map((w) => ({ ...w, wIh: random(rng, GH * inputSize, 0.4) }));
      const owner = WasmAdam.create()!;
      const size = shape.time * shape.batch * inputSize;
      const x = kernelArray(owner, Float32Array, size)!;
      x.set(random(rng, size, 1));
      const { one, oneGrads } = oneThread(shape, x.slice(), lengths, weights, dHidden);
      for (const pool of pools) {
        const many = recurrentForward(shape, x, lengths, weights, {
          engine: 'wasm',
          threads: pool,
        });
        expect(many.cache.threaded?.inPlace?.owner, 'products in the kernel memory').toBe(owner);
        expect(many.hidden).toEqual(one.hidden);
        const dxInto = kernelArray(owner, Float32Array, size)!.fill(Number.NaN);
        const runs = vi.spyOn(pool, 'run');
        const grads = recurrentBackward(shape, many.cache, dHidden, undefined, { dxInto });
        // Whole vectors per row: the weight gradient reads dXProj's rows in place too.
        const weightTasks = runs.mock.calls.find(([tasks]) => tasks[0]?.op === 'weights')![0];
        expect(weightTasks[0]!.rowsAt !== undefined, 'weights in place').toBe(inputSize % 4 === 0);
        runs.mockRestore();
        expect(grads.dx).toBe(dxInto);
        expect(grads.dx).toEqual(oneGrads.dx);
        expect(grads.dWeights).toEqual(oneGrads.dWeights);
      }
    });
  }

  it('refuses a backward pass whose cache a later forward pass overwrote', () => {
    const { shape, lengths, weights, x, dHidden } = problem('gru', false, 10, 3);
    const first = recurrentForward(shape, x, lengths, weights, { threads: pools[0] });
    recurrentForward(shape, x, lengths, weights, { threads: pools[0] });
    expect(() => recurrentBackward(shape, first.cache, dHidden)).toThrow(
      expect.objectContaining({ name: 'RecurrentKernelError', code: 'stale-cache' }),
    );
  });
});

describe('splitSequences', () => {
  it('covers every sequence once in contiguous, non-empty ranges with balanced tokens', () => {
    const lengths = Int32Array.from([5, 5, 5, 5, 100, 1, 1, 1]);
    const ranges = splitSequences(lengths, 2);
    expect(ranges).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(splitSequences(Int32Array.from([3, 3, 3]), 2)).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(splitSequences(Int32Array.from([9]), 4)).toEqual([[0, 1]]);
    expect(splitSequences(Int32Array.from([1, 1, 50]), 3)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
});
