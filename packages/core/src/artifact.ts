import { describeValue, isRecord } from './describe-value.js';
import { ArtifactError } from './errors.js';
import { type ArtifactMetadata, validateMetadata } from './metadata.js';
import { expectedTensorShapes } from './tensor-layout.js';

/**
 * A model artifact is a safetensors file (https://github.com/huggingface/safetensors):
 *
 *   [8 bytes]  N, little-endian u64: length of the JSON header
 *   [N bytes]  UTF-8 JSON header, space-padded so the data starts 8-byte aligned:
 *              { "__metadata__": { "imdb-rnn": "<ArtifactMetadata JSON>", "format": "pt" },
 *                "<tensor name>": { "dtype": "F32", "shape": [...], "data_offsets": [begin, end] }, ... }
 *   [rest]     tensor bytes, little-endian float32, row-major; offsets are relative to
 *              the start of this section, tensors back to back with no gaps.
 *
 * The same bytes load in Python with `safetensors.torch.load_file` and then
 * `model.load_state_dict`, because tensor names follow PyTorch's (see tensor-layout.ts).
 */
export interface NamedTensor {
  /** Row-major dimensions; [] is a scalar. */
  shape: number[];
  data: Float32Array;
}

export interface Artifact {
  metadata: ArtifactMetadata;
  tensors: Record<string, NamedTensor>;
}

export interface DecodeArtifactOptions {
  /**
   * Require exactly the tensors, with exactly the shapes, that metadata.spec implies
   * (expectedTensorShapes). Default true; turn off only to inspect foreign files.
   */
  checkTensorShapes?: boolean;
}

/** Key in `__metadata__` under which the ArtifactMetadata JSON is stored. */
export const METADATA_KEY = 'imdb-rnn';
const HEADER_ALIGNMENT = 8;
const MAX_HEADER_BYTES = 100_000_000; // as safetensors: a larger header is corrupt, not a model
const F32_BYTES = 4;
const LITTLE_ENDIAN_HOST = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export interface EncodeArtifactOptions extends DecodeArtifactOptions {
  /**
   * Where the bytes go: called once with their count, returns an array of
   * exactly that length to write them into (every byte is written), e.g. a
   * view into a buffer the caller reuses. A fresh multi-megabyte array costs
   * page faults on first touch; a reused one does not. Default: a new array.
   */
  into?: (byteLength: number) => Uint8Array;
}

/** Serialises metadata and tensors (validated) into safetensors bytes. */
export function encodeArtifact(
  artifact: Artifact,
  options: EncodeArtifactOptions = {},
): Uint8Array {
  const metadata = validateMetadata(artifact.metadata);
  const names = Object.keys(artifact.tensors);
  for (const name of names) checkTensor(name, artifact.tensors[name]);
  if (options.checkTensorShapes ?? true) validateTensorShapes(artifact.tensors, metadata);

  const header: Record<string, unknown> = {
    __metadata__: { [METADATA_KEY]: JSON.stringify(metadata), format: 'pt' },
  };
  let offset = 0;
  for (const name of names) {
    const { shape, data } = artifact.tensors[name]!;
    header[name] = {
      dtype: 'F32',
      shape,
      data_offsets: [offset, offset + data.length * F32_BYTES],
    };
    offset += data.length * F32_BYTES;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }

  const byteLength = 8 + json.length + offset;
  const bytes = options.into === undefined ? new Uint8Array(byteLength) : options.into(byteLength);
  if (!(bytes instanceof Uint8Array) || bytes.length !== byteLength) {
    throw new ArtifactError(
      `options.into(${byteLength}) must return a Uint8Array of that length, got ${describeValue(bytes)}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  bytes.set(json, 8);
  let at = 8 + json.length;
  for (const name of names) {
    const { data } = artifact.tensors[name]!;
    if (LITTLE_ENDIAN_HOST) {
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    } else {
      for (let i = 0; i < data.length; i++) view.setFloat32(at + i * F32_BYTES, data[i]!, true);
    }
    at += data.byteLength;
  }
  return bytes;
}

/** Parses and validates safetensors bytes; errors name the tensor or metadata field at fault. */
export function decodeArtifact(bytes: Uint8Array, options: DecodeArtifactOptions = {}): Artifact {
  if (!(bytes instanceof Uint8Array)) {
    throw new ArtifactError(`expected the artifact as a Uint8Array, got ${describeValue(bytes)}`);
  }
  if (bytes.length < 8) {
    throw new ArtifactError(
      `truncated: ${bytes.length} bytes, too short for the 8-byte header length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > bytes.length - 8) {
    throw new ArtifactError(
      `header length ${headerLength} runs past the end of the ${bytes.length}-byte artifact (truncated or not safetensors)`,
    );
  }
  if (headerLength > MAX_HEADER_BYTES)
    throw new ArtifactError(`header length ${headerLength} is implausibly large`);

  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(8, 8 + headerLength),
    );
    header = JSON.parse(text);
  } catch (error) {
    throw new ArtifactError(`header is not valid UTF-8 JSON: ${(error as Error).message}`);
  }
  if (!isRecord(header))
    throw new ArtifactError(`header: expected a JSON object, got ${describeValue(header)}`);

  const metadata = readMetadata(header.__metadata__);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const entries = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, entry]) => ({ name, ...checkHeaderEntry(name, entry, dataLength) }));

  // safetensors requires tensors to tile the data section exactly: no overlap, no gap, no tail.
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const { name, begin, end } of byOffset) {
    if (begin < covered) {
      throw new ArtifactError(
        `data_offsets [${begin}, ${end}] overlap tensor "${previous}" (ends at ${covered})`,
        name,
      );
    }
    if (begin > covered) {
      throw new ArtifactError(
        `data_offsets start at ${begin}, leaving bytes ${covered}..${begin} unused`,
        name,
      );
    }
    covered = end;
    previous = name;
  }
  if (covered !== dataLength) {
    throw new ArtifactError(
      `data section has ${dataLength - covered} trailing bytes after the last tensor`,
    );
  }

  const tensors: Record<string, NamedTensor> = {};
  for (const { name, shape, begin, end } of entries) {
    tensors[name] = {
      shape,
      data: readFloat32(bytes, dataStart + begin, (end - begin) / F32_BYTES, view),
    };
  }
  if (options.checkTensorShapes ?? true) validateTensorShapes(tensors, metadata);
  return { metadata, tensors };
}

