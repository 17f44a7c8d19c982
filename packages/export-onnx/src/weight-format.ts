import { ArgumentError } from '@imdb-rnn/core';

/**
 * How the embedding table (about 99% of the parameters) is stored in the model.
 * The recurrent and output weights always stay float32: they are tiny, and
 * rounding errors in them compound over every time step.
 */
export type WeightFormat = 'fp32' | 'fp16' | 'int8';

export const WEIGHT_FORMATS: readonly WeightFormat[] = Object.freeze(['fp32', 'fp16', 'int8']);

export function checkWeightFormat(value: unknown, path: string): WeightFormat {
  if (typeof value === 'string' && (WEIGHT_FORMATS as readonly string[]).includes(value)) {
    return value as WeightFormat;
  }
  throw new ArgumentError(
    path,
    `expected one of ${WEIGHT_FORMATS.join(', ')}, got ${JSON.stringify(value) ?? String(value)}`,
  );
}
