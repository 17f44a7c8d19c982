import { describeValue } from '../describe-value.js';
import { encodeTokens } from '../encode.js';
import { type Fail, ImdbRnnError } from '../errors.js';
import type { ArtifactMetadata } from '../metadata.js';
import type { ModelSpec } from '../model-spec.js';
import { PAD_INDEX, UNK_INDEX } from '../model-spec.js';
import { lengthBuckets } from '../pad-batch.js';
import { positiveInteger } from '../positive-integer.js';
import { sigmoid } from '../sigmoid.js';
import { tokenize } from '../tokenize.js';
import { Vocab } from '../vocab.js';
import { ClassifierDisposedError, InputError, ModelFormatError } from './classifier-errors.js';
import type { InferenceBackend } from './inference-backend.js';
import { SerialQueue } from './serial-queue.js';

/** The class names of IMDB models; a model trained on other data has its own (`metadata.labels`). */
export type SentimentLabel = 'negative' | 'positive';

/** One review's result. */
export interface Prediction {
  /**
   * The model's class name: `metadata.labels[1]` when score >= 0.5 (logit >= 0), else
   * `metadata.labels[0]`; `positive` / `negative` for IMDB models.
   */
  label: string;
  /**
   * P(class 1) = sigmoid(logit), in [0, 1], whatever the label; P(positive) for IMDB
   * models: comparable across reviews (0.1 is more negative than 0.4). Not the
   * confidence of a class-0 label: that is `confidence`.
   */
  score: number;
  /**
   * The probability of the returned label, in [0.5, 1]: `score` for class 1
   * (`positive`), `1 - score` for class 0 (what transformers.js calls `score`).
   */
  confidence: number;
  /** The model's raw output. */
  logit: number;
}

/** One token of an explained review. */
export interface TokenContribution {
  /** The token as the tokenizer produced it (lowercased, normalised). */
  token: string;
  /** Its vocabulary id; 0 (`<unk>`) when the model does not know it. */
  id: number;
  /** False when the token is out of vocabulary (it still counts, as `<unk>`). */
  known: boolean;
  /**
   * How far this token pushes its phrase towards class 1 (positive, > 0) or class 0 (< 0), in
   * log-odds: logit(phrase) - logit(phrase without this token), where the phrase is the
   * token with up to EXPLAIN_WINDOW tokens either side (clipped at the review's ends).
   * A phrase left empty scores as the empty review, [<unk>]. See `Classifier.explain`.
   */
  contribution: number;
}

export interface Explanation extends Prediction {
  /** Every token of the review, in order. Empty for a review without tokens. */
  tokens: TokenContribution[];
}

/** What `classifier.metadata` tells about the loaded model. */
export interface ClassifierMetadata {
  /** The model's name, when training recorded one. */
  name: string | undefined;
  spec: ModelSpec;
  /** Class names by output, `[class 0, class 1]`: `['negative', 'positive']` for IMDB models. */
  labels: readonly [string, string];
  /** Number of token ids, `<unk>` and `<pad>` included (= spec.vocabSize). */
  vocabSize: number;
  /** Test-split accuracy recorded at training time, when recorded. */
  accuracy: number | undefined;
  /** Every metric training recorded (`testAccuracy`, `testLoss`, ...). */
  metrics: Readonly<Record<string, number>>;
  /** Embedding storage of the exported model: `fp32`, `fp16` or `int8`, when recorded. */
  weights: string | undefined;
  tokenizerVersion: number;
  createdAt: string | undefined;
}

export interface ClassifierOptions {
  /** Reviews per forward pass when classifying an array; default 64. */
  batchSize?: number;
  /** Keep only the first this-many tokens of each review; default: all of them. */
  maxLength?: number;
  /**
   * `explain` refuses (InputError) a review with more tokens than this, since it runs
   * 2 x tokens + 1 sequences; default 1000 (after maxLength truncation).
   */
  maxExplainTokens?: number;
}

const DEFAULTS = { batchSize: 64, maxExplainTokens: 1000 };

/**
 * Tokens either side of a token in the phrase `explain` judges it by. Chosen with
 * train's bench:explain (sign agreement with the AFINN-165 lexicon): in a 40-review
 * trial, windows of 2, 10 and 20 tokens were within 2 points of 5, the whole review
 * (deletion) up to 10 points below it.
 */
export const EXPLAIN_WINDOW = 5;

/**
 * The runtime-independent classifier: tokenize -> encode (an empty review becomes
 * [<unk>]) -> length-sorted batches -> backend -> sigmoid and label, results in input
 * order. Every backend call goes through one queue, so any number of concurrent
 * callers share one session safely. Each runtime package wraps a backend in this.
 */
