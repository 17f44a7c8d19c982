import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODELS } from '@imdb-rnn/models';
import { describe, expect, it, vi } from 'vitest';
import { loadClassifier, MODEL_NAMES, ModelLoadError, ModelNotFoundError } from './index.js';

// Loading a 2.3 MB model takes seconds on a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

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

describe('numThreads, the same option name as infer-web', () => {
  it('loads with numThreads, and with the deprecated intraOpNumThreads alias', async () => {
    for (const options of [
      { numThreads: 2 },
      { intraOpNumThreads: 2 },
      { numThreads: 2, intraOpNumThreads: 2 },
    ]) {
      const classifier = await loadClassifier('rnn', options);
      expect((await classifier.classify(POSITIVE)).label).toBe('positive');
      await classifier.dispose();
    }
  });

  it('refuses numThreads and intraOpNumThreads that disagree, naming both', async () => {
    await expect(loadClassifier('rnn', { numThreads: 2, intraOpNumThreads: 3 })).rejects.toThrow(
      'options.numThreads: 2 conflicts with the deprecated options.intraOpNumThreads 3',
    );
  });
});

describe('confidence', () => {
  it('is the probability of the returned label', async () => {
    const classifier = await loadClassifier('gru');
    const [positive, negative] = await classifier.classify([POSITIVE, NEGATIVE]);
    expect(positive!.confidence).toBe(positive!.score);
    expect(negative!.confidence).toBeCloseTo(1 - negative!.score, 12);
    await classifier.dispose();
  });
});
