import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { recurrentForward } from '../recurrent';
import type { RecurrentShape } from '../shape';
import { KernelThreadPool, kernelThreadPool } from './thread-pool';

const shape: RecurrentShape = {
  cell: 'lstm',
  inputSize: 8,
  hiddenSize: 4,
  time: 5,
  batch: 6,
  bidirectional: false,
};

function layerInputs() {
  const rng = new Rng(1);
  const random = (n: number) => Float32Array.from({ length: n }, () => rng.next() - 0.5);
  const weights = [{ wIh: random(16 * 8), wHh: random(16 * 4), bIh: random(16), bHh: random(16) }];
  return { x: random(5 * 6 * 8), lengths: Int32Array.from([5, 4, 3, 5, 1, 2]), weights };
}

// Starting threads takes seconds on a loaded machine.
describe('KernelThreadPool failures', { timeout: 60_000 }, () => {
  it('a thread that exits mid-run fails the call at once with worker-exited, and a fresh pool replaces it', () => {
    const pool = kernelThreadPool(3)!;
    const { x, lengths, weights } = layerInputs();
    const before = recurrentForward(shape, x, lengths, weights, { threads: pool }).hidden;
    pool.killThread(1);
    const started = performance.now();
    expect(() => recurrentForward(shape, x, lengths, weights, { threads: pool })).toThrow(
      expect.objectContaining({ name: 'RecurrentKernelError', code: 'worker-exited' }),
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(pool.closed).toBe(true);
    // Later calls on the failed pool fail the same way instead of waiting.
    expect(() => recurrentForward(shape, x, lengths, weights, { threads: pool })).toThrow(/exited/);
    const fresh = kernelThreadPool(3)!;
    expect(fresh).not.toBe(pool);
    expect(recurrentForward(shape, x, lengths, weights, { threads: fresh }).hidden).toEqual(before);
  });

  it('a thread that stops answering fails the call with worker-timeout after timeoutMs', () => {
    const pool = new KernelThreadPool(2, { timeoutMs: 400 });
    const started = performance.now();
    // Thread 0 (the calling thread) idles: a null task.
    expect(() => pool.run([null, { op: 'hang' }])).toThrow(
      expect.objectContaining({
        code: 'worker-timeout',
        message: expect.stringMatching(/thread 1 did not answer/),
      }),
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(() => pool.run([])).toThrow(/did not answer/);
  });

  it('an error inside a thread, the calling one or a worker, comes back as worker-error with its message', () => {
    for (const [tasks, thread] of [
      [[{ op: 'transpose' }], 0],
      [[null, { op: 'transpose' }], 1],
    ] as const) {
      const pool = new KernelThreadPool(2);
      expect(() => pool.run(tasks)).toThrow(
        expect.objectContaining({
          code: 'worker-error',
          message: expect.stringMatching(
            new RegExp(`kernel thread ${thread}: .*unknown task 'transpose'`),
          ),
        }),
      );
      expect(pool.closed).toBe(true);
    }
  });

  it('runs task 0 on the calling thread and refuses more tasks than threads', () => {
    const pool = new KernelThreadPool(2);
    // Thread 0 has no worker to kill or wake.
    expect(() => pool.killThread(0)).toThrow(
      expect.objectContaining({
        code: 'invalid-threads',
        message: expect.stringMatching(/calling thread/),
      }),
    );
    expect(() => pool.run([null, null, null])).toThrow(/3 tasks for a pool of 2 threads/);
    void pool.terminate();
  });

  it('a thread woken without a new task keeps waiting for one (a notify can arrive after the task it announced)', () => {
    const pool = new KernelThreadPool(3);
    const { x, lengths, weights } = layerInputs();
    const before = recurrentForward(shape, x, lengths, weights, { threads: pool }).hidden;
    pool.wakeIdleThread(1);
    pool.wakeIdleThread(2);
    // Time for a thread that took the wake for a task to answer it (the bug
    // this guards against: it reported 'task N arrived without its message'
    // and the next call failed with that error).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    expect(recurrentForward(shape, x, lengths, weights, { threads: pool }).hidden).toEqual(before);
    expect(pool.closed).toBe(false);
    void pool.terminate();
  });

  it('grows its shared memory to whole float32s for any request', () => {
    const pool = new KernelThreadPool(2);
    for (const floats of [1, 3, 5, 7, 11, 101, 1_001]) {
      const { f32, i32 } = pool.reserve(floats);
      expect(f32.length).toBeGreaterThanOrEqual(floats);
      expect(i32.buffer).toBe(f32.buffer);
    }
    void pool.terminate();
  });

  it('gives the same results whether its threads poll for work (spinMs) or sleep at once, and refuses a bad spinMs', () => {
    const { x, lengths, weights } = layerInputs();
    const results = [0, 5].map((spinMs) => {
      const pool = new KernelThreadPool(3, { spinMs });
      // Two calls: the second finds the workers polling (5) or asleep (0).
      recurrentForward(shape, x, lengths, weights, { threads: pool });
      const { hidden } = recurrentForward(shape, x, lengths, weights, { threads: pool });
      void pool.terminate();
      return hidden;
    });
    expect(results[0]).toEqual(recurrentForward(shape, x, lengths, weights).hidden);
    expect(results[1]).toEqual(results[0]);
    for (const spinMs of [-1, Number.NaN, 5_000]) {
      expect(() => new KernelThreadPool(2, { spinMs })).toThrow(
        expect.objectContaining({
          code: 'invalid-threads',
          message: expect.stringMatching(/spinMs must be a number of milliseconds in \[0, 1000\]/),
        }),
      );
    }
  });

  it('needs at least 2 threads', () => {
    expect(() => new KernelThreadPool(1)).toThrow(
      expect.objectContaining({ code: 'invalid-threads' }),
    );
    expect(kernelThreadPool(1)).toBeUndefined();
    expect(() => kernelThreadPool(0)).toThrow(/threads must be an integer >= 1/);
  });
});
