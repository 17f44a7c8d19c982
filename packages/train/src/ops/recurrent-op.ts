import type { CellType } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { FusedOpError } from '../errors';
import type { KernelEngine } from '../kernels/engine';
import { type DirectionWeights, recurrentBackward, recurrentForward } from '../kernels/recurrent';
import type { RecurrentShape } from '../kernels/shape';
import type { KernelThreadPool } from '../kernels/threads/thread-pool';
import { threadedInputView } from '../kernels/threads/threaded-recurrent';
import type { RecurrentWorkspace } from '../kernels/workspace';
import { gradientStorageFor } from './embedding-memory';
import { engineKnows, RecycledFloats, type TensorStorage } from './recycled-floats';

/** One direction's parameters as tensors, PyTorch layouts and gate order. */
export interface RecurrentWeightTensors {
  /** weight_ih_l0[_reverse]: [G*H, I]. */
  wIh: tf.Tensor;
  /** weight_hh_l0[_reverse]: [G*H, H]. */
  wHh: tf.Tensor;
  /** bias_ih_l0[_reverse]: [G*H]. */
  bIh: tf.Tensor;
  /** bias_hh_l0[_reverse]: [G*H]. */
  bHh: tf.Tensor;
}

export interface RecurrentOpOptions {
  cell: CellType;
  hiddenSize: number;
  bidirectional: boolean;
  /** Where the typed-array kernels run (default 'auto': WebAssembly SIMD when possible). */
  engine?: KernelEngine;
  /**
   * Buffers reused across calls (see RecurrentWorkspace). With a workspace,
   * take the gradient of one call before the next forward pass that uses it.
   */
  workspace?: RecurrentWorkspace;
  /** Kernel threads to split each batch over (same results as without); undefined: this thread only. */
  threads?: KernelThreadPool;
  /**
   * 'final' (default): h_n [B, D*H]. 'sequence': every step's output
   * [T*B, D*H], time-major like x, zero on padding rows (PyTorch's padded
   * `output`), for heads that pool over time; h_n is its row at each
   * sequence's last token (forward half) and first token (reverse half).
   * 'pooled': the 'last-max-mean' pooling of that output, [B, 3*D*H]
   * (kernels/pool-over-time.ts), computed by the kernel threads beside the
   * recurrence when the layer runs on them; padding rows get no gradient.
   */
  output?: 'final' | 'sequence' | 'pooled';
}

// Forward passes run per workspace: a gradient is only valid if no later
// forward pass has overwritten the workspace's caches.
const generations = new WeakMap<RecurrentWorkspace, number>();

/** Marks a forward pass on `workspace` (its caches overwritten); returns the pass's generation. */
function nextGeneration(workspace: RecurrentWorkspace | undefined): number {
  if (workspace === undefined) return 0;
  const generation = (generations.get(workspace) ?? 0) + 1;
  generations.set(workspace, generation);
  return generation;
}

// Storage of the input gradient dx, [T*B, I]: reused once tfjs has released
// the previous one (the embedding's backward pass reads it and drops it).
const dxStorage = new RecycledFloats();

// Tensors built on a kernel pool's shared memory: the layer's input (written
// there by the embedding, see threadedInputStorage) and its gradient dx
// (read there by the embedding's backward pass). Both spare a 7 MB copy per
// step. Before anything writes to the pool again while such a tensor lives,
// the pool moves to a copy of its memory (detach), so no live tensor changes;
// in training both are released within the step and that never happens.
interface SharedViews {
  input: object | null;
  dx: object | null;
}
const sharedViews = new WeakMap<KernelThreadPool, SharedViews>();

function viewsOf(pool: KernelThreadPool): SharedViews {
  let views = sharedViews.get(pool);
  if (views === undefined) {
    views = { input: null, dx: null };
    sharedViews.set(pool, views);
  }
  return views;
}

function alive(dataId: object | null): boolean {
  return dataId !== null && engineKnows(dataId);
}

/**
 * Storage for the recurrent layer's input (e.g. the embedding's output, see
 * EmbeddingLookupOptions.into) in `pool`'s shared memory, where the layer on
 * those threads reads it without a copy.
 */
