// Review snippets for the test vocabulary, and the cases that infer-node and
// infer-web (in Chromium) both check against the reference forward pass.

/** The corpus the test vocabulary is built from (every word here is in vocabulary). */
export const TEST_REVIEWS: readonly string[] = [
  'One of the best films I have seen this year. The acting was superb and the story moving.',
  'A complete waste of time. The plot made no sense and the dialogue was painfully bad.',
  "I can't believe how boring this movie was; I fell asleep twice.",
  'Brilliant direction, a wonderful cast and a soundtrack that stays with you.',
  'The worst movie ever made. Terrible acting, awful script, no redeeming qualities at all!',
  "Don't miss it! 10/10, would watch again with my family.",
  'Mediocre at best: a few funny moments, but mostly predictable and dull.',
  'An absolute masterpiece of modern cinema, beautiful and heartbreaking.',
  'The special effects were cheap and the ending was a disappointment.',
  'I loved every minute of it. Funny, clever and surprisingly touching.',
  'Not great, not terrible. Watchable if there is nothing else on TV.',
  'Avoid this film. Even the talented actors could not save the weak script.',
];

/** Texts whose probabilities must match the reference forward pass (and, in train, the training model): ordinary and odd input. */
export const PARITY_CASES: readonly string[] = [
  ...TEST_REVIEWS,
  'Good.',
  '',
  '   \n\t  ',
  'zyzzyva quixotic flibbertigibbet', // only out-of-vocabulary words: all <unk>
  'great \ud800 film \udfff with a lone surrogate', // invalid UTF-16
  'Almodóvar’s “Volver” <br /><br />is BRILLIANT!!! ★★★★★',
  TEST_REVIEWS.join(' '), // about 200 tokens, the median review length
];
