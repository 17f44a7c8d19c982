// Prints a Markdown table of exported model sizes for the reference spec (vocab 20,002,
// embedding 100, hidden 10) for every architecture and weight format, with the median
// onnxruntime-node latency of one batch (32 reviews x 200 tokens). Random weights: sizes
// do not depend on the values. Usage: pnpm build && node scripts/sizes.mjs
import {
  ARCHITECTURES,
  expectedTensorShapes,
  LABELS,
  modelSpec,
  TOKENIZER_VERSION,
} from '@imdb-rnn/core';
import * as ort from 'onnxruntime-node';
import { exportOnnx, WEIGHT_FORMATS } from '../dist/index.js';

const BATCH = 32;
const TIME = 200;
const RUNS = 21;

function randomArtifact(arch) {
  const spec = modelSpec(arch);
  let state = 42;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const tensors = {};
  for (const [name, shape] of Object.entries(expectedTensorShapes(spec))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = random() * 2 - 1;
    tensors[name] = { shape, data };
  }
  const vocab = [
    '<unk>',
    '<pad>',
    ...Array.from({ length: spec.vocabSize - 2 }, (_, i) => `word${i}`),
  ];
  const metadata = {
    format: 'imdb-rnn',
    formatVersion: 1,
    spec,
    tokenizerVersion: TOKENIZER_VERSION,
    vocab,
    labels: [...LABELS],
    metrics: { testAccuracy: 0.85 },
    name: arch,
  };
  return { metadata, tensors };
}

async function medianRunMs(bytes) {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const ids = new BigInt64Array(BATCH * TIME);
  for (let i = 0; i < ids.length; i++) ids[i] = BigInt(2 + ((i * 7919) % 20000));
  const lengths = BigInt64Array.from({ length: BATCH }, (_, b) => BigInt(TIME - b * 5));
  const feeds = {
    token_ids: new ort.Tensor('int64', ids, [BATCH, TIME]),
    lengths: new ort.Tensor('int64', lengths, [BATCH]),
  };
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    await session.run(feeds);
    times.push(performance.now() - start);
  }
  await session.release();
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

const rows = [
  '| architecture | weights | bytes | MB | ORT-node median ms (32x200) |',
  '|---|---|---:|---:|---:|',
];
for (const arch of ARCHITECTURES) {
  const artifact = randomArtifact(arch);
  for (const weights of WEIGHT_FORMATS) {
    const bytes = exportOnnx(artifact, { weights });
    const ms = await medianRunMs(bytes);
    rows.push(
      `| ${arch} | ${weights} | ${bytes.length.toLocaleString('en-US')} | ${(bytes.length / 1e6).toFixed(2)} | ${ms.toFixed(1)} |`,
    );
  }
}
console.log(rows.join('\n'));
