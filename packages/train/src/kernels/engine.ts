import type { FloatArray } from './float-array';
import { RecurrentKernelError } from './kernel-error';

/**
 * Where a kernel runs. 'wasm': the WebAssembly SIMD builds (float32 only);
 * 'js': plain loops (any float type; the reference for the gradient check);
 * 'auto': wasm whenever it can, else js.
 */
export type KernelEngine = 'auto' | 'wasm' | 'js';

/**
 * Whether to take the wasm path: `available` says whether this runtime and
 * shape allow it (`why` explains when not). An explicit 'wasm' that cannot be
 * honoured is an error rather than a silent slowdown.
 */
export function chooseWasm(
  engine: KernelEngine,
  x: FloatArray,
  available: boolean,
  why: string,
): boolean {
  if (engine === 'js') return false;
  const possible = x instanceof Float32Array && available;
  if (!possible && engine === 'wasm') {
    throw new RecurrentKernelError(
      'wasm-unavailable',
      x instanceof Float32Array
        ? `engine 'wasm' was requested but ${why}`
        : "engine 'wasm' runs float32 only; got a Float64Array",
    );
  }
  return possible;
}
