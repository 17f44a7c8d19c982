// @imdb-rnn/export-onnx/testing: the test kit for packages that run exported models
// (infer-node, infer-web, their benchmarks). Models with seeded weights, the readable
// reference forward pass every runtime is checked against, and the review texts the
// parity tests use. Runtime-agnostic, like the main entry; not for production code.

export { explainPhrases, explanationDifference, logOdds } from './explain-phrases.js';
export { randomArtifact, randomBatch, seededRandom, testMetadata } from './random-artifact.js';
export { referenceLogits } from './reference-forward.js';
export type { TestModel, TestModelOptions } from './test-model.js';
export { buildTestModel } from './test-model.js';
export { PARITY_CASES, TEST_REVIEWS } from './test-reviews.js';
