import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelThreadPool } from '../kernels/threads/thread-pool';
import { embeddingLookup } from './embedding-lookup';
import { type RecurrentWeightTensors, recurrentLayer, threadedInputStorage } from './recurrent-op';
import { Rng, randomArray, randomLengths, randomWeights } from './test-support';

// The embedding's output and the recurrent layer's dx live in the kernel
// threads' shared memory (threadedInputStorage, SharedViews in
// recurrent-op.ts): no copy in training, and a tensor someone keeps must
// never change when the next batch runs.

const V = 50;
const E = 12;
const H = 5;
const B = 4;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const pool = kernelThreadPool(2);

/** An embedding lookup (into the threads' memory when threaded) and dx of a BiLSTM layer's summed output. */
function step(
  rng: Rng,
  table: tf.Tensor2D,
  weights: RecurrentWeightTensors[],
  threaded: boolean,
): { x: tf.Tensor; dx: tf.Tensor; xShared: boolean } {
  const time = 3 + rng.int(6);
  const lengths = randomLengths(rng, B, time);
  const ids = Int32Array.from({ length: time * B }, () => 1 + rng.int(V - 1));
  const x = embeddingLookup(table, ids, {
    padIndex: 0,
    ...(threaded ? { into: threadedInputStorage(pool!) } : {}),
  });
  const xShared = (x.dataSync() as Float32Array).buffer === pool?.buffer;
  const [dx] = tf.grads((input: tf.Tensor) =>
    recurrentLayer(input, lengths, time, weights, {
      cell: 'lstm',
      hiddenSize: H,
      bidirectional: true,
      ...(threaded ? { threads: pool } : {}),
    }).sum(),
  )([x]);
  return { x, dx: dx!, xShared };
}

describe.skipIf(pool === undefined)('tensors in the kernel threads shared memory', () => {
  it('are used in place, stay unchanged while held, and give the single-thread numbers', () => {
    const rng = new Rng(7);
    const table = tf.tensor2d(randomArray(rng, V * E), [V, E]);
    const weights = randomWeights(rng, 'lstm', E, H, 2);
    const threadedRng = new Rng(11);
    const plainRng = new Rng(11);
    const held: { x: Float32Array; dx: Float32Array; tensors: tf.Tensor[] }[] = [];
    let inPlace = 0;
    let dxShared = false;
    for (let s = 0; s < 4; s++) {
      const a = step(threadedRng, table, weights, true);
      const b = step(plainRng, table, weights, false);
      expect(a.x.dataSync()).toEqual(b.x.dataSync());
      expect(a.dx.dataSync()).toEqual(b.dx.dataSync());
      if (a.xShared) inPlace++;
      if ((a.dx.dataSync() as Float32Array).buffer === pool?.buffer) dxShared = true;
      // Keep every other step's tensors alive across the next steps.
      if (s % 2 === 0) {
        held.push({
          x: Float32Array.from(a.x.dataSync()),
          dx: Float32Array.from(a.dx.dataSync()),
          tensors: [a.x, a.dx],
        });
      } else tf.dispose([a.x, a.dx]);
      tf.dispose([b.x, b.dx]);
    }
    for (const h of held) {
      expect(h.tensors[0]!.dataSync()).toEqual(h.x);
      expect(h.tensors[1]!.dataSync()).toEqual(h.dx);
      tf.dispose(h.tensors);
    }
    // The point of the storage: at least the steps after a released one read x in place.
    expect(inPlace).toBeGreaterThan(0);
    expect(dxShared).toBe(true);
  });
});
