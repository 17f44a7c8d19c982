import { MODEL_REGISTRY_KEY, registeredModels } from '@imdb-rnn/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODEL_NAMES } from './model-names.js';
import { registerModel } from './register-model.js';

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[MODEL_REGISTRY_KEY];
  vi.resetModules();
});

describe('the models registry, as the runtimes read it (@imdb-rnn/core registeredModels)', () => {
  it("holds each model a per-model module registered, by name, with that module's URL", async () => {
    expect(registeredModels().size).toBe(0);
    const best = (await import('./best.js')).default;
    const gru = (await import('./gru.js')).default;
    expect([...registeredModels()]).toEqual([
      ['best', best],
      ['gru', gru],
    ]);
    expect(best.href).toMatch(/\/best\.int8\.onnx$/);
  });

  it('registers every shipped model under its own name and file', async () => {
    for (const name of MODEL_NAMES) await import(`./${name}.ts`);
    const registered = registeredModels();
    expect([...registered.keys()]).toEqual([...MODEL_NAMES]);
    for (const [name, url] of registered)
      expect(url.pathname.endsWith(`/${name}.int8.onnx`)).toBe(true);
  });

  it('adds to a registry another copy of the package created (two versions in one app)', () => {
    const other = new URL('https://app.test/assets/lstm.int8-9f.onnx');
    (globalThis as Record<symbol, unknown>)[Symbol.for('@imdb-rnn/models')] = new Map([
      ['lstm', other],
    ]);
    const best = registerModel('best', new URL('https://app.test/assets/best.int8-1a.onnx'));
    expect([...registeredModels()]).toEqual([
      ['lstm', other],
      ['best', best],
    ]);
  });
});
