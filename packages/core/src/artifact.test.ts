import { describe, expect, it } from 'vitest';
import {
  type Artifact,
  assertFinite,
  decodeArtifact,
  encodeArtifact,
  type NamedTensor,
} from './artifact.js';
import { ArtifactError, MetadataError } from './errors.js';
import { torchArtifactBase64, torchStateDict } from './fixtures/torch-artifact.js';
import type { ArtifactMetadata } from './metadata.js';
import { modelSpec } from './model-spec.js';
import { expectedTensorShapes } from './tensor-layout.js';

const vocab = ['<unk>', '<pad>', 'the', 'film'];

function metadataFor(arch: 'rnn' | 'gru' | 'lstm' | 'bilstm'): ArtifactMetadata {
  return {
    format: 'imdb-rnn',
    formatVersion: 1,
    spec: modelSpec(arch, { vocabSize: vocab.length, embeddingSize: 3, hiddenSize: 2 }),
    tokenizerVersion: 1,
    vocab,
    labels: ['negative', 'positive'],
    metrics: { testAccuracy: 0.5 },
  };
}

/** Tensors of the right shapes whose values encode their position, so mix-ups show. */
function tensorsFor(metadata: ArtifactMetadata): Record<string, NamedTensor> {
  const tensors: Record<string, NamedTensor> = {};
  let k = 0;
  for (const [name, shape] of Object.entries(expectedTensorShapes(metadata.spec))) {
    const size = shape.reduce((a, b) => a * b, 1);
    tensors[name] = { shape, data: Float32Array.from({ length: size }, () => k++ * 0.25 - 3) };
  }
  return tensors;
}

