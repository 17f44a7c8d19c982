import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedAdam } from './fused-adam';

// The in-place path writes into the wasm heap; it must give the same numbers
// as the assign path and as the CPU backend.
describe('FusedAdam on the wasm backend', () => {
  let previous = '';
  beforeAll(async () => {
    await tf.ready();
    previous = tf.getBackend();
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it('in-place and assign writes agree with each other and with the CPU backend', async () => {
    const init = Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const grads = (k: number) => init.map((x, i) => Math.cos(x * (k + 1) + i) * 0.3);
    const run = (inPlace: boolean, label: string) => {
      const v = tf.variable(tf.tensor(init, [3, 4]), true, `wasm_${label}`);
      const opt = new FusedAdam({ learningRate: 0.01, weightDecay: 0.01, inPlace });
      for (let k = 0; k < 4; k++) {
        const g = tf.tensor(grads(k), [3, 4]);
        opt.applyGradients({ [v.name]: g });
        g.dispose();
      }
      const out = Array.from(v.dataSync());
      v.dispose();
      return out;
    };
    expect(tf.getBackend()).toBe('wasm');
    const inPlace = run(true, 'in_place');
    const assign = run(false, 'assign');
    await tf.setBackend('cpu');
    const cpu = run(false, 'cpu');
    await tf.setBackend('wasm');
    expect(inPlace).toEqual(assign);
    expect(inPlace).toEqual(cpu);
    expect(inPlace).not.toEqual(init.map(Math.fround));
  });
});
