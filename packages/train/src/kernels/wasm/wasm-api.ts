// The package compiles against ES2022 without the DOM lib, which is where the
// WebAssembly JS API is typed; declare the few members used here.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
export type WasmModule = object;
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports?: Record<string, Record<string, unknown>>,
  ) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
};

export const PAGE_BYTES = 65_536;

/** A compiled module, or why this runtime cannot compile it. */
export type Compiled =
  | { module: WasmModule; reason?: undefined }
  | { module?: undefined; reason: string };

/**
 * The module `name` shipped as base64, compiled on first call and kept for
 * the process. Where WebAssembly or one of the extensions the module uses
 * (SIMD, bulk memory) is missing, the result says why, so that a caller
 * falling back to JavaScript can say so instead of silently running slower.
 */
export function embeddedModule(name: string, base64: string): () => Compiled {
  let compiled: Compiled | undefined;
  return () => {
    compiled ??= compileBase64(name, base64);
    return compiled;
  };
}

function compileBase64(name: string, base64: string): Compiled {
  if (typeof WebAssembly !== 'object') return { reason: 'this runtime has no WebAssembly' };
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return { module: new WebAssembly.Module(bytes) };
  } catch (error) {
    return { reason: `${name} does not compile here (${String(error)})` };
  }
}

export function instantiate(
  module: WasmModule,
  imports?: Record<string, Record<string, unknown>>,
): WasmInstance {
  return new WebAssembly.Instance(module, imports);
}

/**
 * A WebAssembly memory that several threads can use at once: its buffer is a
 * SharedArrayBuffer, and growing it never moves or detaches what views of an
 * earlier buffer see (they keep their length, the memory only gains pages).
 */
export function sharedMemory(initialPages: number, maximumPages: number): WasmMemory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
}

/** sharedMemory, or undefined where this runtime has none (e.g. a browser page without cross-origin isolation). */
export function trySharedMemory(
  initialPages: number,
  maximumPages: number,
): WasmMemory | undefined {
  try {
    return sharedMemory(initialPages, maximumPages);
  } catch {
    return undefined;
  }
}

/** Grows `memory` to hold at least `bytes`. */
export function ensureBytes(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
}