function sample(arch: 'rnn' | 'gru' | 'lstm' | 'bilstm' = 'gru'): Artifact {
  const metadata = metadataFor(arch);
  return { metadata, tensors: tensorsFor(metadata) };
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Re-encodes bytes with a modified JSON header (keeping the data section). */
// biome-ignore lint/suspicious/noExplicitAny: tests edit the header as free-form JSON.
function withHeader(bytes: Uint8Array, edit: (header: Record<string, any>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const n = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}

describe('encodeArtifact / decodeArtifact', () => {
  for (const arch of ['rnn', 'gru', 'lstm', 'bilstm'] as const) {
    it(`round-trips a ${arch} artifact exactly`, () => {
      const artifact = sample(arch);
      const decoded = decodeArtifact(encodeArtifact(artifact));
      expect(decoded.metadata).toEqual(artifact.metadata);
      expect(Object.keys(decoded.tensors)).toEqual(Object.keys(artifact.tensors));
      for (const [name, tensor] of Object.entries(artifact.tensors)) {
        expect(decoded.tensors[name]!.shape).toEqual(tensor.shape);
        expect(Array.from(decoded.tensors[name]!.data)).toEqual(Array.from(tensor.data));
      }
    });
  }

  it('writes the safetensors layout: u64 header length, space-padded JSON, aligned data', () => {
    const bytes = encodeArtifact(sample('rnn'));
    const view = new DataView(bytes.buffer);
    const n = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__.format).toBe('pt');
    expect(JSON.parse(header.__metadata__['imdb-rnn']).spec.cell).toBe('rnn');
    expect(header['embedding.weight']).toEqual({
      dtype: 'F32',
      shape: [4, 3],
      data_offsets: [0, 48],
    });
    expect(header['rnn.weight_ih_l0'].data_offsets).toEqual([48, 72]);
    // First embedding weight is -3 as little-endian float32.
    expect(view.getFloat32(8 + n, true)).toBe(-3);
  });

  it('writes into the array options.into returns, every byte of it', () => {
    const fresh = encodeArtifact(sample('gru'));
    // A dirty buffer, as a reused one would be, with the bytes at an offset inside it.
    const buffer = new Uint8Array(fresh.length + 20).fill(0xee);
    const written = encodeArtifact(sample('gru'), {
      into: (n) => buffer.subarray(12, 12 + n),
    });
    expect(written.byteOffset).toBe(12);
    expect(Array.from(written)).toEqual(Array.from(fresh));
    expect(buffer[11]).toBe(0xee);
    expect(buffer[12 + fresh.length]).toBe(0xee);
  });

  it('rejects an into() that returns the wrong length', () => {
    expect(() => encodeArtifact(sample('rnn'), { into: (n) => new Uint8Array(n - 1) })).toThrow(
      ArtifactError,
    );
  });

  it('decodes from a Uint8Array view at an odd offset into a larger buffer', () => {
    const bytes = encodeArtifact(sample('lstm'));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const decoded = decodeArtifact(shifted.subarray(3));
    expect(decoded.tensors['fc.bias']!.data[0]).toBe(sample('lstm').tensors['fc.bias']!.data[0]);
  });

  it('returns tensors that do not alias the input bytes', () => {
    const bytes = encodeArtifact(sample('rnn'));
    const decoded = decodeArtifact(bytes);
    bytes.fill(0, bytes.length - 8);
    expect(decoded.tensors['fc.bias']!.data[0]).not.toBe(0);
  });
});

describe('decodeArtifact on an artifact written from PyTorch', () => {
  const decoded = decodeArtifact(fromBase64(torchArtifactBase64));

  it('reads the metadata', () => {
    expect(decoded.metadata.spec).toEqual(
      modelSpec('bilstm', { vocabSize: 6, embeddingSize: 3, hiddenSize: 2 }),
    );
    expect(decoded.metadata.vocab[5]).toBe("don't");
  });

  it("reads every tensor with PyTorch's names, shapes and float32 values", () => {
    expect(Object.keys(decoded.tensors).sort()).toEqual(Object.keys(torchStateDict).sort());
    for (const [name, { shape, values }] of Object.entries(torchStateDict)) {
      expect(decoded.tensors[name]!.shape).toEqual(shape);
      expect(Array.from(decoded.tensors[name]!.data)).toEqual(values.map(Math.fround));
    }
    // padding_idx=1 zeroes the <pad> row in torch.
    expect(Array.from(decoded.tensors['embedding.weight']!.data.subarray(3, 6))).toEqual([0, 0, 0]);
  });
});

describe('decodeArtifact rejects malformed bytes', () => {
  const good = encodeArtifact(sample('gru'));

  it('rejects fewer than 8 bytes', () => {
    expect(() => decodeArtifact(new Uint8Array(5))).toThrow(
      'truncated: 5 bytes, too short for the 8-byte header length',
    );
  });

  it('rejects a header length past the end', () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(0, bytes.length, true);
    expect(() => decodeArtifact(bytes)).toThrow(/header length \d+ runs past the end/);
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(4, 1, true);
    expect(() => decodeArtifact(huge)).toThrow('runs past the end');
  });

  it('rejects truncated data naming the tensor that runs past the end', () => {
    expect(() => decodeArtifact(good.subarray(0, good.length - 4))).toThrow(
      /tensor "fc.bias": data_offsets \[(\d+), \d+\] run past the end of the \1-byte data section/,
    );
  });

  it('rejects a header that is not JSON', () => {
    const bytes = good.slice();
    bytes[8] = 0x5b; // '[' in place of '{'
    expect(() => decodeArtifact(bytes)).toThrow('header is not valid UTF-8 JSON');
  });

  it('rejects a dtype other than F32', () => {
    const bytes = withHeader(good, (h) => {
      h['fc.bias'].dtype = 'F16';
    });
    expect(() => decodeArtifact(bytes)).toThrow(
      'tensor "fc.bias": dtype "F16" is not supported; expected "F32"',
    );
  });

  it('rejects a shape that disagrees with the byte count', () => {
    const bytes = withHeader(good, (h) => {
      h['fc.weight'].shape = [1, 3];
    });
    expect(() => decodeArtifact(bytes)).toThrow(
      'tensor "fc.weight": shape [1, 3] needs 12 bytes of F32, data_offsets span 8',
    );
  });

  it('rejects overlapping offsets', () => {
    const bytes = withHeader(good, (h) => {
      h['fc.weight'].data_offsets = [
        h['fc.weight'].data_offsets[0] - 4,
        h['fc.weight'].data_offsets[1] - 4,
      ];
      h['fc.weight'].shape = [1, 2];
    });
    expect(() => decodeArtifact(bytes)).toThrow(
      /tensor "fc.weight": data_offsets \[\d+, \d+\] overlap tensor "rnn.bias_hh_l0"/,
    );
  });

  it('rejects negative or reversed offsets', () => {
    const bytes = withHeader(good, (h) => {
      h['fc.bias'].data_offsets = [8, 4];
    });
    expect(() => decodeArtifact(bytes)).toThrow(
      'tensor "fc.bias": data_offsets: expected [begin, end] with 0 <= begin <= end',
    );
  });

  it('rejects gaps and trailing bytes in the data section', () => {
    const extra = new Uint8Array(good.length + 4);
    extra.set(good);
    expect(() => decodeArtifact(extra)).toThrow(
      'data section has 4 trailing bytes after the last tensor',
    );
  });

  it('rejects missing or invalid metadata, naming the field', () => {
    expect(() => decodeArtifact(withHeader(good, (h) => delete h.__metadata__))).toThrow(
      'header.__metadata__: expected an object of strings, got undefined',
    );
    const badSpec = withHeader(good, (h) => {
      const m = JSON.parse(h.__metadata__['imdb-rnn']);
      m.spec.hiddenSize = -3;
      h.__metadata__['imdb-rnn'] = JSON.stringify(m);
    });
    expect(() => decodeArtifact(badSpec)).toThrow(
      'metadata.spec.hiddenSize: expected a positive integer, got -3',
    );
    expect(() => decodeArtifact(badSpec)).toThrow(MetadataError);
  });

  it('rejects tensors missing from or foreign to the spec', () => {
    const renamed = withHeader(good, (h) => {
      h['rnn.weight_ih'] = h['rnn.weight_ih_l0'];
      delete h['rnn.weight_ih_l0'];
    });
    expect(() => decodeArtifact(renamed)).toThrow(
      'tensor "rnn.weight_ih_l0": missing; the gru model of metadata.spec needs it',
    );
    expect(() => decodeArtifact(renamed, { checkTensorShapes: false })).not.toThrow();
  });

  it('gives ArtifactError with the tensor name', () => {
    try {
      decodeArtifact(good.subarray(0, good.length - 4));
      throw new Error('decodeArtifact accepted truncated bytes');
    } catch (error) {
      expect(error).toBeInstanceOf(ArtifactError);
      expect((error as ArtifactError).tensor).toBe('fc.bias');
      expect((error as ArtifactError).code).toBe('INVALID_ARTIFACT');
    }
  });
});

