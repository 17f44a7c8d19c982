/**
 * A word-vector file that cannot be used: missing, malformed, of the wrong
 * dimension, or holding non-numeric values. The message names the file and
 * the line (text files) or byte offset (the wink JSON), so a user can look.
 */
export class VectorsError extends Error {
  readonly code: 'missing-file' | 'malformed' | 'wrong-dimension' | 'non-numeric';
  readonly file: string;

  constructor(code: VectorsError['code'], file: string, message: string) {
    super(message);
    this.name = 'VectorsError';
    this.code = code;
    this.file = file;
  }
}
