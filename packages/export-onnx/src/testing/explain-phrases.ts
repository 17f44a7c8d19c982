// The phrases core's `explain` documents, built from tokens by hand so the inference
// tests check explain against the reference forward pass, not against explain's own code:
// token i is judged by tokens i-5..i+5 (clipped at the ends), with and without it.
// Phrases are joined with spaces; the tokenizer reads them back as the same tokens.
import type { TestModel } from './test-model.js';

/** Tokens either side, as documented on core's EXPLAIN_WINDOW. */
const WINDOW = 5;

export function explainPhrases(tokens: readonly string[]): {
  phrases: string[];
  without: string[];
} {
  const phrases: string[] = [];
  const without: string[] = [];
  tokens.forEach((_, i) => {
    const start = Math.max(0, i - WINDOW);
    const phrase = tokens.slice(start, i + WINDOW + 1);
    phrases.push(phrase.join(' '));
    without.push(phrase.filter((__, j) => j !== i - start).join(' '));
  });
  return { phrases, without };
}

/** log(p / (1 - p)): the logit a probability came from. */
export function logOdds(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * What `explain(text)` must return by the reference forward pass, given the tokens
 * explain reported: the review's P(positive) and, per token, the log-odds of its
 * phrase minus the log-odds of that phrase without it.
 */
export function referenceExplanation(
  model: Pick<TestModel, 'probabilities'>,
  text: string,
  tokens: readonly string[],
): { score: number; contributions: number[] } {
  const { phrases, without } = explainPhrases(tokens);
  const p = model.probabilities([text, ...phrases, ...without]);
  return {
    score: p[0]!,
    contributions: tokens.map((_, i) => logOdds(p[1 + i]!) - logOdds(p[1 + tokens.length + i]!)),
  };
}
