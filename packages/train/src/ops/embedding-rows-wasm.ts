import type { KernelMemory } from '../kernels/wasm/kernel-memory';
import { embeddedModule, type WasmModule } from '../kernels/wasm/wasm-api';
import { EMBEDDING_ROWS_WASM_BASE64 } from './wasm/embedding-rows-wasm-bytes';

const compiledModule = embeddedModule('embedding-rows.wat', EMBEDDING_ROWS_WASM_BASE64);

/** embedding-rows.wat compiled once per process; undefined where WebAssembly SIMD or shared memory is missing. */
export function compiledEmbeddingRowsModule(): WasmModule | undefined {
  return compiledModule().module;
}

/** The module and the kernel memory a thread instantiates it over, with the key its cache knows them by. */
export interface MemoryKernel {
  readonly module: WasmModule;
  readonly memory: KernelMemory['memory'];
  readonly key: string;
}

/** embedding-rows.wat over `owner`, or undefined where it cannot compile. */
export function embeddingRowsKernel(owner: KernelMemory): MemoryKernel | undefined {
  const module = compiledEmbeddingRowsModule();
  return module === undefined
    ? undefined
    : { module, memory: owner.memory, key: `embedding-rows:${owner.key}` };
}

/**
 * The module's arithmetic mode (see embedding-rows.wat): 0 without a mask,
 * 1 when the scale is a power of two (float32 arithmetic is then exact, as
 * the float64 of the JavaScript loops), 2 otherwise (float64x2).
 */
export function rowsMode(keep: Uint8Array | undefined, scale: number): number {
  if (keep === undefined) return 0;
  return scale > 0 && 2 ** Math.round(Math.log2(scale)) === scale ? 1 : 2;
}

/** Byte offset of an array in its memory (0 for an absent optional one, never read then). */
const at = (a: ArrayBufferView | undefined) => (a === undefined ? 0 : a.byteOffset);

/** gather's arguments: gatherRowRange's, as byte offsets in one memory. */
export function gatherArgs(
  out: Float32Array,
  table: Float32Array,
  ids: Int32Array,
  rows: Int32Array | undefined,
  r0: number,
  r1: number,
  E: number,
  keep: Uint8Array | undefined,
  scale: number,
): number[] {
  const listed = rows === undefined ? 0 : 1;
  return [
    at(out),
    at(table),
    at(ids),
    at(rows),
    listed,
    r0,
    r1,
    E,
    at(keep),
    rowsMode(keep, scale),
    scale,
  ];
}

/** scatter's arguments: scatterAddRows's, as byte offsets in one memory. */
export function scatterArgs(
  grad: Float32Array,
  dy: Float32Array,
  ids: Int32Array,
  rows: Int32Array | undefined,
  count: number,
  E: number,
  padIndex: number,
  keep: Uint8Array | undefined,
  scale: number,
  block: number,
  part: number,
  parts: number,
): number[] {
  const listed = rows === undefined ? 0 : 1;
  return [
    at(grad),
    at(dy),
    at(ids),
    at(rows),
    listed,
    count,
    E,
    padIndex,
    at(keep),
    rowsMode(keep, scale),
    scale,
    block,
    part,
    parts,
  ];
}