export function threadedInputStorage(pool: KernelThreadPool): TensorStorage {
  return {
    take(length) {
      const views = viewsOf(pool);
      if (alive(views.input) || alive(views.dx)) pool.detach();
      views.input = null;
      return threadedInputView(pool, length);
    },
    hand(tensor) {
      viewsOf(pool).input = tensor.dataId as object;
      return tensor;
    },
  };
}

const GATES: Record<CellType, number> = { rnn: 1, gru: 3, lstm: 4 };
const WEIGHT_KEYS = ['wIh', 'wHh', 'bIh', 'bHh'] as const;

/**
 * A recurrent layer (PyTorch nn.RNN(tanh)/GRU/LSTM, batch of padded
 * sequences with per-sequence lengths, zero initial state) as one tfjs op
 * with a hand-written backward pass: both passes are the typed-array kernels
 * of ../kernels, so tfjs sees a single node instead of thousands of per-step ops.
 *
 * x: [T*B, I], time-major rows t*B + b (padding rows are never read);
 * lengths: [B], each in 1..T. Returns h_n: [B, D*H], per row the forward
 * direction's final state then the reverse one's (or, with output
 * 'sequence', every step's output, or with 'pooled' its pooling). The gradient flows to x (zero on padding
 * rows) and to every weight tensor.
 */
