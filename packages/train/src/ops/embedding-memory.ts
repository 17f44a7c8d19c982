import type * as tf from '@tensorflow/tfjs';
import {
  type ArrayType,
  type KernelMemory,
  kernelArray,
  kernelMemoryOf,
} from '../kernels/wasm/kernel-memory';
import { engineKnows, type TensorStorage } from './recycled-floats';

/**
 * The embedding op's arrays kept beside its table in the table's kernel
 * memory (FusedAdam's, see KernelMemory), so the kernel threads can run the
 * lookup and the gradient's scatter-add as WebAssembly SIMD over one memory
 * (ops/wasm/embedding-rows.wat): 4-5x the JavaScript loops' speed on the
 * reference shapes, which were a third of a kernel thread's busy time in the
 * RNN epoch (gather 1.9 s, scatter-add 2.8 s of ~11 s per thread).
 *
 * Memory the kernel memory hands out is never freed, so each array grows to
 * twice what it had to hold before (the biggest batch settles it), and one
 * still held by a live tensor is not replaced by more kernel memory: the op
 * then gets an ordinary array and runs its JavaScript loops.
 */
export class EmbeddingMemory {
  /** The gathered rows (the recurrent layer's input, which reads them in place). */
  readonly output: KernelFloats;
  /** The gradient of the gathered rows: the recurrent layer writes its dx here (see gradientStorageFor). */
  readonly outputGradient: KernelFloats;
  /** Where the kernel threads' scatter-add records the table-gradient rows it writes (see ScatterLogs). */
  readonly scatterLogs: ScatterLogs;
  private readonly owner: KernelMemory;
  private ids: Int32Array = new Int32Array(0);
  private rows: Int32Array = new Int32Array(0);
  private keep: Uint8Array = new Uint8Array(0);
  private maskKeep: Uint8Array = new Uint8Array(0);
  private maskRows: Int32Array = new Int32Array(0);

  /** Tokens per batch the arrays already have room for (see expect). */
  private expected = 0;

  constructor(owner: KernelMemory) {
    this.owner = owner;
    this.output = new KernelFloats(owner);
    this.outputGradient = new KernelFloats(owner);
    this.scatterLogs = new ScatterLogs(owner);
  }

  /**
   * Makes room at once for batches of up to `tokens` tokens of `width`
   * floats (a trainer knows its largest batch). Grown by doubling as longer
   * batches came, the arrays left regions behind, each paged in once, ~0.5
   * GB per reference run: on the developers' VM, where first touching a page
   * costs ~14 us, about 1.5 s of each run's first epoch. Reserving touches no
   * page; a batch then pages in only what it uses. Results do not change.
   */
  expect(tokens: number, width: number): void {
    if (tokens <= this.expected) return;
    this.expected = tokens;
    this.output.reserve(tokens * width);
    this.outputGradient.reserve(tokens * width);
    this.ids = atLeast(this.owner, this.ids, Int32Array, tokens) ?? this.ids;
    this.rows = atLeast(this.owner, this.rows, Int32Array, tokens) ?? this.rows;
    this.maskKeep = atLeast(this.owner, this.maskKeep, Uint8Array, tokens * width) ?? this.maskKeep;
    this.maskRows = atLeast(this.owner, this.maskRows, Int32Array, tokens) ?? this.maskRows;
  }

  /** Whether `array` lies in this memory. */
  holds(array: ArrayBufferView): boolean {
    return kernelMemoryOf(array) === this.owner;
  }

  /** An allocator for RecycledRows: a fresh zero region of the memory, or undefined when it is full. */
  readonly zeroFloats = (length: number): Float32Array | undefined =>
    kernelArray(this.owner, Float32Array, length);

