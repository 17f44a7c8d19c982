import { type Rng, xoshiroJump } from '../data/rng';
import { FusedOpError } from '../errors';
import { KERNEL_ENGINES, type KernelEngine } from '../kernels/engine';
import type { KernelThreadPool } from '../kernels/threads/thread-pool';
import { splitRange } from '../kernels/threads/threaded-recurrent';
import { type KernelMemory, kernelMemoryOf } from '../kernels/wasm/kernel-memory';
import {
  embeddedModule,
  ensureBytes,
  instantiate,
  sharedMemory,
  type WasmMemory,
} from '../kernels/wasm/wasm-api';
import { memoryKernel } from './embedding-rows-wasm';
import { DROPOUT_MASK_WASM_BASE64 } from './wasm/dropout-mask-wasm-bytes';

/**
 * An inverted-dropout mask: kept elements are multiplied by `scale` =
 * 1 / (1 - rate), dropped ones by 0. `keep` holds one 0/1 byte per element (a
 * quarter of the memory traffic of a float mask, which matters at 1.5M
 * elements per batch).
 */
export interface DropoutMask {
  keep: Uint8Array;
  scale: number;
}

/** The mask as multipliers (keep * scale), e.g. for a tf.mul. */
export function maskValues(mask: DropoutMask): Float32Array {
  const out = new Float32Array(mask.keep.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.keep[i]! * mask.scale;
  return out;
}

/**
 * What an op leaves in the rows its `rows` list leaves out: zeros, or
 * whatever its reused output held before (skipping a write of ~10% of the
 * output per reference batch when the consumer never reads them).
 */
export type Unlisted = 'zero' | 'any';

/**
 * The `unlisted` option checked where an op reads it, so that a typo
 * ('none', 'skip') is an error rather than one op's zeros and another's stale
 * rows.
 */
export function checkUnlisted(op: string, value: unknown): Unlisted {
  if (value === undefined) return 'zero';
  if (value === 'zero' || value === 'any') return value;
  throw new FusedOpError(
    'invalid-argument',
    `${op}: unlisted must be 'zero' or 'any', got ${JSON.stringify(value)}`,
  );
}

/** dropoutMask's optional arguments. */
export interface DropoutMaskOptions {
  /** Draw only these rows (the others stay 0), in this order. */
  rows?: Int32Array;
  /**
   * 'zero' (default): rows not in `rows` read as dropped. 'any': they may
   * hold anything (what `into` held before), for a consumer that reads only
   * the listed rows, as the embedding lookup and its gradient do.
   */
  unlisted?: Unlisted;
  /** At least rowCount * width bytes to hold the mask instead of a new array. */
  into?: Uint8Array;
  /** Where the draws run (default 'auto'). */
  engine?: KernelEngine;
  /**
   * Kernel threads that draw the listed rows side by side, each from its
   * first row's place in the stream (xoshiroJump), so the same bytes: used
   * when `into` and `rows` lie in one kernel memory (the embedding's, see
   * EmbeddingMemory.maskArrays), where the threads' WebAssembly can write.
   */
  threads?: KernelThreadPool;
}

/**
 * Draws an inverted-dropout mask from our seeded Rng (never Math.random) so a seed reproduces a
 * run. `width` consecutive elements form one row; with `rows` only those rows
 * are drawn (the others stay 0): the model masks only real tokens, since the
 * recurrence never reads padding rows, which saves most of the draws.
 *
 * Speed (1.5M elements per batch for the embedding): each mask takes four
 * words from `rng` to seed a local xoshiro128** stream run inline in the loop
 * (a method call per draw cost ~24 ms per batch, the inline loop a few), and
 * each 32-bit draw gives two 16-bit uniforms, so `rate` is applied at 1/65536
 * resolution (0.5 exactly).
 *
 * `into` holds the mask instead of a new array: the model reuses one across
 * steps (a fresh 1.5 MB array per batch is page faults and garbage
 * collection), so the mask is valid until the next call with the same
 * `into`. The mask's values do not depend on it, on `engine` or on `threads`.
 *
 * `engine`: where the draws run. 'wasm' is the same loop in WebAssembly
 * (wasm/dropout-mask.wat), which writes the same bytes faster; 'auto'
 * (default) uses it where WebAssembly is available, else 'js'. `threads`
 * split it further (the reference embedding mask alone was ~1.5 s of the
 * main thread's serial work in a 14 s RNN epoch).
 */
export function dropoutMask(
  rng: Rng,
  rate: number,
  rowCount: number,
  width: number,
  options: DropoutMaskOptions = {},
): DropoutMask {
  const { rows, into, engine = 'auto', threads } = options;
  const unlisted = checkUnlisted('dropoutMask', options.unlisted);
  if (!(rate >= 0 && rate < 1)) {
    throw new FusedOpError('invalid-argument', `dropout rate must be in [0, 1), got ${rate}`);
  }
  if (!KERNEL_ENGINES.includes(engine)) {
    throw new FusedOpError(
      'invalid-argument',
      `dropoutMask: engine must be 'auto', 'wasm' or 'js', got ${String(engine)}`,
    );
  }
  let keep: Uint8Array;
  if (into === undefined) keep = new Uint8Array(rowCount * width);
  else {
    if (into.length < rowCount * width) {
      throw new FusedOpError(
        'invalid-argument',
        `into has ${into.length} bytes, fewer than rowCount * width = ${rowCount * width}`,
      );
    }
    keep = into.subarray(0, rowCount * width);
  }
  const threshold = Math.round(rate * 65536);
  const count = rows === undefined ? rowCount : rows.length;
  let s0 = rng.nextUint32() | 0;
  let s1 = rng.nextUint32() | 0;
  let s2 = rng.nextUint32() | 0;
  let s3 = rng.nextUint32() | 0;
  // xoshiro128** must not start from the all-zero state.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const scale = 1 / (1 - rate);
  const kernel = engine === 'js' ? undefined : maskKernel();
  if (engine === 'wasm' && kernel === undefined) {
    throw new FusedOpError(
      'invalid-argument',
      `dropoutMask: engine 'wasm' was requested but ${compiledMask().reason}`,
    );
  }
  const ascending = rows === undefined || checkRows(rows, rowCount);
  const owner = kernelMemoryOf(keep);
  if (
    threads !== undefined &&
    kernel !== undefined &&
    rows !== undefined &&
    owner !== undefined &&
    kernelMemoryOf(rows) === owner
  ) {
    // Ascending rows: each thread clears the padding between its own rows.
    const clear = unlisted === 'zero';
    if (clear && !ascending) keep.fill(0);
    drawOnThreads(
      threads,
      owner,
      [s0, s1, s2, s3],
      threshold,
      rows,
      width,
      keep,
      clear && ascending,
    );
    return { keep, scale };
  }
  if (kernel !== undefined) {
    drawWasm(kernel, [s0, s1, s2, s3], threshold, rows, count, width, keep);
    return { keep, scale };
  }
  // Only the listed rows are drawn below; the rest must read as dropped.
  if (into !== undefined && rows !== undefined) keep.fill(0);
  for (let n = 0; n < count; n++) {
    const row = rows === undefined ? n : rows[n]!;
    const end = (row + 1) * width;
    // Two elements per draw; an odd row's last element uses the low half only.
    for (let i = row * width; i < end; i += 2) {
      // xoshiro128** step (the generator of Rng), on local 32-bit integers.
      const m = Math.imul(s1, 5);
      const bits = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      keep[i] = +((bits & 0xffff) >= threshold);
      if (i + 1 < end) keep[i + 1] = +(bits >>> 16 >= threshold);
    }
  }
  return { keep, scale };
}

/** Throws for the first entry of `rows` outside [0, rowCount); whether they are ascending. */
function checkRows(rows: Int32Array, rowCount: number): boolean {
  let ascending = true;
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n]!;
    if (row < 0 || row >= rowCount) {
      throw new FusedOpError(
        'invalid-argument',
        `rows[${n}] is ${row}; rows must be in [0, ${rowCount})`,
      );
    }
    if (n > 0 && row <= rows[n - 1]!) ascending = false;
  }
  return ascending;
}

