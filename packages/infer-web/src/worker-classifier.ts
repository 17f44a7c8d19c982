import {
  ClassifierDisposedError,
  type ClassifierMetadata,
  type Explanation,
  InputError,
  isModelName,
  type ModelName,
  type ModelSource,
  type Prediction,
} from '@imdb-rnn/core';
import { proxy, type Remote, wrap } from 'comlink';
import { AbortError } from './abort-error.js';
import type { LoadClassifierOptions } from './load-classifier.js';
import { resolveModelName } from './resolve-model-name.js';
import {
  type ClassifierWorkerApi,
  dataToError,
  type Outcome,
  type WorkerCall,
} from './worker-protocol.js';

/** Per call: `signal` drops the call when it fires (it rejects with AbortError). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface WorkerLoadOptions extends Omit<LoadClassifierOptions, 'fetch'> {
  /**
   * The worker to run in. Default: a new dedicated module worker from this package's
   * `classifier-worker.js`, terminated by `dispose()`. Pass one to share it between
   * classifiers (they then take turns on its thread), or, on a page without a bundler,
   * `new Worker('/…/infer-web/dist/classifier-worker.standalone.js', { type: 'module' })`
   * (module workers do not see the page's import map; that build has no bare imports).
   */
  worker?: Worker;
}

/** The classifier, running in a Web Worker: the same calls, each taking an AbortSignal. */
export interface WorkerClassifier {
  readonly metadata: ClassifierMetadata;
  classify(text: string, options?: CallOptions): Promise<Prediction>;
  classify(texts: readonly string[], options?: CallOptions): Promise<Prediction[]>;
  explain(text: string, options?: CallOptions): Promise<Explanation>;
  /** Releases the model once queued calls finish; terminates the worker if it made it. */
  dispose(): Promise<void>;
}

const remotes = new WeakMap<Worker, Remote<ClassifierWorkerApi>>();
let nextCallId = 1;

/**
 * Loads a model in a Web Worker and returns a classifier whose calls run there, so
 * `explain` (tokens + 1 sequences) never blocks the page. Same sources and options as
 * the main-thread `loadClassifier`, except `fetch` (a function cannot be sent to a
 * worker); `onProgress` is called on the page. A name (`'best'`) resolves on the page,
 * as the main-thread `loadClassifier` resolves it (see resolveModelName).
 */
export async function loadClassifier(
  source: ModelSource | ModelName,
  options: WorkerLoadOptions = {},
): Promise<WorkerClassifier> {
  const { worker: given, signal, ...rest } = options;
  const settings = sendableOptions(rest as Record<string, unknown>);
  const sent = await sendableSource(source);
  if (signal?.aborted) throw new AbortError('load', signal.reason);
  const worker = given ?? createClassifierWorker();
  let remote = remotes.get(worker);
  if (!remote) {
    remote = wrap<ClassifierWorkerApi>(worker);
    remotes.set(worker, remote);
  }
  const loadId = nextCallId++;
  const onProgress = settings.onProgress as ((p: unknown) => void) | undefined;
  delete settings.onProgress;
  try {
    const loaded = await withSignal(
      remote.load(loadId, sent, settings, onProgress ? proxy(onProgress) : undefined),
      signal,
      'load',
      () => void remote.cancel(loadId),
    );
    return new RemoteClassifier(remote, loaded.classifierId, loaded.metadata, () => {
      if (!given) worker.terminate();
    });
  } catch (error) {
    if (!given) worker.terminate();
    throw error;
  }
}

class RemoteClassifier implements WorkerClassifier {
  readonly metadata: ClassifierMetadata;
  readonly #remote: Remote<ClassifierWorkerApi>;
  readonly #id: number;
  readonly #release: () => void;
  #disposed: Promise<void> | undefined;

  constructor(
    remote: Remote<ClassifierWorkerApi>,
    id: number,
    metadata: ClassifierMetadata,
    release: () => void,
  ) {
    this.#remote = remote;
    this.#id = id;
    this.metadata = metadata;
    this.#release = release;
  }

