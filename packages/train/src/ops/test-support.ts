import type { CellType } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng';
import type { KernelMemory } from '../kernels/wasm/kernel-memory';
import { ensureBytes, sharedMemory } from '../kernels/wasm/wasm-api';
import type { RecurrentWeightTensors } from './recurrent-op';

/** Test support: random inputs for the op comparisons. Not part of the package API. */

export function randomArray(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

export function randomWeights(
  rng: Rng,
  cell: CellType,
  inputSize: number,
  hiddenSize: number,
  dirs: number,
): RecurrentWeightTensors[] {
  const GH = (cell === 'rnn' ? 1 : cell === 'gru' ? 3 : 4) * hiddenSize;
  const k = 1 / Math.sqrt(hiddenSize);
  return Array.from({ length: dirs }, () => ({
    wIh: tf.tensor2d(randomArray(rng, GH * inputSize, k), [GH, inputSize]),
    wHh: tf.tensor2d(randomArray(rng, GH * hiddenSize, k), [GH, hiddenSize]),
    bIh: tf.tensor1d(randomArray(rng, GH, k)),
    bHh: tf.tensor1d(randomArray(rng, GH, k)),
  }));
}

/** Lengths in 1..time with the longest equal to time, as a padded batch has. */
export function randomLengths(rng: Rng, batch: number, time: number): Int32Array {
  const lengths = Int32Array.from({ length: batch }, () => 1 + rng.int(time));
  lengths[rng.int(batch)] = time;
  return lengths;
}

/** A bare kernel memory (WasmAdam's is the real one) that tells how many floats it has handed out. */
export function bareKernelMemory(maximumPages = 1024): KernelMemory & { handedOut(): number } {
  const memory = sharedMemory(1, maximumPages);
  let top = 0;
  return {
    memory,
    key: 1,
    reserve(floats) {
      const base = top;
      top += Math.ceil(floats / 4) * 4;
      ensureBytes(memory, top * 4);
      return base;
    },
    handedOut: () => top,
  };
}

export { Rng };
