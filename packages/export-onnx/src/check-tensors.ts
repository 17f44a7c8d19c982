import { ArtifactError, expectedTensorShapes, type ModelSpec } from '@imdb-rnn/core';

/** A float32 tensor as artifacts carry it: row-major data with its dimensions. */
export interface Float32Tensor {
  shape: number[];
  data: Float32Array;
}

/**
 * Checks that `tensors` holds exactly the tensors `spec` implies, each with the
 * expected shape, matching data length and only finite values. A NaN or Infinity
 * would not fail in ONNX Runtime; it would silently make every prediction NaN.
 */
export function checkTensors(value: unknown, spec: ModelSpec): Record<string, Float32Tensor> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArtifactError(`tensors: expected an object of named tensors, got ${typeof value}`);
  }
  const tensors = value as Record<string, unknown>;
  const expected = expectedTensorShapes(spec);
  for (const name of Object.keys(tensors)) {
    if (!(name in expected)) {
      throw new ArtifactError(
        `unexpected tensor for a ${describeSpec(spec)} model (expected ${Object.keys(expected).join(', ')})`,
        name,
      );
    }
  }
  const checked: Record<string, Float32Tensor> = {};
  for (const [name, shape] of Object.entries(expected)) {
    const tensor = tensors[name];
    if (tensor === undefined) {
      throw new ArtifactError(`missing (a ${describeSpec(spec)} model needs it)`, name);
    }
    checked[name] = checkTensor(name, tensor, shape);
  }
  return checked;
}

function checkTensor(name: string, value: unknown, expectedShape: number[]): Float32Tensor {
  if (typeof value !== 'object' || value === null) {
    throw new ArtifactError('expected { shape, data }', name);
  }
  const { shape, data } = value as { shape?: unknown; data?: unknown };
  if (!Array.isArray(shape) || shape.join(',') !== expectedShape.join(',')) {
    throw new ArtifactError(
      `shape ${JSON.stringify(shape)} does not match the spec's [${expectedShape.join(', ')}]`,
      name,
    );
  }
  if (!(data instanceof Float32Array)) {
    throw new ArtifactError('data: expected a Float32Array', name);
  }
  const size = expectedShape.reduce((product, dim) => product * dim, 1);
  if (data.length !== size) {
    throw new ArtifactError(
      `data has ${data.length} values, shape [${expectedShape.join(', ')}] needs ${size}`,
      name,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new ArtifactError(`value ${data[i]} at flat index ${i} is not finite`, name);
    }
  }
  return { shape: [...expectedShape], data };
}

function describeSpec(spec: ModelSpec): string {
  return `${spec.bidirectional ? 'bidirectional ' : ''}${spec.cell} (vocab ${spec.vocabSize}, embedding ${spec.embeddingSize}, hidden ${spec.hiddenSize})`;
}
