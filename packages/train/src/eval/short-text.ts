import { encodeTokens, tokenize, type Vocab } from '@imdb-rnn/core';
import type { EncodedExamples } from '../data/batching';
import { accuracyOf } from '../training/predict';

/** Tokens kept by the "first 20 tokens" cut. */
export const SHORT_TEXT_TOKENS = 20;

/** How a model does on test reviews cut short (issue 15 item 3): fractions in [0, 1]. */
export interface ShortTextAccuracy {
  /** Accuracy on each review cut to its first sentence (see firstSentence). */
  firstSentence: number;
  /** Accuracy on each review cut to its first SHORT_TEXT_TOKENS tokens. */
  first20Tokens: number;
  /** Mean token count of the first sentences, to read the figure by. */
  firstSentenceMeanTokens: number;
}

// A sentence ends after a run of . ! ? (with any closing quotes or brackets) that is
// followed by whitespace or the end of the text, or at an HTML line break.
const SENTENCE_END = /[.!?]+["'\u201D\u2019)\]]*(?=\s|$)|<br\s*\/?>/gi;
// Words whose final "." is not a full stop.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'no',
  'vol',
  'approx',
]);

/**
 * The first sentence of a review, as the short-text figures define it:
 * - `<br>`, `<br/>`, `<br />` (IMDB's paragraph breaks) end a sentence;
 * - so does a run of `.`, `!`, `?` (closing quotes or brackets may follow) that is
 *   followed by whitespace or the end of the review, except a lone `.` after an
 *   abbreviation (Mr. Mrs. Ms. Dr. Prof. St. Jr. Sr. vs. etc. e.g. i.e. No. Vol.
 *   approx.) or a single letter (an initial: "J. Smith"), and except an ellipsis
 *   ("...", "..": the sentence goes on);
 * - a "sentence" without a letter or digit (a review opening with a line break or
 *   "...") is skipped;
 * - a review with no sentence end is its own first sentence.
 * The ending punctuation is kept, since the tokenizer keeps "!" and "?" as tokens.
 */
export function firstSentence(text: string): string {
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index! + match[0].length;
    const mark = match[0];
    if (!mark.startsWith('<')) {
      if (/^\.\.+/.test(mark)) continue; // ellipsis
      if (mark.startsWith('.') && !/[!?]/.test(mark)) {
        const word = /([\p{L}.]+)$/u.exec(text.slice(start, match.index!))?.[1]?.toLowerCase();
        if (word !== undefined && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
      }
    }
    const sentence = text.slice(start, mark.startsWith('<') ? match.index! : end).trim();
    if (/[\p{L}\p{N}]/u.test(sentence)) return sentence;
    start = end;
  }
  return text.slice(start).trim();
}

/**
 * The test reviews cut both ways, encoded with `vocab` (labels shared). `encoded`,
 * when given, is `texts` already encoded whole with `vocab` (perhaps cut at a
 * maxLength) with each text's token count: the first-20 cut is then read from it
 * wherever it holds those tokens, instead of tokenizing every review a second time
 * (1 s of an experiment's setup); the result is the same.
 */
export function shortTextSets(
  texts: readonly string[],
  labels: Uint8Array,
  vocab: Vocab,
  encoded?: { ids: readonly Int32Array[]; tokenCounts: Int32Array },
): { firstSentence: EncodedExamples; first20Tokens: EncodedExamples } {
  const sentences = encodeTokens(
    texts.map((text) => tokenize(firstSentence(text))),
    vocab,
  );
  const cut = { maxLength: SHORT_TEXT_TOKENS };
  const reused = texts.map((_, i) => firstTokensOf(encoded, i));
  const first20 = encodeTokens(
    texts.map((text, i) => (reused[i] === undefined ? tokenize(text) : [])),
    vocab,
    cut,
  );
  reused.forEach((ids, i) => {
    if (ids === undefined) return;
    first20.ids[i] = ids;
    first20.lengths[i] = ids.length;
  });
  return { firstSentence: { ...sentences, labels }, first20Tokens: { ...first20, labels } };
}

/** Text i's first-20 cut read from its whole encoding, or undefined where a maxLength cut it shorter. */
function firstTokensOf(
  encoded: { ids: readonly Int32Array[]; tokenCounts: Int32Array } | undefined,
  i: number,
): Int32Array | undefined {
  if (encoded === undefined) return undefined;
  const ids = encoded.ids[i]!;
  const count = encoded.tokenCounts[i]!;
  // No tokens encode as [UNK_INDEX] both ways.
  if (count === 0) return ids.slice(0, 1);
  const n = Math.min(count, SHORT_TEXT_TOKENS);
  return ids.length >= n ? ids.slice(0, n) : undefined;
}

/** Both cuts of a set of reviews, encoded: what shortTextAccuracy scores. */
export type ShortTextSets = ReturnType<typeof shortTextSets>;

/**
 * Short-text accuracy of a model given as `logitsOf` (eval-mode logits of encoded
 * examples, in order; a logit >= 0 predicts positive) on `texts`.
 */
export function shortTextAccuracy(
  logitsOf: (examples: EncodedExamples) => Float32Array,
  texts: readonly string[],
  labels: Uint8Array,
  vocab: Vocab,
): ShortTextAccuracy {
  return scoreShortText(logitsOf, shortTextSets(texts, labels, vocab));
}

/**
 * shortTextAccuracy on cuts already encoded by shortTextSets: an experiment scores
 * every run on the same reviews and vocabulary, and cutting and tokenizing 25,000
 * reviews twice per run cost about 2.5 s of each reference run's evaluation.
 */
export function scoreShortText(
  logitsOf: (examples: EncodedExamples) => Float32Array,
  sets: ShortTextSets,
): ShortTextAccuracy {
  const { labels, lengths } = sets.firstSentence;
  const tokens = lengths.reduce((sum, n) => sum + n, 0);
  return {
    firstSentence: accuracyOf(logitsOf(sets.firstSentence), labels),
    first20Tokens: accuracyOf(logitsOf(sets.first20Tokens), sets.first20Tokens.labels),
    firstSentenceMeanTokens: lengths.length === 0 ? 0 : tokens / lengths.length,
  };
}
