import { type DemoClassifier, DemoLoadError } from './demo-classifier';

let shared: Promise<Worker> | undefined;

/**
 * Loads one model for the demo with @imdb-rnn/infer-web/worker: ONNX Runtime runs in
 * a Web Worker, so explaining four models on every pause in typing never blocks the
 * page. The four models share one worker (one runtime, one wasm compile); they would
 * take turns on a 2-core machine anyway. The package is imported lazily so the rest
 * of the site never downloads ONNX Runtime, and only in the browser (VitePress also
 * renders pages in Node at build time).
 */
export async function loadDemoClassifier(modelUrl: string): Promise<DemoClassifier> {
  const inferWeb = await import('@imdb-rnn/infer-web/worker');
  if (typeof inferWeb.loadClassifier !== 'function') {
    throw new DemoLoadError('@imdb-rnn/infer-web/worker: this build has no loadClassifier export');
  }
  shared ??= Promise.resolve(inferWeb.createClassifierWorker());
  // No wasmPaths: Vite emits onnxruntime-web's .wasm as one of the site's own hashed
  // assets (from the runtime's `new URL(..., import.meta.url)` inside the worker's
  // bundle), so the demo needs no CDN and keeps working offline once loaded.
  return inferWeb.loadClassifier(modelUrl, { worker: await shared });
}
