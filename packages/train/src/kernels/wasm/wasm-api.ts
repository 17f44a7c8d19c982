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
  Instance: new (module: WasmModule) => WasmInstance;
};

export const PAGE_BYTES = 65_536;

/**
 * Compiles a base64-encoded module; undefined where WebAssembly or one of the
 * extensions it uses (SIMD, bulk memory) is unavailable, so callers fall back
 * to JavaScript.
 */
export function compileBase64(base64: string): WasmModule | undefined {
  if (typeof WebAssembly !== 'object') return undefined;
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new WebAssembly.Module(bytes);
  } catch {
    return undefined;
  }
}

export function instantiate(module: WasmModule): WasmInstance {
  return new WebAssembly.Instance(module);
}

/** Grows `memory` to hold at least `bytes`. */
export function ensureBytes(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
}
