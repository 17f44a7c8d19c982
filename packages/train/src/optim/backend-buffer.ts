import * as tf from '@tensorflow/tfjs';

// The two backend shapes we know how to write into. Both are internal to tfjs
// 4.x (checked against 4.22), so they are probed structurally and anything
// unexpected falls back to the ordinary `variable.assign` path.
interface CpuLikeBackend {
  refCount(dataId: object): number;
  data: { has(dataId: object): boolean; get(dataId: object): { values?: unknown } };
}
interface WasmLikeBackend {
  refCount(dataId: object): number;
  typedArrayFromHeap(info: { shape: number[]; dtype: string; dataId: object }): unknown;
}
interface EngineWithState {
  state: { tensorInfo: { get(dataId: object): { backend: unknown } | undefined } };
}

/**
 * The live float32 storage behind `variable`, or null when writing into it
 * would be unsafe or is not supported. Writing in place is only safe when no
 * other tensor shares the storage (refCount 1: no clone, reshape or earlier
 * assign aliases it) and, on the CPU backend, when the array is one the caller
 * allocated (`owned`): `tf.tensor(array)` does not copy, so otherwise we would
 * overwrite an array the user still holds.
 */
export function writableBuffer(
  variable: tf.Variable,
  owned: WeakSet<Float32Array>,
): Float32Array | null {
  if (variable.dtype !== 'float32') return null;
  const dataId = variable.dataId as object;
  const info = (tf.engine() as unknown as EngineWithState).state.tensorInfo.get(dataId);
  const backend = info?.backend as Partial<CpuLikeBackend & WasmLikeBackend> | undefined;
  if (backend === undefined || typeof backend.refCount !== 'function') return null;
  if (backend.refCount(dataId) !== 1) return null;
  if (backend.data !== undefined && typeof backend.data.has === 'function') {
    if (!backend.data.has(dataId)) return null;
    const values = backend.data.get(dataId).values;
    return values instanceof Float32Array && owned.has(values) ? values : null;
  }
  if (typeof backend.typedArrayFromHeap === 'function') {
    // wasm: the heap is private to the backend (reads copy out of it), so no
    // user-held array can alias it.
    const view = backend.typedArrayFromHeap({ shape: variable.shape, dtype: 'float32', dataId });
    return view instanceof Float32Array && view.length === variable.size ? view : null;
  }
  return null;
}
