import { ImdbRnnError } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import * as errors from './errors';

describe('errors', () => {
  it('every error class extends ImdbRnnError and is named after itself', () => {
    const classes = Object.entries(errors);
    expect(classes.length).toBe(11);
    for (const [name, ErrorClass] of classes) {
      const error = new (ErrorClass as new (...args: string[]) => ImdbRnnError)(
        'SOME_CODE',
        'x',
        'y',
      );
      expect(error).toBeInstanceOf(ImdbRnnError);
      expect(error.name).toBe(name);
      expect(error.code).toBe('SOME_CODE');
    }
  });
});
