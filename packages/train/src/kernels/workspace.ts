import { allocLike, type FloatArray } from './float-array';
import { WasmRecurrence } from './wasm/recurrence-wasm';

/**
 * Scratch and cache buffers reused across calls, so a training loop does not
 * allocate ~10 MB of gate activations per batch. Buffers grow to the largest
 * shape seen and are never shrunk; a cache produced with a workspace is valid
 * only until the next forward pass that uses the same workspace.
 */
export class RecurrentWorkspace {
  private readonly buffers = new Map<string, FloatArray>();
  private wasm: WasmRecurrence | undefined | null = null;

  /** The WebAssembly instance whose memory holds this workspace's caches (created on first use). */
  wasmRecurrence(): WasmRecurrence | undefined {
    if (this.wasm === null) this.wasm = WasmRecurrence.create();
    return this.wasm;
  }

  /**
   * A buffer of at least `length` elements of the same type as `like`,
   * uninitialised (it may hold an earlier call's values).
   */
  take<T extends FloatArray>(key: string, like: T, length: number): T {
    const fullKey = `${like instanceof Float64Array ? 'f64' : 'f32'}:${key}`;
    const existing = this.buffers.get(fullKey);
    if (existing !== undefined && existing.length >= length) return existing as T;
    const created = allocLike(like, length);
    this.buffers.set(fullKey, created);
    return created;
  }
}

/** Without a workspace every buffer is fresh (and zero-filled). */
export function takeBuffer<T extends FloatArray>(
  workspace: RecurrentWorkspace | undefined,
  key: string,
  like: T,
  length: number,
): T {
  return workspace === undefined ? allocLike(like, length) : workspace.take(key, like, length);
}
