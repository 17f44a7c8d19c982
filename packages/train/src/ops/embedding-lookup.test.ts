import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedOpError } from '../errors';
import { KernelThreadPool } from '../kernels/threads/thread-pool';
import { rowBlock } from '../kernels/threads/threaded-embedding';
import { kernelArray, kernelMemoryOf } from '../kernels/wasm/kernel-memory';
import { WasmAdam } from '../optim/adam';
import { dropoutMask, type Unlisted } from './dropout-mask';
import { embeddingLookup } from './embedding-lookup';
import { gradientStorageFor } from './embedding-memory';
import { scatterAddRows } from './embedding-rows';
import { referenceEmbeddingLookup } from './reference-ops';
import { Rng, randomArray } from './test-support';

const PAD = 1;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function gradOf(
  lookup: (table: tf.Tensor2D) => tf.Tensor2D,
  table: tf.Tensor2D,
  r: tf.Tensor2D,
): Float32Array {
  return tf
    .grad((t: tf.Tensor) =>
      lookup(t as tf.Tensor2D)
        .mul(r)
        .sum(),
    )(table)
    .dataSync() as Float32Array;
}

describe('embeddingLookup', () => {
  it('gathers rows in id order and matches tf.gather + autodiff on random cases', () => {
    const rng = new Rng(11);
    for (const [V, E, N] of [
      [7, 3, 12],
      [30, 5, 40],
      [4, 2, 1],
    ] as const) {
      tf.tidy(() => {
        const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
        const ids = Int32Array.from({ length: N }, () => rng.int(V));
        const r = tf.tensor2d(randomArray(rng, N * E), [N, E]);
        const fused = embeddingLookup(table, ids, { padIndex: PAD });
        const reference = referenceEmbeddingLookup(table, ids, PAD);
        expect(maxAbsDiff(fused.dataSync(), reference.dataSync())).toBe(0);
        const fusedGrad = gradOf((t) => embeddingLookup(t, ids, { padIndex: PAD }), table, r);
        const refGrad = gradOf((t) => referenceEmbeddingLookup(t, ids, PAD), table, r);
        expect(maxAbsDiff(fusedGrad, refGrad)).toBeLessThanOrEqual(1e-6);
      });
    }
  });

  it('scatter-adds repeated ids, leaves unused rows and the pad row at zero', () => {
    tf.tidy(() => {
      const table = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
      const ids = Int32Array.of(2, PAD, 2, 0);
      const dy = tf.tensor2d([1, 10, 100, 1000, 2, 20, 3, 30], [4, 2]);
      const grad = gradOf((t) => embeddingLookup(t, ids, { padIndex: PAD }), table, dy);
      // row 0: dy[3]; row 1 (pad): nothing; row 2: dy[0] + dy[2]; row 3 unused.
      expect(Array.from(grad)).toEqual([3, 30, 0, 0, 3, 30, 0, 0]);
      // The pad row is still looked up (it is zero in a real model, not here).
      expect(
        Array.from(embeddingLookup(table, ids, { padIndex: PAD }).dataSync().slice(2, 4)),
      ).toEqual([3, 4]);
    });
  });

  it('applies a dropout mask in the gather and the same mask in the gradient', () => {
    const rng = new Rng(5);
    // E = 7 runs the unrolled loops' tail; rate 0.3 a scale that is not an integer.
    for (const [E, rate] of [
      [4, 0.5],
      [7, 0.3],
    ] as const) {
      tf.tidy(() => {
        const V = 9;
        const N = 20;
        const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
        const ids = Int32Array.from({ length: N }, () => rng.int(V));
        const mask = dropoutMask(rng, rate, N, E);
        const r = tf.tensor2d(randomArray(rng, N * E), [N, E]);
        const fused = embeddingLookup(table, ids, { padIndex: PAD, mask });
        const reference = referenceEmbeddingLookup(table, ids, PAD, mask);
        // The reference rounds keep * scale to float32 first: exact only when the scale is.
        expect(maxAbsDiff(fused.dataSync(), reference.dataSync())).toBeLessThanOrEqual(
          rate === 0.5 ? 0 : 1e-6,
        );
        const fusedGrad = gradOf((t) => embeddingLookup(t, ids, { padIndex: PAD, mask }), table, r);
        const refGrad = gradOf((t) => referenceEmbeddingLookup(t, ids, PAD, mask), table, r);
        expect(maxAbsDiff(fusedGrad, refGrad)).toBeLessThanOrEqual(1e-6);
      });
    }
  });

  it('looks up only the listed rows: others are zero and pass no gradient', () => {
    const rng = new Rng(8);
    tf.tidy(() => {
      const V = 6;
      const E = 3;
      const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
      const ids = Int32Array.of(0, 2, 3, 4, 5, 2);
      const rows = Int32Array.of(1, 2, 5);
      // The same thing as a mask that keeps exactly the listed rows.
      const keep = new Uint8Array(ids.length * E);
      for (const n of rows) keep.fill(1, n * E, (n + 1) * E);
      const r = tf.tensor2d(randomArray(rng, ids.length * E), [ids.length, E]);
      const fused = embeddingLookup(table, ids, { padIndex: PAD, rows });
      const reference = referenceEmbeddingLookup(table, ids, PAD, { keep, scale: 1 });
      expect(maxAbsDiff(fused.dataSync(), reference.dataSync())).toBe(0);
      const fusedGrad = gradOf((t) => embeddingLookup(t, ids, { padIndex: PAD, rows }), table, r);
      const refGrad = gradOf(
        (t) => referenceEmbeddingLookup(t, ids, PAD, { keep, scale: 1 }),
        table,
        r,
      );
      expect(maxAbsDiff(fusedGrad, refGrad)).toBeLessThanOrEqual(1e-6);
      expect(() => embeddingLookup(table, ids, { padIndex: PAD, rows: Int32Array.of(6) })).toThrow(
        /rows\[0\] is 6; rows must be in \[0, 6\)/,
      );
    });
  });

  it('recycles a released gradient array: rows from the previous batch are zero again, the pad row stays zero', () => {
    const rng = new Rng(21);
    const V = 50;
    const E = 6;
    const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
    const gradient = (ids: Int32Array, dy: tf.Tensor2D) =>
      tf.grad((t: tf.Tensor) => embeddingLookup(t as tf.Tensor2D, ids, { padIndex: PAD }))(
        table,
        dy,
      );
    const batches = [
      Int32Array.of(3, 4, 4, PAD, 40, 7),
      Int32Array.of(4, 9, PAD, 9, 12, 3),
      Int32Array.of(49, 0, 1, 2, 3, 5),
    ];
    let previous: ArrayBufferLike | undefined;
    for (const ids of batches) {
      const dy = tf.tensor2d(randomArray(rng, ids.length * E), [ids.length, E]);
      const fused = gradient(ids, dy);
      const values = fused.dataSync();
      const reference = tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => referenceEmbeddingLookup(t as tf.Tensor2D, ids, PAD))(table, dy)
          .dataSync(),
      );
      expect(maxAbsDiff(values, reference)).toBeLessThanOrEqual(1e-6);
      expect(Array.from(values.slice(PAD * E, (PAD + 1) * E))).toEqual(new Array(E).fill(0));
      // The CPU backend keeps the array it was given, so the storage is the same.
      if (previous !== undefined) expect(values.buffer).toBe(previous);
      previous = values.buffer;
      tf.dispose([fused, dy]);
    }
    table.dispose();
  });

  it('never writes into a gradient that is still alive (kept across steps, or a clone of it)', () => {
    const rng = new Rng(22);
    const V = 20;
    const E = 3;
    const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
    const gradient = (ids: Int32Array) =>
      tf.grad((t: tf.Tensor) =>
        embeddingLookup(t as tf.Tensor2D, ids, { padIndex: PAD })
          .mul(tf.scalar(2))
          .sum(),
      )(table);
    const first = gradient(Int32Array.of(5, 6, 5));
    const kept = Array.from(first.dataSync());
    const alias = first.clone();
    first.dispose();
    // The clone shares first's storage: the next gradient must not reuse it.
    const second = gradient(Int32Array.of(5, 7));
    expect(Array.from(alias.dataSync())).toEqual(kept);
    expect(kept[5 * E]).toBe(4);
    expect(second.dataSync()[5 * E]).toBe(2);
    expect(second.dataSync()[6 * E]).toBe(0);
    // Used twice in one graph: both backward passes must survive until tfjs sums them.
    const ids = Int32Array.of(8, 9);
    const twice = tf
      .grad((t: tf.Tensor) =>
        embeddingLookup(t as tf.Tensor2D, ids, { padIndex: PAD })
          .add(embeddingLookup(t as tf.Tensor2D, Int32Array.of(9, 10), { padIndex: PAD }))
          .sum(),
      )(table)
      .dataSync();
    expect(Array.from(twice.slice(8 * E, 11 * E))).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1]);
    tf.dispose([alias, second, table]);
  });

  it('recycles a released output array across batches of different lengths: unlisted rows read zero', () => {
    const rng = new Rng(23);
    const V = 12;
    const E = 4;
    const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
    const calls: [Int32Array, Int32Array | undefined][] = [
      [Int32Array.of(3, 4, 5, 6, 7, 8), undefined],
      [Int32Array.of(9, 10, 11, 2), Int32Array.of(1, 3)],
      [Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8), Int32Array.of(0, 7)],
      [Int32Array.of(11, 11, 11), Int32Array.of(2)],
      // A position listed twice is written twice; the next call still zeroes it.
      [Int32Array.of(4, 5, 6), Int32Array.of(1, 1, 2)],
      [Int32Array.of(4, 5, 6), Int32Array.of(0)],
    ];
    for (const [ids, rows] of calls) {
      const keep = new Uint8Array(ids.length * E).fill(rows === undefined ? 1 : 0);
      for (const n of rows ?? []) keep.fill(1, n * E, (n + 1) * E);
      const fused = embeddingLookup(table, ids, { padIndex: PAD, ...(rows ? { rows } : {}) });
      const reference = referenceEmbeddingLookup(table, ids, PAD, { keep, scale: 1 });
      expect(fused.shape).toEqual([ids.length, E]);
      expect(maxAbsDiff(fused.dataSync(), reference.dataSync())).toBe(0);
      tf.dispose([fused, reference]);
    }
    // A live output is never overwritten by the next lookup.
    const first = embeddingLookup(table, Int32Array.of(5, 6), { padIndex: PAD });
    const before = Array.from(first.dataSync());
    const second = embeddingLookup(table, Int32Array.of(7, 8), { padIndex: PAD });
    expect(Array.from(first.dataSync())).toEqual(before);
    const rows78 = table.slice([7, 0], [2, E]);
    expect(maxAbsDiff(second.dataSync(), rows78.dataSync())).toBe(0);
    rows78.dispose();
    tf.dispose([first, second, table]);
  });

  it("with unlisted 'any', leaves a reused output's unlisted rows as they were; by default zeroes them", () => {
    const rng = new Rng(29);
    const V = 10;
    const E = 3;
    const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
    const tableValues = table.dataSync();
    // One output array, reused by every call, as the model's input storage is.
    const reused = new Float32Array(4 * E);
    const storage = { take: (length: number) => reused.subarray(0, length), hand: <T>(t: T) => t };
    const ids = Int32Array.of(2, 3, 4, 5);
    const rows = Int32Array.of(1, 3);
    for (const unlisted of ['any', 'zero'] as const) {
      reused.fill(7);
      const out = embeddingLookup(table, ids, { padIndex: PAD, rows, into: storage, unlisted });
      const values = Array.from(out.dataSync());
      for (let n = 0; n < ids.length; n++) {
        const row = values.slice(n * E, (n + 1) * E);
        const listed = Array.from(tableValues.slice(ids[n]! * E, (ids[n]! + 1) * E));
        const unlistedValue = unlisted === 'any' ? 7 : 0;
        expect(row).toEqual(
          rows.includes(n) ? listed : [unlistedValue, unlistedValue, unlistedValue],
        );
      }
      out.dispose();
    }
    table.dispose();
  });

  it("rejects an unlisted value other than 'zero' or 'any', as dropoutMask does", () => {
    const table = tf.tensor2d(new Float32Array(4 * 2), [4, 2]);
    const ids = Int32Array.of(1, 2);
    for (const unlisted of ['none', '', 0, null]) {
      const call = () =>
        embeddingLookup(table, ids, {
          padIndex: PAD,
          rows: Int32Array.of(0),
          unlisted: unlisted as unknown as Unlisted,
        });
      expect(call).toThrow(FusedOpError);
      expect(call).toThrow(/embeddingLookup: unlisted must be 'zero' or 'any'/);
      expect(() =>
        dropoutMask(new Rng(1), 0.5, 2, 2, { unlisted: unlisted as unknown as Unlisted }),
      ).toThrow(/dropoutMask: unlisted must be 'zero' or 'any'/);
    }
    table.dispose();
  });

  it('rejects an id outside the vocabulary, naming its position', () => {
    tf.tidy(() => {
      const table = tf.zeros([5, 2]) as tf.Tensor2D;
      expect(() => embeddingLookup(table, Int32Array.of(0, 5), { padIndex: PAD })).toThrow(
        /ids\[1\] is 5; token ids must be in \[0, 5\)/,
      );
      expect(() =>
        embeddingLookup(table, Int32Array.of(0), {
          padIndex: PAD,
          mask: { keep: new Uint8Array(3), scale: 2 },
        }),
      ).toThrow(FusedOpError);
    });
  });
});

