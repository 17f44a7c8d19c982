import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type Classifier,
  type ClassifierOptions,
  type FetchLike,
  isModelName,
  type LoadProgress,
  ModelLoadError,
  type ModelSource,
  openClassifier,
  readModelBytes,
} from '@imdb-rnn/core';
import { createNodeBackend, type NodeSessionOptions, sessionThreads } from './onnx-node-backend.js';
import { resolveModelName } from './resolve-model-name.js';

/**
 * A model name from `@imdb-rnn/models` (`'best'`, `'bilstm'`, ...), a file path, an
 * `http(s):`/`file:` URL, the model's bytes, or a fetched Response.
 */
export type NodeModelSource = ModelSource;

export interface LoadClassifierOptions extends ClassifierOptions, NodeSessionOptions {
  /** Aborts a download (e.g. `AbortSignal.timeout(10_000)`). */
  signal?: AbortSignal;
  /** The fetch used for http(s) URLs; default the global one. */
  fetch?: FetchLike;
  /** Called as an http(s) model downloads: `{ loaded, total, url }`. */
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * Loads an exported imdb-rnn ONNX model into onnxruntime-node. A bare name (letters,
 * digits, `-`, `_`) is a model of the installed `@imdb-rnn/models`; any other string
 * is a file path unless it starts with `http:`, `https:` or `file:`.
 */
export async function loadClassifier(
  source: NodeModelSource,
  options: LoadClassifierOptions = {},
): Promise<Classifier> {
  const numThreads = sessionThreads(options); // checked before any download
  const bytes = await readSource(
    isModelName(source) ? await resolveModelName(source) : source,
    options,
  );
  return openClassifier(bytes, (model) => createNodeBackend(model, { numThreads }), options);
}

async function readSource(source: NodeModelSource, options: LoadClassifierOptions) {
  const url =
    source instanceof URL
      ? source
      : typeof source === 'string' && /^(https?|file):/i.test(source)
        ? new URL(source)
        : undefined;
  if (typeof source === 'string' && url === undefined) return readModelFile(source);
  if (url?.protocol === 'file:') return readModelFile(fileURLToPath(url));
  const fetchOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  return readModelBytes(url ?? source, fetchOptions);
}

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, expected an .onnx file'
          : `cannot read the file (${code ?? String(error)})`;
    throw new ModelLoadError(path, problem, { cause: error });
  }
}