export function recurrentLayer(
  x: tf.Tensor,
  lengths: Int32Array,
  time: number,
  weights: readonly RecurrentWeightTensors[],
  options: RecurrentOpOptions,
): tf.Tensor2D {
  const { cell, hiddenSize: H, bidirectional } = options;
  const B = lengths.length;
  const dirs = bidirectional ? 2 : 1;
  if (x.rank !== 2 || x.shape[0] !== time * B) {
    throw new FusedOpError(
      'invalid-argument',
      `x has shape [${x.shape}], expected [time * batch, inputSize] = [${time * B}, inputSize]`,
    );
  }
  const I = x.shape[1]!;
  const shape: RecurrentShape = {
    cell,
    inputSize: I,
    hiddenSize: H,
    time,
    batch: B,
    bidirectional,
  };
  if (weights.length !== dirs) {
    throw new FusedOpError(
      'invalid-weights',
      `weights has ${weights.length} directions, expected ${dirs} (bidirectional: ${bidirectional})`,
    );
  }
  const GH = (GATES[cell] ?? 0) * H;
  const expected = { wIh: [GH, I], wHh: [GH, H], bIh: [GH], bHh: [GH] };
  weights.forEach((w, d) => {
    for (const key of WEIGHT_KEYS) {
      if (!sameShape(w[key].shape, expected[key])) {
        throw new FusedOpError(
          'invalid-weights',
          `weights[${d}].${key} has shape [${w[key].shape}], expected [${expected[key]}] for a ${cell} with inputSize ${I} and hiddenSize ${H}`,
        );
      }
    }
  });
  const { workspace } = options;
  const sequence = options.output === 'sequence';
  const pooled = options.output === 'pooled';
  const inputs = [x, ...weights.flatMap((w) => WEIGHT_KEYS.map((key) => w[key]))];
  const op = tf.customGrad((...args) => {
    const tensors = args.slice(0, inputs.length) as tf.Tensor[];
    const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
    const direction = (d: number): DirectionWeights => {
      const [wIh, wHh, bIh, bHh] = tensors.slice(1 + d * 4, 5 + d * 4).map(read);
      return { wIh: wIh!, wHh: wHh!, bIh: bIh!, bHh: bHh! };
    };
    const dirWeights = Array.from({ length: dirs }, (_, d) => direction(d));
    const input = read(tensors[0]!);
    const pool = options.threads;
    if (pool !== undefined) {
      const views = viewsOf(pool);
      const ownInput = input.buffer === pool.buffer && views.input === tensors[0]!.dataId;
      if (alive(views.dx) || (!ownInput && alive(views.input))) pool.detach();
    }
    const forward = recurrentForward(shape, input, lengths, dirWeights, {
      engine: options.engine,
      workspace,
      threads: options.threads,
      sequence,
      pooled,
    });
    const { cache } = forward;
    const generation = nextGeneration(workspace);
    return {
      value: sequence
        ? tf.tensor2d(forward.sequence!, [time * B, dirs * H])
        : pooled
          ? tf.tensor2d(forward.pooled!, [B, 3 * dirs * H])
          : tf.tensor2d(forward.hidden, [B, dirs * H]),
      gradFunc: (dy: tf.Tensor) => {
        if (workspace !== undefined && generations.get(workspace) !== generation) {
          throw new FusedOpError(
            'stale-cache',
            'the recurrent layer ran forward again with the same workspace before this pass was differentiated, so its cached activations are gone: take one gradient per forward pass (or give each pass its own workspace)',
          );
        }
        // A sequence head reaches h_n only through its rows of the sequence.
        // On kernel threads dx stays in their shared memory; see SharedViews.
        const threaded = cache.threaded !== undefined && pool !== undefined;
        if (threaded && alive(viewsOf(pool).dx)) pool.detach();
        // Where the input's producer wants dx (the embedding: beside its
        // table, see ops/embedding-memory.ts), the threads write it there.
        const target = threaded ? gradientStorageFor(tensors[0]!) : undefined;
        const dxStore = target ?? dxStorage;
        const dxInto =
          target !== undefined
            ? target.take(time * B * I)
            : threaded
              ? 'shared'
              : dxStorage.take(time * B * I);
        // A sequence or pooled head reaches h_n only through the sequence's rows.
        const noHidden = () => new Float32Array(B * dirs * H);
        const { dx, dWeights } = sequence
          ? recurrentBackward(shape, cache, noHidden(), read(dy), { dxInto })
          : pooled
            ? recurrentBackward(shape, cache, noHidden(), undefined, { dxInto, dPooled: read(dy) })
            : recurrentBackward(shape, cache, read(dy), undefined, { dxInto });
        const dxTensor = tf.tensor2d(dx, [time * B, I]);
        if (dxInto === 'shared') viewsOf(pool!).dx = dxTensor.dataId as object;
        const grads: tf.Tensor[] = [dx === dxInto ? dxStore.hand(dxTensor) : dxTensor];
        for (const g of dWeights) {
          grads.push(
            tf.tensor2d(g.wIh, [GH, I]),
            tf.tensor2d(g.wHh, [GH, H]),
            tf.tensor1d(g.bIh),
            tf.tensor1d(g.bHh),
          );
        }
        return grads;
      },
    };
  });
  return op(...inputs) as tf.Tensor2D;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * recurrentLayer's forward pass from a vocabulary's projected table
 * (RecurrentOptions.projected and ids: each entry's x @ W_ih^T + b_ih already
 * made, and ids [T, B] naming each real token's row), for evaluation: plain
 * arrays in and out, no tfjs op and no gradient. Returns what
 * recurrentLayer's value would hold (h_n, the sequence or the pooling, by
 * options.output), bit for bit.
 */
export function projectedRecurrentForward(
  table: Float32Array,
  ids: Int32Array,
  lengths: Int32Array,
  time: number,
  inputSize: number,
  weights: readonly DirectionWeights[],
  options: RecurrentOpOptions,
): Float32Array {
  const { workspace } = options;
  const pool = options.threads;
  // The pool's memory may still back a live training tensor (see SharedViews).
  if (pool !== undefined) {
    const views = viewsOf(pool);
    if (alive(views.dx) || alive(views.input)) pool.detach();
  }
  // This pass overwrites the workspace's caches: a gradient of an earlier
  // forward pass must now fail as stale instead of reading them.
  nextGeneration(workspace);
  const shape: RecurrentShape = {
    cell: options.cell,
    inputSize,
    hiddenSize: options.hiddenSize,
    time,
    batch: lengths.length,
    bidirectional: options.bidirectional,
  };
  const forward = recurrentForward(shape, table, lengths, weights, {
    engine: options.engine,
    workspace,
    threads: pool,
    sequence: options.output === 'sequence',
    pooled: options.output === 'pooled',
    projected: true,
    ids,
  });
  return options.output === 'sequence'
    ? forward.sequence!
    : options.output === 'pooled'
      ? forward.pooled!
      : forward.hidden;
}
