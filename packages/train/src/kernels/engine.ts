import { RecurrentKernelError } from '../errors';
import type { FloatArray } from './float-array';

/**
 * Where a kernel runs. 'wasm': the WebAssembly SIMD builds (float32 only);
 * 'js': plain loops (any float type; the reference for the gradient check);
 * 'auto': wasm whenever it can, else js.
 */
export type KernelEngine = 'auto' | 'wasm' | 'js';

/** Every KernelEngine, for checking a value that came from outside TypeScript. */
export const KERNEL_ENGINES: readonly KernelEngine[] = ['auto', 'wasm', 'js'];

/**
 * Whether to take the wasm path. `unavailable` says why this runtime or shape
 * cannot (undefined when it can); it is only asked when wasm is wanted, since
 * asking compiles the module. An explicit 'wasm' that cannot be honoured is an
 * error; 'auto' falls back to js and says so once (reportJsFallback).
 */
export function chooseWasm(
  engine: KernelEngine,
  x: FloatArray,
  unavailable: () => string | undefined,
): boolean {
  if (engine === 'js') return false;
  if (!(x instanceof Float32Array)) {
    // float64 is a deliberate choice (the gradient check), not a fallback.
    if (engine === 'wasm') {
      throw new RecurrentKernelError(
        'wasm-unavailable',
        "engine 'wasm' runs float32 only; got a Float64Array",
      );
    }
    return false;
  }
  const why = unavailable();
  if (why === undefined) return true;
  if (engine === 'wasm') {
    throw new RecurrentKernelError('wasm-unavailable', `engine 'wasm' was requested but ${why}`);
  }
  reportJsFallback(why);
  return false;
}

const reported = new Set<string>();

/**
 * Says on stderr (console.warn), once per reason and process, that the 'auto'
 * engine runs a kernel on JavaScript: several times slower, which a user
 * should be able to tell from a slow machine.
 */
export function reportJsFallback(reason: string): void {
  if (reported.has(reason)) return;
  reported.add(reason);
  console.warn(`@imdb-rnn/train: engine 'auto' falls back to JavaScript: ${reason}`);
}
