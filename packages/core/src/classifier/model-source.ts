import { describeValue } from '../describe-value.js';
import { InputError, ModelLoadError } from './classifier-errors.js';

/** Where a model comes from, in any runtime: a URL, the bytes, or a fetched Response. */
export type ModelSource = string | URL | Uint8Array | ArrayBuffer | Blob | Response;

/** The part of `fetch` the loader uses. */
export type FetchLike = (url: string, init: { signal?: AbortSignal }) => Promise<Response>;

export interface ReadModelOptions {
  /** Aborts a download (e.g. `AbortSignal.timeout(10_000)`); an abort is a ModelLoadError. */
  signal?: AbortSignal;
  /** The fetch to use for URLs (default: the global one). */
  fetch?: FetchLike;
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
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new ModelLoadError(url, `reading the body failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