export class Classifier {
  readonly metadata: ClassifierMetadata;
  readonly #vocab: Vocab;
  readonly #labels: readonly [string, string];
  readonly #backend: InferenceBackend;
  readonly #queue = new SerialQueue();
  readonly #batchSize: number;
  readonly #maxLength: number | undefined;
  readonly #maxExplainTokens: number;
  #disposed: Promise<void> | undefined;
  #released = false;

  constructor(
    artifact: { metadata: ArtifactMetadata; weights?: string | undefined },
    backend: InferenceBackend,
    options: ClassifierOptions = {},
  ) {
    const { metadata } = artifact;
    this.#batchSize = positiveIntegerOption(
      options.batchSize,
      'options.batchSize',
      DEFAULTS.batchSize,
    );
    this.#maxLength =
      options.maxLength === undefined
        ? undefined
        : positiveIntegerOption(options.maxLength, 'options.maxLength', 1);
    this.#maxExplainTokens = positiveIntegerOption(
      options.maxExplainTokens,
      'options.maxExplainTokens',
      DEFAULTS.maxExplainTokens,
    );
    this.#vocab = Vocab.fromTokens(metadata.vocab);
    this.#labels = Object.freeze([metadata.labels[0], metadata.labels[1]] as const);
    this.#backend = backend;
    const metrics: Record<string, number> = {};
    for (const [key, value] of Object.entries(metadata.metrics ?? {})) {
      if (value !== undefined) metrics[key] = value;
    }
    this.metadata = Object.freeze({
      name: metadata.name,
      spec: metadata.spec,
      labels: this.#labels,
      vocabSize: metadata.spec.vocabSize,
      accuracy: metrics.testAccuracy,
      metrics: Object.freeze(metrics),
      weights: artifact.weights,
      tokenizerVersion: metadata.tokenizerVersion,
      createdAt: metadata.createdAt,
    });
  }

  /** Classifies one review, or an array of reviews (batched internally, results in order). */
  classify(text: string): Promise<Prediction>;
  classify(texts: readonly string[]): Promise<Prediction[]>;
  async classify(input: string | readonly string[]): Promise<Prediction | Prediction[]> {
    this.#assertOpen('classify');
    if (typeof input === 'string') return (await this.#predict([input]))[0]!;
    if (!Array.isArray(input)) {
      throw new InputError(
        'text',
        `expected a string or an array of strings, got ${describeValue(input)}`,
      );
    }
    input.forEach((text, i) => {
      if (typeof text !== 'string') {
        throw new InputError(`texts[${i}]`, `expected a string, got ${describeValue(text)}`);
      }
    });
    return this.#predict(input);
  }

  /**
   * The review's prediction and each token's contribution: the change in log-odds
   * (logit) the token makes to its phrase, the token with up to EXPLAIN_WINDOW (5)
   * tokens either side:
   *
   *   contribution(i) = logit(tokens[i-5 .. i+5]) - logit(the same without token i)
   *
   * (ranges clipped at the review's ends; a phrase left empty scores as [<unk>], like an
   * empty review). Why the phrase and not the whole review: removing one token from a
   * whole review barely moves a recurrent model that has already made up its mind (the
   * RNN forgets early tokens entirely), so those differences are small and their signs
   * agree with an opinion lexicon far less often; train's bench:explain measures
   * both. The contributions explain the phrases, so they need not add up to the
   * review's logit. The review and the 2 x tokens phrases run in one queued turn.
   */
  async explain(text: string): Promise<Explanation> {
    this.#assertOpen('explain');
    if (typeof text !== 'string') {
      throw new InputError('text', `expected a string, got ${describeValue(text)}`);
    }
    let tokens = tokenize(text);
    if (this.#maxLength !== undefined) tokens = tokens.slice(0, this.#maxLength);
    if (tokens.length > this.#maxExplainTokens) {
      throw new InputError(
        'text',
        `has ${tokens.length} tokens; explain handles at most ${this.#maxExplainTokens} (options.maxExplainTokens)`,
      );
    }
    const { ids } = encodeTokens([tokens], this.#vocab);
    const full = ids[0]!;
    const phrases: Int32Array[] = [];
    const without: Int32Array[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const start = Math.max(0, i - EXPLAIN_WINDOW);
      const phrase = full.subarray(start, Math.min(tokens.length, i + EXPLAIN_WINDOW + 1));
      phrases.push(phrase);
      without.push(withoutIndex(phrase, i - start));
    }
    // Two runs in one turn: the review alone, so the short phrases are not padded
    // to its length.
    const [review, phraseLogits] = await this.#queue.run(async () => [
      await this.#runBatch([full]),
      phrases.length === 0 ? new Float32Array(0) : await this.#runBatch([...phrases, ...without]),
    ]);
    const n = tokens.length;
    return {
      ...toPrediction(review![0]!, this.#labels),
      tokens: tokens.map((token, i) => ({
        token,
        id: full[i]!,
        known: full[i] !== UNK_INDEX,
        contribution: phraseLogits![i]! - phraseLogits![n + i]!,
      })),
    };
  }

  /**
   * Releases the runtime session once the calls already queued have finished; later
   * calls reject with ClassifierDisposedError. Safe to call more than once.
   */
  dispose(): Promise<void> {
    // Queued like a run: whatever was submitted before it finishes first.
    this.#disposed ??= this.#queue.run(() => {
      this.#released = true;
      return this.#backend.dispose();
    });
    return this.#disposed;
  }

  async #predict(texts: readonly string[]): Promise<Prediction[]> {
    const options = this.#maxLength === undefined ? {} : { maxLength: this.#maxLength };
    const { ids, lengths } = encodeTokens(texts.map(tokenize), this.#vocab, options);
    const out: Prediction[] = new Array(texts.length);
    for (const bucket of lengthBuckets(lengths, this.#batchSize)) {
      const rows = Array.from(bucket, (i) => ids[i]!);
      const logits = await this.#queue.run(() => this.#runBatch(rows));
      bucket.forEach((i, b) => {
        out[i] = toPrediction(logits[b]!, this.#labels);
      });
    }
    return out;
  }

  async #runBatch(rows: readonly Int32Array[]): Promise<Float32Array> {
    // Re-checked inside the queue: the later batches of an array can come after dispose().
    if (this.#released) throw new ClassifierDisposedError('classify');
    const batch = rows.length;
    let time = 0;
    for (const row of rows) time = Math.max(time, row.length);
    const ids = new BigInt64Array(batch * time);
    const lengths = new BigInt64Array(batch);
    // int64 ids are written as their low 32-bit words (ids are small and non-negative),
    // several times faster than converting every id to a BigInt.
    const words = new Int32Array(ids.buffer);
    const low = LITTLE_ENDIAN ? 0 : 1;
    for (let b = 0; b < batch; b++) {
      const row = rows[b]!;
      const base = b * time;
      for (let t = 0; t < time; t++)
        words[2 * (base + t) + low] = t < row.length ? row[t]! : PAD_INDEX;
      lengths[b] = BigInt(row.length);
    }
    let logits: Float32Array;
    try {
      logits = await this.#backend.run(ids, lengths, batch, time);
    } catch (error) {
      if (error instanceof ImdbRnnError) throw error;
      // A model that loads can still fail to run, e.g. a corrupted graph whose Reshape
      // asks for an impossible shape (found by infer-node's fuzz test): the runtime's
      // raw error would reach callers untyped.
      throw new ModelFormatError(
        `ONNX Runtime failed to run the model: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return checkLogits(logits, batch);
  }

  #assertOpen(method: string): void {
    if (this.#disposed !== undefined) throw new ClassifierDisposedError(method);
  }
}

/** `ids` without position i; empty becomes [<unk>], as an empty review encodes. */
function withoutIndex(ids: Int32Array, i: number): Int32Array {
  if (ids.length === 1) return Int32Array.of(UNK_INDEX);
  const out = new Int32Array(ids.length - 1);
  out.set(ids.subarray(0, i), 0);
  out.set(ids.subarray(i + 1), i);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A corrupted model can run yet return the wrong number of logits, or NaN/Infinity
 * from corrupted weights; either would surface as silently wrong predictions (a NaN
 * score labelled "negative"), so it is a ModelFormatError instead.
 */
function checkLogits(logits: ArrayLike<unknown>, batch: number): Float32Array {
  if (logits.length !== batch) {
    throw new ModelFormatError(
      `the model returned ${logits.length} logits for a batch of ${batch} reviews`,
    );
  }
  for (let b = 0; b < batch; b++) {
    const logit = logits[b];
    if (typeof logit !== 'number' || !Number.isFinite(logit)) {
      throw new ModelFormatError(
        `the model returned a non-finite logit (${String(logit)}): its weights are corrupt`,
      );
    }
  }
  return logits as Float32Array;
}

function toPrediction(logit: number, labels: readonly [string, string]): Prediction {
  const score = sigmoid(logit);
  return logit >= 0
    ? { label: labels[1], score, confidence: score, logit }
    : { label: labels[0], score, confidence: sigmoid(-logit), logit };
}

const inputError: Fail = (path, problem) => {
  throw new InputError(path, problem);
};

/** An optional positive-integer option: `fallback` when absent, else an InputError naming it. */
function positiveIntegerOption(value: unknown, path: string, fallback: number): number {
  return value === undefined ? fallback : positiveInteger(value, path, inputError);
}
