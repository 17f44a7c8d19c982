import { describe, expect, it } from 'vitest';
import { syntheticResults } from './synthetic-results.js';
import { validateResults } from './validate-results.js';

/** A JSON round trip, as a results.json read back from disk. */
function reread(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe('validateResults', () => {
  it('accepts a results file read back from JSON, including a null ROC-AUC with its reason', () => {
    const results = syntheticResults({ architectures: ['lstm'], seeds: [1] });
    results.runs[0]!.test!.rocAuc = { value: null, reason: 'ROC-AUC is undefined: one class' };
    expect(validateResults(reread(results))).toEqual(results);
  });

  it('names the file and the JSON path of the first bad field', () => {
    // biome-ignore lint/suspicious/noExplicitAny: each case breaks an arbitrary field of parsed JSON
    const cases: [(r: any) => void, RegExp][] = [
      [
        (r) => (r.runs[0].architecture = 'cnn'),
        /runs\[0\]\.architecture must be one of rnn, gru, lstm, bilstm, got "cnn"/,
      ],
      [
        (r) => (r.runs[0].history[1].epoch = 3),
        /runs\[0\]\.history\[1\]\.epoch must be <= 2, got 3/,
      ],
      [(r) => (r.runs[0].test.accuracy = 87.1), /runs\[0\]\.test\.accuracy must be <= 1, got 87.1/],
      [
        (r) => delete r.machine.backend,
        /machine\.backend must be a string, got nothing \(field missing\)/,
      ],
      [(r) => (r.runs[0].spec.hiddenSize = -1), /runs\[0\]\.spec is not a valid model spec/],
      [
        (r) => (r.runs[0].test.rocAuc = { value: null }),
        /runs\[0\]\.test\.rocAuc\.reason must be a string/,
      ],
      [(r) => (r.aggregates[0].pass = 'yes'), /aggregates\[0\]\.pass must be true or false/],
      [
        (r) => (r.runs[0].shortText.firstSentence = 63.8),
        /runs\[0\]\.shortText\.firstSentence must be <= 1, got 63.8/,
      ],
      [
        (r) => delete r.aggregates[0].shortText.first20Tokens,
        /aggregates\[0\]\.shortText\.first20Tokens must be a finite number, got nothing/,
      ],
      [
        (r) => (r.runs[0].options.extra = { nested: 1 }),
        /runs\[0\]\.options\.extra must be a string, number, boolean or null/,
      ],
    ];
    for (const [breakIt, message] of cases) {
      const results = reread(syntheticResults({ architectures: ['gru'], seeds: [1], epochs: 2 }));
      breakIt(results);
      expect(() => validateResults(results, 'out/results.json')).toThrow(message);
      expect(() => validateResults(results, 'out/results.json')).toThrow(/^out\/results\.json: /);
    }
  });

  it('rejects another schema version and a non-object', () => {
    expect(() => validateResults({ ...syntheticResults(), schemaVersion: 3 })).toThrow(
      /results\.json: schemaVersion is 3; .*reads schemaVersion 2/,
    );
    expect(() => validateResults([])).toThrow(/\(root\) must be an object/);
  });

  it('reads a version 1 file without its typed-in PyTorch timings, leaving the input unchanged', () => {
    const current = reread(syntheticResults({ architectures: ['lstm'], seeds: [1], epochs: 2 }));
    // biome-ignore lint/suspicious/noExplicitAny: writes version 1 fields into parsed JSON
    const v1 = reread(current) as any;
    v1.schemaVersion = 1;
    for (const figures of Object.values<Record<string, unknown>>(v1.reference)) {
      figures.secondsPerEpoch = { rnn: 44, gru: 88, lstm: 115, bilstm: 188 };
    }
    Object.assign(v1.aggregates[0], { pytorchSecondsPerEpoch: 115, speedUp: 2.3 });
    const before = JSON.stringify(v1);

    expect(validateResults(v1)).toEqual(current);
    expect(JSON.stringify(v1)).toBe(before);
  });

  describe('selection trials', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the cases write and break arbitrary fields of parsed JSON
    type Json = any;

    function trial(): Json {
      const results = reread(
        syntheticResults({ architectures: ['bilstm'], seeds: [1, 2] }),
      ) as Json;
      results.trial = { selectedBy: 'best-epoch validation accuracy' };
      results.aggregates = [];
      for (const run of results.runs) {
        delete run.test;
        delete run.shortText;
        run.bestEpoch = 2;
        run.validationShortText = {
          firstSentence: 0.8,
          first20Tokens: 0.75,
          firstSentenceMeanTokens: 21,
        };
      }
      return results;
    }

    it('accepts runs without test figures', () => {
      expect(validateResults(trial()).runs[0]!.test).toBeUndefined();
    });

    it.each([
      [
        'a test figure',
        (r: Json) => (r.runs[1].test = r.runs[1].history[0]),
        /runs\[1\]\.test must be absent in selection trials/,
      ],
      [
        'short-text test figures',
        (r: Json) => (r.runs[0].shortText = r.runs[0].validationShortText),
        /runs\[0\]\.shortText must be absent/,
      ],
      [
        'an aggregate',
        (r: Json) => r.aggregates.push({}),
        /aggregates must be empty in selection trials/,
      ],
      [
        'a best epoch past the history',
        (r: Json) => (r.runs[0].bestEpoch = 6),
        /runs\[0\]\.bestEpoch must be <= 5, got 6/,
      ],
      ['a missing selecting metric', (r: Json) => delete r.trial.selectedBy, /trial\.selectedBy/],
    ])('refuses %s', (_name, breakIt, message) => {
      const results = trial();
      breakIt(results);
      expect(() => validateResults(results, 'trial.json')).toThrow(message);
    });

    it('outside trials a run without test figures is refused', () => {
      const results = reread(syntheticResults({ architectures: ['gru'], seeds: [1] })) as Json;
      delete results.runs[0].test;
      expect(() => validateResults(results)).toThrow(/runs\[0\]\.test must be an object/);
    });
  });
});
