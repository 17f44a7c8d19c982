import { describe, expect, it } from 'vitest';
import { sigmoid } from '../sigmoid.js';
import { tokenize } from '../tokenize.js';
import { BagOfIdsBackend } from './bag-of-ids-backend.test-support.js';
import { Classifier, EXPLAIN_WINDOW } from './classifier.js';
import { ClassifierDisposedError, InputError } from './classifier-errors.js';
import { tinyMetadata } from './model-proto.test-support.js';

// vocab: 0 <unk>, 1 <pad>, 2 good, 3 bad, 4 film, 5 !
const WORDS = ['good', 'bad', 'film', '!'];
const WEIGHTS = [-0.25, 100, 1.5, -2, 0.125, 0.5];
const BIAS = 0.0625;

function setup(options = {}) {
  const backend = new BagOfIdsBackend(WEIGHTS, BIAS);
  const classifier = new Classifier({ metadata: tinyMetadata(WORDS) }, backend, options);
  const ids = (text: string) =>
    tokenize(text).map((t) => Math.max(0, ['<unk>', '<pad>', ...WORDS].indexOf(t)));
  const expected = (text: string) => {
    const row = ids(text);
    return backend.logitOf(row.length === 0 ? [0] : row);
  };
  return { backend, classifier, expected };
}

describe('Classifier.classify', () => {
  it('gives label, score = sigmoid(logit) and the logit for one review', async () => {
    const { classifier, expected } = setup();
    const result = await classifier.classify('Good film!');
    const logit = expected('Good film!');
    expect(result.logit).toBeCloseTo(logit, 6);
    expect(result.score).toBeCloseTo(sigmoid(logit), 6);
    expect(result.label).toBe('positive');
    const negative = await classifier.classify('bad bad film');
    expect(negative.label).toBe('negative');
    expect(negative.score).toBeLessThan(0.5);
  });

  it('gives confidence = the probability of the returned label', async () => {
    const { classifier } = setup();
    const [positive, negative] = await classifier.classify(['Good film!', 'bad bad film']);
    expect(positive!.confidence).toBe(positive!.score);
    expect(negative!.confidence).toBeCloseTo(1 - negative!.score, 12);
    expect(negative!.confidence).toBeGreaterThan(0.5);
    const explained = await classifier.explain('bad bad film');
    expect(explained.confidence).toBeCloseTo(1 - explained.score, 12);
  });

  it('batches an array by length and returns results in input order', async () => {
    const { backend, classifier, expected } = setup({ batchSize: 2 });
    const texts = ['good good good good film', 'bad', 'film !', 'good', 'bad film bad', ''];
    const results = await classifier.classify(texts);
    expect(results.map((r) => r.logit)).toEqual(texts.map((t) => Math.fround(expected(t))));
    // 6 reviews in batches of at most 2, each batch's rows sorted by length.
    expect(backend.runs.map((run) => run.batch)).toEqual([2, 2, 2]);
    expect(backend.runs.map((run) => run.lengths)).toEqual([
      [1, 1],
      [1, 2],
      [3, 5],
    ]);
  });

  it('scores an empty or whitespace-only review as a single <unk> token', async () => {
    const { classifier, backend } = setup();
    const unk = Math.fround(backend.logitOf([0]));
    for (const text of ['', '   \n\t ', '\u200b']) {
      const result = await classifier.classify(text);
      expect(result.logit).toBe(unk);
      expect(result.label).toBe('negative');
    }
    expect(await classifier.classify([])).toEqual([]);
  });

  it('treats lone surrogates as separators, not errors', async () => {
    const { classifier } = setup();
    const broken = await classifier.classify('good\ud800film\udfff!');
    const clean = await classifier.classify('good film !');
    expect(broken).toEqual(clean);
  });

  it('classifies a 1 MB review, and maxLength keeps only its first tokens', async () => {
    const { classifier, backend } = setup();
    const huge = 'good film '.repeat(100_000); // 1,000,000 characters, 200,000 tokens
    const result = await classifier.classify(huge);
    expect(backend.runs.at(-1)!.time).toBe(200_000);
    expect(Number.isFinite(result.logit)).toBe(true);
    const truncated = setup({ maxLength: 3 });
    expect((await truncated.classifier.classify(huge)).logit).toBe(
      Math.fround(truncated.backend.logitOf([2, 4, 2])),
    );
  });

  it('rejects non-string input with an InputError naming the element', async () => {
    const { classifier } = setup();
    for (const bad of [42, null, undefined, { text: 'x' }]) {
      await expect(classifier.classify(bad as unknown as string)).rejects.toThrow(InputError);
    }
    await expect(classifier.classify(['ok', 7] as unknown as string[])).rejects.toThrow(
      'texts[1]: expected a string, got 7',
    );
  });

  it('rejects bad options when constructed', () => {
    expect(() => setup({ batchSize: 0 })).toThrow('options.batchSize');
    expect(() => setup({ maxLength: 1.5 })).toThrow('options.maxLength');
  });

  it('serves 1,000 concurrent callers one run at a time, each with its own answer', async () => {
    const { classifier, backend, expected } = setup();
    const texts = Array.from({ length: 1000 }, (_, i) =>
      `${'good '.repeat(i % 7)}${'bad '.repeat(i % 5)}film`.trim(),
    );
    const results = await Promise.all(texts.map((text) => classifier.classify(text)));
    results.forEach((result, i) => {
      expect(result.logit).toBe(Math.fround(expected(texts[i]!)));
    });
    expect(backend.maxRunning).toBe(1);
    expect(backend.runs).toHaveLength(1000);
  });

  it('a failing run rejects its caller only', async () => {
    const { classifier, backend } = setup();
    backend.failNext = 'runtime exploded';
    const failed = classifier.classify('good');
    const next = classifier.classify('bad');
    await expect(failed).rejects.toThrow('runtime exploded');
    expect((await next).label).toBe('negative');
  });
});

