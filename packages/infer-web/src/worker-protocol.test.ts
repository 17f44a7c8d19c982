import { describe, expect, it } from 'vitest';
import { AbortError } from './abort-error.js';
// The error classes as the package exports them.
import * as errors from './core-exports.js';
import { dataToError, errorToData } from './worker-protocol.js';

/** What a trip through postMessage does to an error sent as data. */
const roundTrip = (error: unknown) => dataToError(structuredClone(errorToData(error)));

describe('errors across the worker boundary', () => {
  it.each([
    new errors.InputError('texts[3]', 'expected a string, got 7'),
    new errors.MetadataError('metadata.spec.cell', 'expected one of rnn, gru, lstm, got "x"'),
    new errors.ModelFormatError('not an ONNX model: field number 0 at byte 2'),
    new errors.ModelLoadError('http://localhost/m.onnx', 'HTTP 404 Not Found'),
    new errors.ClassifierDisposedError('explain'),
    new AbortError('explain'),
  ])('$name keeps its class, code, message and fields', (error) => {
    const back = roundTrip(error);
    expect(back).toBeInstanceOf(error.constructor);
    expect(back).toBeInstanceOf(errors.ImdbRnnError);
    expect({ ...back, name: back.name, message: back.message }).toEqual({
      ...error,
      name: error.name,
      message: error.message,
    });
  });

  it('an error class this side does not know stays an errors.ImdbRnnError with its name and fields', () => {
    const unknown = Object.assign(new errors.ImdbRnnError('UNKNOWN_MODEL', 'no model "bestt"'), {
      name: 'UnknownModelError',
      available: ['best', 'lstm'],
    });
    const back = roundTrip(unknown) as errors.ImdbRnnError & { available?: string[] };
    expect(back).toBeInstanceOf(errors.ImdbRnnError);
    expect([back.name, back.code, back.message, back.available]).toEqual([
      'UnknownModelError',
      'UNKNOWN_MODEL',
      'no model "bestt"',
      ['best', 'lstm'],
    ]);
  });

  it('a runtime failure without a code stays a plain Error', () => {
    const back = roundTrip(new RangeError('offset out of bounds'));
    expect(back).not.toBeInstanceOf(errors.ImdbRnnError);
    expect([back.name, back.message]).toEqual(['RangeError', 'offset out of bounds']);
  });
});
