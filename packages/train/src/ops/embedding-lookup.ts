import * as tf from '@tensorflow/tfjs';
import { FusedOpError } from '../errors';
import { zeroUnlistedRows } from '../kernels/float-array';
import type { KernelThreadPool } from '../kernels/threads/thread-pool';
import {
  onSharedMemory,
  threadedGather,
  threadedScatterAdd,
} from '../kernels/threads/threaded-embedding';
import { checkUnlisted, type DropoutMask, type Unlisted } from './dropout-mask';
import { embeddingMemoryOf, preferGradientStorage, type ScatterLogs } from './embedding-memory';
import { gatherRowRange, scatterAddRows } from './embedding-rows';
import { compiledEmbeddingRowsModule } from './embedding-rows-wasm';
import { engineKnows, type TensorStorage } from './recycled-floats';

export interface EmbeddingLookupOptions {
  /** Row of `<pad>`: it is looked up like any row but never receives gradient (PyTorch padding_idx). */
  padIndex: number;
  /**
   * Optional dropout mask over [ids.length, E] (see dropoutMask), applied
   * during the gather and reused by the backward pass, so embedding dropout
   * costs no extra pass over the activations.
   */
  mask?: DropoutMask;
  /**
   * Optional ascending list of the positions n to look up (e.g. activeRows of
   * a padded batch); the other output rows are zero and pass no gradient.
   * A batch padded to its longest review is mostly padding when lengths vary,
   * and the recurrence never reads padding rows, so this skips their copies.
   */
  rows?: Int32Array;
  /**
   * 'zero' (default): the rows `rows` leaves out are zero. 'any': they may
   * hold anything (a reused output's earlier rows), for a consumer that reads
   * only the listed rows, as the recurrent layer reads only real tokens:
   * zeroing them cost ~0.6 s of the main thread per reference RNN epoch.
   */
  unlisted?: Unlisted;
  /**
   * Where the output's values go instead of the op's own recycled array:
   * e.g. threadedInputStorage, the recurrent layer's input in its kernel
   * threads' shared memory, which spares the layer copying the batch in.
   */
  into?: TensorStorage;
  /**
   * Kernel threads (the recurrent layer's) for the lookup, split by output
   * rows (see threadedGather), and the backward scatter-add, split by the
   * gradient's rows (see threadedScatterAdd): each is used when the arrays it touches are on shared
   * memory, as FusedAdam's in-place table, the threaded recurrent layer's input
   * and dx, and the model's mask are.
   */
  threads?: KernelThreadPool;
  /**
   * Optional [ids.length, E] values added to the listed rows of the output
   * after the lookup and the mask (e.g. an adversarial perturbation, see
   * adversarialPerturbation). The gradient is that of the lookup alone: an
   * added constant does not change it.
   */
  offset?: Float32Array;
  /**
   * Called in the backward pass with the gradient of the loss with respect to
   * the output, [ids.length, E] (only listed rows are meaningful), before it
   * is scattered into the table's gradient. Read it during the call: its
   * storage is reused.
   */
  onOutputGradient?: (dOut: Float32Array) => void;
}

/**
 * Embedding lookup as one tfjs op: out[n, :] = table[ids[n], :] (* mask[n, :]).
 * Forward is a typed-array gather (for a time-major [T, B] id matrix the
 * result is the time-major [T*B, E] input of the recurrent op); backward is a
 * scatter-add of dOut into a zeroed [V, E] gradient, which touches only the
 * rows used in the batch and leaves the pad row at zero. The gradient's
 * storage, and the output's, is recycled from the previous call once tfjs has
 * released that tensor (see RecycledRows): read a result before disposing
 * it, not after.
 */
