import * as tf from '@tensorflow/tfjs';
import type { DropoutMask } from './dropout-mask';
import { FusedOpError } from './op-error';

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
 * storage is recycled from the previous backward pass once tfjs has released
 * that gradient (see GradientStorage): read a gradient before disposing it,
 * not after.
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
    const out = new Float32Array(N * E);
    for (let r = 0; r < count; r++) {
      const n = rows === undefined ? r : rows[r]!;
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
      value: tf.tensor2d(out, [N, E]),
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
 * One recycled [V, E] gradient array. A fresh zeroed 8 MB array per step (the
 * reference 20,002 x 100 table) costs page faults, zeroing and garbage
 * collection, while a batch touches only a few thousand rows. So the array
 * of the last gradient is reused once tfjs no longer knows its data (the
 * engine drops a dataId when the last tensor sharing it, clones and reshapes
 * included, is disposed), after re-zeroing only the rows that gradient
 * touched. While that gradient is alive (the table used twice in one graph,
 * a caller keeping gradients across steps), a fresh array is allocated, so
 * no live tensor ever changes. Backends that copy on tf.tensor (wasm) are
 * only ever handled conservatively.
 *
 * Measured with bench/train-step.bench.ts (cpu, rnn, Zipf ids, shared 2-core
 * machine): see the figures in the commit introducing this.
 */
class GradientStorage {
  private values: Float32Array | null = null;
  private width = 0;
  /** dataId of the tensor last built on `values`; null before the first hand-off. */
  private owner: object | null = null;
  /** Rows written since `values` was last all zero, each once. */
  private touched = new Int32Array(0);
  private touchedCount = 0;
  private isTouched = new Uint8Array(0);

  /** An all-zero [rows, width] array: the recycled one if tfjs released it, else a new one. */
  take(rows: number, width: number): Float32Array {
    const values = this.values;
    if (
      values !== null &&
      values.length === rows * width &&
      this.width === width &&
      this.owner !== null &&
      !engineKnows(this.owner)
    ) {
      for (let i = 0; i < this.touchedCount; i++) {
        const row = this.touched[i]!;
        values.fill(0, row * width, (row + 1) * width);
        this.isTouched[row] = 0;
      }
      this.touchedCount = 0;
      this.owner = null;
      return values;
    }
    this.values = new Float32Array(rows * width);
    this.width = width;
    this.owner = null;
    if (this.isTouched.length !== rows) {
      this.isTouched = new Uint8Array(rows);
      this.touched = new Int32Array(rows);
    } else {
      this.isTouched.fill(0);
    }
    this.touchedCount = 0;
    return this.values;
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

const gradientStorage = new GradientStorage();