describe('embeddingLookup on kernel threads', () => {
  const pool = new KernelThreadPool(2);
  afterAll(async () => {
    await pool.terminate();
  });

  /** Identity whose gradient arrives on shared memory, as the threaded recurrent layer's dx does. */
  const sharedGradient = tf.customGrad((x) => ({
    value: (x as tf.Tensor).clone(),
    gradFunc: (dy: tf.Tensor) => {
      const values = new Float32Array(new SharedArrayBuffer(dy.size * 4));
      values.set(dy.dataSync() as Float32Array);
      return tf.tensor(values, dy.shape);
    },
  }));

  /** Float32 values on a SharedArrayBuffer, as FusedAdam's in-place table and the threads' buffers are. */
  const shared = (values: Float32Array) => {
    const out = new Float32Array(new SharedArrayBuffer(values.length * 4));
    out.set(values);
    return out;
  };
  /** TensorStorage on shared memory, like the recurrent layer's threadedInputStorage. */
  const sharedStorage = {
    take: (length: number) => new Float32Array(new SharedArrayBuffer(length * 4)),
    hand: <T extends tf.Tensor>(tensor: T) => tensor,
  };

  it('looks up by rows and adds the gradient by its rows across the threads: the same bits as on one thread', () => {
    const rng = new Rng(21);
    // E = 7 splits unevenly; E = 100 is the reference width. Rate 0.65: a scale that is not
    // a power of two, so a different order or rounding of the products would show.
    for (const [E, rate, listed] of [
      [7, 0.65, false],
      [100, 0.5, true],
      [100, 0.65, true],
      [100, 0, true],
    ] as const) {
      const V = 40;
      const N = 300;
      const ids = Int32Array.from({ length: N }, () => rng.int(V));
      ids[5] = PAD;
      ids[9] = ids[7]!; // one row gathered twice: its gradient is a sum in position order
      const rows = listed ? Int32Array.from({ length: N / 3 }, (_, i) => i * 3) : undefined;
      const keep = new Uint8Array(new SharedArrayBuffer(N * E));
      const mask = rate === 0 ? undefined : dropoutMask(rng, rate, N, E, { rows, into: keep });
      const r = tf.tensor2d(randomArray(rng, N * E), [N, E]);
      const table = tf.tensor2d(shared(randomArray(rng, V * E)), [V, E]);
      const lookup = (threads?: KernelThreadPool) => (t: tf.Tensor2D) =>
        sharedGradient(
          embeddingLookup(t, ids, {
            padIndex: PAD,
            mask,
            rows,
            into: sharedStorage,
            ...(threads ? { threads } : {}),
          }),
        ) as tf.Tensor2D;
      const forward = (threads?: KernelThreadPool) =>
        tf.tidy(() => Array.from(lookup(threads)(table).dataSync()));
      expect(forward(pool)).toEqual(forward());
      const one = Array.from(gradOf(lookup(), table, r));
      const threaded = Array.from(gradOf(lookup(pool), table, r));
      expect(threaded).toEqual(one);
      expect(one.some((v) => v !== 0)).toBe(true);
      tf.dispose([r, table]);
    }
  });

  it('with the table in a kernel memory (FusedAdam in place), runs the row loops in WebAssembly beside it: the same bits as on one thread', () => {
    const rng = new Rng(22);
    const owner = WasmAdam.create()!;
    // The recurrent layer's part: dx written where the lookup asked for it.
    const gradientWhereAsked = tf.customGrad((x) => {
      const input = x as tf.Tensor;
      const target = gradientStorageFor(input);
      return {
        value: input.clone(),
        gradFunc: (dy: tf.Tensor) => {
          const values = target?.take(dy.size) ?? new Float32Array(dy.size);
          values.set(dy.dataSync() as Float32Array);
          const gradient = tf.tensor(values, dy.shape);
          return target === undefined ? gradient : target.hand(gradient);
        },
      };
    });
    for (const [E, rate, listed] of [
      [7, 0.65, false],
      [100, 0.5, true],
      [100, 0.65, true],
      [100, 0, false],
    ] as const) {
      const V = 40;
      const N = 300;
      const ids = Int32Array.from({ length: N }, () => rng.int(V));
      ids[5] = PAD;
      ids[9] = ids[7]!;
      const rows = listed ? Int32Array.from({ length: N / 3 }, (_, i) => i * 3) : undefined;
      const mask =
        rate === 0 ? undefined : dropoutMask(rng, rate, N, E, rows === undefined ? {} : { rows });
      const r = tf.tensor2d(randomArray(rng, N * E), [N, E]);
      const values = kernelArray(owner, Float32Array, V * E)!;
      values.set(randomArray(rng, V * E));
      const table = tf.tensor2d(values, [V, E]);
      const seen: { output?: Float32Array; gradient?: Float32Array } = {};
      const lookup = (threads?: KernelThreadPool) => (t: tf.Tensor2D) => {
        const out = embeddingLookup(t, ids, {
          padIndex: PAD,
          mask,
          rows,
          ...(threads ? { threads } : {}),
        });
        if (threads) seen.output = out.dataSync() as Float32Array;
        return gradientWhereAsked(out) as tf.Tensor2D;
      };
      const forward = (threads?: KernelThreadPool) =>
        tf.tidy(() => Array.from(lookup(threads)(table).dataSync()));
      expect(forward(pool)).toEqual(forward());
      expect(kernelMemoryOf(seen.output)).toBe(owner);
      const one = Array.from(gradOf(lookup(), table, r));
      const threadedGrad = gradOf(lookup(pool), table, r);
      expect(kernelMemoryOf(threadedGrad)).toBe(owner);
      expect(Array.from(threadedGrad)).toEqual(one);
      expect(one.some((v) => v !== 0)).toBe(true);
      tf.dispose([r, table]);
    }
  });

  it('with the table in a kernel memory, zeroes a recycled gradient on the threads: rows of earlier batches read zero, whichever scatter wrote them', () => {
    const rng = new Rng(23);
    const owner = WasmAdam.create()!;
    const V = 60;
    const E = 100;
    const values = kernelArray(owner, Float32Array, V * E)!;
    values.set(randomArray(rng, V * E));
    const table = tf.tensor2d(values, [V, E]);
    const plainTable = tf.tensor2d(values.slice(), [V, E]);
    // dx written where the lookup asks (the threads' scatter then zeroes and
    // logs rows itself), or on other shared memory (the calling thread does).
    const gradientThrough = (asked: boolean) =>
      tf.customGrad((x) => {
        const input = x as tf.Tensor;
        const target = asked ? gradientStorageFor(input) : undefined;
        return {
          value: input.clone(),
          gradFunc: (dy: tf.Tensor) => {
            const out =
              target?.take(dy.size) ?? new Float32Array(new SharedArrayBuffer(dy.size * 4));
            out.set(dy.dataSync() as Float32Array);
            const gradient = tf.tensor(out, dy.shape);
            return target === undefined ? gradient : target.hand(gradient);
          },
        };
      });
    // Each batch's ids lie in its own range, so every row of the batch before is stale.
    const batches = ([2, 20, 40, 2, 20] as const).map((from, b) => {
      const N = 240;
      const ids = Int32Array.from({ length: N }, () => from + rng.int(18));
      ids[3] = PAD;
      const rows = Int32Array.from({ length: N / 2 }, (_, i) => i * 2);
      const mask = dropoutMask(rng, 0.5, N, E, { rows });
      const r = tf.tensor2d(randomArray(rng, N * E), [N, E]);
      // The one-thread gradients first: they take the op's gradient storage too.
      const one = Array.from(
        gradOf((t) => embeddingLookup(t, ids, { padIndex: PAD, mask, rows }), plainTable, r),
      );
      return { from, asked: b !== 2, ids, rows, mask, r, one };
    });
    let previous: number | undefined;
    for (const { from, asked, ids, rows, mask, r, one } of batches) {
      const gradient = tf.grad((t: tf.Tensor) =>
        (
          gradientThrough(asked)(
            embeddingLookup(t as tf.Tensor2D, ids, { padIndex: PAD, mask, rows, threads: pool }),
          ) as tf.Tensor2D
        )
          .mul(r)
          .sum(),
      )(table);
      const threaded = gradient.dataSync() as Float32Array;
      // Released, as a training step releases it, so the next batch may reuse its array.
      gradient.dispose();
      expect(kernelMemoryOf(threaded)).toBe(owner);
      // The same array each time: recycled, not a fresh zeroed one.
      if (previous !== undefined) expect(threaded.byteOffset).toBe(previous);
      previous = threaded.byteOffset;
      const got = Array.from(threaded);
      expect(got).toEqual(one);
      expect(got.slice(0, from * E).every((v) => v === 0)).toBe(true);
      r.dispose();
    }
    tf.dispose([table, plainTable]);
  });
});