type DrawFn = (
  s0: number,
  s1: number,
  s2: number,
  s3: number,
  threshold: number,
  listed: number,
  rows: number,
  count: number,
  width: number,
  out: number,
  zeroFrom: number,
  zeroTo: number,
) => void;

interface MaskKernel {
  memory: WasmMemory;
  draw: DrawFn;
}

const compiledMask = embeddedModule('dropout-mask.wat', DROPOUT_MASK_WASM_BASE64);
let kernelInstance: MaskKernel | null = null;

/** The wasm kernel, instantiated on first use; undefined where WebAssembly is missing. */
function maskKernel(): MaskKernel | undefined {
  if (kernelInstance === null) {
    const { module } = compiledMask();
    if (module === undefined) return undefined;
    const memory = sharedMemory(1, 65_536);
    const { exports } = instantiate(module, { env: { memory } });
    kernelInstance = { memory, draw: exports.draw as DrawFn };
  }
  return kernelInstance;
}

/**
 * The wasm loop into `keep`: the row list at the start of the kernel's memory,
 * the keep bytes after it (zeroed first, as unlisted rows must read as dropped),
 * then copied out (1.5 MB per reference batch, a fraction of a millisecond).
 */
function drawWasm(
  kernel: MaskKernel,
  state: readonly [number, number, number, number],
  threshold: number,
  rows: Int32Array | undefined,
  count: number,
  width: number,
  keep: Uint8Array,
): void {
  const out = rows === undefined ? 0 : Math.ceil((rows.length * 4) / 16) * 16;
  ensureBytes(kernel.memory, out + keep.length);
  const bytes = new Uint8Array(kernel.memory.buffer);
  if (rows !== undefined) {
    new Int32Array(kernel.memory.buffer, 0, rows.length).set(rows);
    bytes.fill(0, out, out + keep.length);
  }
  const [s0, s1, s2, s3] = state;
  kernel.draw(s0, s1, s2, s3, threshold, rows === undefined ? 0 : 1, 0, count, width, out, 0, 0);
  keep.set(bytes.subarray(out, out + keep.length));
}

