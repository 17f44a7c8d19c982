// Tokenizer throughput: tokenizes every review of the IMDB archive at $IMDB_RNN_DATA
// (a .tar.gz, .tar or extracted aclImdb/ folder), or a generated review-like corpus
// when it is unset, several times, and prints the median tokens/s.
//
//   node bench/tokenize.bench.mjs [runs]        (from packages/core; default 7 runs)
//
// It bundles the current sources with esbuild, so no build step is needed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 7);

async function loadSources() {
  const out = mkdtempSync(join(tmpdir(), 'imdb-rnn-bench-'));
  try {
    const file = join(out, 'bench-entry.mjs');
    await build({
      stdin: {
        contents: `export { tokenize } from './src/tokenize.ts';
                   export { readImdbReviews } from '@imdb-rnn/test-support/imdb';`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // The IMDB reader's tar-stream is CommonJS and requires Node built-ins, which an
      // ESM bundle can only do through a real require.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      outfile: file,
      logLevel: 'warning',
    });
    return await import(pathToFileURL(file).href);
  } finally {
    // The module is in memory once imported.
    rmSync(out, { recursive: true, force: true });
  }
}

/** A deterministic review-like corpus: words, accents, contractions, <br />, punctuation. */
function generatedCorpus(count) {
  const words = [
    'the',
    'movie',
    'film',
    'was',
    'great',
    'bad',
    "don't",
    'acting',
    'plot',
    'Almodóvar',
    'really',
    'I',
    'it',
    'and',
    'a',
    'of',
    'to',
    'is',
    'in',
    'that',
    'this',
    'Penélope',
    'café',
    'well-made',
    '10/10',
    "it's",
    'BORING',
    'characters',
    'story',
    'watch',
    'ending',
    'can’t',
  ];
  const punctuation = ['.', ',', '!', '...', '?', '"', ' -', ':'];
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
  const reviews = [];
  for (let r = 0; r < count; r++) {
    const parts = [];
    const length = 50 + Math.floor(next() * 400);
    for (let w = 0; w < length; w++) {
      parts.push(words[Math.floor(next() * words.length)]);
      const p = next();
      if (p < 0.12) parts[parts.length - 1] += punctuation[Math.floor(next() * punctuation.length)];
      else if (p < 0.13) parts.push('<br /><br />');
    }
    reviews.push({ path: `generated/${r}`, text: parts.join(' ') });
  }
  return reviews;
}

const { tokenize, readImdbReviews } = await loadSources();
const source = process.env.IMDB_RNN_DATA;
const reviews = source ? await readImdbReviews(source) : generatedCorpus(10_000);
const chars = reviews.reduce((n, r) => n + r.text.length, 0);
console.log(
  `corpus: ${source ? source : 'generated (set IMDB_RNN_DATA for the IMDB archive)'}; ` +
    `${reviews.length} reviews, ${(chars / 1e6).toFixed(1)} M chars`,
);

// One untimed pass lets the JIT and the regex compiler settle.
let tokens = 0;
for (const r of reviews) tokens += tokenize(r.text).length;
const seconds = [];
for (let run = 0; run < runs; run++) {
  const start = performance.now();
  let n = 0;
  for (const r of reviews) n += tokenize(r.text).length;
  seconds.push((performance.now() - start) / 1000);
  if (n !== tokens)
    throw new Error(`run ${run} gave ${n} tokens, the warm-up ${tokens}: not deterministic`);
}
seconds.sort((a, b) => a - b);
const median = seconds[Math.floor(seconds.length / 2)];
const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(
  `tokens per pass: ${fmt(tokens)}; runs: ${runs}; seconds per pass: ${seconds.map((s) => s.toFixed(3)).join(' ')}`,
);
console.log(
  `median: ${median.toFixed(3)} s per pass = ${fmt(tokens / median)} tokens/s, ` +
    `${fmt(reviews.length / median)} reviews/s, ${(chars / median / 1e6).toFixed(1)} M chars/s`,
);
