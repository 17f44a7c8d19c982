import { ArgumentError } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEmaDecay, WeightAverage } from './weight-average';

describe('WeightAverage', () => {
  const made: tf.Variable[] = [];
  const variable = (values: number[]) => {
    const v = tf.variable(tf.tensor1d(values));
    made.push(v);
    return v;
  };
  afterEach(() => {
    for (const v of made.splice(0)) v.dispose();
  });

  it('is the bias-corrected exponential average of the weights after each step', () => {
    const a = variable([1, 2]);
    const b = variable([10]);
    const average = new WeightAverage([a, b], 0.5);
    // No step yet: the weights themselves.
    expect(average.averaged().map((x) => [...x])).toEqual([[1, 2], [10]]);
    average.update();
    a.assign(tf.tensor1d([4, 8]));
    b.assign(tf.tensor1d([-2]));
    average.update();
    // sums: 0.25 * first + 0.5 * second; corrected by 1 / (1 - 0.5^2): first/3 + 2*second/3.
    const [avgA, avgB] = average.averaged();
    expect([...avgA!]).toEqual([3, 6]);
    expect(avgB![0]).toBeCloseTo(2, 6);
    expect(average.steps).toBe(2);
  });

  it('leaves constant weights unchanged and never writes to the variables', () => {
    const a = variable([0.1, -3.5, 7]);
    const average = new WeightAverage([a], 0.998);
    for (let i = 0; i < 50; i++) average.update();
    const [avg] = average.averaged();
    for (let i = 0; i < 3; i++) expect(avg![i]).toBeCloseTo([0.1, -3.5, 7][i]!, 4);
    expect([...a.dataSync()]).toEqual([...new Float32Array([0.1, -3.5, 7])]);
  });

  it('continues exactly from a saved state', () => {
    const a = variable([1, 1]);
    const whole = new WeightAverage([a], 0.9);
    const first = new WeightAverage([a], 0.9);
    const steps = [
      [1, 1],
      [2, 0],
      [5, -1],
      [0.5, 3],
    ];
    let resumed: WeightAverage | undefined;
    steps.forEach((values, i) => {
      a.assign(tf.tensor1d(values));
      whole.update();
      if (i < 2) first.update();
      else {
        resumed ??= new WeightAverage([a], 0.9, first.state());
        resumed.update();
      }
    });
    expect(resumed!.steps).toBe(4);
    expect(resumed!.averaged()).toEqual(whole.averaged());
  });

  it('refuses a decay outside (0, 1) and a saved state of another shape, naming emaDecay', () => {
    for (const bad of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => checkEmaDecay(bad)).toThrow(ArgumentError);
      expect(() => checkEmaDecay(bad)).toThrow(/emaDecay: expected a number in \(0, 1\)/);
    }
    const a = variable([1, 2]);
    expect(() => new WeightAverage([a], 0.9, { steps: 1, sums: [] })).toThrow(
      /saved average holds 0 tensors, the model has 1/,
    );
    expect(() => new WeightAverage([a], 0.9, { steps: 1, sums: [new Float32Array(3)] })).toThrow(
      /saved tensor 0 has 3 values, the model's has 2/,
    );
  });
});
