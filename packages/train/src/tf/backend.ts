import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ArgumentError } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * The tfjs backends training runs on. Use 'cpu' (call initBackend('cpu')
 * before building a model) with FusedAdam:
 *
 * - The heavy work never runs in tfjs: the fused ops call our own kernels
 *   (typed-array embedding gather/scatter; input projection and recurrence
 *   on hand-written WebAssembly SIMD). For the input projection
 *   [14,720 x 100] x [100 x G*H] and its two gradient products, tf.matMul
 *   takes 62 / 228 / 447 ms (G*H = 10 / 40 / 80) on 'cpu' and 21 / 71 / 145 ms
 *   on 'wasm' (XNNPACK), while the kernels' own SIMD product takes ~6-8 ms
 *   (bench/kernels.bench.ts --tfjs), so neither backend's matMul is used.
 * - What tfjs still runs is small (dense(1), the loss, the hidden dropout)
 *   plus the optimizer. On 'cpu', dataSync() hands the kernels a tensor's
 *   live storage and tf.tensor(array) adopts the array, with no copies;
 *   'wasm' copies every tensor in and out of its heap (8 MB each way for the
 *   20,002 x 100 embedding and its gradient).
 * - Measured full steps (bench/train-step.bench.ts, 64 x 230 tokens, medians
 *   on a shared 2-core machine, so noisy): cpu + FusedAdam 29 / 38 / 42 /
 *   63 ms (rnn / gru / lstm / bilstm); wasm + FusedAdam 38 / 45 / 50 / 86;
 *   wasm + tf.train.adam 32 / 40 / 50 / 82; cpu + tf.train.adam 327-364 ms
 *   (its ~10 element-wise ops over 2M parameters are slow in the JS backend).
 *
 * The ops and the model work on both backends and give the same numbers
 * (backend.test.ts).
 */
export type TrainingBackend = 'cpu' | 'wasm';
export const TRAINING_BACKENDS: readonly TrainingBackend[] = ['cpu', 'wasm'];

export interface InitBackendOptions {
  /**
   * Folder (with trailing slash) or URL holding tfjs-backend-wasm's .wasm
   * files. Default in Node: the installed package's dist folder, which is
   * what a bundled script needs (the backend otherwise looks beside the bundle).
   */
  wasmPaths?: string;
}

/** Selects and initialises a backend; resolves to its name once it is ready. */
export async function initBackend(
  name: TrainingBackend,
  options: InitBackendOptions = {},
): Promise<TrainingBackend> {
  if (!TRAINING_BACKENDS.includes(name)) {
    throw new ArgumentError('backend', `expected 'cpu' or 'wasm', got ${JSON.stringify(name)}`);
  }
  if (name === 'wasm') {
    // Imported here, not at the top: importing the package registers the wasm
    // backend at a higher priority than 'cpu', which would silently change
    // the default backend of every program that imports this module.
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(options.wasmPaths ?? wasmDistFolder());
  }
  if (!(await tf.setBackend(name))) {
    throw new ArgumentError('backend', `tfjs could not initialise the '${name}' backend`);
  }
  await tf.ready();
  return name;
}

function wasmDistFolder(): string {
  // tsup's CJS build has __filename but no import.meta.url; the ESM build the reverse.
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}
