import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODELS } from '@imdb-rnn/models';
import { describe, expect, it } from 'vitest';
import { loadClassifier, MODEL_NAMES, ModelLoadError, ModelNotFoundError } from './index.js';

const POSITIVE =
  'A wonderful, moving film: brilliant acting, a superb script and a beautiful score. One of the best movies I have seen in years, I loved every minute.';
const NEGATIVE =
  'An awful, boring mess. Terrible acting, a stupid plot and dreadful dialogue. The worst film I have seen in years, a complete waste of time.';

describe('loadClassifier(name) loads a model of @imdb-rnn/models', () => {
  it.each(MODEL_NAMES)('%s: the shipped file, with its recorded accuracy', async (name) => {
    const entry = MODELS.find((m) => m.name === name)!;
    const classifier = await loadClassifier(name);
    try {
      expect(classifier.metadata.accuracy).toBe(entry.accuracy);
      expect(classifier.metadata.weights).toBe('int8');
      const [positive, negative] = await classifier.classify([POSITIVE, NEGATIVE]);
      expect(positive!.label).toBe('positive');
      expect(negative!.label).toBe('negative');
    } finally {
      await classifier.dispose();
    }
  });

  it('loads the same bytes as the package file', async () => {
    const url = (await import('@imdb-rnn/models/bilstm')).default;
    const fromFile = await loadClassifier(readFileSync(fileURLToPath(url)));
    const byName = await loadClassifier('bilstm');
    expect(await byName.classify(POSITIVE)).toEqual(await fromFile.classify(POSITIVE));
    await Promise.all([byName.dispose(), fromFile.dispose()]);
  });

  it('rejects an unknown name with ModelNotFoundError listing the names', async () => {
    const load = loadClassifier('bilstm2');
    await expect(load).rejects.toThrow(ModelNotFoundError);
    await expect(load).rejects.toThrow(
      `model "bilstm2": no model has this name; the models are ${MODEL_NAMES.join(', ')}`,
    );
  });

  it('still reads a path that looks like a name when it is written as one', async () => {
    await expect(loadClassifier('./bilstm')).rejects.toThrow(ModelLoadError);
  });
});