describe('encodeArtifact rejects bad input', () => {
  it('rejects data whose length disagrees with the shape', () => {
    const artifact = sample('rnn');
    artifact.tensors['fc.bias'] = { shape: [2], data: new Float32Array(1) };
    expect(() => encodeArtifact(artifact)).toThrow(
      'tensor "fc.bias": shape [2] has 2 elements, data has 1',
    );
  });

  it('rejects a shape the spec does not imply', () => {
    const artifact = sample('rnn');
    artifact.tensors['fc.weight'] = { shape: [2, 1], data: new Float32Array(2) };
    expect(() => encodeArtifact(artifact)).toThrow(
      'tensor "fc.weight": shape [2, 1] does not match [1, 2] implied by metadata.spec',
    );
  });

  it('rejects non-Float32Array data and invalid metadata', () => {
    const artifact = sample('rnn');
    artifact.tensors['fc.bias'] = { shape: [1], data: [0.5] as unknown as Float32Array };
    expect(() => encodeArtifact(artifact)).toThrow(
      'tensor "fc.bias": data: expected a Float32Array',
    );
    expect(() =>
      encodeArtifact({
        ...sample('rnn'),
        metadata: { ...metadataFor('rnn'), labels: [] as never },
      }),
    ).toThrow('metadata.labels');
  });
});

describe('assertFinite', () => {
  it('passes finite weights and names the tensor and index of a NaN or infinity', () => {
    const { tensors } = sample('rnn');
    expect(() => assertFinite(tensors)).not.toThrow();
    tensors['rnn.bias_hh_l0']!.data[1] = Number.NaN;
    expect(() => assertFinite(tensors)).toThrow('tensor "rnn.bias_hh_l0": element 1 is NaN');
    tensors['rnn.bias_hh_l0']!.data[1] = Number.POSITIVE_INFINITY;
    expect(() => assertFinite(tensors)).toThrow('element 1 is Infinity');
  });
});
