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
