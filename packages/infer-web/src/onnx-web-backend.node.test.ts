// The runtime warm-up under Node (onnxruntime-web's wasm backend): its tiny model must be
// one ORT really runs, or the warm-up would fail silently and cold loads lose the overlap.
import * as ort from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import { IDENTITY_MODEL, warmUpRuntime } from './onnx-web-backend.js';
import { configureRuntime } from './runtime-settings.js';

describe('warmUpRuntime', () => {
  it('starts the runtime once, after the settings: every call shares one promise', async () => {
    // As loadClassifier does: ORT reads its settings when it starts (and keeps a failed start).
    configureRuntime();
    const first = warmUpRuntime();
    expect(warmUpRuntime()).toBe(first);
    await expect(first).resolves.toBe(true);
  }, 60_000);

  it('warms up with a model ONNX Runtime runs: y = Identity(x)', async () => {
    const session = await ort.InferenceSession.create(IDENTITY_MODEL);
    expect(session.inputNames).toEqual(['x']);
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(3.5), [1]) });
    expect(Array.from(y!.data as Float32Array)).toEqual([3.5]);
    await session.release();
  });
});
