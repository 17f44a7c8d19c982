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
 * How far an `explain(text)` result is from the reference forward pass: |score
 * difference|, and the largest |contribution difference| with its token, where
 * the reference contribution of token i is the log-odds of its phrase minus the
 * log-odds of that phrase without it (the phrases built from explain's own tokens).
 */
export function explanationDifference(
  model: Pick<TestModel, 'probabilities'>,
  text: string,
  explanation: { score: number; tokens: readonly { token: string; contribution: number }[] },
): { score: number; contribution: number; token: string | undefined } {
  const tokens = explanation.tokens.map((t) => t.token);
  const { phrases, without } = explainPhrases(tokens);
  const p = model.probabilities([text, ...phrases, ...without]);
  let contribution = 0;
  let token: string | undefined;
  explanation.tokens.forEach((t, i) => {
    const expected = logOdds(p[1 + i]!) - logOdds(p[1 + tokens.length + i]!);
    const difference = Math.abs(t.contribution - expected);
    if (!(difference <= contribution)) {
      contribution = difference;
      token = t.token;
    }
  });
  return { score: Math.abs(explanation.score - p[0]!), contribution, token };
}
