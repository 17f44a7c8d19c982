import { MetadataError, ONNX_METADATA_KEY, validateMetadata } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
// Re-exported from core: what a user of this package catches.
import { ModelFormatError } from './index.js';
import { IR_VERSION, OPSET_VERSION, onnxType } from './onnx-proto.js';
import { readOnnxInfo, readOnnxMetadata } from './read-onnx-metadata.js';
import { randomArtifact } from './testing/random-artifact.js';

describe('readOnnxMetadata', () => {
  it('returns the artifact metadata exactly, including vocabulary and test accuracy', () => {
    const artifact = randomArtifact('bilstm', 1);
    const metadata = readOnnxMetadata(exportOnnx(artifact, { weights: 'int8' }));
    expect(metadata).toEqual(validateMetadata(artifact.metadata));
    expect(metadata.vocab).toHaveLength(artifact.metadata.spec.vocabSize);
    expect(metadata.metrics?.testAccuracy).toBe(0.875);
  });

  it('reports the embedding storage format', () => {
    const artifact = randomArtifact('gru', 1);
    for (const weights of ['fp32', 'fp16', 'int8'] as const) {
      expect(readOnnxInfo(exportOnnx(artifact, { weights })).weights).toBe(weights);
    }
  });

  it('writes IR version 8, opset 17 and the native recurrent operator', () => {
    const model = onnxType('ModelProto').toObject(
      onnxType('ModelProto').decode(exportOnnx(randomArtifact('lstm', 1))),
      { longs: Number },
    ) as {
      ir_version: number;
      opset_import: { domain?: string; version: number }[];
      graph: { node: { op_type: string }[] };
    };
    expect(model.ir_version).toBe(IR_VERSION);
    expect(model.opset_import).toEqual([{ domain: '', version: OPSET_VERSION }]);
    expect(model.graph.node.map((n) => n.op_type)).toContain('LSTM');
    expect(model.graph.node.map((n) => n.op_type)).not.toContain('Loop');
  });

  it('rejects bytes that are not an ONNX model', () => {
    expect(() => readOnnxMetadata(new TextEncoder().encode('{"not": "onnx"}'))).toThrow(
      ModelFormatError,
    );
    expect(() => readOnnxMetadata(new Uint8Array(0))).toThrow(/not an ONNX model/);
  });

  it('rejects a truncated model', () => {
    const bytes = exportOnnx(randomArtifact('rnn', 1));
    expect(() => readOnnxMetadata(bytes.subarray(0, bytes.length - 100))).toThrow(ModelFormatError);
  });

  it('rejects an ONNX model without imdb-rnn metadata, naming the key', () => {
    const ModelProto = onnxType('ModelProto');
    const bytes = ModelProto.encode({ ir_version: 8, graph: { name: 'other' } }).finish();
    expect(() => readOnnxMetadata(bytes)).toThrow(
      `metadata_props["${ONNX_METADATA_KEY}"] is missing`,
    );
  });

  it('validates the stored metadata with core, naming the bad field', () => {
    const ModelProto = onnxType('ModelProto');
    const decoded = ModelProto.decode(exportOnnx(randomArtifact('rnn', 1))) as unknown as {
      metadata_props: { key: string; value: string }[];
    };
    const prop = decoded.metadata_props.find((p) => p.key === ONNX_METADATA_KEY)!;
    prop.value = JSON.stringify({ ...JSON.parse(prop.value), formatVersion: 2 });
    const bytes = ModelProto.encode(decoded).finish();
    expect(() => readOnnxMetadata(bytes)).toThrow(MetadataError);
    expect(() => readOnnxMetadata(bytes)).toThrow(/metadata\.formatVersion/);
  });
});
