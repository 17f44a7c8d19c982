import { describeValue } from './describe-value.js';
import { ArgumentError } from './errors.js';

/**
 * The one tokenizer of imdb-rnn, shared by training and both inference packages.
 * Bump TOKENIZER_VERSION on any change that can alter a token: artifacts record
 * the version they were trained with and loaders refuse a mismatch.
 *
 * Steps, in order (see README "Tokenizer" for examples):
 * 1. HTML line breaks `<br>`, `<br/>`, `<br />` (any case) become a space.
 * 2. Lowercase (locale-independent), then Unicode NFC so composed and decomposed
 *    accents ("é" vs "e\u0301") give the same token.
 * 3. Apostrophe look-alikes ’ ‘ ´ ` ʼ ＇ become ' (IMDB reviews write "can´t",
 *    "don`t", "don’t"). After NFC, because NFC itself maps U+1FEF to ` and U+1FFD to ´.
 * 4. Tokens are, left to right:
 *    - words: runs of letters, combining marks and digits of any script, joined by
 *      single inner apostrophes ("don't", "l'amour"; not "'90s" or "students'");
 *    - every other visible character on its own ("!", ".", "/", "😀"), keeping any
 *      combining marks or emoji skin-tone modifiers that follow it ("❤️", "👍🏽").
 *    Whitespace, control and format characters (zero-width joiner, soft hyphen,
 *    BOM) and lone UTF-16 surrogates separate tokens and are never part of one.
 */
export const TOKENIZER_VERSION = 1;

const LINE_BREAK = /<br\s*\/?>/gi;
const APOSTROPHES = /[\u2019\u2018\u00B4\u0060\u02BC\uFF07]/g;
// One precompiled sticky-free global regex; `match` with /g returns all tokens in a
// single native pass, which is several times faster than a matchAll loop.
const TOKEN =
  /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*|[^\s\p{Z}\p{L}\p{M}\p{N}\p{Cc}\p{Cf}\p{Cs}][\p{M}\p{Emoji_Modifier}]*/gu;

/** Splits a review into lowercase tokens; never throws, never yields an empty token. */
export function tokenize(text: string): string[] {
  // Plain-JS callers (a browser form, a JSON field) can pass null; say so plainly.
  if (typeof text !== 'string')
    throw new ArgumentError('text', `expected a string, got ${describeValue(text)}`);
  const normalised = text
    .replace(LINE_BREAK, ' ')
    .toLowerCase()
    .normalize('NFC')
    .replace(APOSTROPHES, "'");
  return normalised.match(TOKEN) ?? [];
}
