import { ImdbRnnError } from '@imdb-rnn/core';

/** Bytes that are not an imdb-rnn ONNX model (code `INVALID_ONNX`). */
export class OnnxFormatError extends ImdbRnnError {
  constructor(message: string) {
    super('INVALID_ONNX', message);
  }
}
