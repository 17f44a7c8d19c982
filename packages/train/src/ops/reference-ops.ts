import type { CellType } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { type DropoutMask, maskValues } from './dropout-mask';
import type { RecurrentWeightTensors } from './recurrent-op';

/**
 * The same ops as embeddingLookup and recurrentLayer built from plain tfjs
 * primitives (gather, per-time-step matMul, masking) with tfjs's own
 * autodiff: slow, but independent of the typed-array kernels, so tests use
 * it to check the fused ops' forward values and hand-written gradients.
 */

/** tf.gather of the rows, times the optional dropout mask. padIndex gets no gradient. */
export function referenceEmbeddingLookup(
  table: tf.Tensor2D,
  ids: Int32Array,
  padIndex: number,
  mask?: DropoutMask,
): tf.Tensor2D {
  const [V, E] = table.shape;
  // padding_idx: the pad row's value comes from a constant copy of the table
  // (tfjs has no stopGradient), the other rows from the table itself.
  const notPad = tf.tensor2d(
    Array.from({ length: V }, (_, v) => (v === padIndex ? 0 : 1)),
    [V, 1],
  );
  const padRow = tf
    .oneHot([padIndex], V)
    .reshape([V, 1])
    .mul(tf.tensor2d(table.dataSync(), [V, E]));
  const rows = tf.gather(table.mul(notPad).add(padRow), tf.tensor1d(ids, 'int32')) as tf.Tensor2D;
  return mask === undefined ? rows : rows.mul(tf.tensor2d(maskValues(mask), [ids.length, E]));
}

/**
 * h_n [B, D*H] of a PyTorch-semantics recurrent layer over x [T*B, I]
 * (time-major), or with output 'sequence' every step's output [T*B, D*H]
 * (zero on padding rows).
 */
export function referenceRecurrentLayer(
  x: tf.Tensor2D,
  lengths: Int32Array,
  time: number,
  weights: readonly RecurrentWeightTensors[],
  cell: CellType,
  hiddenSize: number,
  output: 'final' | 'sequence' = 'final',
): tf.Tensor2D {
  const B = lengths.length;
  const I = x.shape[1];
  // tf.slice rather than tf.unstack: unstack's gradient fails when some steps get none.
  const steps = Array.from({ length: time }, (_, t) => x.slice([t * B, 0], [B, I]));
  // valid[t]: [B, 1], 1 where step t is a real token of sequence b.
  const valid = Array.from({ length: time }, (_, t) =>
    tf.tensor2d(
      Array.from(lengths, (length) => (t < length ? 1 : 0)),
      [B, 1],
    ),
  );
  const finals = weights.map((w, d) => {
    const outputs: tf.Tensor2D[] = new Array(time);
    let h = tf.zeros([B, hiddenSize]) as tf.Tensor2D;
    let c = tf.zeros([B, hiddenSize]) as tf.Tensor2D;
    // The reverse direction walks t = T-1..0; a sequence's state stays zero
    // until its own last token, which is where its reverse pass starts.
    for (let s = 0; s < time; s++) {
      const t = d === 0 ? s : time - 1 - s;
      const m = valid[t]!;
      const xp = steps[t]!.matMul(w.wIh, false, true).add(w.bIh) as tf.Tensor2D;
      const hp = h.matMul(w.wHh, false, true).add(w.bHh) as tf.Tensor2D;
      let hNew: tf.Tensor2D;
      let cNew = c;
      if (cell === 'rnn') {
        hNew = xp.add(hp).tanh() as tf.Tensor2D;
      } else if (cell === 'gru') {
        const [xr, xz, xn] = tf.split(xp, 3, 1) as tf.Tensor2D[];
        const [hr, hz, hn] = tf.split(hp, 3, 1) as tf.Tensor2D[];
        const r = xr!.add(hr!).sigmoid();
        const z = xz!.add(hz!).sigmoid();
        const n = xn!.add(r.mul(hn!)).tanh();
        hNew = tf.scalar(1).sub(z).mul(n).add(z.mul(h)) as tf.Tensor2D;
      } else {
        const [gi, gf, gg, go] = tf.split(xp.add(hp), 4, 1) as tf.Tensor2D[];
        cNew = gf!.sigmoid().mul(c).add(gi!.sigmoid().mul(gg!.tanh())) as tf.Tensor2D;
        hNew = go!.sigmoid().mul(cNew.tanh()) as tf.Tensor2D;
      }
      const keep = tf.scalar(1).sub(m);
      h = m.mul(hNew).add(keep.mul(h)) as tf.Tensor2D;
      c = m.mul(cNew).add(keep.mul(c)) as tf.Tensor2D;
      outputs[t] = m.mul(h) as tf.Tensor2D;
    }
    return output === 'sequence' ? (tf.concat(outputs, 0) as tf.Tensor2D) : h;
  });
  return (finals.length === 1 ? finals[0]! : tf.concat(finals, 1)) as tf.Tensor2D;
}

/**
 * The 'last-max-mean' pooling (the recurrent op's 'pooled' output) review by review: gather the review's own rows
 * of the per-step outputs [T*B, D*H], then its final states (forward half at
 * the last token, reverse half at the first), max and mean.
 */
export function referencePooling(
  states: tf.Tensor2D,
  lengths: Int32Array,
  dirs: number,
): tf.Tensor2D {
  const batch = lengths.length;
  const H = states.shape[1] / dirs;
  const rows = Array.from(lengths, (length, b) => {
    const own = states.gather(Array.from({ length }, (_, t) => t * batch + b)) as tf.Tensor2D;
    const forwardLast = own.slice([length - 1, 0], [1, H]);
    const last = dirs === 1 ? forwardLast : tf.concat([forwardLast, own.slice([0, H], [1, H])], 1);
    return tf.concat([last, own.max(0, true), own.mean(0, true)], 1);
  });
  return tf.concat(rows, 0) as tf.Tensor2D;
}