export function embeddingLookup(
  table: tf.Tensor2D,
  ids: Int32Array,
  options: EmbeddingLookupOptions,
): tf.Tensor2D {
  const [V, E] = table.shape;
  const N = ids.length;
  const { padIndex, mask, threads } = options;
  const unlisted = checkUnlisted('embeddingLookup', options.unlisted);
  for (let n = 0; n < N; n++) {
    const id = ids[n]!;
    if (!(id >= 0 && id < V)) {
      throw new FusedOpError(
        'invalid-argument',
        `ids[${n}] is ${id}; token ids must be in [0, ${V}) for an embedding of ${V} rows`,
      );
    }
  }
  if (mask !== undefined && mask.keep.length !== N * E) {
    throw new FusedOpError(
      'invalid-argument',
      `mask has ${mask.keep.length} elements, expected ids.length * embeddingSize = ${N * E}`,
    );
  }
  const { rows } = options;
  if (rows !== undefined) {
    for (let r = 0; r < rows.length; r++) {
      const n = rows[r]!;
      if (!(n >= 0 && n < N)) {
        throw new FusedOpError('invalid-argument', `rows[${r}] is ${n}; rows must be in [0, ${N})`);
      }
    }
  }
  const count = rows === undefined ? N : rows.length;
  const { offset, onOutputGradient } = options;
  if (offset !== undefined && offset.length !== N * E) {
    throw new FusedOpError(
      'invalid-argument',
      `offset has ${offset.length} elements, expected ids.length * embeddingSize = ${N * E}`,
    );
  }
  const op = tf.customGrad((input) => {
    const values = (input as tf.Tensor).dataSync() as Float32Array;
    // Every listed row is overwritten below, so only rows left over from the
    // previous batch need zeroing.
    // On kernel threads with the table in a kernel memory (FusedAdam's), the
    // batch's arrays go beside it, where the threads run the row loops in
    // WebAssembly (see embedding-memory.ts).
    const memory = threads === undefined ? undefined : embeddingMemoryOf(values);
    const staged = memory?.stage(ids, rows, mask?.keep);
    const into = staged === undefined ? options.into : memory!.output;
    let out: Float32Array;
    if (into === undefined) out = outputStorage.take(N, E, rows ?? count);
    else {
      out = into.take(N * E);
      if (rows !== undefined && unlisted === 'zero') zeroUnlistedRows(out, rows, N, E);
    }
    const lists = staged ?? { ids, rows, keep: mask?.keep };
    if (threads !== undefined && onSharedMemory([out, values, lists.keep])) {
      threadedGather(threads, { out, table: values, ...rowFields(lists, mask), width: E });
    } else {
      gatherRowRange(out, values, ids, rows, 0, count, E, mask?.keep, mask?.scale ?? 1);
    }
    if (offset !== undefined) addRowOffsets(out, offset, rows, count, E);
    const storage = into ?? outputStorage;
    const value = storage.hand(tf.tensor2d(out, [N, E]));
    if (staged !== undefined) preferGradientStorage(value, memory!.outputGradient);
    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        onOutputGradient?.(g);
        // Staged again: another lookup may have reused the staging arrays since.
        const staged = memory?.stage(ids, rows, mask?.keep);
        const lists = staged ?? { ids, rows, keep: mask?.keep };
        // The threads' WebAssembly scatter (every array in the kernel
        // memory) zeroes the rows it wrote last batch itself; any other
        // scatter's rows are listed here for take() to zero.
        const logs =
          staged !== undefined &&
          memory!.holds(g) &&
          compiledEmbeddingRowsModule() !== undefined &&
          memory!.scatterLogs.ensure(threads!.size, count)
            ? memory!.scatterLogs
            : undefined;
        const source = memory !== undefined ? memory.zeroFloats : threads !== undefined;
        const grad =
          logs === undefined
            ? gradientStorage.take(V, E, undefined, source)
            : gradientStorage.takeForScatter(V, E, source, logs);
        const logged = logs !== undefined && memory!.holds(grad) ? logs : undefined;
        if (logged === undefined) {
          for (let r = 0; r < count; r++) {
            const n = rows === undefined ? r : rows[r]!;
            const id = ids[n]!;
            if (id !== padIndex) gradientStorage.touch(id);
          }
        }
        if (threads !== undefined && onSharedMemory([grad, g, lists.keep])) {
          threadedScatterAdd(threads, {
            grad,
            dy: g,
            ...rowFields(lists, mask),
            width: E,
            padIndex,
            ...(logged === undefined ? {} : { logs: logged.lists }),
          });
        } else {
          scatterAddRows(
            grad,
            g,
            ids,
            rows,
            count,
            E,
            padIndex,
            mask?.keep,
            mask?.scale ?? 1,
            1,
            0,
            1,
          );
        }
        return gradientStorage.hand(tf.tensor2d(grad, [V, E]));
      },
    };
  });
  return op(table) as tf.Tensor2D;
}

