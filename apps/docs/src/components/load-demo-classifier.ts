import { type DemoClassifier, DemoLoadError } from './demo-classifier';

/**
 * Loads one model for the demo with @imdb-rnn/infer-web. The package is
 * imported lazily so the rest of the site never downloads ONNX Runtime, and
 * only in the browser (VitePress also renders pages in Node at build time).
 */
export async function loadDemoClassifier(modelUrl: string): Promise<DemoClassifier> {
  const inferWeb = (await import('@imdb-rnn/infer-web')) as Record<string, unknown>;
  const loadClassifier = inferWeb.loadClassifier;
  if (typeof loadClassifier !== 'function') {
    throw new DemoLoadError('@imdb-rnn/infer-web: this build has no loadClassifier export');
  }
  // No wasmPaths: Vite emits onnxruntime-web's .wasm as one of the site's own
  // hashed assets (from the runtime's `new URL(..., import.meta.url)`), so the
  // demo needs no CDN and keeps working offline once loaded.
  return (await loadClassifier(modelUrl)) as DemoClassifier;
}
