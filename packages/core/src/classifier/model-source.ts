import { describeValue } from '../describe-value.js';
import { InputError, ModelLoadError } from './classifier-errors.js';

/** Where a model comes from, in any runtime: a URL, the bytes, or a fetched Response. */
export type ModelSource = string | URL | Uint8Array | ArrayBuffer | Blob | Response;

/** The part of `fetch` the loader uses. */
export type FetchLike = (url: string, init: { signal?: AbortSignal }) => Promise<Response>;

/** How much of a model download has arrived. */
export interface LoadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** The whole size from `Content-Length`, or undefined when the server does not say (or compresses). */
  total: number | undefined;
  /** The URL being downloaded. */
  url: string;
}

export interface ReadModelOptions {
  /** Aborts a download (e.g. `AbortSignal.timeout(10_000)`); an abort is a ModelLoadError. */
  signal?: AbortSignal;
  /** The fetch to use for URLs (default: the global one). */
  fetch?: FetchLike;
  /** Called as a downloaded model's body arrives, chunk by chunk, and once at the end. */
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * The model's bytes. Strings and URLs are fetched (a relative string resolves
 * against the page in a browser); an HTTP error status, a network failure or an
 * abort become ModelLoadError naming the URL. Node's adapter handles file paths
 * before calling this.
 */
export async function readModelBytes(
  source: ModelSource,
  options: ReadModelOptions = {},
): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return new Uint8Array(await source.arrayBuffer());
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    return responseBytes(source, source.url || 'response', options);
  }
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
    let response: Response;
    try {
      response = await doFetch(url, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      throw new ModelLoadError(url, `request failed: ${messageOf(error)}`, { cause: error });
    }
    return responseBytes(response, url, options);
  }
  throw new InputError(
    'source',
    `expected a URL, a path, bytes, a Blob or a Response, got ${describeValue(source)}`,
  );
}

async function responseBytes(
  response: Response,
  url: string,
  options: ReadModelOptions,
): Promise<Uint8Array> {
  if (!response.ok) {
    // Release the connection: an unread error body would otherwise keep it open.
    await response.body?.cancel().catch(() => undefined);
    throw new ModelLoadError(
      url,
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    );
  }
  try {
    options.signal?.throwIfAborted();
    if (options.onProgress && response.body) {
      return await streamBody(response.body, url, contentLength(response), options.onProgress);
    }
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new ModelLoadError(url, `reading the body failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

/** The body's size, when the server states it for the bytes we will read (not compressed). */
function contentLength(response: Response): number | undefined {
  if (response.headers.get('content-encoding')) return undefined;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** Reads the body chunk by chunk, reporting progress after each, into one buffer. */
async function streamBody(
  body: ReadableStream<Uint8Array>,
  url: string,
  total: number | undefined,
  onProgress: (progress: LoadProgress) => void,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = body.getReader();
  onProgress({ loaded, total, url });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress({ loaded, total, url });
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
