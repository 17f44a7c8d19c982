import gru from '@imdb-rnn/models/gru';
import { describe, expect, it } from 'vitest';
import { MODEL_NAMES, ModelNotFoundError, resolveModelName } from './index.js';

describe('resolveModelName (where the runtime can import @imdb-rnn/models itself)', () => {
  it("resolves a name to the URL the package's subpath exports", async () => {
    expect((await resolveModelName('gru')).href).toBe(gru.href);
  });

  it('rejects an unknown name with ModelNotFoundError listing the names', async () => {
    await expect(resolveModelName('best-ever')).rejects.toThrow(ModelNotFoundError);
    await expect(resolveModelName('best-ever')).rejects.toThrow(
      `the models are ${MODEL_NAMES.join(', ')}`,
    );
  });
});
