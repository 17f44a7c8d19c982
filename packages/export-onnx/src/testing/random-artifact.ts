import {
  type Architecture,
  type Artifact,
  type ArtifactMetadata,
  expectedTensorShapes,
  LABELS,
  type ModelSpec,
  modelSpec,
  TOKENIZER_VERSION,
} from '@imdb-rnn/core';

/** mulberry32: a tiny seeded generator, so test weights are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid metadata for `spec` with placeholder tokens `w2`, `w3`, ... */
export function testMetadata(spec: ModelSpec, name?: string): ArtifactMetadata {
  const vocab = ['<unk>', '<pad>'];
  for (let i = 2; i < spec.vocabSize; i++) vocab.push(`w${i}`);
  return {
    format: 'imdb-rnn',
    formatVersion: 1,
    spec,
    tokenizerVersion: TOKENIZER_VERSION,
    vocab,
    labels: [LABELS[0], LABELS[1]],
    metrics: { testAccuracy: 0.875 },
    ...(name === undefined ? {} : { name }),
  };
}

/** An artifact with uniform(-scale, scale) weights for `arch`; sizes default small. */
export function randomArtifact(
  arch: Architecture,
  seed: number,
  overrides: Partial<ModelSpec> = { vocabSize: 40, embeddingSize: 6, hiddenSize: 5 },
  scale = 0.6,
): Artifact {
  const spec = modelSpec(arch, overrides);
  const random = seededRandom(seed);
  const tensors: Artifact['tensors'] = {};
  for (const [name, shape] of Object.entries(expectedTensorShapes(spec))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * scale;
    tensors[name] = { shape, data };
  }
  return { metadata: testMetadata(spec, arch), tensors };
}

/** A padded batch: random ids in [2, vocab), lengths >= 1, unequal, pad index after the end. */
export function randomBatch(
  vocabSize: number,
  lengths: number[],
  seed: number,
  padIndex = 1,
): { ids: number[][]; lengths: number[] } {
  const random = seededRandom(seed);
  const time = Math.max(...lengths);
  const ids = lengths.map((length) =>
    Array.from({ length: time }, (_, t) =>
      t < length ? 2 + Math.floor(random() * (vocabSize - 2)) : padIndex,
    ),
  );
  return { ids, lengths };
}
