import { MODEL_REGISTRY_KEY } from '@imdb-rnn/core';
import gru from '@imdb-rnn/models/gru';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_NAMES, ModelNotFoundError, resolveModelName } from './index.js';

const global = globalThis as Record<symbol, unknown>;

afterEach(() => {
  delete global[MODEL_REGISTRY_KEY];
});

describe('resolveModelName', () => {
  it('takes the URL a models import registered first, without importing anything', async () => {
    // What a bundled app's `import '@imdb-rnn/models/best'` leaves: the URL of the asset
    // its bundler emitted (here not the installed package's file, to tell the two apart).
    const emitted = new URL('https://app.test/assets/best.int8-4f2a.onnx');
    global[MODEL_REGISTRY_KEY] = new Map([['best', emitted]]);
    expect(await resolveModelName('best')).toBe(emitted);
  });

  it('resolves a registered name that this runtime does not list (a newer models package)', async () => {
    const newer = new URL('https://app.test/assets/gru-large.int8.onnx');
    global[MODEL_REGISTRY_KEY] = new Map([['gru-large', newer]]);
    expect(await resolveModelName('gru-large')).toBe(newer);
  });

  it("falls back to importing the package's subpath where the runtime can (Node, an import map)", async () => {
    global[MODEL_REGISTRY_KEY] = new Map([['best', new URL('https://app.test/best.onnx')]]);
    expect((await resolveModelName('gru')).href).toBe(gru.href);
  });

  it('rejects an unknown name with ModelNotFoundError listing the names', async () => {
    await expect(resolveModelName('best-ever')).rejects.toThrow(ModelNotFoundError);
    await expect(resolveModelName('best-ever')).rejects.toThrow(
      `model "best-ever": no model has this name; the models are ${MODEL_NAMES.join(', ')}`,
    );
  });
});
