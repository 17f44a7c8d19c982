// Test helper: encodes the few ModelProto fields the metadata reader looks at, so
// core's tests need no protobuf library and no exporter (export-onnx depends on core).
import { type ArtifactMetadata, LABELS } from '../metadata.js';
import { modelSpec } from '../model-spec.js';
import { TOKENIZER_VERSION } from '../tokenize.js';

function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return out;
}

function bytesField(number: number, payload: Uint8Array | number[]): number[] {
  return [...varint(number * 8 + 2), ...varint(payload.length), ...payload];
}

const encoder = new TextEncoder();

/** A ModelProto with ir_version 8, a stand-in graph and the given metadata_props. */
export function modelProtoBytes(
  props: Record<string, string>,
  parts: { irVersion?: boolean; graph?: boolean } = {},
): Uint8Array {
  const out: number[] = [];
  if (parts.irVersion !== false) out.push(...varint(1 * 8 + 0), 8);
  if (parts.graph !== false) out.push(...bytesField(7, bytesField(2, encoder.encode('main'))));
  for (const [key, value] of Object.entries(props)) {
    out.push(
      ...bytesField(14, [
        ...bytesField(1, encoder.encode(key)),
        ...bytesField(2, encoder.encode(value)),
      ]),
    );
  }
  return Uint8Array.from(out);
}

/** Valid metadata for a tiny LSTM whose vocabulary is `<unk>`, `<pad>`, then `words`. */
export function tinyMetadata(words: string[]): ArtifactMetadata {
  const vocab = ['<unk>', '<pad>', ...words];
  return {
    format: 'imdb-rnn',
    formatVersion: 1,
    spec: modelSpec('lstm', { vocabSize: vocab.length, embeddingSize: 4, hiddenSize: 3 }),
    tokenizerVersion: TOKENIZER_VERSION,
    vocab,
    labels: [LABELS[0], LABELS[1]],
    metrics: { testAccuracy: 0.875, testLoss: 0.3 },
    name: 'tiny-lstm',
  };
}
