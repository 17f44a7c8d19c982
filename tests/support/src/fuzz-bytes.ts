// Test helper for the fuzz tests of core and infer-node: seeded mutations of a
// binary file (bit flips, truncation, insertions, deletions, zeroed and random
// ranges) as a fast-check arbitrary, and a protobuf edit that swaps the
// metadata_props of a real ONNX model. Runtime-agnostic (no node: imports).
import fc from 'fast-check';

export type ByteMutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'zero'; at: number; length: number }
  | { kind: 'garbage'; at: number; bytes: Uint8Array };

/** A byte range [start, end) of a file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * One mutation of a file of `length` bytes, at any offset, or when `focus` is
 * given mostly (4 in 5) at an offset inside one of its ranges, so mutations can be
 * aimed at the parts that matter (a header, a graph's nodes) of a big file.
 */
export function byteMutation(
  length: number,
  focus: readonly ByteRange[] = [],
): fc.Arbitrary<ByteMutation> {
  const anywhere = fc.nat({ max: Math.max(length - 1, 0) });
  const inFocus = focus
    .filter((r) => r.end > r.start)
    .map((r) => fc.integer({ min: r.start, max: r.end - 1 }));
  const at =
    inFocus.length === 0
      ? anywhere
      : fc.oneof(
          { weight: 4, arbitrary: fc.oneof(...inFocus) },
          { weight: 1, arbitrary: anywhere },
        );
  const bytes = (max: number) => fc.uint8Array({ minLength: 1, maxLength: max });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('set' as const),
        at,
        value: fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff, 0x08, 0x0a, 0x12, 0x3a, 0x72),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('insert' as const), at, bytes: bytes(16) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        at,
        length: fc.integer({ min: 1, max: 64 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('zero' as const),
        at,
        length: fc.integer({ min: 1, max: 256 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('garbage' as const), at, bytes: bytes(64) }),
    },
  );
}

/** Mutations applied in order to a copy of `original`; offsets past the end are clamped. */
export function applyMutations(
  original: Uint8Array,
  mutations: readonly ByteMutation[],
): Uint8Array {
  let bytes: Uint8Array = original.slice();
  for (const m of mutations) {
    const at = Math.min(m.at, bytes.length);
    switch (m.kind) {
      case 'flip':
        if (at < bytes.length) bytes[at]! ^= 1 << m.bit;
        break;
      case 'set':
        if (at < bytes.length) bytes[at] = m.value;
        break;
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'insert':
        bytes = concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case 'zero':
        bytes.fill(0, at, at + m.length);
        break;
      case 'garbage':
        bytes.set(m.bytes.subarray(0, bytes.length - at), at);
        break;
    }
  }
  return bytes;
}

/** A short description for failure messages: kinds and offsets, not the payloads. */
export function describeMutations(mutations: readonly ByteMutation[]): string {
  return mutations.map((m) => `${m.kind}@${m.at}`).join(', ');
}

export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function varint(value: number): Uint8Array {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return Uint8Array.from(out);
}

function lengthDelimited(number: number, payload: Uint8Array): Uint8Array {
  return concat([varint(number * 8 + 2), varint(payload.length), payload]);
}

/** A ModelProto metadata_props entry (field 14: StringStringEntryProto { key = 1, value = 2 }). */
export function metadataPropBytes(key: string, value: string): Uint8Array {
  const encoder = new TextEncoder();
  return lengthDelimited(
    14,
    concat([lengthDelimited(1, encoder.encode(key)), lengthDelimited(2, encoder.encode(value))]),
  );
}

/** [start, end) of each top-level protobuf field of a well-formed message, with its number. */
export function topLevelFields(
  bytes: Uint8Array,
): { number: number; start: number; end: number }[] {
  const out: { number: number; start: number; end: number }[] = [];
  const read = (at: number): [number, number] => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return [value, at];
      scale *= 128;
    }
  };
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const [tag, afterTag] = read(at);
    const wire = tag % 8;
    at = afterTag;
    if (wire === 0) at = read(at)[1];
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const [length, payload] = read(at);
      at = payload + length;
    } else throw new Error(`topLevelFields: wire type ${wire} at byte ${start}`);
    out.push({ number: Math.floor(tag / 8), start, end: at });
  }
  return out;
}

/**
 * A valid ModelProto with its metadata_props replaced by `props` (protobuf lets
 * the entries sit anywhere at the top level, so they are appended after the rest).
 */
export function withMetadataProps(model: Uint8Array, props: Record<string, string>): Uint8Array {
  const kept = topLevelFields(model)
    .filter((f) => f.number !== 14)
    .map((f) => model.subarray(f.start, f.end));
  return concat([...kept, ...Object.entries(props).map(([k, v]) => metadataPropBytes(k, v))]);
}

/**
 * The parts of an ONNX model that are structure rather than weight values: every
 * top-level field but the graph and metadata_props, and inside the graph its nodes,
 * inputs, outputs and the first 48 bytes (name, dims, data type) of each
 * initializer. Mutations aimed here reach the graph instead of embedding rows.
 */
export function structureRanges(model: Uint8Array): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (const field of topLevelFields(model)) {
    if (field.number === 14) continue;
    if (field.number !== 7) {
      ranges.push(field);
      continue;
    }
    const payload = lengthPrefixEnd(model, field.start);
    for (const part of topLevelFields(model.subarray(payload, field.end))) {
      const start = payload + part.start;
      const end = payload + part.end;
      ranges.push(part.number === 5 ? { start, end: Math.min(end, start + 48) } : { start, end });
    }
  }
  return ranges;
}

/** Where the payload of the length-delimited field starting at `at` begins. */
function lengthPrefixEnd(bytes: Uint8Array, at: number): number {
  while (bytes[at]! >= 0x80) at++; // tag
  at++;
  while (bytes[at]! >= 0x80) at++; // length
  return at + 1;
}