/** out[n, :] += offset[n, :] for the listed rows n (every row without a list). */
function addRowOffsets(
  out: Float32Array,
  offset: Float32Array,
  rows: Int32Array | undefined,
  count: number,
  width: number,
): void {
  for (let r = 0; r < count; r++) {
    const from = (rows === undefined ? r : rows[r]!) * width;
    for (let k = from, end = from + width; k < end; k++) out[k]! += offset[k]!;
  }
}

/** The threaded ops' ids, rows and mask from `lists` (staged beside the table, or the caller's own). */
function rowFields(
  lists: { ids: Int32Array; rows?: Int32Array | undefined; keep?: Uint8Array | undefined },
  mask: DropoutMask | undefined,
): { ids: Int32Array; rows?: Int32Array; mask?: DropoutMask } {
  return {
    ids: lists.ids,
    ...(lists.rows === undefined ? {} : { rows: lists.rows }),
    ...(mask === undefined ? {} : { mask: { ...mask, keep: lists.keep ?? mask.keep } }),
  };
}

/**
 * A recycled zeroed [rows, width] float32 array. A fresh zeroed array per
 * call costs page faults, zeroing and garbage collection: 8 MB per step for
 * the reference table's gradient (20,002 x 100), 5.9 MB for the gathered
 * batch (64 x 230 tokens x 100), while a batch touches only a few thousand
 * table rows. So the array handed out last time is reused once tfjs no longer
 * knows its data (the engine drops a dataId when the last tensor sharing it,
 * clones and reshapes included, is disposed), after re-zeroing only the rows
 * written into it. While that tensor is alive (the table used twice in one
 * graph, a caller keeping gradients across steps) a new array is allocated,
 * so no live tensor ever changes. Backends that copy on tf.tensor (wasm) are
 * handled conservatively (they could always reuse, but are not told apart).
 *
 * Requests may vary in rows (batches vary in length): the array grows to the
 * largest and shorter requests get a view of its start.
 *
 * Measured on the reference shape (table 20,002 x 100, 64 x 230 Zipf ids,
 * dropout mask, tfjs cpu backend, shared 2-core machine; median of 60 calls,
 * median of 3 alternating runs), together with the values * keep * scale
 * order of gatherMaskedRows: forward 5.1 -> 4.1 ms, forward + backward 17.2
 * -> 8.2 ms.
 */
/**
 * Where RecycledRows gets a new array: ordinary memory (false), a
 * SharedArrayBuffer (true), or an allocator of zeroed arrays (a kernel
 * memory's, see EmbeddingMemory.zeroFloats; its undefined means full, and a
 * SharedArrayBuffer is used instead).
 */
type ArraySource = boolean | ((length: number) => Float32Array | undefined);

class RecycledRows {
  private values: Float32Array | null = null;
  private source: ArraySource = false;
  private width = 0;
  /** dataId of the tensor last built on `values`; null when nothing holds it. */
  private owner: object | null = null;
  /** Rows written since `values` was last all zero, each listed once. */
  private touched = new Int32Array(0);
  private touchedCount = 0;
  private isTouched = new Uint8Array(0);
  /** Logs of further rows written into `values` by kernel threads (see takeForScatter). */
  private logs: ScatterLogs | null = null;