  classify(text: string, options?: CallOptions): Promise<Prediction>;
  classify(texts: readonly string[], options?: CallOptions): Promise<Prediction[]>;
  classify(
    input: string | readonly string[],
    options: CallOptions = {},
  ): Promise<Prediction | Prediction[]> {
    return this.#call({ method: 'classify', input }, options.signal) as Promise<
      Prediction | Prediction[]
    >;
  }

  explain(text: string, options: CallOptions = {}): Promise<Explanation> {
    return this.#call({ method: 'explain', input: text }, options.signal) as Promise<Explanation>;
  }

  dispose(): Promise<void> {
    this.#disposed ??= this.#remote
      .dispose(this.#id)
      .then((outcome) => unwrap(outcome))
      .finally(() => this.#release());
    return this.#disposed;
  }

  async #call(call: WorkerCall, signal: AbortSignal | undefined): Promise<unknown> {
    if (this.#disposed) throw new ClassifierDisposedError(call.method);
    if (signal?.aborted) throw new AbortError(call.method, signal.reason);
    const callId = nextCallId++;
    let sent: Promise<Outcome<unknown>>;
    try {
      sent = this.#remote.run(this.#id, callId, call);
    } catch (error) {
      throw uncloneable(error, call);
    }
    return withSignal(
      sent.catch((error) => Promise.reject(uncloneable(error, call))),
      signal,
      call.method,
      () => void this.#remote.cancel(callId),
    );
  }
}

/**
 * A new dedicated module worker running this package's classifier script. Pass it as
 * `options.worker` to several `loadClassifier` calls to run their models on one thread
 * (one ONNX Runtime instance: less memory and one wasm compile); `worker.terminate()`
 * when done.
 */
export function createClassifierWorker(): Worker {
  // The CommonJS build has no import.meta (tsup defines it as undefined there).
  if (typeof import.meta.url !== 'string') {
    throw new InputError(
      'options.worker',
      'the CommonJS build cannot locate classifier-worker.js: import the ESM build or pass a Worker',
    );
  }
  // The literal `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })`
  // is the pattern Vite and webpack 5 both recognise: they bundle the worker and its
  // imports (ORT's wasm included) as assets of the app.
  return new Worker(new URL('./classifier-worker.js', import.meta.url), { type: 'module' });
}

/** Settles with the outcome, or rejects with AbortError as soon as `signal` fires. */
async function withSignal<T>(
  pending: Promise<Outcome<T>>,
  signal: AbortSignal | undefined,
  what: string,
  cancel: () => void,
): Promise<T> {
  if (!signal) return unwrap(await pending);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      cancel();
      reject(new AbortError(what, signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return unwrap(await Promise.race([pending, aborted]));
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw dataToError(outcome.error);
}

/** postMessage refuses values it cannot clone (a function, a symbol): the review was not text. */
function uncloneable(error: unknown, call: WorkerCall): unknown {
  if (error instanceof DOMException && error.name === 'DataCloneError') {
    return new InputError('text', `expected a string, got ${typeof call.input}`);
  }
  return error;
}

/** A source the worker can receive: names and relative URLs resolved here, Responses read. */
async function sendableSource(
  source: ModelSource | ModelName,
): Promise<string | Uint8Array | ArrayBuffer | Blob> {
  if (source instanceof URL) return source.href;
  // A name ('best') resolves here, on the page: the registry that `import
  // '@imdb-rnn/models/best'` fills and the page's import map are the page's, not the worker's.
  if (isModelName(source)) return (await resolveModelName(source)).href;
  // In the worker a relative URL would resolve against the worker's script, not the page.
  if (typeof source === 'string') return new URL(source, document.baseURI).href;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    return new Uint8Array(await source.arrayBuffer());
  }
  return source as Uint8Array | ArrayBuffer | Blob;
}

/** The options as data; a function other than onProgress cannot be sent and is refused. */
function sendableOptions(options: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'function' && key !== 'onProgress') {
      throw new InputError(
        `options.${key}`,
        'a function cannot be sent to the worker; load on the main thread to use it',
      );
    }
  }
  return { ...options };
}
