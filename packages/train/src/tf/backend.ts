import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ArgumentError } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * The tfjs backends training runs on. 'cpu' is the default: the fused ops do
 * their heavy work in our own typed-array / WebAssembly kernels, so tfjs only
 * runs the small dense layer, the loss and the optimizer, and the CPU backend
 * hands the kernels its storage without copies (dataSync returns the live
 * array), while the wasm backend copies every tensor in and out of its heap
 * (8 MB each way for the 20,002 x 100 embedding). bench/train-step.bench.ts
 * measures both; see the README of this folder's parent package for figures.
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
