import { describe, expect, it } from 'vitest';
import { MODEL_REGISTRY_KEY, registeredModels } from './model-registry.js';

const global = globalThis as Record<symbol, unknown>;

/** Runs `check` with `registry` on the global object, then removes it. */
function withRegistry(registry: unknown, check: () => void): void {
  global[MODEL_REGISTRY_KEY] = registry;
  try {
    check();
  } finally {
    delete global[MODEL_REGISTRY_KEY];
  }
}

describe('registeredModels', () => {
  it('is empty before any model module ran', () => {
    expect(registeredModels().size).toBe(0);
  });

  it('reads the Map that @imdb-rnn/models writes under Symbol.for("@imdb-rnn/models")', () => {
    // What a per-model module does, written out: the key is the contract between the two.
    const best = new URL('https://app.test/assets/best.int8-1a2b.onnx');
    const registry = new Map([['best', best]]);
    withRegistry(registry, () => {
      expect(global[Symbol.for('@imdb-rnn/models')]).toBe(registry);
      expect([...registeredModels()]).toEqual([['best', best]]);
      // A later import adds to the same map.
      registry.set('gru', new URL('https://app.test/g'));
      expect([...registeredModels().keys()]).toEqual(['best', 'gru']);
    });
  });

  it('ignores a registry or entries it did not expect instead of handing them on', () => {
    withRegistry({ best: 'https://app.test/best.onnx' }, () => {
      expect(registeredModels().size).toBe(0);
    });
    const mixed = new Map<string, unknown>([
      ['best', '/best.int8.onnx'],
      ['gru', new URL('https://app.test/g')],
    ]);
    withRegistry(mixed, () => {
      expect([...registeredModels().keys()]).toEqual(['gru']);
    });
  });
});
