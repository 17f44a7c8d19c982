import { compareCodePoints } from './code-point-compare.js';
import { describeValue, isRecord } from './describe-value.js';
import { type Fail, VocabError } from './errors.js';
import { PAD_INDEX, UNK_INDEX } from './model-spec.js';
import { isPositiveInteger } from './positive-integer.js';

export const UNK_TOKEN = '<unk>';
export const PAD_TOKEN = '<pad>';
/** Version of the vocab JSON form. */
export const VOCAB_JSON_VERSION = 1;

/** The JSON form of a Vocab: every token by index, `<unk>` at 0 and `<pad>` at 1. */
export interface VocabJSON {
  version: 1;
  tokens: string[];
}

export interface VocabBuildOptions {
  /** Most tokens to keep besides `<unk>` and `<pad>`; default 20,000 (the reference setup). */
  maxSize?: number;
  /** Least number of occurrences for a token to be kept; default 1. */
  minFreq?: number;
}

/**
 * Token <-> id mapping. Ids are dense: 0 `<unk>`, 1 `<pad>`, then tokens by
 * descending training frequency, ties in code-point order, so the same corpus
 * always gives the same vocab whatever order its documents come in.
 */
export class Vocab {
  readonly tokens: readonly string[];
  readonly #ids: Map<string, number>;

  private constructor(tokens: readonly string[]) {
    this.tokens = Object.freeze([...tokens]);
    this.#ids = new Map(tokens.map((token, id) => [token, id]));
  }

  /** Number of ids, including `<unk>` and `<pad>`; the spec's vocabSize. */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of a token, UNK_INDEX when it is not in the vocab. */
  indexOf(token: string): number {
    return this.#ids.get(token) ?? UNK_INDEX;
  }

  /** The token of an id, `<unk>` for ids out of range. */
  tokenAt(id: number): string {
    return this.tokens[id] ?? UNK_TOKEN;
  }

  /** Counts tokens over documents and keeps the most frequent (the rule of fromCounts). */
  static build(docs: Iterable<readonly string[]>, options: VocabBuildOptions = {}): Vocab {
    // Checked before counting, so a bad option fails before a corpus is read.
    checkBuildOptions(options);
    const counts = new Map<string, number>();
    for (const doc of docs) {
      for (const token of doc) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    return Vocab.fromCounts(counts, options);
  }

  /**
   * The vocab of tokens already counted: those with at least `minFreq`
   * occurrences, most frequent first, ties in code-point order, at most
   * `maxSize`. The same counts give the same vocab as `build` over the
   * documents they came from; a trainer that numbers tokens as it reads them
   * counts with integers and passes its counts here. Entries of count 0 are
   * skipped; a negative or fractional count or a repeated token is a VocabError.
   */
  static fromCounts(
    counts: Iterable<readonly [token: string, count: number]>,
    options: VocabBuildOptions = {},
  ): Vocab {
    const { maxSize, minFreq } = checkBuildOptions(options);
    const kept: [string, number][] = [];
    const seen = new Set<string>();
    for (const [token, count] of counts) {
      if (!(Number.isSafeInteger(count) && count >= 0)) {
        failVocab(
          `counts[${JSON.stringify(token)}]`,
          `expected a count, got ${describeValue(count)}`,
        );
      }
      if (seen.has(token)) failVocab(`counts[${JSON.stringify(token)}]`, 'counted twice');
      seen.add(token);
      // The specials have fixed ids; a literal "<unk>" in the stream must not get a second one.
      if (count >= minFreq && token.length > 0 && token !== UNK_TOKEN && token !== PAD_TOKEN) {
        kept.push([token, count]);
      }
    }
    kept.sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
    const tokens = [UNK_TOKEN, PAD_TOKEN];
    for (let i = 0; i < Math.min(maxSize, kept.length); i++) tokens.push(kept[i]![0]);
    return new Vocab(tokens);
  }

  /** A vocab from its token list (index order); validated like fromJSON. */
  static fromTokens(tokens: unknown): Vocab {
    return new Vocab(checkVocabTokens(tokens, 'tokens', failVocab));
  }

  /** Parses the JSON form (an object, not a string); throws VocabError naming the bad field. */
  static fromJSON(value: unknown): Vocab {
    if (!isRecord(value))
      return failVocab('vocab', `expected an object, got ${describeValue(value)}`);
    if (value.version !== VOCAB_JSON_VERSION) {
      failVocab(
        'vocab.version',
        `expected ${VOCAB_JSON_VERSION}, got ${describeValue(value.version)}` +
          (typeof value.version === 'number' ? ' (written by a newer or older imdb-rnn?)' : ''),
      );
    }
    for (const key of Object.keys(value)) {
      if (key !== 'version' && key !== 'tokens') failVocab(`vocab.${key}`, 'unknown field');
    }
    return new Vocab(checkVocabTokens(value.tokens, 'vocab.tokens', failVocab));
  }

  toJSON(): VocabJSON {
    return { version: VOCAB_JSON_VERSION, tokens: [...this.tokens] };
  }
}

function failVocab(path: string, problem: string): never {
  throw new VocabError(path, problem);
}

function checkBuildOptions(options: VocabBuildOptions): Required<VocabBuildOptions> {
  const maxSize = options.maxSize ?? 20_000;
  const minFreq = options.minFreq ?? 1;
  if (!(Number.isSafeInteger(maxSize) && maxSize >= 0)) {
    failVocab('options.maxSize', `expected a non-negative integer, got ${describeValue(maxSize)}`);
  }
  if (!isPositiveInteger(minFreq)) {
    failVocab('options.minFreq', `expected a positive integer, got ${describeValue(minFreq)}`);
  }
  return { maxSize, minFreq };
}

/**
 * Checks a token list: an array of non-empty, distinct strings with `<unk>` at
 * UNK_INDEX and `<pad>` at PAD_INDEX. Shared with the metadata validator.
 */
export function checkVocabTokens(value: unknown, path: string, fail: Fail): string[] {
  if (!Array.isArray(value))
    return fail(path, `expected an array of strings, got ${describeValue(value)}`);
  if (value.length < 2)
    fail(path, `expected at least <unk> and <pad>, got ${value.length} entries`);
  const seen = new Map<string, number>();
  value.forEach((token: unknown, i) => {
    if (typeof token !== 'string')
      fail(`${path}[${i}]`, `expected a string, got ${describeValue(token)}`);
    if (token.length === 0) fail(`${path}[${i}]`, 'expected a non-empty string, got ""');
    const first = seen.get(token);
    if (first !== undefined)
      fail(`${path}[${i}]`, `duplicate of ${path}[${first}] (${describeValue(token)})`);
    seen.set(token, i);
  });
  if (value[UNK_INDEX] !== UNK_TOKEN) {
    fail(
      `${path}[${UNK_INDEX}]`,
      `expected "${UNK_TOKEN}", got ${describeValue(value[UNK_INDEX])}`,
    );
  }
  if (value[PAD_INDEX] !== PAD_TOKEN) {
    fail(
      `${path}[${PAD_INDEX}]`,
      `expected "${PAD_TOKEN}", got ${describeValue(value[PAD_INDEX])}`,
    );
  }
  return value as string[];
}
