import { describe, expect, it } from 'vitest';
import { ImdbRnnError } from '../errors.js';
import {
  assertKnownModelName,
  isModelName,
  MODEL_NAMES,
  ModelNotFoundError,
} from './model-name.js';

describe('isModelName', () => {
  it('takes bare names and leaves paths and URLs alone', () => {
    for (const name of [...MODEL_NAMES, 'bilstm2', 'my_model'])
      expect(isModelName(name)).toBe(true);
    for (const source of [
      './best',
      'best.onnx',
      '/models/best',
      'https://x.test/best',
      'C:\\m',
      '',
    ]) {
      expect(isModelName(source), source).toBe(false);
    }
    expect(isModelName(new URL('https://x.test/best'))).toBe(false);
  });
});

describe('ModelNotFoundError', () => {
  it('is an ImdbRnnError that names the model and lists the available names', () => {
    const error = new ModelNotFoundError('bilstm2', 'no model by that name');
    expect(error).toBeInstanceOf(ImdbRnnError);
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.name).toBe('ModelNotFoundError');
    expect(error.available).toEqual(MODEL_NAMES);
    expect(error.message).toBe(
      `model "bilstm2": no model by that name; the models are ${MODEL_NAMES.join(', ')}`,
    );
  });
});

describe('assertKnownModelName', () => {
  it('passes every model name and throws ModelNotFoundError naming any other', () => {
    for (const name of MODEL_NAMES) expect(() => assertKnownModelName(name)).not.toThrow();
    for (const name of ['bilstm2', 'Best', '']) {
      expect(() => assertKnownModelName(name), name).toThrow(ModelNotFoundError);
      expect(() => assertKnownModelName(name)).toThrow(
        `model "${name}": no model has this name; the models are ${MODEL_NAMES.join(', ')}`,
      );
    }
  });
});