describe('Classifier.explain', () => {
  it('gives each token logit(phrase) - logit(phrase without it), in two runs', async () => {
    // Summed weights: a token's phrase contribution is its own weight, in logits.
    const { classifier, backend, expected } = setup();
    const text = 'Good film, bad!';
    const explanation = await classifier.explain(text);
    expect(backend.runs.map((r) => r.batch)).toEqual([1, 10]); // the review; 5 phrases x 2
    expect(explanation.logit).toBe(Math.fround(expected(text)));
    expect(explanation.tokens.map((t) => t.token)).toEqual(['good', 'film', ',', 'bad', '!']);
    expect(explanation.tokens.map((t) => t.known)).toEqual([true, true, false, true, true]);
    expect(explanation.tokens.map((t) => t.contribution)).toEqual([1.5, 0.125, -0.25, -2, 0.5]);
  });

  it('judges each token by the 5 tokens either side of it, clipped at the ends', async () => {
    // Mean-pooled weights, so each contribution depends on the phrase's extent:
    // good 1.5, film 0.125, bad -2, ! 0.5 (the bias cancels out).
    const backend = new BagOfIdsBackend(WEIGHTS, BIAS, 'mean');
    const classifier = new Classifier({ metadata: tinyMetadata(WORDS) }, backend);
    expect(EXPLAIN_WINDOW).toBe(5);
    // tokens: 0 good, 1-7 film, 8 bad, 9-11 film, 12 !
    const text = `good ${'film '.repeat(7)}bad film film film !`;
    const c = (await classifier.explain(text)).tokens.map((t) => t.contribution);
    expect(c).toHaveLength(13);
    // good: tokens 0-5 (good + 5 film) against tokens 1-5 (5 film)
    expect(c[0]).toBeCloseTo((1.5 + 5 * 0.125) / 6 - 0.125, 6);
    // film at 6: tokens 1-11 (10 film + bad) against the same without one film
    expect(c[6]).toBeCloseTo((10 * 0.125 - 2) / 11 - (9 * 0.125 - 2) / 10, 6);
    // bad: tokens 3-12 (8 film, bad, !) against 8 film and !
    expect(c[8]).toBeCloseTo((8 * 0.125 - 2 + 0.5) / 10 - (8 * 0.125 + 0.5) / 9, 6);
    // !: tokens 7-12 (4 film, bad, !) against 4 film and bad
    expect(c[12]).toBeCloseTo((4 * 0.125 - 2 + 0.5) / 6 - (4 * 0.125 - 2) / 5, 6);
  });

  it('explains a one-token review against the empty review ([<unk>])', async () => {
    const { classifier, backend } = setup();
    const explanation = await classifier.explain('good');
    const unk = Math.fround(backend.logitOf([0]));
    expect(explanation.tokens[0]!.contribution).toBeCloseTo(explanation.logit - unk, 6);
  });

  it('gives no tokens for an empty review, with the empty-review score', async () => {
    const { classifier, backend } = setup();
    const explanation = await classifier.explain('  ');
    expect(explanation.tokens).toEqual([]);
    expect(explanation.logit).toBe(Math.fround(backend.logitOf([0])));
  });

  it('refuses a review longer than maxExplainTokens with an InputError', async () => {
    const { classifier } = setup({ maxExplainTokens: 3 });
    await expect(classifier.explain('good good good good')).rejects.toThrow(
      'text: has 4 tokens; explain handles at most 3',
    );
    await expect(classifier.explain(5 as unknown as string)).rejects.toThrow(InputError);
  });
});

describe('Classifier metadata and dispose', () => {
  it('exposes spec, vocab size, accuracy and name', () => {
    const { classifier } = setup();
    expect(classifier.metadata.vocabSize).toBe(6);
    expect(classifier.metadata.spec.cell).toBe('lstm');
    expect(classifier.metadata.accuracy).toBe(0.875);
    expect(classifier.metadata.metrics.testLoss).toBe(0.3);
    expect(classifier.metadata.name).toBe('tiny-lstm');
    expect(classifier.metadata.labels).toEqual(['negative', 'positive']);
  });

  it("labels predictions with the model's own class names", async () => {
    const backend = new BagOfIdsBackend(WEIGHTS, BIAS);
    const metadata = { ...tinyMetadata(WORDS), labels: ['ham', 'spam'] as [string, string] };
    const classifier = new Classifier({ metadata }, backend);
    expect(classifier.metadata.labels).toEqual(['ham', 'spam']);
    // "good" has weight 1.5 > 0 (class 1), "bad" -2 (class 0).
    const [good, bad] = await classifier.classify(['good film', 'bad film']);
    expect(good!.label).toBe('spam');
    expect(bad!.label).toBe('ham');
    expect((await classifier.explain('good')).label).toBe('spam');
  });

  it('finishes calls queued before dispose, then rejects new calls', async () => {
    const { classifier, backend } = setup();
    const before = classifier.classify('good');
    const disposed = classifier.dispose();
    await expect(classifier.classify('good')).rejects.toThrow(ClassifierDisposedError);
    await expect(classifier.explain('good')).rejects.toThrow(
      'explain: the classifier was disposed',
    );
    expect((await before).label).toBe('positive');
    await disposed;
    await classifier.dispose();
    expect(backend.disposed).toBe(1);
  });
});

describe('error names', () => {
  it('survive minification: each error class sets its name as a literal', () => {
    expect(new InputError('text', 'x').name).toBe('InputError');
    expect(new ClassifierDisposedError('classify').name).toBe('ClassifierDisposedError');
  });
});
