import { chooseWasm, type KernelEngine } from './engine';
import type { FloatArray } from './float-array';
import { allocLike } from './float-array';
import { projectInputsBackwardJs, projectInputsJs } from './projection-js';
import { projectInputsBackwardWasm, projectInputsWasm } from './wasm/projection-wasm';
import { sharedWasmGemm, type WasmGemm, wasmGemmUnavailable } from './wasm/wasm-gemm';

/**
 * The input projection x_t @ W_ih^T + b_ih for every real token of a batch at
 * once: per token it is I*G*H multiply-adds against the recurrence's H*G*H, so
 * it dominates the layer's cost and is done as one matrix product over all
 * rows instead of token by token inside the recurrence.
 */

/** Indices of the time-major rows t*B + b that hold real tokens (t < lengths[b]), ascending. */
export function activeRows(time: number, batch: number, lengths: Int32Array): Int32Array {
  let count = 0;
  for (let b = 0; b < batch; b++) count += Math.min(lengths[b]!, time);
  const rows = new Int32Array(count);
  let n = 0;
  for (let t = 0; t < time; t++) {
    for (let b = 0; b < batch; b++) if (t < lengths[b]!) rows[n++] = t * batch + b;
  }
  return rows;
}
function wasmFor(x: FloatArray, engine: KernelEngine): WasmGemm | undefined {
  return chooseWasm(engine, x, wasmGemmUnavailable) ? sharedWasmGemm() : undefined;
}

/**
 * out[r, j] = bias[j] + x[r, :] . w[j, :] for each r in rows; other rows of out
 * are zero. x: [R, inputSize]; w: [outSize, inputSize] (PyTorch layout);
 * returns out: [R, outSize].
 */
export function projectInputs<T extends FloatArray>(
  x: T,
  w: T,
  bias: T,
  inputSize: number,
  outSize: number,
  rows: Int32Array,
  engine: KernelEngine = 'auto',
): T {
  const gemm = wasmFor(x, engine);
  if (gemm !== undefined) {
    const f32 = [x, w, bias] as Float32Array[];
    return projectInputsWasm(gemm, f32[0]!, f32[1]!, f32[2]!, inputSize, outSize, rows) as T;
  }
  const out = allocLike(x, (x.length / inputSize) * outSize);
  return projectInputsJs(x, w, bias, inputSize, outSize, rows, out);
}

/**
 * Gradients of projectInputs given dOut: [R, outSize] (read on the listed rows
 * only): dW = dOut^T x, dBias = column sums of dOut and, when wanted,
 * dx = dOut @ w (zero outside rows). options.dxInto: an array of x's length
 * the wasm engine writes dx into instead of allocating one (the js engine
 * ignores it: check which array came back).
 */
export function projectInputsBackward<T extends FloatArray>(
  dOut: T,
  x: T,
  w: T,
  inputSize: number,
  outSize: number,
  rows: Int32Array,
  options: { wantDx?: boolean; engine?: KernelEngine; dxInto?: Float32Array } = {},
): { dx: T | undefined; dW: T; dBias: T } {
  const wantDx = options.wantDx ?? true;
  const gemm = wasmFor(x, options.engine ?? 'auto');
  if (gemm !== undefined) {
    return projectInputsBackwardWasm(
      gemm,
      dOut as Float32Array,
      x as Float32Array,
      w as Float32Array,
      inputSize,
      outSize,
      rows,
      wantDx,
      options.dxInto,
    ) as { dx: T | undefined; dW: T; dBias: T };
  }
  return projectInputsBackwardJs(dOut, x, w, inputSize, outSize, rows, wantDx);
}
