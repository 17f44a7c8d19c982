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
 * scatter-add of dOut into a fresh zeroed [V, E] gradient, which touches only
 * the rows used in the batch and leaves the pad row at zero.
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
        for (let k = 0; k < E; k++) out[dst + k] = values[src + k]! * (keep[dst + k]! * scale);
      }
    }
    return {
      value: tf.tensor2d(out, [N, E]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const grad = new Float32Array(V * E);
        for (let r = 0; r < count; r++) {
          const n = rows === undefined ? r : rows[r]!;
          const id = ids[n]!;
          if (id === padIndex) continue;
          const dst = id * E;
          const src = n * E;
          if (keep === undefined) {
            for (let k = 0; k < E; k++) grad[dst + k] = grad[dst + k]! + g[src + k]!;
          } else {
            for (let k = 0; k < E; k++)
              grad[dst + k] = grad[dst + k]! + g[src + k]! * (keep[src + k]! * scale);
          }
        }
        return tf.tensor2d(grad, [V, E]);
      },
    };
  });
  return op(table) as tf.Tensor2D;
}
