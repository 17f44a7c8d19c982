import { FusedOpError } from '../errors';
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

/** `module` (named `name` in the threads' caches) over `owner`'s memory. */
export function memoryKernel(name: string, module: WasmModule, owner: KernelMemory): MemoryKernel {
  return { module, memory: owner.memory, key: `${name}:${owner.key}` };
}

/** embedding-rows.wat over `owner`, or undefined where it cannot compile. */
export function embeddingRowsKernel(owner: KernelMemory): MemoryKernel | undefined {
  const module = compiledEmbeddingRowsModule();
  return module === undefined ? undefined : memoryKernel('embedding-rows', module, owner);
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

/** The arrays both loops read, all in the module's memory (see gatherRowRange, scatterAddRows). */
interface RowLists {
  ids: Int32Array;
  rows?: Int32Array | undefined;
  keep?: Uint8Array | undefined;
  scale: number;
  /** Row width E. */
  width: number;
}

/** gather's arguments: out[n] = table[ids[n]] (* keep * scale) for list entries [r0, r1), as byte offsets. */
export function gatherArgs(
  call: RowLists & { out: Float32Array; table: Float32Array; r0: number; r1: number },
): number[] {
  const { out, table, ids, rows, keep, scale, width, r0, r1 } = call;
  const listed = rows === undefined ? 0 : 1;
  return [
    at(out),
    at(table),
    at(ids),
    at(rows),
    listed,
    r0,
    r1,
    width,
    at(keep),
    rowsMode(keep, scale),
    scale,
  ];
}

/**
 * scatter's arguments: grad[ids[n]] += dy[n] (* keep * scale) for this
 * part's rows, as byte offsets; with `log` (a count, then room for `count`
 * ids), first zeroing the rows it lists and then listing the rows added to.
 */
export function scatterArgs(
  call: RowLists & {
    grad: Float32Array;
    dy: Float32Array;
    count: number;
    padIndex: number;
    block: number;
    part: number;
    parts: number;
    log?: Int32Array | undefined;
  },
): number[] {
  const { grad, dy, ids, rows, keep, scale, width, count, padIndex, block, part, parts, log } =
    call;
  // The module finds a row's block by a shift (rowBlock's blocks are powers of two).
  if (!(Number.isInteger(block) && block > 0 && (block & (block - 1)) === 0)) {
    throw new FusedOpError(
      'invalid-argument',
      `scatter block must be a power of two, got ${block}`,
    );
  }
  const listed = rows === undefined ? 0 : 1;
  return [
    ...[at(grad), at(dy), at(ids), at(rows), listed, count, width, padIndex, at(keep)],
    ...[rowsMode(keep, scale), scale, block, part, parts, at(log)],
  ];
}
