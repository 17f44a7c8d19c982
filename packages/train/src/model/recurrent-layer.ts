import type { CellType } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { KernelEngine } from '../kernels/engine';
import { projectAllRows } from '../kernels/recurrent';
import {
  defaultThreadCount,
  type KernelThreadPool,
  kernelThreadPool,
} from '../kernels/threads/thread-pool';
import { RecurrentWorkspace } from '../kernels/workspace';
import {
  projectedRecurrentForward,
  type RecurrentWeightTensors,
  recurrentLayer,
  threadedInputStorage,
} from '../ops/recurrent-op';
import type { TensorStorage } from '../ops/recycled-floats';

export interface RecurrentLayerArgs {
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  bidirectional: boolean;
  /** Where the kernels run (default 'auto'). */
  engine?: KernelEngine;
  /** Kernel threads per batch (default: one per core; 1 runs on the calling thread). Results do not depend on it. */
  threads?: number;
  /**
   * 'final' (default): h_n [B, D*H]; 'sequence': every step's output
   * [T*B, D*H]; 'pooled': its 'last-max-mean' pooling [B, 3*D*H] (see recurrentLayer).
   */
  output?: 'final' | 'sequence' | 'pooled';
  name?: string;
}

/** PyTorch's parameter names of one direction, in state_dict order. */
export const DIRECTION_PARAMS = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'] as const;
export const DIRECTION_SUFFIXES = ['', '_reverse'] as const;

/**
 * nn.RNN(tanh)/nn.GRU/nn.LSTM (one layer, optionally bidirectional) as a
 * tfjs layer over the fused recurrentLayer op. Input: [T*B, I] time-major
 * rows; kwargs: { lengths: Int32Array [B], time: T }. Output: h_n [B, D*H]
 * (or every step's output [T*B, D*H] with output 'sequence', or its pooling
 * [B, 3*D*H] with 'pooled').
 * Weights are named and shaped as PyTorch's (weight_ih_l0 [G*H, I], ...).
 */
export class RecurrentLayer extends tf.layers.Layer {
  static className = 'ImdbRnnRecurrent';
  readonly cell: CellType;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bidirectional: boolean;
  readonly engine: KernelEngine;
  readonly threads: number;
  readonly outputMode: 'final' | 'sequence' | 'pooled';
  // One workspace per layer: gate caches are reused across batches instead of reallocated.
  private readonly workspace = new RecurrentWorkspace();
  private params: Map<string, tf.LayerVariable> | undefined;

  constructor(args: RecurrentLayerArgs) {
    super({ name: args.name });
    this.cell = args.cell;
    this.inputSize = args.inputSize;
    this.hiddenSize = args.hiddenSize;
    this.bidirectional = args.bidirectional;
    this.engine = args.engine ?? 'auto';
    this.threads = args.threads ?? defaultThreadCount();
    this.outputMode = args.output ?? 'final';
  }

  get directions(): 1 | 2 {
    return this.bidirectional ? 2 : 1;
  }

  override build(): void {
    const GH = (this.cell === 'rnn' ? 1 : this.cell === 'gru' ? 3 : 4) * this.hiddenSize;
    const shapes = {
      weight_ih: [GH, this.inputSize],
      weight_hh: [GH, this.hiddenSize],
      bias_ih: [GH],
      bias_hh: [GH],
    };
    this.params = new Map();
    for (const suffix of DIRECTION_SUFFIXES.slice(0, this.directions)) {
      for (const param of DIRECTION_PARAMS) {
        const name = `${param}_l0${suffix}`;
        this.params.set(
          name,
          this.addWeight(name, shapes[param], 'float32', tf.initializers.zeros()),
        );
      }
    }
    this.built = true;
  }

  /** The variable PyTorch calls `name` (e.g. 'weight_hh_l0_reverse'). */
  variable(name: string): tf.Variable | undefined {
    if (this.params === undefined) this.build();
    return this.params!.get(name)?.read() as tf.Variable | undefined;
  }

