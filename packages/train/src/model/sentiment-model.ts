import {
  classifierInputWidth,
  expectedTensorShapes,
  type ModelSpec,
  type NamedTensor,
  poolingOf,
  positiveInteger,
  validateModelSpec,
} from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng';
import { ModelError } from '../errors';
import type { KernelEngine } from '../kernels/engine';
import { activeRows } from '../kernels/projection';
import type { KernelThreadPool } from '../kernels/threads/thread-pool';
import { dropoutMask, maskValues } from '../ops/dropout-mask';
import { embeddingMemoryOf } from '../ops/embedding-memory';
import { EmbeddingLayer } from './embedding-layer';
import { pytorchInitialWeights } from './pytorch-init';
import { RecurrentLayer } from './recurrent-layer';

export interface SentimentModelOptions {
  /** Seeds the initial weights and the dropout masks: the same seed gives the same run. */
  seed: number;
  /** Where the recurrent kernels run (default 'auto': WebAssembly SIMD when possible). */
  engine?: KernelEngine;
  /** Kernel threads for the recurrent layer (default: one per core; 1: the calling thread only). The weights do not depend on it. */
  threads?: number;
}

export interface LogitsOptions {
  /** Apply dropout (training only). */
  training: boolean;
  /**
   * Added to the recurrent layer's input, [time * batch, embeddingSize] time-major
   * rows (the embedded tokens after dropout; only real tokens' rows are read):
   * e.g. an adversarial perturbation (see adversarialPerturbation).
   */
  inputOffset?: Float32Array;
  /**
   * Called in the backward pass with the loss's gradient with respect to the
   * recurrent layer's input, in the same layout (only real tokens' rows are
   * meaningful). Read it during the call: its storage is reused.
   */
  onInputGradient?: (dx: Float32Array) => void;
}

// Dropout draws its own stream, so evaluating between training steps with
// training: false does not shift the training run's masks.
const DROPOUT_STREAM = 0x5bd1e995;

/**
 * The reference classifier, embedding -> dropout -> recurrent layer (final
 * hidden state) -> dropout -> linear(1), as three ordinary tfjs layers whose
 * variables a tf.train optimizer updates; with the spec's pooling
 * 'last-max-mean' the linear layer reads the final state, the max and the
 * mean over each review's steps (the recurrent layer's 'pooled' output). Weights are exchanged
 * under PyTorch's state_dict names (see expectedTensorShapes in core).
 */
export class SentimentModel {
  readonly spec: ModelSpec;
  readonly embedding: EmbeddingLayer;
  readonly rnn: RecurrentLayer;
  readonly fc: tf.layers.Layer;
  private dropoutRng: Rng;
  /** The largest training batch to come, in tokens; 0 until expectBatchTokens. */
  private batchTokens = 0;
  /** The embedding dropout mask's storage, reused by every training forward pass (see logits). */
  private embeddingMaskBytes: Uint8Array = new Uint8Array(0);

  constructor(spec: ModelSpec, options: SentimentModelOptions) {
    // Checked here so a bad spec fails with the field's name, not deep in a kernel.
    this.spec = validateModelSpec(spec);
    this.embedding = new EmbeddingLayer({
      vocabSize: spec.vocabSize,
      embeddingSize: spec.embeddingSize,
      padIndex: spec.padIndex,
    });
    this.rnn = new RecurrentLayer({
      cell: spec.cell,
      inputSize: spec.embeddingSize,
      hiddenSize: spec.hiddenSize,
      bidirectional: spec.bidirectional,
      engine: options.engine,
      threads: options.threads,
      // 'pooled': the recurrent op pools each review's steps itself, on its
      // kernel threads when it has them (no [T*B, D*H] output crosses to this
      // thread, and neither does its gradient).
      output: poolingOf(spec) === 'last' ? 'final' : 'pooled',
    });
    this.fc = tf.layers.dense({
      units: 1,
      kernelInitializer: 'zeros',
      biasInitializer: 'zeros',
    });
    this.embedding.build();
    this.rnn.build();
    this.fc.build([null, this.hiddenWidth]);
    this.fc.built = true;
    this.setNamedWeights(pytorchInitialWeights(spec, options.seed));
    this.dropoutRng = new Rng((options.seed ^ DROPOUT_STREAM) | 0);
  }

  /**
   * Tells the model the largest training batch to come, in tokens (time x
   * batch), so the embedding's arrays beside the table are made that big
   * once instead of growing as longer batches come (see
   * EmbeddingMemory.expect). Only memory changes, never a result.
   */
  expectBatchTokens(tokens: number): void {
    positiveInteger(tokens, 'tokens');
    this.batchTokens = Math.max(this.batchTokens, tokens);
  }

