// @imdb-rnn/train/testing: helpers for tests of this package and of code built
// on it. Not part of the main entry: they may change without a major version.
//
// - referenceEmbeddingLookup, referenceRecurrentLayer: the fused ops rebuilt
//   from plain tfjs primitives with tfjs's own autodiff, the readable reference
//   the fused ops and their hand-written gradients are checked against.
// - syntheticResults: a deterministic results file without training anything,
//   for tests of report and docs code.
// - smallDataset, tarBytes, writeArchive, writeFolder: small IMDB-shaped
//   datasets in the official layout, as an archive or an extracted folder.
export {
  type DatasetFiles,
  smallDataset,
  tarBytes,
  writeArchive,
  writeFolder,
} from './data/imdb.test-support';
export { referenceEmbeddingLookup, referenceRecurrentLayer } from './ops/reference-ops';
export { syntheticResults } from './report/synthetic-results.js';
