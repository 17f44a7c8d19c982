import { METADATA_KEY } from '../artifact.js';
import { type ArtifactMetadata, assertTokenizerCompatible, validateMetadata } from '../metadata.js';
import { ModelFormatError } from './classifier-errors.js';

// The keys export-onnx writes into ModelProto.metadata_props and every reader looks up.
/** metadata_props key holding the ArtifactMetadata as JSON: the same key as in the safetensors header. */
export const ONNX_METADATA_KEY = METADATA_KEY;
/** metadata_props key naming the embedding's storage format (fp32, fp16 or int8). */
export const ONNX_WEIGHTS_KEY = 'imdb-rnn.weights';

/** What a classifier needs from an exported model before opening a runtime session. */
export interface OnnxModelMetadata {
  metadata: ArtifactMetadata;
  /** The embedding storage, `fp32`, `fp16` or `int8`, when the model records it. */
  weights: string | undefined;
}

// ModelProto field numbers (onnx.proto): only these are read; every other field is skipped.
const IR_VERSION = 1;
const GRAPH = 7;
const METADATA_PROPS = 14;

/**
 * Reads and validates the imdb-rnn metadata of an exported ONNX model with a
 * minimal protobuf walk over the top-level ModelProto fields (the graph is skipped,
 * never decoded), so inference needs no protobuf library. The one metadata reader:
 * export-onnx's readOnnxMetadata is this function too. Throws ModelFormatError
 * for bytes that are not an ONNX model or lack our metadata, and core's
 * MetadataError (naming the field) for metadata that is there but invalid, such as
 * an unknown format version.
 */
export function readOnnxModelMetadata(bytes: Uint8Array): OnnxModelMetadata {
  if (!(bytes instanceof Uint8Array)) {
    throw new ModelFormatError(`not an ONNX model: expected a Uint8Array, got ${typeof bytes}`);
  }
  const props = new Map<string, string>();
  let hasIrVersion = false;
  let hasGraph = false;
  try {
    for (const field of fields(bytes, 0, bytes.length)) {
      if (field.number === IR_VERSION && field.wire === 0) hasIrVersion = true;
      if (field.number === GRAPH && field.wire === 2) hasGraph = true;
      if (field.number === METADATA_PROPS && field.wire === 2) {
        let key = '';
        let value = '';
        for (const entry of fields(bytes, field.start, field.end)) {
          if (entry.wire !== 2) continue;
          if (entry.number === 1) key = utf8(bytes, entry.start, entry.end);
          if (entry.number === 2) value = utf8(bytes, entry.start, entry.end);
        }
        props.set(key, value);
      }
    }
  } catch (error) {
    throw new ModelFormatError(
      `not an ONNX model: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!hasIrVersion || !hasGraph) {
    throw new ModelFormatError(
      `not an ONNX model: no ${hasIrVersion ? 'graph' : 'ir_version'} field in the ModelProto`,
    );
  }
  const json = props.get(ONNX_METADATA_KEY);
  if (json === undefined) {
    throw new ModelFormatError(
      `metadata_props["${ONNX_METADATA_KEY}"] is missing: the ONNX model has no "${ONNX_METADATA_KEY}" entry in metadata_props, so it was not exported by @imdb-rnn/export-onnx`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ModelFormatError(`metadata_props["${ONNX_METADATA_KEY}"] is not valid JSON`);
  }
  const metadata = validateMetadata(parsed);
  assertTokenizerCompatible(metadata);
  return { metadata, weights: props.get(ONNX_WEIGHTS_KEY) };
}

interface Field {
  number: number;
  wire: number;
  /** For length-delimited fields, the payload's [start, end). */
  start: number;
  end: number;
}

function* fields(bytes: Uint8Array, start: number, end: number): Generator<Field> {
  let at = start;
  while (at < end) {
    const [tag, afterTag] = varint(bytes, at, end);
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    if (number === 0) throw new Error(`field number 0 at byte ${at}`);
    at = afterTag;
    if (wire === 0) {
      at = varint(bytes, at, end)[1];
      yield { number, wire, start: at, end: at };
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
      if (at > end) throw new Error(`fixed-width field ${number} runs past the end`);
      yield { number, wire, start: at, end: at };
    } else if (wire === 2) {
      const [length, payload] = varint(bytes, at, end);
      if (payload + length > end) {
        throw new Error(`field ${number} claims ${length} bytes past the end (truncated?)`);
      }
      at = payload + length;
      yield { number, wire, start: payload, end: at };
    } else {
      throw new Error(`unsupported wire type ${wire} for field ${number} at byte ${at}`);
    }
  }
}

function varint(bytes: Uint8Array, at: number, end: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at >= end) throw new Error('varint runs past the end');
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, at];
    scale *= 128;
  }
  throw new Error(`varint longer than 10 bytes at byte ${at - 10}`);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}