  /**
   * Arrays in the memory for the caller's embedding dropout mask, which
   * kernel threads draw there (dropoutMask's `threads`): `length` keep bytes,
   * and `rows` copied in. stage() then copies neither, as they lie here
   * already. Their own regions, valid until the next call; undefined when the
   * memory is full.
   */
  maskArrays(length: number, rows: Int32Array): { keep: Uint8Array; rows: Int32Array } | undefined {
    const keep = atLeast(this.owner, this.maskKeep, Uint8Array, length);
    const list = atLeast(this.owner, this.maskRows, Int32Array, rows.length);
    if (keep === undefined || list === undefined) return undefined;
    this.maskKeep = keep;
    this.maskRows = list;
    const staged = list.subarray(0, rows.length);
    staged.set(rows);
    return { keep: keep.subarray(0, length), rows: staged };
  }

  /**
   * ids, rows and keep as arrays in the memory (copied in unless they are
   * already there), valid until the next call; undefined when the memory is full.
   */
  stage(
    ids: Int32Array,
    rows: Int32Array | undefined,
    keep: Uint8Array | undefined,
  ): { ids: Int32Array; rows?: Int32Array; keep?: Uint8Array } | undefined {
    const inside = (a: ArrayBufferView) => kernelMemoryOf(a) === this.owner;
    const place = <T extends Int32Array | Uint8Array>(
      from: T,
      region: T,
      type: ArrayType<T>,
    ): [T, T] | undefined => {
      if (inside(from)) return [from, region];
      const room = atLeast(this.owner, region, type, from.length);
      if (room === undefined) return undefined;
      const view = room.subarray(0, from.length) as T;
      view.set(from);
      return [view, room];
    };
    const staged = place(ids, this.ids, Int32Array);
    const stagedRows = rows === undefined ? undefined : place(rows, this.rows, Int32Array);
    const stagedKeep = keep === undefined ? undefined : place(keep, this.keep, Uint8Array);
    if (
      staged === undefined ||
      (rows !== undefined && stagedRows === undefined) ||
      (keep !== undefined && stagedKeep === undefined)
    ) {
      return undefined;
    }
    this.ids = staged[1];
    if (stagedRows !== undefined) this.rows = stagedRows[1];
    if (stagedKeep !== undefined) this.keep = stagedKeep[1];
    return {
      ids: staged[0],
      ...(stagedRows === undefined ? {} : { rows: stagedRows[0] }),
      ...(stagedKeep === undefined ? {} : { keep: stagedKeep[0] }),
    };
  }
}

/** `region` if it holds `length` elements, else a new region of the memory twice its size or more; undefined when full. */
function atLeast<T extends Int32Array | Uint8Array>(
  owner: KernelMemory,
  region: T,
  type: ArrayType<T>,
  length: number,
): T | undefined {
  if (region.length >= length) return region;
  return kernelArray(owner, type, Math.max(length, 2 * region.length));
}

/**
 * Per kernel thread, the ids of the table-gradient rows its part of the
 * scatter-add wrote (an int32 count, then the ids, repeats included), in
 * the kernel memory, where embedding-rows.wat's scatter reads and rewrites
 * them: the next batch's scatter zeroes those rows of the reused gradient
 * array before it adds (RecycledRows.takeForScatter), instead of the calling
 * thread zeroing them and listing the rows it will write (0.3 s of the main
 * thread per reference RNN epoch in CPU profiles). A log that grows keeps
 * what it holds.
 */
export class ScatterLogs {
  /** One log per part of the scatter (thread); empty until the first ensure. */
  readonly lists: Int32Array[] = [];
  private readonly owner: KernelMemory;

  constructor(owner: KernelMemory) {
    this.owner = owner;
  }