  /**
   * An array of rows * width: the recycled one if tfjs released it, else a
   * new one. All zero, except that rows listed in `overwritten` (a list of
   * distinct rows, or a count n for rows 0..n-1) may hold anything: the
   * caller promises to write them in full, so they are not zeroed first (the
   * forward gather writes ~17,000 rows per batch; zeroing them only to
   * overwrite them cost a 7 MB fill per step). `source`: where a new array
   * comes from (see ArraySource); a recycled one only if from the same.
   */
  take(
    rows: number,
    width: number,
    overwritten?: Int32Array | number,
    source: ArraySource = false,
  ): Float32Array {
    const values = this.values;
    const reuse = this.reusable(rows, width, source);
    // Rows the threads logged are zeroed here: no scatter of theirs follows.
    this.logs?.zeroLogged(reuse ? values : null, this.width);
    this.logs = null;
    if (reuse && values !== null) {
      // Bit 2: about to be overwritten, so a leftover row there needs no zeroing.
      forEachRow(overwritten, (row) => {
        this.isTouched[row] = this.isTouched[row]! | 2;
      });
      for (let i = 0; i < this.touchedCount; i++) {
        const row = this.touched[i]!;
        if (this.isTouched[row] === 1) values.fill(0, row * width, (row + 1) * width);
        this.isTouched[row] = 0;
      }
    } else {
      const capacity = Math.max(
        rows,
        values !== null && this.width === width ? values.length / width : 0,
      );
      // Shared memory when kernel threads are to write it (threadedScatterAdd).
      const length = capacity * width;
      this.values =
        typeof source === 'function'
          ? (source(length) ?? new Float32Array(new SharedArrayBuffer(length * 4)))
          : source
            ? new Float32Array(new SharedArrayBuffer(length * 4))
            : new Float32Array(length);
      this.source = source;
      this.width = width;
      this.isTouched = new Uint8Array(capacity);
      this.touched = new Int32Array(capacity);
    }
    this.owner = null;
    this.touchedCount = 0;
    forEachRow(overwritten, (row) => this.touch(row));
    const all = this.values!;
    return all.length === rows * width ? all : all.subarray(0, rows * width);
  }

  /**
   * take() for a table gradient that the kernel threads' scatter-add then
   * writes in full (embedding-rows.wat's scatter with `logs`): a reused
   * array keeps the rows the last such scatter wrote, which that scatter
   * logged and the next one zeroes before it adds, on its own thread, so
   * this thread neither zeroes them nor lists the rows written (touch). The
   * caller must run that scatter on the array with these logs before anyone
   * reads it.
   */
  takeForScatter(
    rows: number,
    width: number,
    source: ArraySource,
    logs: ScatterLogs,
  ): Float32Array {
    const reuse = this.reusable(rows, width, source);
    if (this.logs !== logs) this.logs?.zeroLogged(reuse ? this.values : null, this.width);
    // Detached so take() leaves the logged rows to the threads.
    this.logs = null;
    // A new array is all zero: nothing logged applies to it.
    if (!reuse) logs.zeroLogged(null, width);
    const values = this.take(rows, width, undefined, source);
    this.logs = logs;
    return values;
  }

  private reusable(rows: number, width: number, source: ArraySource): boolean {
    const values = this.values;
    return (
      values !== null &&
      this.width === width &&
      this.source === source &&
      rows * width <= values.length &&
      (this.owner === null || !engineKnows(this.owner))
    );
  }

  /** Records that `row` of the array from the last take() is being written. */
  touch(row: number): void {
    // 0, or 2 while take() marks rows to overwrite: either way not listed yet.
    if (this.isTouched[row] !== 1) {
      this.isTouched[row] = 1;
      this.touched[this.touchedCount++] = row;
    }
  }

  /** Remembers which tensor now holds the array; returns it. */
  hand<T extends tf.Tensor>(tensor: T): T {
    this.owner = tensor.dataId as object;
    return tensor;
  }
}

/** Calls `visit` for each row of a RecycledRows.take `overwritten` argument. */
function forEachRow(rows: Int32Array | number | undefined, visit: (row: number) => void): void {
  if (rows === undefined) return;
  if (typeof rows === 'number') {
    for (let row = 0; row < rows; row++) visit(row);
  } else {
    for (let i = 0; i < rows.length; i++) visit(rows[i]!);
  }
}

/** Storage of the gathered rows (forward) and of the table gradient (backward). */
const outputStorage = new RecycledRows();
const gradientStorage = new RecycledRows();
