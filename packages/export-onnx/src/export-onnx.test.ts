import {
  ArgumentError,
  ArtifactError,
  encodeArtifact,
  MetadataError,
  readOnnxModelMetadata,
} from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { randomArtifact } from './testing/random-artifact.js';

// Bad artifacts must fail loudly, naming the field or tensor, and return nothing.
describe('exportOnnx input validation', () => {
  it('rejects an unknown metadata format version', () => {
    const artifact = randomArtifact('lstm', 1);
    const metadata = {
      ...artifact.metadata,
      formatVersion: 2,
    } as unknown as typeof artifact.metadata;
    expect(() => exportOnnx({ ...artifact, metadata })).toThrow(MetadataError);
    expect(() => exportOnnx({ ...artifact, metadata })).toThrow(
      /metadata\.formatVersion.*version 2/,
    );
  });

  it('rejects a foreign object without imdb-rnn metadata', () => {
    expect(() => exportOnnx({ tensors: {} } as never)).toThrow(/metadata: expected an object/);
    const foreign = { metadata: { format: 'keras' }, tensors: {} } as never;
    expect(() => exportOnnx(foreign)).toThrow(/metadata\.format/);
  });

  it('rejects a tensor whose shape does not match the spec, naming it', () => {
    const artifact = randomArtifact('gru', 1);
    const tensor = artifact.tensors['rnn.weight_hh_l0']!;
    artifact.tensors['rnn.weight_hh_l0'] = {
      shape: [tensor.shape[1]!, tensor.shape[0]!],
      data: tensor.data,
    };
    expect(() => exportOnnx(artifact)).toThrow(ArtifactError);
    expect(() => exportOnnx(artifact)).toThrow(
      /tensor "rnn\.weight_hh_l0": shape \[5, 15\] does not match \[15, 5\]/,
    );
  });

  it('rejects data whose length does not match the shape (a truncated tensor)', () => {
    const artifact = randomArtifact('rnn', 1);
    const fc = artifact.tensors['fc.weight']!;
    artifact.tensors['fc.weight'] = { shape: fc.shape, data: fc.data.subarray(0, 2) };
    expect(() => exportOnnx(artifact)).toThrow(/tensor "fc\.weight": data has 2 values/);
  });

  it('rejects a missing tensor and an unexpected one, naming each', () => {
    const missing = randomArtifact('bilstm', 1);
    delete missing.tensors['rnn.bias_hh_l0_reverse'];
    expect(() => exportOnnx(missing)).toThrow(/tensor "rnn\.bias_hh_l0_reverse": missing/);
    const extra = randomArtifact('lstm', 1);
    extra.tensors['rnn.weight_ih_l1'] = { shape: [20, 6], data: new Float32Array(120) };
    expect(() => exportOnnx(extra)).toThrow(
      /tensor "rnn\.weight_ih_l1": not part of the lstm model/,
    );
  });

  it('rejects NaN and infinite weights, naming the tensor and index', () => {
    const artifact = randomArtifact('lstm', 1);
    artifact.tensors['rnn.weight_ih_l0']!.data[7] = Number.NaN;
    expect(() => exportOnnx(artifact)).toThrow(/tensor "rnn\.weight_ih_l0": element 7 is NaN/);
    const infinite = randomArtifact('lstm', 1);
    infinite.tensors['embedding.weight']!.data[3] = Number.POSITIVE_INFINITY;
    expect(() => exportOnnx(infinite)).toThrow(/"embedding\.weight": element 3 is Infinity/);
  });

  it('refuses fp16 for an embedding with values beyond float16 range instead of writing Infinity', () => {
    const artifact = randomArtifact('rnn', 1);
    artifact.tensors['embedding.weight']!.data[12] = 70000;
    expect(() => exportOnnx(artifact, { weights: 'fp16' })).toThrow(/exceeds float16's range/);
    expect(exportOnnx(artifact, { weights: 'int8' }).length).toBeGreaterThan(0);
  });

  it('rejects an unknown weights option', () => {
    const artifact = randomArtifact('rnn', 1);
    expect(() => exportOnnx(artifact, { weights: 'int4' as never })).toThrow(ArgumentError);
    expect(() => exportOnnx(artifact, { weights: 'int4' as never })).toThrow(
      /options\.weights: expected one of fp32, fp16, int8/,
    );
  });
});

describe('exportOnnx from safetensors bytes', () => {
  it('exports the same model from encodeArtifact bytes as from the object', () => {
    const artifact = randomArtifact('bilstm', 8);
    const fromBytes = exportOnnx(encodeArtifact(artifact), { weights: 'fp16' });
    expect(fromBytes).toEqual(exportOnnx(artifact, { weights: 'fp16' }));
  });

  it('rejects a truncated artifact', () => {
    const bytes = encodeArtifact(randomArtifact('gru', 8));
    expect(() => exportOnnx(bytes.subarray(0, bytes.length - 10))).toThrow(ArtifactError);
    expect(() => exportOnnx(bytes.subarray(0, 5))).toThrow(/truncated/);
  });

  it('rejects foreign bytes', () => {
    const foreign = new TextEncoder().encode('PK\u0003\u0004 this is a zip, not safetensors');
    expect(() => exportOnnx(foreign)).toThrow(ArtifactError);
  });

  it('rejects NaN weights inside the bytes, naming the tensor', () => {
    const artifact = randomArtifact('rnn', 8);
    artifact.tensors['fc.bias']!.data[0] = Number.NaN;
    expect(() => exportOnnx(encodeArtifact(artifact))).toThrow(
      /tensor "fc\.bias": element 0 is NaN/,
    );
  });
});

describe('exportOnnx output', () => {
  it('is a plain Uint8Array (not a Node Buffer) and deterministic', () => {
    const artifact = randomArtifact('gru', 2);
    const bytes = exportOnnx(artifact);
    expect(bytes.constructor).toBe(Uint8Array);
    expect(exportOnnx(artifact)).toEqual(bytes);
  });

  it("writes the model's class names, from the object and from safetensors bytes", () => {
    const artifact = randomArtifact('lstm', 3);
    artifact.metadata.labels = ['ham', 'spam'];
    for (const source of [artifact, encodeArtifact(artifact)]) {
      expect(readOnnxModelMetadata(exportOnnx(source)).metadata.labels).toEqual(['ham', 'spam']);
    }
  });

  it('refuses class names a classifier could not report, naming the field', () => {
    const artifact = randomArtifact('gru', 3);
    artifact.metadata.labels = ['spam', 'spam'];
    expect(() => exportOnnx(artifact)).toThrow(MetadataError);
    expect(() => exportOnnx(artifact)).toThrow('metadata.labels: the two class names must differ');
  });
});
