import { allocLike, type FloatArray } from './float-array';

/**
 * The input projection in plain JavaScript, for float64 (the gradient check)
 * and where WebAssembly SIMD is unavailable. Sums are kept in float64.
 */

/**
 * out[r, j] = bias[j] + x[r, :] . w[j, :] for each r in rows; other rows of out
 * stay zero. x: [R, inputSize]; w: [outSize, inputSize] (PyTorch layout);
 * out: [R, outSize].
 */
export function projectInputsJs<T extends FloatArray>(
  x: T,
  w: T,
  bias: T,
  inputSize: number,
  outSize: number,
  rows: Int32Array,
  out: T = allocLike(x, (x.length / inputSize) * outSize),
): T {
  const I = inputSize;
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]!;
    const xo = r * I;
    const oo = r * outSize;
    let j = 0;
    // Four output columns per pass over the input row: each x element loaded
    // once feeds four multiply-adds.
    for (; j + 4 <= outSize; j += 4) {
      const w0 = j * I;
      const w1 = w0 + I;
      const w2 = w1 + I;
      const w3 = w2 + I;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < I; k++) {
        const xv = x[xo + k]!;
        s0 += xv * w[w0 + k]!;
        s1 += xv * w[w1 + k]!;
        s2 += xv * w[w2 + k]!;
        s3 += xv * w[w3 + k]!;
      }
      out[oo + j] = s0 + bias[j]!;
      out[oo + j + 1] = s1 + bias[j + 1]!;
      out[oo + j + 2] = s2 + bias[j + 2]!;
      out[oo + j + 3] = s3 + bias[j + 3]!;
    }
    for (; j < outSize; j++) {
      const wo = j * I;
      let s = 0;
      for (let k = 0; k < I; k++) s += x[xo + k]! * w[wo + k]!;
      out[oo + j] = s + bias[j]!;
    }
  }
  return out;
}

/**
 * Gradients of projectInputs given dOut: [R, outSize] (zero outside rows).
 * dW = dOut^T x, dBias = column sums of dOut, and (when wanted) dx = dOut @ w.
 */
export function projectInputsBackwardJs<T extends FloatArray>(
  dOut: T,
  x: T,
  w: T,
  inputSize: number,
  outSize: number,
  rows: Int32Array,
  wantDx = true,
): { dx: T | undefined; dW: T; dBias: T } {
  const I = inputSize;
  const dW64 = new Float64Array(outSize * I);
  const dB64 = new Float64Array(outSize);
  const dx = wantDx ? allocLike(x, x.length) : undefined;
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]!;
    const xo = r * I;
    const go = r * outSize;
    for (let j = 0; j < outSize; j++) {
      const g = dOut[go + j]!;
      if (g === 0) continue;
      dB64[j] = dB64[j]! + g;
      const wo = j * I;
      for (let k = 0; k < I; k++) dW64[wo + k] = dW64[wo + k]! + g * x[xo + k]!;
    }
    if (dx !== undefined) {
      for (let k = 0; k < I; k++) {
        let s = 0;
        for (let j = 0; j < outSize; j++) s += dOut[go + j]! * w[j * I + k]!;
        dx[xo + k] = s;
      }
    }
  }
  const dW = allocLike(x, outSize * I);
  const dBias = allocLike(x, outSize);
  dW.set(dW64);
  dBias.set(dB64);
  return { dx, dW, dBias };
}
