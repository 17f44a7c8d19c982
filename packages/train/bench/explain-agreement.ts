// How often an explanation's signs agree with an opinion lexicon (issue 15, item 5).
// Pure functions, so the benchmark's arithmetic can be read (and checked) apart from
// the ONNX runs that feed it.

/** Lexicon words weaker than this (|valence| 1) are too ambiguous to judge a sign by. */
export const MIN_VALENCE = 2;
/** The "strongest tokens" of a review: this many, by |contribution|. */
export const TOP_K = 5;

/** Agreeing and judged lexicon-word occurrences, overall and among each review's top K. */
export interface AgreementCounts {
  agree: number;
  total: number;
  topAgree: number;
  topTotal: number;
}

export function emptyCounts(): AgreementCounts {
  return { agree: 0, total: 0, topAgree: 0, topTotal: 0 };
}

/**
 * Adds one review to `counts`. A token is judged when the lexicon rates it
 * |valence| >= MIN_VALENCE; it agrees when its contribution has the valence's sign
 * (a zero contribution never agrees: it points nowhere). The top K are the K tokens
 * of largest |contribution| (ties: the earlier token), judged the same way.
 */
export function addReview(
  counts: AgreementCounts,
  tokens: readonly string[],
  contributions: ArrayLike<number>,
  lexicon: Readonly<Record<string, number>>,
  /** When given, counts each judged word whose sign disagrees, by word. */
  misses?: Map<string, number>,
): void {
  const valence = (i: number): number => {
    const v = Object.hasOwn(lexicon, tokens[i]!) ? lexicon[tokens[i]!]! : 0;
    return Math.abs(v) >= MIN_VALENCE ? v : 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    const v = valence(i);
    if (v === 0) continue;
    counts.total++;
    if (v * contributions[i]! > 0) counts.agree++;
    else misses?.set(tokens[i]!, (misses.get(tokens[i]!) ?? 0) + 1);
  }
  const order = Array.from(tokens, (_, i) => i).sort(
    (a, b) => Math.abs(contributions[b]!) - Math.abs(contributions[a]!) || a - b,
  );
  for (const i of order.slice(0, TOP_K)) {
    const v = valence(i);
    if (v === 0) continue;
    counts.topTotal++;
    if (v * contributions[i]! > 0) counts.topAgree++;
  }
}