describe('the scatter-add split by gradient rows', () => {
  it('deals out ids in blocks that fill whole 64-byte lines', () => {
    for (const [E, block] of [
      [100, 4],
      [7, 16],
      [32, 1],
      [50, 8],
      [1, 16],
    ] as const) {
      expect(rowBlock(E)).toBe(block);
      expect((rowBlock(E) * E * 4) % 64).toBe(0);
    }
  });

  it('gives every row to exactly one part, and the parts together add what one pass adds', () => {
    const rng = new Rng(5);
    const V = 50;
    const E = 6;
    const N = 400;
    const ids = Int32Array.from({ length: N }, () => rng.int(V));
    const dy = randomArray(rng, N * E);
    const whole = new Float32Array(V * E);
    scatterAddRows(whole, dy, ids, undefined, N, E, PAD, undefined, 1, 1, 0, 1);
    const block = rowBlock(E);
    for (const parts of [2, 3]) {
      const together = new Float32Array(V * E);
      for (let part = 0; part < parts; part++) {
        const alone = new Float32Array(V * E);
        scatterAddRows(alone, dy, ids, undefined, N, E, PAD, undefined, 1, block, part, parts);
        for (let id = 0; id < V; id++) {
          const row = Array.from(alone.subarray(id * E, (id + 1) * E));
          const owned = Math.floor(id / block) % parts === part;
          // Rows of other parts stay untouched; its own rows hold the whole sum.
          if (!owned) expect(row.every((v) => v === 0)).toBe(true);
          else expect(row).toEqual(Array.from(whole.subarray(id * E, (id + 1) * E)));
          if (owned) together.set(alone.subarray(id * E, (id + 1) * E), id * E);
        }
      }
      expect(Array.from(together)).toEqual(Array.from(whole));
    }
    expect(whole.some((v) => v !== 0)).toBe(true);
  });
});
