import { zeroUnlistedRows } from '../float-array';
import { GemmInit, padToVector, type WasmGemm } from './wasm-gemm';

/**
 * The input projection and its gradients on the f32x4 kernels, float32 only.
 * Only the real-token rows are copied in (compacted), so padding costs
 * nothing. Operands are copied into the module's memory per call (a few MB,
 * ~1 ms) and results copied out into fresh arrays.
 */

// Rows of the dW product per gemm call: the slice of x and dXProj it reads
// (~100 KB at I=100, N=40) stays in L2 while every output tile sweeps it.
export const K_CHUNK = 256;
// The kernels read whole vectors, so a row of width I may be read up to 3
// floats past its end; keep that inside memory.
const SLACK = 4;

/** Copies the listed rows (each `width` floats) of src into dst at `offset`, back to back. */
function gatherRows(
  dst: Float32Array,
  offset: number,
  src: Float32Array,
  rows: Int32Array,
  width: number,
): void {
  if (rows.length * width === src.length) {
    // Every row is real (no padding): one bulk copy.
    dst.set(src, offset);
    return;
  }
  for (let n = 0; n < rows.length; n++) {
    const from = rows[n]! * width;
    const to = offset + n * width;
    for (let i = 0; i < width; i++) dst[to + i] = src[from + i]!;
  }
}

/**
 * The inverse of gatherRows: a [total rows, width] array with the packed rows
 * at src[offset..] put back in place and zeros elsewhere; `into` (that many
 * floats, any contents) is filled instead of a new array when given.
 */
function scatterRows(
  src: Float32Array,
  offset: number,
  rows: Int32Array,
  width: number,
  totalRows: number,
  into?: Float32Array,
): Float32Array {
  if (rows.length === totalRows) {
    const packed = src.subarray(offset, offset + totalRows * width);
    if (into === undefined) return packed.slice();
    into.set(packed);
    return into;
  }
  let dst: Float32Array;
  if (into === undefined) dst = new Float32Array(totalRows * width);
  else {
    dst = into;
    zeroUnlistedRows(dst, rows, totalRows, width);
  }
  for (let n = 0; n < rows.length; n++) {
    const from = offset + n * width;
    const to = rows[n]! * width;
    for (let i = 0; i < width; i++) dst[to + i] = src[from + i]!;
  }
  return dst;
}

/** out[r] = bias + W x[r] for each listed row; see projectInputs. */
export function projectInputsWasm(
  gemm: WasmGemm,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array,
  inputSize: number,
  outSize: number,
  rows: Int32Array,
): Float32Array {
  const I = inputSize;
  const N = outSize;
  const Np = padToVector(N);
  const R = rows.length;
  const wt = 0;
  const b = wt + I * Np;
  const xc = b + Np;
  const c = xc + R * I + SLACK;
  const heap = gemm.reserve(c + R * N + SLACK);
  // W^T, so each input element scales one contiguous row of gate weights.
  for (let j = 0; j < N; j++) for (let k = 0; k < I; k++) heap[wt + k * Np + j] = w[j * I + k]!;
  heap.set(bias, b);
  gatherRows(heap, xc, x, rows, I);
  // Rows packed at stride N: see WasmGemm.gemm on ldc < n.
  gemm.gemm(R, Np, I, xc, I, 1, wt, Np, c, N, GemmInit.bias, b);
  return scatterRows(heap, c, rows, N, x.length / I);
}

/**
 * dW = dOut^T x, dBias = column sums, dx = dOut W over the listed rows (into
 * dxInto when given); see projectInputsBackward.
 */
export function projectInputsBackwardWasm(
  gemm: WasmGemm,
  dOut: Float32Array,
  x: Float32Array,
  w: Float32Array,
  inputSize: number,
  outSize: number,
  rows: Int32Array,
  wantDx: boolean,
  dxInto?: Float32Array,
): { dx: Float32Array | undefined; dW: Float32Array; dBias: Float32Array } {
  const I = inputSize;
  const N = outSize;
  const Ip = padToVector(I);
  const R = rows.length;
  const wp = 0;
  const g = wp + N * Ip;
  const xc = g + R * N + SLACK;
  const dxc = xc + R * I + SLACK;
  const dw = dxc + (wantDx ? R * I + SLACK : 0);
  const Np = padToVector(N);
  const chunks = Math.ceil(R / K_CHUNK);
  const one = dw + N * Ip + SLACK;
  const dbc = one + 4;
  const heap = gemm.reserve(dbc + chunks * Np);
  for (let j = 0; j < N; j++) heap.set(w.subarray(j * I, (j + 1) * I), wp + j * Ip);
  gatherRows(heap, g, dOut, rows, N);
  gatherRows(heap, xc, x, rows, I);
  // dW[j, :] = sum_r dOut[r, j] x[r, :]: A = dOut^T (step 1 between j, N between r).
  for (let k0 = 0; k0 < R; k0 += K_CHUNK) {
    const k = Math.min(K_CHUNK, R - k0);
    const init = k0 === 0 ? GemmInit.zero : GemmInit.accumulate;
    gemm.gemm(N, Ip, k, g + k0 * N, 1, N, xc + k0 * I, I, dw, Ip, init);
  }
  const dW = new Float32Array(N * I);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < I; k++) dW[j * I + k] = heap[dw + j * Ip + k]!;
  }
  // dBias = 1^T dOut per chunk of rows (A is one constant 1: stride 0), the
  // chunk sums added in float64.
  heap[one] = 1;
  for (let chunk = 0; chunk < chunks; chunk++) {
    const k0 = chunk * K_CHUNK;
    const k = Math.min(K_CHUNK, R - k0);
    gemm.gemm(1, Np, k, one, 0, 0, g + k0 * N, N, dbc + chunk * Np, Np, GemmInit.zero);
  }
  const dB64 = new Float64Array(N);
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let j = 0; j < N; j++) dB64[j] = dB64[j]! + heap[dbc + chunk * Np + j]!;
  }
  let dx: Float32Array | undefined;
  if (wantDx) {
    // dx[r, :] = sum_j dOut[r, j] W[j, :]
    gemm.gemm(R, Ip, N, g, N, 1, wp, Ip, dxc, I, GemmInit.zero);
    dx = scatterRows(heap, dxc, rows, I, x.length / I, dxInto);
  }
  return { dx, dW, dBias: Float32Array.from(dB64) };
}