  /** Width of the classifier's input: H, or 2H when bidirectional, times 3 with max and mean pooling. */
  get hiddenWidth(): number {
    return classifierInputWidth(this.spec);
  }

  /**
   * One logit per review. ids: [time, batch] time-major token ids (padding
   * with padIndex); lengths: [batch], each in 1..time. With training: true
   * the embedding dropout mask lives in storage the next training call
   * reuses: take this call's gradient first (as the recurrent layer's
   * workspace already requires).
   */
  logits(
    ids: Int32Array,
    lengths: Int32Array,
    time: number,
    batch: number,
    options: LogitsOptions,
  ): tf.Tensor1D {
    this.checkBatch(ids, lengths, time, batch);
    const p = this.spec.dropout;
    const dropping = options.training && p > 0;
    // Only real tokens are looked up and masked: the recurrence never reads padding rows.
    const rows = activeRows(time, batch, lengths);
    const maskSize = time * batch * this.spec.embeddingSize;
    const threads = this.rnn.kernelThreads();
    // With kernel threads and the table in a kernel memory (FusedAdam's), the
    // mask's arrays go beside it, where the threads draw it and the lookup
    // reads it without copying.
    // Only a training pass stages arrays there: eval-mode logits skip the lookup.
    const memory =
      options.training && threads !== undefined
        ? embeddingMemoryOf(this.embedding.weight.dataSync() as Float32Array)
        : undefined;
    if (this.batchTokens > 0) memory?.expect(this.batchTokens, this.spec.embeddingSize);
    const lists = dropping ? memory?.maskArrays(maskSize, rows) : undefined;
    if (dropping && lists === undefined && this.embeddingMaskBytes.length < maskSize) {
      // On shared memory when kernel threads add the embedding's gradient (they read the mask).
      this.embeddingMaskBytes =
        threads === undefined
          ? new Uint8Array(maskSize)
          : new Uint8Array(new SharedArrayBuffer(maskSize));
    }
    const maskRows = lists?.rows ?? rows;
    // Padding rows of the mask and of the lookup's output are left as they
    // are ('any'): the lookup, its gradient and the recurrence read real tokens only.
    const embeddingMask = dropping
      ? dropoutMask(this.dropoutRng, p, time * batch, this.spec.embeddingSize, {
          rows: maskRows,
          unlisted: 'any',
          into: lists?.keep ?? this.embeddingMaskBytes,
          ...(threads === undefined ? {} : { threads }),
        })
      : undefined;
    const hiddenMask = dropping
      ? dropoutMask(this.dropoutRng, p, batch, this.hiddenWidth)
      : undefined;
    return tf.tidy(() => {
      const idTensor = tf.tensor2d(ids, [time, batch], 'int32');
      // The embedding writes straight into the recurrent layer's input buffer.
      const into = this.rnn.inputStorage();
      const x = this.embedding.apply(idTensor, {
        mask: embeddingMask,
        rows: maskRows,
        unlisted: 'any',
        into,
        threads,
        offset: options.inputOffset,
        onOutputGradient: options.onInputGradient,
      }) as tf.Tensor;
      let h = this.rnn.apply(x, { lengths, time }) as tf.Tensor;
      if (hiddenMask !== undefined)
        h = h.mul(tf.tensor2d(maskValues(hiddenMask), [batch, this.hiddenWidth]));
      return (this.fc.apply(h) as tf.Tensor).reshape([batch]) as tf.Tensor1D;
    });
  }

  /**
   * Eval-mode logits (logits(..., { training: false })) of many batches at
   * the weights of the moment, bit for bit, for a fraction of the work: the
   * recurrent layer's input projection, the bulk of a pass (I*G*H
   * multiply-adds per token against the recurrence's H*G*H), is made once
   * per vocabulary entry from the embedding table, and each token's row is
   * looked up instead of computed (for the test split, 25,000 reviews, that
   * is 20,002 rows instead of about 6 million). Take a new one after the
   * weights change.
   */
  evaluator(): (ids: Int32Array, lengths: Int32Array, time: number, batch: number) => Float32Array {
    const table = this.rnn.projectRows(this.embedding.weight.dataSync() as Float32Array);
    const vocab = this.spec.vocabSize;
    return (ids, lengths, time, batch) => {
      this.checkBatch(ids, lengths, time, batch);
      // Only real tokens' ids: the recurrence never reads padding. The layer
      // (or its threads) gathers each token's row of the table.
      for (const row of activeRows(time, batch, lengths)) {
        const id = ids[row]!;
        if (!(id >= 0 && id < vocab)) {
          throw new ModelError(
            'invalid-input',
            `token id ${id} at row ${row} is outside the vocabulary (0..${vocab - 1})`,
          );
        }
      }
      const h = this.rnn.forwardProjected(table, ids, lengths, time);
      return tf.tidy(
        () =>
          (
            this.fc.apply(tf.tensor2d(h, [batch, this.hiddenWidth])) as tf.Tensor
          ).dataSync() as Float32Array,
      );
    };
  }

