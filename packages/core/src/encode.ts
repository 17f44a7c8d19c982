import { describeValue } from './describe-value.js';
import { ArgumentError } from './errors.js';
import { UNK_INDEX } from './model-spec.js';
import { isPositiveInteger } from './positive-integer.js';
import { tokenize } from './tokenize.js';
import type { Vocab } from './vocab.js';

/** Token ids per text, and each text's length (ids[i].length === lengths[i], always >= 1). */
export interface Encoded {
  ids: Int32Array[];
  lengths: Int32Array;
}

export interface EncodeOptions {
  /** Keep at most this many tokens per text: the first ones, so a review's opening survives. */
  maxLength?: number;
}

/** Tokenizes and encodes texts exactly as training did; the single encoder of imdb-rnn. */
export function encode(
  texts: readonly string[],
  vocab: Vocab,
  options: EncodeOptions = {},
): Encoded {
  return encodeTokens(texts.map(tokenize), vocab, options);
}

/**
 * Encodes already tokenized texts (the trainer tokenizes once, builds the vocab,
 * then encodes). A text without tokens becomes [UNK_INDEX]: a recurrent layer
 * cannot take a zero-length sequence, and `<unk>` is the honest "nothing known".
 */
export function encodeTokens(
  docs: readonly (readonly string[])[],
  vocab: Vocab,
  options: EncodeOptions = {},
): Encoded {
  return encodeDocs(docs, (token) => vocab.indexOf(token), options);
}

/**
 * encodeTokens for texts whose tokens the caller has already numbered with a
 * table of its own (a trainer numbers tokens as it reads them, before the
 * vocab exists, so it keeps integers instead of millions of strings):
 * `vocabIds[n]` is the vocab id of the token numbered n. A number outside
 * `vocabIds` is an ArgumentError naming the text and position.
 */
export function encodeNumberedTokens(
  docs: readonly ArrayLike<number>[],
  vocabIds: ArrayLike<number>,
  options: EncodeOptions = {},
): Encoded {
  return encodeDocs(
    docs,
    (n, d, t) => {
      const id = vocabIds[n];
      if (id === undefined) {
        throw new ArgumentError(
          `docs[${d}][${t}]`,
          `token number ${describeValue(n)} is not in vocabIds (${vocabIds.length} entries)`,
        );
      }
      return id;
    },
    options,
  );
}

/** The one encoding rule: the first maxLength tokens' ids; no tokens gives [UNK_INDEX]. */
function encodeDocs<T>(
  docs: readonly ArrayLike<T>[],
  idOf: (token: T, doc: number, position: number) => number,
  options: EncodeOptions,
): Encoded {
  const maxLength = options.maxLength ?? Number.POSITIVE_INFINITY;
  if (!(maxLength === Number.POSITIVE_INFINITY || isPositiveInteger(maxLength))) {
    throw new ArgumentError(
      'options.maxLength',
      `expected a positive integer, got ${describeValue(maxLength)}`,
    );
  }
  const ids: Int32Array[] = new Array(docs.length);
  const lengths = new Int32Array(docs.length);
  for (let d = 0; d < docs.length; d++) {
    const tokens = docs[d]!;
    const n = Math.min(tokens.length, maxLength);
    const row = new Int32Array(Math.max(n, 1));
    if (n === 0) row[0] = UNK_INDEX;
    for (let t = 0; t < n; t++) row[t] = idOf(tokens[t]!, d, t);
    ids[d] = row;
    lengths[d] = row.length;
  }
  return { ids, lengths };
}