function readMetadata(value: unknown): ArtifactMetadata {
  if (!isRecord(value)) {
    throw new ArtifactError(
      `header.__metadata__: expected an object of strings, got ${describeValue(value)}`,
    );
  }
  const text = value[METADATA_KEY];
  if (typeof text !== 'string') {
    throw new ArtifactError(
      `header.__metadata__["${METADATA_KEY}"]: expected a JSON string, got ${describeValue(text)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ArtifactError(
      `header.__metadata__["${METADATA_KEY}"] is not valid JSON: ${(error as Error).message}`,
    );
  }
  // MetadataError (naming e.g. metadata.spec.hiddenSize) is more useful than a wrapper here.
  return validateMetadata(parsed);
}

interface HeaderEntry {
  shape: number[];
  begin: number;
  end: number;
}

function checkHeaderEntry(name: string, entry: unknown, dataLength: number): HeaderEntry {
  if (!isRecord(entry))
    throw new ArtifactError(`expected a header entry object, got ${describeValue(entry)}`, name);
  if (entry.dtype !== 'F32') {
    throw new ArtifactError(
      `dtype ${describeValue(entry.dtype)} is not supported; expected "F32"`,
      name,
    );
  }
  const shape = entry.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ArtifactError(
      `shape: expected an array of non-negative integers, got ${describeValue(shape)}`,
      name,
    );
  }
  const offsets = entry.data_offsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    throw new ArtifactError(
      `data_offsets: expected [begin, end] with 0 <= begin <= end, got ${describeValue(offsets)}`,
      name,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) {
    throw new ArtifactError(
      `data_offsets [${begin}, ${end}] run past the end of the ${dataLength}-byte data section (truncated?)`,
      name,
    );
  }
  const elements = shape.reduce((n: number, d: number) => n * d, 1);
  if (end - begin !== elements * F32_BYTES) {
    throw new ArtifactError(
      `shape [${shape.join(', ')}] needs ${elements * F32_BYTES} bytes of F32, data_offsets span ${end - begin}`,
      name,
    );
  }
  return { shape: shape as number[], begin, end };
}

function readFloat32(
  bytes: Uint8Array,
  start: number,
  count: number,
  view: DataView,
): Float32Array {
  if (LITTLE_ENDIAN_HOST) {
    // slice() copies into a fresh, aligned buffer: the result never aliases the input bytes.
    // Called through Uint8Array.prototype because a Node Buffer's own slice() is a view.
    return new Float32Array(
      Uint8Array.prototype.slice.call(bytes, start, start + count * F32_BYTES).buffer,
    );
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(start + i * F32_BYTES, true);
  return out;
}

function checkTensor(name: string, tensor: unknown): asserts tensor is NamedTensor {
  if (name.length === 0 || name === '__metadata__') {
    throw new ArtifactError(`tensor name ${describeValue(name)} is reserved or empty`);
  }
  if (!isRecord(tensor))
    throw new ArtifactError(`expected { shape, data }, got ${describeValue(tensor)}`, name);
  const { shape, data } = tensor;
  if (!(data instanceof Float32Array)) {
    throw new ArtifactError(`data: expected a Float32Array, got ${describeValue(data)}`, name);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ArtifactError(
      `shape: expected an array of non-negative integers, got ${describeValue(shape)}`,
      name,
    );
  }
  const elements = shape.reduce((n: number, d: number) => n * d, 1);
  if (elements !== data.length) {
    throw new ArtifactError(
      `shape [${shape.join(', ')}] has ${elements} elements, data has ${data.length}`,
      name,
    );
  }
}

/** Checks tensors are exactly those metadata.spec implies, with the implied shapes. */
export function validateTensorShapes(
  tensors: Record<string, NamedTensor>,
  metadata: ArtifactMetadata,
): void {
  const expected = expectedTensorShapes(metadata.spec);
  for (const [name, shape] of Object.entries(expected)) {
    const tensor = tensors[name];
    if (tensor === undefined)
      throw new ArtifactError(`missing; the ${describeSpec(metadata)} needs it`, name);
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
      throw new ArtifactError(
        `shape [${tensor.shape.join(', ')}] does not match [${shape.join(', ')}] implied by metadata.spec`,
        name,
      );
    }
  }
  for (const name of Object.keys(tensors)) {
    if (!(name in expected))
      throw new ArtifactError(`not part of the ${describeSpec(metadata)}`, name);
  }
}

function describeSpec({ spec }: ArtifactMetadata): string {
  return `${spec.bidirectional ? 'bidirectional ' : ''}${spec.cell} model of metadata.spec`;
}

/** Throws ArtifactError naming the tensor and index of the first NaN or infinite weight. */
export function assertFinite(tensors: Record<string, NamedTensor>): void {
  for (const [name, { data }] of Object.entries(tensors)) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) throw new ArtifactError(`element ${i} is ${data[i]}`, name);
    }
  }
}
