import type { WasmMemory } from './wasm-api';

/**
 * A shared WebAssembly memory that kernels import, with room to hand out
 * (WasmAdam's is one: FusedAdam's in-place parameters live there). Another
 * kernel that must see such a parameter, as the embedding's row loops must
 * see the table, reserves its own arrays in the same memory, since a
 * WebAssembly module reads one memory only.
 */
export interface KernelMemory {
  readonly memory: WasmMemory;
  /** Names this memory in the kernel threads' caches of modules instantiated over it. */
  readonly key: number;
  /** `floats` more float32s (never freed, 16-byte aligned); their offset, or undefined past the limit. */
  reserve(floats: number): number | undefined;
}

// Every buffer object a kernel memory has shown: growing a shared memory
// gives a new SharedArrayBuffer object over the same bytes, and views made
// before keep the old one, so each is mapped to its memory.
const owners = new WeakMap<ArrayBufferLike, KernelMemory>();

/** The memory's current buffer, remembered as `owner`'s; make views of it through here. */
export function kernelBuffer(owner: KernelMemory): SharedArrayBuffer {
  const buffer = owner.memory.buffer as unknown as SharedArrayBuffer;
  if (owners.get(buffer) !== owner) owners.set(buffer, owner);
  return buffer;
}

/** The kernel memory `view` lies in, if it was made through kernelBuffer. */
export function kernelMemoryOf(view: ArrayBufferView | undefined): KernelMemory | undefined {
  return view === undefined ? undefined : owners.get(view.buffer);
}

/** A typed-array constructor over a buffer, as kernelArray takes one. */
export type ArrayType<T> = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/**
 * A fresh region of `length` elements of `owner` as a typed array, zero
 * (reserve only takes memory never handed out, which a WebAssembly memory
 * starts as zero); undefined when the memory cannot grow that far.
 */
export function kernelArray<T extends Float32Array | Int32Array | Uint8Array>(
  owner: KernelMemory,
  type: ArrayType<T>,
  length: number,
): T | undefined {
  const at = owner.reserve(Math.ceil((length * type.BYTES_PER_ELEMENT) / 4));
  return at === undefined ? undefined : new type(kernelBuffer(owner), at * 4, length);
}
