import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropoutMask } from './dropout-mask';
import { embeddingLookup } from './embedding-lookup';
import { FusedOpError } from './op-error';
import { referenceEmbeddingLookup } from './reference-ops';
import { maxAbsDiff, Rng, randomArray } from './test-support';

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
    tf.tidy(() => {
      const V = 9;
      const E = 4;
      const N = 20;
      const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
      const ids = Int32Array.from({ length: N }, () => rng.int(V));
      const mask = dropoutMask(rng, 0.5, N, E);
      const r = tf.tensor2d(randomArray(rng, N * E), [N, E]);
      const fused = embeddingLookup(table, ids, { padIndex: PAD, mask });
      const reference = referenceEmbeddingLookup(table, ids, PAD, mask);
      expect(maxAbsDiff(fused.dataSync(), reference.dataSync())).toBe(0);
      const fusedGrad = gradOf((t) => embeddingLookup(t, ids, { padIndex: PAD, mask }), table, r);
      const refGrad = gradOf((t) => referenceEmbeddingLookup(t, ids, PAD, mask), table, r);
      expect(maxAbsDiff(fusedGrad, refGrad)).toBeLessThanOrEqual(1e-6);
    });
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
