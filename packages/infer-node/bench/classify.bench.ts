// Benchmark (run on demand: `pnpm bench` with IMDB_RNN_DATA set; prints figures, asserts
// no timings). Node, LSTM fp32 at the reference size (vocab 20,002 from the IMDB
// training split, embedding 100, hidden 10; seeded untrained weights: speed does not
// depend on their values):
//   1. median latency of classify(one median-length review, ~200 tokens);
//   2. throughput of classify(all 25,000 test reviews), tokenization included;
//   3. PyTorch 1.13 batched eval of the same weights on the same encoded reviews
//      (bench/pytorch_eval.py: batch 64 sorted by length, 2 threads), same run;
// and the ratio, plus the largest logit difference between the two.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode, tokenize } from '@imdb-rnn/core';
import { buildTestModel } from '@imdb-rnn/export-onnx/testing';
// The workspace's test-only IMDB archive reader; the data path comes from IMDB_RNN_DATA.
import { readImdbReviews } from '@imdb-rnn/test-support/imdb';
import { expect, it } from 'vitest';
import { loadClassifier } from '../src/index.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

it('classify benchmark: Node (onnxruntime-node) vs PyTorch 1.13 eval, LSTM fp32', async () => {
  const data = process.env.IMDB_RNN_DATA;
  if (!data) throw new Error('set IMDB_RNN_DATA to the IMDB archive (see README)');
  const reviews = await readImdbReviews(data);
  const train = reviews.filter((r) => r.path.startsWith('train/')).map((r) => r.text);
  const test = reviews.filter((r) => r.path.startsWith('test/')).map((r) => r.text);
  const model = buildTestModel('lstm', { corpus: train, seed: 1 });
  const onnx = model.onnx('fp32');

  // Same encoded reviews for PyTorch: int32 N, N lengths, then the ids.
  const dir = mkdtempSync(join(tmpdir(), 'imdb-rnn-bench-'));
  const { ids, lengths } = encode(test, model.vocab);
  const total = lengths.reduce((a, b) => a + b, 0);
  const encoded = new Int32Array(1 + lengths.length + total);
  encoded[0] = lengths.length;
  encoded.set(lengths, 1);
  let at = 1 + lengths.length;
  for (const row of ids) {
    encoded.set(row, at);
    at += row.length;
  }
  writeFileSync(join(dir, 'encoded.bin'), encoded);
  writeFileSync(join(dir, 'lstm.safetensors'), model.artifact);

  // A review of exactly the median length.
  const sortedLengths = [...lengths].sort((a, b) => a - b);
  const medianLength = sortedLengths[sortedLengths.length >> 1]!;
  const one = test[lengths.indexOf(medianLength)]!;
  expect(tokenize(one)).toHaveLength(medianLength);

  const rows: string[] = [];
  let nodeLogits: Float32Array | undefined;
  let bestThroughput = 0;
  for (const threads of [1, 2]) {
    const classifier = await loadClassifier(onnx, { intraOpNumThreads: threads, batchSize: 64 });
    for (let i = 0; i < 200; i++) await classifier.classify(one); // warm-up
    const latencies: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const start = performance.now();
      await classifier.classify(one);
      latencies.push(performance.now() - start);
    }
    const passes: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const start = performance.now();
      const results = await classifier.classify(test);
      passes.push((performance.now() - start) / 1000);
      nodeLogits ??= Float32Array.from(results, (r) => r.logit);
    }
    const throughput = test.length / median(passes);
    bestThroughput = Math.max(bestThroughput, throughput);
    rows.push(
      `node ort ${threads} thread(s): single review (${medianLength} tokens) median ${median(latencies).toFixed(3)} ms; ` +
        `${test.length} reviews median ${median(passes).toFixed(2)} s = ${throughput.toFixed(0)} reviews/s (tokenization included)`,
    );
    await classifier.dispose();
  }

  // 1,000 concurrent single-review calls on one classifier, 10 rounds: all must be
  // right, and memory must settle rather than grow with the rounds.
  {
    const classifier = await loadClassifier(onnx);
    const texts = test.slice(0, 1000);
    const reference = await classifier.classify(texts);
    const heap: number[] = [];
    const rss: number[] = [];
    let wrong = 0;
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(texts.map((text) => classifier.classify(text)));
      results.forEach((r, i) => {
        if (Math.abs(r.logit - reference[i]!.logit) > 1e-6) wrong++;
      });
      (globalThis as { gc?: () => void }).gc?.();
      heap.push(process.memoryUsage().heapUsed / 1e6);
      rss.push(process.memoryUsage().rss / 1e6);
    }
    await classifier.dispose();
    rows.push(
      `1,000 concurrent classify x 10 rounds: ${wrong} wrong; heapUsed per round ${heap.map((m) => m.toFixed(0)).join(', ')} MB; ` +
        `rss ${rss.map((m) => m.toFixed(0)).join(', ')} MB`,
    );
    expect(wrong).toBe(0);
  }

  const script = join(fileURLToPath(new URL('.', import.meta.url)), 'pytorch_eval.py');
  const python = spawnSync(
    '/usr/bin/python3',
    [
      script,
      join(dir, 'lstm.safetensors'),
      join(dir, 'encoded.bin'),
      '--batch',
      '64',
      '--threads',
      '2',
    ],
    { env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' }, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (python.status !== 0) throw new Error(`pytorch_eval.py failed:\n${python.stderr}`);
  const torch = JSON.parse(python.stdout) as {
    seconds: number;
    reviewsPerSecond: number;
    torch: string;
    logits: number[];
  };
  let maxDiff = 0;
  torch.logits.forEach((logit, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(logit - nodeLogits![i]!));
  });
  rows.push(
    `pytorch ${torch.torch} eval, batch 64 sorted, 2 threads: median ${torch.seconds.toFixed(2)} s = ${torch.reviewsPerSecond.toFixed(0)} reviews/s (pre-encoded ids)`,
    `ratio node best / pytorch: ${(bestThroughput / torch.reviewsPerSecond).toFixed(2)}x; max |logit node - pytorch| ${maxDiff.toExponential(2)}`,
  );
  console.log(`\n${rows.join('\n')}\n`);
  expect(maxDiff).toBeLessThan(1e-4);
}, 900_000);
