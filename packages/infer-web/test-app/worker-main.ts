// The page the worker test drives: the same model loaded twice, in a Web Worker
// (@imdb-rnn/infer-web/worker) and on the main thread, both exposed to the test.
import * as main from '../src/index.js';
import * as inWorker from '../src/worker.js';

interface TestWindow {
  imdb?: { worker: inWorker.WorkerClassifier; main: main.Classifier };
  imdbError?: string;
  main: typeof main;
  inWorker: typeof inWorker;
}

const w = window as unknown as TestWindow;
const status = document.getElementById('status')!;
const model = new URLSearchParams(location.search).get('model') ?? 'lstm-int8.onnx';
w.main = main;
w.inWorker = inWorker;

try {
  // A relative URL: the worker client resolves it against the page, not the worker script.
  const worker = await inWorker.loadClassifier(`models/${model}`, { wasmPaths: '/ort/' });
  const onMain = await main.loadClassifier(`/models/${model}`, { wasmPaths: '/ort/' });
  w.imdb = { worker, main: onMain };
  status.textContent = 'ready';
} catch (error) {
  w.imdbError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  status.textContent = w.imdbError;
}
