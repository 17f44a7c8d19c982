import { ImdbRnnError } from '@imdb-rnn/core';

export type DownloadErrorCode =
  /** The server answered with a non-2xx status. */
  | 'DOWNLOAD_HTTP_STATUS'
  /** The connection failed or was cut before the whole body arrived. */
  | 'DOWNLOAD_INTERRUPTED'
  /** The body's length differs from Content-Length or from the expected size. */
  | 'DOWNLOAD_SIZE_MISMATCH'
  /** The body's sha256 differs from the expected one. */
  | 'DOWNLOAD_CHECKSUM_MISMATCH';

/** A download that did not produce the expected file; nothing was written to its destination. */
export class DownloadError extends ImdbRnnError {
  declare readonly code: DownloadErrorCode;
  readonly url: string;

  constructor(
    code: DownloadErrorCode,
    url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${url}: ${problem}`);
    this.url = url;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
