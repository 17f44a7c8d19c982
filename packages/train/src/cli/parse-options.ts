import { ARCHITECTURES, type Architecture, ArgumentError, isPositiveInteger } from '@imdb-rnn/core';
import { WEIGHT_FORMATS, type WeightFormat } from '@imdb-rnn/export-onnx';

/** Parsers for commander options: each names the option in its error. */
export function parseArchitectures(value: string): Architecture[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase());
  if (list.length === 1 && list[0] === 'all') return [...ARCHITECTURES];
  for (const arch of list) {
    if (!(ARCHITECTURES as readonly string[]).includes(arch)) {
      throw new ArgumentError(
        '--arch',
        `unknown architecture "${arch}"; expected "all" or a comma-separated list of ${ARCHITECTURES.join(', ')}`,
      );
    }
  }
  return list as Architecture[];
}

export function parseSeeds(value: string): number[] {
  const seeds = value.split(',').map((s) => Number(s.trim()));
  for (const seed of seeds) {
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError('--seeds', `expected comma-separated integers, got "${value}"`);
    }
  }
  return seeds;
}

export function parseFormats(value: string): WeightFormat[] {
  if (value === 'none') return [];
  const list = value.split(',').map((s) => s.trim());
  for (const f of list) {
    if (!(WEIGHT_FORMATS as readonly string[]).includes(f)) {
      throw new ArgumentError(
        '--export',
        `unknown weight format "${f}"; expected "none" or a comma-separated list of ${WEIGHT_FORMATS.join(', ')}`,
      );
    }
  }
  return list as WeightFormat[];
}

/** A commander parser for an option that takes a positive integer (core's definition). */
export function positiveIntegerArg(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!isPositiveInteger(n)) {
      throw new ArgumentError(name, `expected a positive integer, got "${value}"`);
    }
    return n;
  };
}

/** A commander parser for an option that takes an integer >= 0. */
export function nonNegativeIntegerArg(name: string): (value: string) => number {
  return (value) => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!(Number.isInteger(n) && n >= 0)) {
      throw new ArgumentError(name, `expected an integer >= 0, got "${value}"`);
    }
    return n;
  };
}

export function positiveNumber(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) {
      throw new ArgumentError(name, `expected a positive number, got "${value}"`);
    }
    return n;
  };
}

export function nonNegativeNumber(name: string): (value: string) => number {
  return (value) => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!(Number.isFinite(n) && n >= 0)) {
      throw new ArgumentError(name, `expected a number >= 0, got "${value}"`);
    }
    return n;
  };
}

/**
 * A commander parser for a probability: a number in [0, 1], or in [0, 1) when
 * `below1` (a dropout of 1 would drop everything).
 */
export function probabilityArg(name: string, { below1 = false } = {}): (value: string) => number {
  return (value) => {
    const p = value.trim() === '' ? Number.NaN : Number(value);
    if (!(p >= 0 && (below1 ? p < 1 : p <= 1))) {
      throw new ArgumentError(
        name,
        `expected a number in [0, 1${below1 ? ')' : ']'}, got "${value}"`,
      );
    }
    return p;
  };
}
