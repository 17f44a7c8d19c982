import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { Rng } from '../data/rng';
import type { RecurrenceShape } from './shape';

// The 'auto' engine's fallback to JavaScript must be visible: once per reason,
// on stderr, with the reason. Each test imports the kernels afresh
// (vi.resetModules) so their compiled-module caches and the "said once" set
// start empty.

// The package compiles without the DOM lib, where WebAssembly's JS API is typed.
const realWebAssembly = (globalThis as unknown as { WebAssembly: object }).WebAssembly;
const { CompileError } = realWebAssembly as { CompileError: new (message: string) => Error };

/** A WebAssembly whose Module rejects every binary, as a runtime without SIMD rejects ours. */
function withoutSimd(): object {
  class RejectingModule {
    constructor() {
      throw new CompileError('simulated: SIMD is not supported');
    }
  }
  return Object.create(realWebAssembly, { Module: { value: RejectingModule } });
}

function gruInputs(hiddenSize: number) {
  const rng = new Rng(7);
  const random = (n: number) => Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
  const lengths = Int32Array.of(5, 3, 1);
  const shape: RecurrenceShape = {
    cell: 'gru',
    hiddenSize,
    time: 5,
    batch: 3,
    bidirectional: false,
  };
  const GH = 3 * hiddenSize;
  const weights = [{ wHh: random(GH * hiddenSize), bHh: random(GH) }];
  return { shape, lengths, weights, xProj: random(shape.time * shape.batch * GH) };
}

describe("engine 'auto' falling back to JavaScript", () => {
  let warn: MockInstance<typeof console.warn>;
  /** What this package warned (tfjs warns on import too). */
  const reports = () =>
    warn.mock.calls.map((call) => String(call[0])).filter((m) => m.startsWith('@imdb-rnn/train'));
  beforeEach(() => {
    vi.resetModules();
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('says once, with the compile error, when recurrence.c does not compile, and computes what js computes', async () => {
    vi.stubGlobal('WebAssembly', withoutSimd());
    const { recurrenceForward } = await import('./recurrence-forward');
    const { shape, lengths, weights, xProj } = gruInputs(4);
    const auto = recurrenceForward(shape, xProj, lengths, weights);
    recurrenceForward(shape, xProj, lengths, weights);
    const js = recurrenceForward(shape, xProj, lengths, weights, { engine: 'js' });

    expect(auto.cache.wasm).toBeUndefined();
    expect(Array.from(auto.hidden)).toEqual(Array.from(js.hidden));
    expect(reports()).toHaveLength(1);
    expect(reports()[0]).toMatch(
      /engine 'auto' falls back to JavaScript: recurrence\.c does not compile here \(CompileError: simulated: SIMD is not supported\)/,
    );
    expect(() => recurrenceForward(shape, xProj, lengths, weights, { engine: 'wasm' })).toThrow(
      /engine 'wasm' was requested but recurrence\.c does not compile here/,
    );
  });

  it('says so for the input projection (gemm.wat) too', async () => {
    vi.stubGlobal('WebAssembly', withoutSimd());
    const { projectInputs } = await import('./projection');
    const x = Float32Array.of(1, 2, 3, 4);
    const w = Float32Array.of(1, 0, 0, 1);
    const out = projectInputs(x, w, Float32Array.of(0.5, -0.5), 2, 2, Int32Array.of(0, 1));
    expect(Array.from(out)).toEqual([1.5, 1.5, 3.5, 3.5]);
    expect(reports()).toHaveLength(1);
    expect(reports()[0]).toMatch(/falls back to JavaScript: gemm\.wat does not compile here/);
  });

  it('says so when the runtime has no WebAssembly at all', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const { recurrenceForward } = await import('./recurrence-forward');
    const { shape, lengths, weights, xProj } = gruInputs(4);
    recurrenceForward(shape, xProj, lengths, weights);
    expect(reports()).toHaveLength(1);
    expect(reports()[0]).toMatch(/falls back to JavaScript: this runtime has no WebAssembly/);
  });

  it('says so once per hidden size above the kernel limit', async () => {
    const { recurrenceForward } = await import('./recurrence-forward');
    for (const hiddenSize of [129, 129, 160]) {
      const { shape, lengths, weights, xProj } = gruInputs(hiddenSize);
      recurrenceForward(shape, xProj, lengths, weights);
    }
    expect(reports()).toEqual([
      "@imdb-rnn/train: engine 'auto' falls back to JavaScript: hiddenSize 129 exceeds the wasm kernel's maximum of 128",
      "@imdb-rnn/train: engine 'auto' falls back to JavaScript: hiddenSize 160 exceeds the wasm kernel's maximum of 128",
    ]);
  });

  it('stays silent where wasm runs, and on the js engine', async () => {
    const { recurrenceForward } = await import('./recurrence-forward');
    const { shape, lengths, weights, xProj } = gruInputs(4);
    expect(recurrenceForward(shape, xProj, lengths, weights).cache.wasm).toBeDefined();
    vi.stubGlobal('WebAssembly', withoutSimd());
    vi.resetModules();
    const fresh = await import('./recurrence-forward');
    fresh.recurrenceForward(shape, xProj, lengths, weights, { engine: 'js' });
    expect(reports()).toEqual([]);
  });

  // Importing tfjs afresh takes seconds on a loaded machine.
  it('says once when FusedAdam cannot compile adam.wat', { timeout: 60_000 }, async () => {
    vi.stubGlobal('WebAssembly', withoutSimd());
    const tf = await import('@tensorflow/tfjs');
    const { FusedAdam } = await import('../optim/fused-adam');
    const variable = tf.variable(tf.tensor1d([1, 2, 3]), true, 'fallback-test/w');
    try {
      for (const optimizer of [new FusedAdam({ learningRate: 0.1 }), new FusedAdam()]) {
        optimizer.applyGradients({ [variable.name]: tf.tensor1d([1, -1, 0.5]) });
      }
      expect(reports()).toHaveLength(1);
      expect(reports()[0]).toMatch(
        /falls back to JavaScript: FusedAdam: adam\.wat does not compile here \(CompileError/,
      );
      expect(() => new FusedAdam({ engine: 'wasm' })).toThrow(/adam\.wat does not compile here/);
    } finally {
      variable.dispose();
    }
  });
});
