/**
 * The kernels run in float32 for training and in float64 for the
 * finite-difference gradient check; every buffer they allocate has the same
 * element type as the input it derives from.
 */
export type FloatArray = Float32Array | Float64Array;

/** A zero-filled array of `length` elements of the same type as `like`. */
export function allocLike<T extends FloatArray>(like: T, length: number): T {
  return (like instanceof Float64Array ? new Float64Array(length) : new Float32Array(length)) as T;
}

/**
 * Zeroes the rows of out ([totalRows, width]) that `rows` does not list: the
 * padding rows a kernel or op skips when it writes only the listed ones into a
 * reused array. `rows` ascends in practice; the running maximum keeps rows
 * listed out of order or twice from leaving a gap unzeroed.
 */
export function zeroUnlistedRows(
  out: FloatArray,
  rows: Int32Array,
  totalRows: number,
  width: number,
): void {
  let next = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row > next) out.fill(0, next * width, row * width);
    next = Math.max(next, row + 1);
  }
  out.fill(0, next * width, totalRows * width);
}
