import * as tf from '@tensorflow/tfjs';
import { FusedOpError } from '../errors';
import type { DropoutMask } from './dropout-mask';

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
  const { padIndex, mask } = options;
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
  const keep = mask?.keep;
  const scale = mask?.scale ?? 1;
  const op = tf.customGrad((input) => {
    const values = (input as tf.Tensor).dataSync() as Float32Array;
    const out = outputStorage.take(N, E);
    for (let r = 0; r < count; r++) {
      const n = rows === undefined ? r : rows[r]!;
      outputStorage.touch(n);
      const src = ids[n]! * E;
      const dst = n * E;
      if (keep === undefined) {
        out.set(values.subarray(src, src + E), dst);
      } else {
        // values * keep * scale, not values * (keep * scale): with dropout 0.5
        // the scale is the small integer 2, and V8 then multiplies keep by it
        // as int32 with overflow checks, 4x slower (8 -> 2 ms per batch). Equal
        // results: keep is 0 or 1.
        for (let k = 0; k < E; k++) out[dst + k] = values[src + k]! * keep[dst + k]! * scale;
      }
    }
    return {
      value: outputStorage.hand(tf.tensor2d(out, [N, E])),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const grad = gradientStorage.take(V, E);
        for (let r = 0; r < count; r++) {
          const n = rows === undefined ? r : rows[r]!;
          const id = ids[n]!;
          if (id === padIndex) continue;
          gradientStorage.touch(id);
          const dst = id * E;
          const src = n * E;
          if (keep === undefined) {
            for (let k = 0; k < E; k++) grad[dst + k] = grad[dst + k]! + g[src + k]!;
          } else {
            for (let k = 0; k < E; k++)
              grad[dst + k] = grad[dst + k]! + g[src + k]! * keep[src + k]! * scale;
          }
        }
        return gradientStorage.hand(tf.tensor2d(grad, [V, E]));
      },
    };
  });
  return op(table) as tf.Tensor2D;
}

/** The parts of tfjs's engine state read here (internal to tfjs 4.x; checked against 4.22). */
interface EngineWithTensorInfo {
  state?: { tensorInfo?: { has(dataId: object): boolean } };
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
 * order above: forward 5.1 -> 4.1 ms, forward + backward 17.2 -> 8.2 ms.
 */
class RecycledRows {
  private values: Float32Array | null = null;
  private width = 0;
  /** dataId of the tensor last built on `values`; null when nothing holds it. */
  private owner: object | null = null;
  /** Rows written since `values` was last all zero, each listed once. */
  private touched = new Int32Array(0);
  private touchedCount = 0;
  private isTouched = new Uint8Array(0);

  /** An all-zero array of rows * width: the recycled one if tfjs released it, else a new one. */
  take(rows: number, width: number): Float32Array {
    const values = this.values;
    if (
      values !== null &&
      this.width === width &&
      rows * width <= values.length &&
      (this.owner === null || !engineKnows(this.owner))
    ) {
      for (let i = 0; i < this.touchedCount; i++) {
        const row = this.touched[i]!;
        values.fill(0, row * width, (row + 1) * width);
        this.isTouched[row] = 0;
      }
      this.touchedCount = 0;
      this.owner = null;
      return values.length === rows * width ? values : values.subarray(0, rows * width);
    }
    const capacity = Math.max(
      rows,
      values !== null && this.width === width ? values.length / width : 0,
    );
    this.values = new Float32Array(capacity * width);
    this.width = width;
    this.owner = null;
    this.isTouched = new Uint8Array(capacity);
    this.touched = new Int32Array(capacity);
    this.touchedCount = 0;
    return this.values.length === rows * width
      ? this.values
      : this.values.subarray(0, rows * width);
  }

  /** Records that `row` of the array from the last take() is being written. */
  touch(row: number): void {
    if (this.isTouched[row] === 0) {
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

/** Whether any tensor still refers to `dataId`; true when it cannot be told (never reuse then). */
function engineKnows(dataId: object): boolean {
  const tensorInfo = (tf.engine() as unknown as EngineWithTensorInfo).state?.tensorInfo;
  return typeof tensorInfo?.has === 'function' ? tensorInfo.has(dataId) : true;
}

/** Storage of the gathered rows (forward) and of the table gradient (backward). */
const outputStorage = new RecycledRows();
const gradientStorage = new RecycledRows();
