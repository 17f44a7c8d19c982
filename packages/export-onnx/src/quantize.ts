/** A [rows, columns] matrix as int8 codes with one float32 scale per row: value ≈ code * scale. */
export interface RowQuantized {
  codes: Int8Array;
  scales: Float32Array;
}

/**
 * Symmetric per-row int8 quantisation (codes in [-127, 127], zero point 0). Per row
 * because embedding rows differ widely in norm: one scale for the whole table would
 * spend most codes on the few large rows. An all-zero row (e.g. <pad>) gets scale 0.
 */
export function quantizeRows(values: Float32Array, rows: number, columns: number): RowQuantized {
  const codes = new Int8Array(rows * columns);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const start = r * columns;
    let maxAbs = 0;
    for (let c = 0; c < columns; c++) maxAbs = Math.max(maxAbs, Math.abs(values[start + c]!));
    if (maxAbs === 0) continue;
    const scale = Math.fround(maxAbs / 127);
    scales[r] = scale;
    for (let c = 0; c < columns; c++) {
      const code = Math.round(values[start + c]! / scale);
      codes[start + c] = Math.max(-127, Math.min(127, code));
    }
  }
  return { codes, scales };
}

/** The float32 values the graph computes from the codes (Cast then Mul, as in the model). */
export function dequantizeRows(q: RowQuantized, columns: number): Float32Array {
  const out = new Float32Array(q.codes.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.fround(q.codes[i]! * q.scales[Math.floor(i / columns)]!);
  }
  return out;
}
