import * as tf from '@tensorflow/tfjs';
import type { KernelThreadPool } from '../kernels/threads/thread-pool';
import type { DropoutMask, Unlisted } from '../ops/dropout-mask';
import { embeddingLookup } from '../ops/embedding-lookup';
import type { TensorStorage } from '../ops/recycled-floats';

export interface EmbeddingLayerArgs {
  vocabSize: number;
  embeddingSize: number;
  /** `<pad>` row: looked up like any row, never updated (PyTorch padding_idx). */
  padIndex: number;
  name?: string;
}

/**
 * nn.Embedding as a tfjs layer over the fused embeddingLookup op. Input: int32
 * ids [T, B] (time-major); output [T*B, E], the row layout the recurrent layer
 * reads. kwargs.mask: an optional dropout mask (see dropoutMask) applied in
 * the same pass; kwargs.rows: only these positions are looked up (see
 * EmbeddingLookupOptions.rows, and kwargs.unlisted what the others hold);
 * kwargs.into: where the output's values go
 * (see EmbeddingLookupOptions.into); kwargs.threads: kernel threads for the
 * gradient's scatter-add (see EmbeddingLookupOptions.threads); kwargs.offset
 * and kwargs.onOutputGradient: see EmbeddingLookupOptions.
 */
export class EmbeddingLayer extends tf.layers.Layer {
  static className = 'ImdbRnnEmbedding';
  readonly vocabSize: number;
  readonly embeddingSize: number;
  readonly padIndex: number;
  private table: tf.LayerVariable | undefined;

  constructor(args: EmbeddingLayerArgs) {
    super({ name: args.name });
    this.vocabSize = args.vocabSize;
    this.embeddingSize = args.embeddingSize;
    this.padIndex = args.padIndex;
  }

  override build(): void {
    // Zeros: the model overwrites every weight with its seeded initialisation.
    this.table = this.addWeight(
      'weight',
      [this.vocabSize, this.embeddingSize],
      'float32',
      tf.initializers.zeros(),
    );
    this.built = true;
  }

  /** The [V, E] table variable. */
  get weight(): tf.Variable {
    if (this.table === undefined) this.build();
    return this.table!.read() as tf.Variable;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    const [time, batch] = inputShape;
    const rows = time == null || batch == null ? null : time * batch;
    return [rows ?? null, this.embeddingSize];
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: {
      mask?: DropoutMask;
      rows?: Int32Array;
      unlisted?: Unlisted;
      into?: TensorStorage;
      threads?: KernelThreadPool;
      offset?: Float32Array;
      onOutputGradient?: (dOut: Float32Array) => void;
    },
  ): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    const data = ids.dataSync();
    const idArray = data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>);
    return embeddingLookup(this.weight as tf.Tensor2D, idArray, {
      padIndex: this.padIndex,
      mask: kwargs.mask,
      rows: kwargs.rows,
      unlisted: kwargs.unlisted,
      into: kwargs.into,
      threads: kwargs.threads,
      offset: kwargs.offset,
      onOutputGradient: kwargs.onOutputGradient,
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabSize: this.vocabSize,
      embeddingSize: this.embeddingSize,
      padIndex: this.padIndex,
    };
  }
}
tf.serialization.registerClass(EmbeddingLayer);