  /** Parameter names in state_dict order. */
  paramNames(): string[] {
    if (this.params === undefined) this.build();
    return [...this.params!.keys()];
  }

  /**
   * Where the layer's input is best written (the embedding's output, see
   * EmbeddingLookupOptions.into): in the kernel threads' shared memory when
   * the layer runs on them, so a batch is not copied in; undefined otherwise.
   */
  inputStorage(): TensorStorage | undefined {
    const pool = this.pool();
    return pool === undefined ? undefined : threadedInputStorage(pool);
  }

  /** The kernel threads the layer runs on; undefined on one thread or the js engine. */
  kernelThreads(): KernelThreadPool | undefined {
    return this.pool();
  }

  private pool() {
    return this.engine === 'js' ? undefined : kernelThreadPool(this.threads);
  }

  override computeOutputShape(): tf.Shape {
    const width = this.directions * this.hiddenSize;
    return [null, this.outputMode === 'pooled' ? 3 * width : width];
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: { lengths: Int32Array; time: number },
  ): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const weights: RecurrentWeightTensors[] = DIRECTION_SUFFIXES.slice(0, this.directions).map(
      (suffix) => ({
        wIh: this.variable(`weight_ih_l0${suffix}`)!,
        wHh: this.variable(`weight_hh_l0${suffix}`)!,
        bIh: this.variable(`bias_ih_l0${suffix}`)!,
        bHh: this.variable(`bias_hh_l0${suffix}`)!,
      }),
    );
    return recurrentLayer(x, kwargs.lengths, kwargs.time, weights, this.opOptions());
  }

  /** The recurrent op's options, the same for training and projected evaluation. */
  private opOptions() {
    return {
      cell: this.cell,
      hiddenSize: this.hiddenSize,
      bidirectional: this.bidirectional,
      engine: this.engine,
      workspace: this.workspace,
      output: this.outputMode,
      // Looked up per call: a pool that lost a thread is replaced by a fresh one.
      threads: this.pool(),
    };
  }

  /**
   * The input projection of every row of `inputs` ([V, I], e.g. the
   * embedding table), [V, D*G*H]: what call() computes for each token, made
   * once per vocabulary entry instead (with the product call() runs, so the
   * same sums), for forwardProjected. On shared memory when the layer runs
   * on kernel threads, which gather their tokens' rows from it.
   */
  projectRows(inputs: Float32Array): Float32Array {
    const table = projectAllRows(inputs, this.directionArrays(), this.inputSize, this.engine);
    if (this.pool() === undefined) return table;
    const shared = new Float32Array(new SharedArrayBuffer(table.byteLength));
    shared.set(table);
    return shared;
  }

  /**
   * call()'s output for evaluation from a projected table (projectRows) and
   * each token's row of it (ids: [T, B], real tokens' entries only read), as
   * a plain array, bit for bit the same as call() on the unprojected input:
   * no tfjs op, no gradient.
   */
  forwardProjected(
    table: Float32Array,
    ids: Int32Array,
    lengths: Int32Array,
    time: number,
  ): Float32Array {
    return projectedRecurrentForward(
      table,
      ids,
      lengths,
      time,
      this.inputSize,
      this.directionArrays(),
      this.opOptions(),
    );
  }

  /** Each direction's weights as arrays (the variables' own data: read only). */
  private directionArrays() {
    const read = (name: string) => this.variable(name)!.dataSync() as Float32Array;
    return DIRECTION_SUFFIXES.slice(0, this.directions).map((suffix) => ({
      wIh: read(`weight_ih_l0${suffix}`),
      wHh: read(`weight_hh_l0${suffix}`),
      bIh: read(`bias_ih_l0${suffix}`),
      bHh: read(`bias_hh_l0${suffix}`),
    }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      cell: this.cell,
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      bidirectional: this.bidirectional,
      engine: this.engine,
      output: this.outputMode,
    };
  }
}
tf.serialization.registerClass(RecurrentLayer);