  private checkBatch(ids: Int32Array, lengths: Int32Array, time: number, batch: number): void {
    if (ids.length !== time * batch) {
      throw new ModelError(
        'invalid-input',
        `ids has ${ids.length} entries, expected time * batch = ${time} * ${batch}`,
      );
    }
    if (lengths.length !== batch) {
      throw new ModelError(
        'invalid-input',
        `lengths has ${lengths.length} entries, expected batch = ${batch}`,
      );
    }
  }

  /** Mean binary cross-entropy with logits (PyTorch's BCEWithLogitsLoss). labels: 0/1. */
  loss(logits: tf.Tensor1D, labels: tf.Tensor1D): tf.Scalar {
    // tfjs takes (labels, logits); the default reduction is the mean.
    return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
  }

  /** Every parameter, in state_dict order: for optimizer.minimize(f, true, vars) or tf.variableGrads. */
  get trainableVariables(): tf.Variable[] {
    return Object.keys(expectedTensorShapes(this.spec)).map((name) => this.variable(name));
  }

  /** Current weights under PyTorch names, copied out. fc.weight is [1, H*dirs]. */
  getNamedWeights(): Record<string, NamedTensor> {
    const out: Record<string, NamedTensor> = {};
    for (const [name, shape] of Object.entries(expectedTensorShapes(this.spec))) {
      // Dense's kernel is [in, 1]: the same numbers in the same order as fc.weight [1, in].
      out[name] = {
        shape,
        data: Float32Array.from(this.variable(name).dataSync() as Float32Array),
      };
    }
    return out;
  }

  /** Replaces every weight; the record must hold exactly the spec's names and shapes. */
  setNamedWeights(weights: Record<string, NamedTensor>): void {
    const expected = expectedTensorShapes(this.spec);
    for (const name of Object.keys(weights)) {
      if (!(name in expected)) {
        throw new ModelError(
          'invalid-weights',
          `unexpected tensor "${name}" for a ${describe(this.spec)} model`,
        );
      }
    }
    const checked = Object.entries(expected).map(([name, shape]) => {
      const tensor = weights[name];
      if (tensor === undefined) {
        throw new ModelError('invalid-weights', `tensor "${name}" is missing`);
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (tensor.shape.join() !== shape.join() || tensor.data.length !== size) {
        throw new ModelError(
          'invalid-weights',
          `tensor "${name}" has shape [${tensor.shape}] and ${tensor.data.length} values, expected [${shape}]`,
        );
      }
      return { name, tensor };
    });
    for (const { name, tensor } of checked) {
      const variable = this.variable(name);
      // A copy: the variable must not alias an array the caller keeps.
      tf.tidy(() => variable.assign(tf.tensor(Float32Array.from(tensor.data), variable.shape)));
    }
  }

  /**
   * The kernel threads the model runs on (undefined on one thread or the js
   * engine): the optimizer can share them (FusedAdamConfig.threads).
   */
  kernelThreads(): KernelThreadPool | undefined {
    return this.rnn.kernelThreads();
  }

  /** The dropout stream's position, so a checkpoint can resume with the same masks. */
  getDropoutState(): number[] {
    return [...this.dropoutRng.getState()];
  }

  /** Restores a position saved by getDropoutState. */
  setDropoutState(state: readonly number[]): void {
    this.dropoutRng = Rng.fromState(state);
  }

  /** Frees every weight. (Layer.dispose refuses layers never applied symbolically.) */
  dispose(): void {
    for (const variable of this.trainableVariables) variable.dispose();
  }

  private variable(name: string): tf.Variable {
    if (name === 'embedding.weight') return this.embedding.weight;
    // Dense's trainable weights are [kernel, bias].
    if (name === 'fc.weight') return this.fc.trainableWeights[0]!.read() as tf.Variable;
    if (name === 'fc.bias') return this.fc.trainableWeights[1]!.read() as tf.Variable;
    const variable = name.startsWith('rnn.') ? this.rnn.variable(name.slice(4)) : undefined;
    if (variable === undefined)
      throw new ModelError('invalid-weights', `no tensor named "${name}"`);
    return variable;
  }
}

function describe(spec: ModelSpec): string {
  return `${spec.bidirectional ? 'bidirectional ' : ''}${spec.cell}`;
}

/** The reference model for `spec`, with PyTorch's default initialisation drawn from `seed`. */
export function createSentimentModel(
  spec: ModelSpec,
  options: SentimentModelOptions,
): SentimentModel {
  return new SentimentModel(spec, options);
}
