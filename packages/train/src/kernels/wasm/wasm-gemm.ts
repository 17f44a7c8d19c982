import { GEMM_WASM_BASE64 } from './gemm-wasm-bytes';
import {
  embeddedModule,
  ensureBytes,
  instantiate,
  trySharedMemory,
  type WasmInstance,
  type WasmMemory,
  type WasmModule,
} from './wasm-api';

const compiledModule = embeddedModule('gemm.wat', GEMM_WASM_BASE64);

/** gemm.wat's imported memory maximum (4 GiB, wasm32's whole address space). */
export const GEMM_MAX_PAGES = 65_536;

/** gemm_v<n>(m, k, a, ars, acs, b, ldb, c, ldc, init, bias): see gemm.wat. All offsets and strides in bytes. */
export type GemmVariant = (
  m: number,
  k: number,
  a: number,
  ars: number,
  acs: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  init: number,
  bias: number,
) => void;

/** How C starts before the products are added: zeros, its current contents, or a bias row. */
export const GemmInit = { zero: 0, accumulate: 1, bias: 2 } as const;
export type GemmInit = (typeof GemmInit)[keyof typeof GemmInit];

const VECTOR_FLOATS = 4;

/**
 * The f32x4 matrix-product kernels of gemm.wat over one growable linear
 * memory. Callers lay their operands out in `heap` (after `reserve`) and pass
 * byte offsets; nothing is allocated per call.
 */
export class WasmGemm {
  private readonly memory: WasmMemory;
  /** gemm_r1_v<n> and gemm_r2_v<n> (one or two rows per pass), index n - 1. */
  private readonly oneRow: GemmVariant[];
  private readonly twoRows: GemmVariant[];
  private view: Float32Array;

  private constructor(memory: WasmMemory, instance: WasmInstance) {
    this.memory = memory;
    const collect = (rows: number): GemmVariant[] => {
      const found: GemmVariant[] = [];
      for (let n = 1; ; n++) {
        const fn = instance.exports[`gemm_r${rows}_v${n}`];
        if (typeof fn !== 'function') return found;
        found.push(fn as GemmVariant);
      }
    };
    this.oneRow = collect(1);
    this.twoRows = collect(2);
    this.view = new Float32Array(this.memory.buffer);
  }

  /** Compiles the module; undefined where WebAssembly, its SIMD extension or shared memory is missing. */
  static create(): WasmGemm | undefined {
    const { module } = compiledModule();
    const memory = module === undefined ? undefined : trySharedMemory(1, GEMM_MAX_PAGES);
    if (module === undefined || memory === undefined) return undefined;
    return new WasmGemm(memory, instantiate(module, { env: { memory } }));
  }

  /** Grows memory to at least `floats` float32s; views taken earlier are invalid afterwards. */
  reserve(floats: number): Float32Array {
    ensureBytes(this.memory, floats * 4);
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }

  /** The whole memory as float32s (valid until the next reserve that grows it). */
  get heap(): Float32Array {
    return this.view;
  }

  /**
   * C[i, 0..n) = init + sum_k A[i, k] * B[k, 0..n) for i in 0..m, with n a
   * multiple of 4. Offsets and strides are in float32 elements here; A's are
   * separate for rows (aRow) and the k direction (aK) so A^T needs no copy.
   *
   * ldc may be smaller than n (down to the real width when n is that width
   * rounded up to whole vectors): the extra columns of row i spill into the
   * start of row i + 1, which is written afterwards (column blocks run last
   * block first, rows in order), so C can be packed without a copy. The last
   * row spills up to 3 floats past its end. Not with GemmInit.accumulate,
   * which would read the spill as the next row's sums.
   */
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRow: number,
    aK: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    init: GemmInit,
    bias = 0,
  ): void {
    if (n % VECTOR_FLOATS !== 0) throw new RangeError(`gemm: n (${n}) must be a multiple of 4`);
    if (ldc < n && init === GemmInit.accumulate) {
      throw new RangeError(`gemm: ldc (${ldc}) < n (${n}) cannot accumulate`);
    }
    dispatchGemm(this.oneRow, this.twoRows, m, n, k, a, aRow, aK, b, ldb, c, ldc, init, bias);
  }
}

/**
 * WasmGemm.gemm's schedule over the gemm_r<r>_v<n> exports (arguments in
 * float32 elements, unchecked). Self-contained, no outer references: the
 * kernel threads run this same function, so their products are bit for bit
 * those of the main thread.
 */
export function dispatchGemm(
  oneRow: readonly GemmVariant[],
  twoRows: readonly GemmVariant[],
  m: number,
  n: number,
  k: number,
  a: number,
  aRow: number,
  aK: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  init: number,
  bias: number,
): void {
  const vectors = n / 4;
  // As few column blocks as the widest variant allows, of near-equal width,
  // so no block runs a whole k loop for one or two vectors.
  const blocks = Math.ceil(vectors / twoRows.length);
  // Rows in pairs (each B vector loaded once feeds two rows), then the odd
  // last row on its own, still in row order within each column block.
  const pairs = m - (m % 2);
  for (let block = blocks - 1; block >= 0; block--) {
    const first = Math.floor((block * vectors) / blocks);
    const width = Math.floor(((block + 1) * vectors) / blocks) - first;
    const col = first * 4;
    const run = (fn: GemmVariant, rows: number, row0: number) =>
      fn(
        rows,
        k,
        (a + row0 * aRow) * 4,
        aRow * 4,
        aK * 4,
        (b + col) * 4,
        ldb * 4,
        (c + row0 * ldc + col) * 4,
        ldc * 4,
        init,
        (bias + col) * 4,
      );
    if (pairs > 0) run(twoRows[width - 1]!, pairs, 0);
    if (pairs < m) run(oneRow[width - 1]!, m - pairs, pairs);
  }
}

/** gemm.wat compiled once per process (kernel threads instantiate the same module); undefined without SIMD. */
export function compiledGemmModule(): WasmModule | undefined {
  return compiledModule().module;
}

let shared: WasmGemm | undefined | null = null;

/** One module per process, compiled on first use; undefined when unavailable. */
export function sharedWasmGemm(): WasmGemm | undefined {
  if (shared === null) shared = WasmGemm.create();
  return shared;
}

/** Why gemm.wat cannot run here; undefined where it can. */
export function wasmGemmUnavailable(): string | undefined {
  return compiledModule().reason;
}

/** Rounds a width up to whole f32x4 vectors. */
export function padToVector(width: number): number {
  return Math.ceil(width / VECTOR_FLOATS) * VECTOR_FLOATS;
}
