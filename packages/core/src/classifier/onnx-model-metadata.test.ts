import { describe, expect, it } from 'vitest';
import { MetadataError } from '../errors.js';
import { ModelFormatError } from './classifier-errors.js';
import { modelProtoBytes, tinyMetadata } from './model-proto.test-support.js';
import { readOnnxModelMetadata } from './onnx-model-metadata.js';

const metadata = tinyMetadata(['good', 'bad']);

describe('readOnnxModelMetadata', () => {
  it('returns the validated metadata and the weight format from metadata_props', () => {
    const bytes = modelProtoBytes({
      'imdb-rnn': JSON.stringify(metadata),
      'imdb-rnn.weights': 'int8',
    });
    const read = readOnnxModelMetadata(bytes);
    expect(read.metadata).toEqual(metadata);
    expect(read.weights).toBe('int8');
  });

  it('rejects bytes that are not protobuf (a text file) as ModelFormatError', () => {
    const text = new TextEncoder().encode('id,review\n1,"not a model"\n');
    expect(() => readOnnxModelMetadata(text)).toThrow(ModelFormatError);
    expect(() => readOnnxModelMetadata(text)).toThrow('not an ONNX model');
  });

  it('rejects empty bytes and protobuf without a graph', () => {
    expect(() => readOnnxModelMetadata(new Uint8Array(0))).toThrow('not an ONNX model');
    const noGraph = modelProtoBytes({ 'imdb-rnn': JSON.stringify(metadata) }, { graph: false });
    expect(() => readOnnxModelMetadata(noGraph)).toThrow('no graph field');
  });

  it('rejects a truncated model', () => {
    const bytes = modelProtoBytes({ 'imdb-rnn': JSON.stringify(metadata) });
    expect(() => readOnnxModelMetadata(bytes.subarray(0, bytes.length - 10))).toThrow(
      'past the end',
    );
  });

  it('rejects an ONNX model without imdb-rnn metadata, saying so', () => {
    const bytes = modelProtoBytes({ author: 'someone else' });
    expect(() => readOnnxModelMetadata(bytes)).toThrow(ModelFormatError);
    expect(() => readOnnxModelMetadata(bytes)).toThrow('no "imdb-rnn" entry in metadata_props');
  });

  it('rejects metadata that is not JSON', () => {
    const bytes = modelProtoBytes({ 'imdb-rnn': '{not json' });
    expect(() => readOnnxModelMetadata(bytes)).toThrow('is not valid JSON');
  });

  it('rejects an unknown (newer) format version with a MetadataError naming the field', () => {
    const bytes = modelProtoBytes({
      'imdb-rnn': JSON.stringify({ ...metadata, formatVersion: 2 }),
    });
    let error: unknown;
    try {
      readOnnxModelMetadata(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MetadataError);
    expect((error as MetadataError).path).toBe('metadata.formatVersion');
  });

  it('rejects a model trained with another tokenizer version', () => {
    const bytes = modelProtoBytes({
      'imdb-rnn': JSON.stringify({ ...metadata, tokenizerVersion: 999 }),
    });
    expect(() => readOnnxModelMetadata(bytes)).toThrow('metadata.tokenizerVersion');
  });
});
