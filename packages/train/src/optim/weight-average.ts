import { ArgumentError } from '@imdb-rnn/core';
import type * as tf from '@tensorflow/tfjs';

/**
 * An exponential moving average of the weights over training steps (Polyak
 * averaging; PyTorch's `torch.optim.swa_utils.AveragedModel` with an EMA
 * `avg_fn`, TensorFlow's `ExponentialMovingAverage`): after every step,
 * `average = decay * average + (1 - decay) * weights`. Training itself never
 * reads it, so the trajectory, and every raw weight, stay what they are
 * without it; the averaged weights are what a run evaluates and keeps.
 *
 * The average starts at zero and is read with Adam's bias correction,
 * `average / (1 - decay^steps)`, so early reads are a proper weighted mean of
 * the steps so far rather than a blend with zeros or with the initial
 * weights (which, at decay 0.998, would still weigh 50% after 350 steps).
 */
export class WeightAverage {
  readonly decay: number;
  #steps: number;
  readonly #sums: Float32Array[];

  constructor(
    readonly variables: readonly tf.Variable[],
    decay: number,
    state?: WeightAverageState,
  ) {
    checkEmaDecay(decay);
    this.decay = decay;
    this.#sums = variables.map((v) => new Float32Array(v.size));
    this.#steps = 0;
    if (state !== undefined) this.restore(state);
  }

  /** Steps averaged so far. */
  get steps(): number {
    return this.#steps;
  }

  /** Folds the variables' current values in; call after every optimizer step. */
  update(): void {
    const keep = this.decay;
    const take = 1 - keep;
    for (let v = 0; v < this.variables.length; v++) {
      // dataSync returns the backend's storage (no copy on the CPU backend): read only.
      const weights = this.variables[v]!.dataSync() as Float32Array;
      const sum = this.#sums[v]!;
      for (let i = 0; i < sum.length; i++) sum[i] = keep * sum[i]! + take * weights[i]!;
    }
    this.#steps++;
  }

  /** The averaged weights, one new array per variable, in `variables` order. */
  averaged(): Float32Array[] {
    if (this.#steps === 0) {
      // Nothing averaged yet: the weights themselves are the only sensible answer.
      return this.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    }
    const correction = 1 / (1 - this.decay ** this.#steps);
    return this.#sums.map((sum) => sum.map((x) => x * correction));
  }

  /** What a checkpoint stores to continue the average exactly. */
  state(): WeightAverageState {
    return { steps: this.#steps, sums: this.#sums.map((s) => Float32Array.from(s)) };
  }

  private restore(state: WeightAverageState): void {
    if (state.sums.length !== this.#sums.length) {
      throw new ArgumentError(
        'emaDecay',
        `the saved average holds ${state.sums.length} tensors, the model has ${this.#sums.length}`,
      );
    }
    state.sums.forEach((saved, v) => {
      if (saved.length !== this.#sums[v]!.length) {
        throw new ArgumentError(
          'emaDecay',
          `saved tensor ${v} has ${saved.length} values, the model's has ${this.#sums[v]!.length}`,
        );
      }
      this.#sums[v]!.set(saved);
    });
    this.#steps = state.steps;
  }
}

/** The running sums and step count of a WeightAverage. */
export interface WeightAverageState {
  steps: number;
  sums: Float32Array[];
}

/** A decay must lie in (0, 1): 0 would be no average, 1 would never move. */
export function checkEmaDecay(decay: number): void {
  if (!(decay > 0 && decay < 1)) {
    throw new ArgumentError('emaDecay', `expected a number in (0, 1), got ${decay}`);
  }
}
