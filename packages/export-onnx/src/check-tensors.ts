import {
  ArtifactError,
  type ArtifactMetadata,
  assertFinite,
  type NamedTensor,
  validateTensorShapes,
} from '@imdb-rnn/core';

/**
 * Checks an in-memory artifact's tensors: each a { shape, data: Float32Array } whose
 * length matches its shape; exactly the names and shapes `metadata.spec` implies
 * (core's validateTensorShapes); only finite values (core's assertFinite). A NaN
 * would not fail in ONNX Runtime; it would silently make every prediction NaN.
 */
export function checkTensors(
  value: unknown,
  metadata: ArtifactMetadata,
): Record<string, NamedTensor> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArtifactError(`tensors: expected an object of named tensors, got ${typeof value}`);
  }
  const tensors = value as Record<string, unknown>;
  for (const [name, tensor] of Object.entries(tensors)) checkTensor(name, tensor);
  const checked = tensors as Record<string, NamedTensor>;
  validateTensorShapes(checked, metadata);
  assertFinite(checked);
  return checked;
}

function checkTensor(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) {
    throw new ArtifactError('expected { shape, data }', name);
  }
  const { shape, data } = value as { shape?: unknown; data?: unknown };
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ArtifactError(
      `shape: expected an array of non-negative integers, got ${JSON.stringify(shape)}`,
      name,
    );
  }
  if (!(data instanceof Float32Array)) {
    throw new ArtifactError('data: expected a Float32Array', name);
  }
  const size = shape.reduce((product: number, dim: number) => product * dim, 1);
  if (data.length !== size) {
    throw new ArtifactError(
      `data has ${data.length} values, shape [${shape.join(', ')}] needs ${size}`,
      name,
    );
  }
}