  /**
   * Room in `parts` logs for `count` ids each. False when the memory is full,
   * or when the logs hold ids for another number of parts (they are then
   * zeroed and cleared by RecycledRows.take first).
   */
  ensure(parts: number, count: number): boolean {
    if (this.lists.length !== parts) {
      if (this.lists.some((log) => log[0] !== 0)) return false;
      this.lists.length = 0;
    }
    for (let part = 0; part < parts; part++) {
      const log = this.lists[part];
      if (log !== undefined && log.length > count) continue;
      const grown = kernelArray(
        this.owner,
        Int32Array,
        Math.max(count + 1, 2 * (log?.length ?? 0)),
      );
      // Offset 0 would read as no log (scatterArgs).
      if (grown === undefined || grown.byteOffset === 0) return false;
      if (log !== undefined) grown.set(log.subarray(0, 1 + log[0]!));
      this.lists[part] = grown;
    }
    return true;
  }

  /** Zeroes every logged row of `values` (rows of `width` floats) and empties the logs. */
  zeroLogged(values: Float32Array | null, width: number): void {
    for (const log of this.lists) {
      if (values !== null) {
        for (let i = 1; i <= log[0]!; i++) values.fill(0, log[i]! * width, (log[i]! + 1) * width);
      }
      log[0] = 0;
    }
  }
}

const memories = new WeakMap<KernelMemory, EmbeddingMemory>();

/** The embedding arrays of the kernel memory `table` lies in; undefined when it lies in none. */
export function embeddingMemoryOf(table: Float32Array): EmbeddingMemory | undefined {
  const owner = kernelMemoryOf(table);
  if (owner === undefined) return undefined;
  let found = memories.get(owner);
  if (found === undefined) {
    found = new EmbeddingMemory(owner);
    memories.set(owner, found);
  }
  return found;
}

/**
 * A tensor's storage in a kernel memory, reused once tfjs has released the
 * tensor last built on it (as RecycledFloats). While that tensor lives, or
 * when the memory is full, take() returns an ordinary array instead.
 */
class KernelFloats implements TensorStorage {
  private values: Float32Array | null = null;
  /** dataId of the tensor last built on `values`; null when nothing holds it. */
  private holder: object | null = null;
  private handed: Float32Array | null = null;
  private readonly owner: KernelMemory;

  constructor(owner: KernelMemory) {
    this.owner = owner;
  }

  /** Room for `length` floats from now on, if nothing holds the array and the memory has it. */
  reserve(length: number): void {
    if (this.holder !== null && engineKnows(this.holder)) return;
    if (this.values !== null && this.values.length >= length) return;
    this.values = kernelArray(this.owner, Float32Array, length) ?? this.values;
  }

  take(length: number): Float32Array {
    if (this.holder !== null && engineKnows(this.holder)) {
      this.handed = null;
      return new Float32Array(length);
    }
    this.holder = null;
    if (this.values === null || this.values.length < length) {
      const grown = kernelArray(
        this.owner,
        Float32Array,
        Math.max(length, 2 * (this.values?.length ?? 0)),
      );
      if (grown === undefined) {
        this.handed = null;
        return new Float32Array(length);
      }
      this.values = grown;
    }
    this.handed = this.values.length === length ? this.values : this.values.subarray(0, length);
    return this.handed;
  }

  hand<T extends tf.Tensor>(tensor: T): T {
    // Only a tensor on the kernel memory's array holds it.
    if (this.handed !== null) this.holder = tensor.dataId as object;
    this.handed = null;
    return tensor;
  }
}

// Storage an op asks the op that consumes its output to write that output's
// gradient into (by the output tensor's dataId), e.g. the embedding asks the
// recurrent layer to write dx beside the table, where its scatter-add reads it.
const gradientTargets = new WeakMap<object, TensorStorage>();

/** Asks whoever differentiates `tensor` to write its gradient into `storage` (see gradientStorageFor). */
export function preferGradientStorage(tensor: tf.Tensor, storage: TensorStorage): void {
  gradientTargets.set(tensor.dataId as object, storage);
}

/** Where the producer of `tensor` would like its gradient written; undefined when it has no wish. */
export function gradientStorageFor(tensor: tf.Tensor): TensorStorage | undefined {
  return gradientTargets.get(tensor.dataId as object);
}
