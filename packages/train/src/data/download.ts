import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { ArgumentError } from '@imdb-rnn/core';
import { DownloadError } from '../errors';
import { withTempFile } from '../io/atomic-write';

export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
  /** Bytes expected (Content-Length, else the expected size); undefined when unknown. */
  total: number | undefined;
}

export interface DownloadOptions {
  /** The file's expected sha256, hex; the download is rejected if it differs. */
  sha256: string;
  /** The expected size in bytes, when known; checked before the hash. */
  size?: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** The fetch to use; default the global one. Injectable for tests and proxies. */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Downloads `url` to `dest`: the body is streamed to a temporary file beside
 * `dest` and hashed on the way (no second pass over the file), and the file is
 * renamed to `dest` only when the size and sha256 are right. A bad status, a
 * cut connection or a wrong checksum throws a DownloadError and leaves no file
 * behind (an older `dest` stays as it was).
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const expected = checkSha256(options.sha256);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return withTempFile(dest, async (temp) => {
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: options.signal, redirect: 'follow' });
    } catch (cause) {
      throw new DownloadError('DOWNLOAD_INTERRUPTED', url, `request failed (${describe(cause)})`, {
        cause,
      });
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new DownloadError(
        'DOWNLOAD_HTTP_STATUS',
        url,
        `server answered ${response.status} ${response.statusText}`.trim(),
      );
    }
    // With a Content-Encoding, fetch decodes the body and Content-Length counts
    // the encoded bytes, so it says nothing about what we receive.
    const header = response.headers.get('content-length');
    const contentLength =
      header !== null && response.headers.get('content-encoding') === null
        ? Number(header)
        : undefined;
    const total = contentLength ?? options.size;

    const hash = createHash('sha256');
    let received = 0;
    const file = await open(temp, 'w');
    try {
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          hash.update(value);
          await file.write(value);
          received += value.length;
          options.onProgress?.({ received, total });
        }
      } catch (cause) {
        const of = total === undefined ? '' : ` of ${total}`;
        throw new DownloadError(
          'DOWNLOAD_INTERRUPTED',
          url,
          `connection lost after ${received}${of} bytes (${describe(cause)})`,
          { cause },
        );
      }
    } finally {
      await file.close();
    }

    if (contentLength !== undefined && received !== contentLength) {
      throw new DownloadError(
        'DOWNLOAD_INTERRUPTED',
        url,
        `got ${received} bytes but Content-Length is ${contentLength}`,
      );
    }
    if (options.size !== undefined && received !== options.size) {
      throw new DownloadError(
        'DOWNLOAD_SIZE_MISMATCH',
        url,
        `got ${received} bytes, expected ${options.size}`,
      );
    }
    const actual = hash.digest('hex');
    if (actual !== expected) {
      throw new DownloadError(
        'DOWNLOAD_CHECKSUM_MISMATCH',
        url,
        `sha256 is ${actual}, expected ${expected}; the file was not kept`,
      );
    }
    return { path: dest, bytes: received, sha256: actual };
  });
}

function checkSha256(sha256: string): string {
  if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new ArgumentError(
      'options.sha256',
      `expected 64 hex digits, got ${JSON.stringify(sha256)}`,
    );
  }
  return sha256.toLowerCase();
}

/** undici reports a cut connection as TypeError("terminated") with the socket error as cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