/**
 * The listed rows drawn by the kernel threads into `keep`, a part of the row
 * list each: the module instantiated over the kernel memory holding `keep`
 * and `rows`, each part's stream started where one thread's would be at its
 * first row (every row takes ceil(width / 2) steps). With `clear` (ascending
 * rows) each thread also zeroes the unlisted rows from its first row to the
 * next part's (the first part from 0, the last to the end): for the
 * reference batches that fill was ~1.7 ms a step on the main thread.
 */
function drawOnThreads(
  threads: KernelThreadPool,
  owner: KernelMemory,
  state: readonly [number, number, number, number],
  threshold: number,
  rows: Int32Array,
  width: number,
  keep: Uint8Array,
  clear: boolean,
): void {
  const module = compiledMask().module!;
  const kernel = memoryKernel('dropout-mask', module, owner);
  const stepsPerRow = Math.ceil(width / 2);
  const parts = splitRange(rows.length, threads.size, 1);
  // Where part p's bytes start: its first row (0 for the first part, the
  // mask's end past the last).
  const start = (p: number) =>
    p === 0
      ? 0
      : p === parts.length || parts[p]![0] === rows.length
        ? keep.length
        : rows[parts[p]![0]]! * width;
  const args = parts.map(([r0, r1], p) => {
    const [s0, s1, s2, s3] = xoshiroJump(state, r0 * stepsPerRow);
    return [
      s0,
      s1,
      s2,
      s3,
      threshold,
      1,
      rows.byteOffset + 4 * r0,
      r1 - r0,
      width,
      keep.byteOffset,
      ...(clear ? [start(p), start(p + 1)] : [0, 0]),
    ];
  });
  threads.runKernel(kernel, 'draw', args);
}
