// The page the Chromium test drives: loads a model from its own origin (no CDN),
// classifies one review as soon as it can, and exposes the classifier to the test.
import { type Classifier, loadClassifier, type Prediction } from '../src/index.js';

interface TestWindow {
  imdb?: { classifier: Classifier; first: Prediction; firstPredictionAt: number };
  imdbError?: string;
  loadClassifier: typeof loadClassifier;
}

const w = window as unknown as TestWindow;
const status = document.getElementById('status')!;
const model = new URLSearchParams(location.search).get('model') ?? 'lstm-int8.onnx';
w.loadClassifier = loadClassifier;

try {
  const classifier = await loadClassifier(`/models/${model}`, { wasmPaths: '/ort/' });
  const first = await classifier.classify('A wonderful, moving film.');
  // performance.now() counts from navigation start: this is page load to first prediction.
  w.imdb = { classifier, first, firstPredictionAt: performance.now() };
  status.textContent = `${first.label} ${first.score.toFixed(3)}`;
} catch (error) {
  w.imdbError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  status.textContent = w.imdbError;
}
