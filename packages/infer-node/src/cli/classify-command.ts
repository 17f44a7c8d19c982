import { stat } from 'node:fs/promises';
import { type Classifier, ImdbRnnError } from '@imdb-rnn/core';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadClassifier } from '../load-classifier.js';
import { InputFileError, inputFormatOf, readReviewLines } from './review-lines.js';

/** Where the command writes; defaults to the process's streams. */
export interface ClassifyCommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

interface Flags {
  model: string;
  input?: string;
  explain?: boolean;
  batchSize: number;
  maxLength?: number;
  numThreads: number;
  threads?: number;
  progress: boolean;
}

/** Reviews classified per call when streaming a file. */
const STREAM_CHUNK = 512;

/**
 * `imdb-rnn classify --model M "text" ...` or `--input reviews.jsonl|.txt`: writes
 * one JSON line per review to stdout, progress and reviews/s to stderr. Resolves to
 * the exit code: 0 done, 1 bad model or input (message on stderr), 2 bad usage.
 */
export async function runClassifyCommand(
  argv: readonly string[],
  io: ClassifyCommandIO = { stdout: process.stdout, stderr: process.stderr },
  /** The name `--help` shows: `imdb-rnn classify` when called from @imdb-rnn/train's CLI. */
  programName = 'imdb-rnn-classify',
): Promise<number> {
  const program = new Command(programName)
    .description('Classify movie reviews with an exported imdb-rnn ONNX model.')
    .requiredOption(
      '-m, --model <path>',
      'exported .onnx model (path, http(s) URL, or a name of @imdb-rnn/models: rnn, gru, lstm, bilstm, best)',
    )
    .option(
      '-i, --input <file>',
      'reviews to classify: .jsonl (strings or {"text"}) or .txt (one per line)',
    )
    .option('-e, --explain', "also print each token's contribution (text arguments only)")
    .option('-b, --batch-size <n>', 'reviews per forward pass', positiveInt, 64)
    .option('--max-length <n>', 'keep only the first n tokens of each review', positiveInt)
    .option('-t, --num-threads <n>', 'ONNX Runtime threads per run', positiveInt, 1)
    // The former name, kept working; hidden so the help shows one way.
    .addOption(new Option('--threads <n>').argParser(positiveInt).hideHelp())
    .option('--no-progress', 'no progress bar')
    .argument('[texts...]', 'review texts to classify')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  let texts: string[];
  let flags: Flags;
  try {
    program.parse(argv, { from: 'user' });
    texts = program.args;
    flags = program.opts<Flags>();
    if ((texts.length === 0) === (flags.input === undefined)) {
      throw new Error('give either review texts or --input <file>, not both or neither');
    }
    if (flags.input !== undefined) inputFormatOf(flags.input);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are not failures.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return 2;
  }

  let classifier: Classifier | undefined;
  try {
    classifier = await loadClassifier(flags.model, {
      batchSize: flags.batchSize,
      numThreads: flags.threads ?? flags.numThreads,
      ...(flags.maxLength === undefined ? {} : { maxLength: flags.maxLength }),
    });
    if (flags.input === undefined) {
      for (const text of texts) {
        const result = flags.explain
          ? await classifier.explain(text)
          : await classifier.classify(text);
        await write(io.stdout, `${JSON.stringify(result)}\n`);
      }
    } else {
      await classifyFile(classifier, flags.input, flags.progress, io);
    }
    return 0;
  } catch (error) {
    if (error instanceof ImdbRnnError || error instanceof InputFileError) {
      // Name the model file unless the message already says which file is at fault.
      const where =
        classifier === undefined && !error.message.includes(flags.model) ? `${flags.model}: ` : '';
      io.stderr.write(`error: ${where}${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await classifier?.dispose();
  }
}

async function classifyFile(
  classifier: Classifier,
  path: string,
  showProgress: boolean,
  io: ClassifyCommandIO,
): Promise<void> {
  const total = (await stat(path).catch(() => ({ size: 0 }))).size;
  const bar = new SingleBar(
    {
      stream: io.stderr,
      format: '{bar} {percentage}% | {reviews} reviews | {rate} reviews/s | eta {eta_formatted}',
      hideCursor: true,
      noTTYOutput: false,
    },
    undefined,
  );
  const started = performance.now();
  let done = 0;
  let bytes = 0;
  const rate = () => Math.round(done / Math.max((performance.now() - started) / 1000, 1e-3));
  if (showProgress) bar.start(Math.max(total, 1), 0, { reviews: 0, rate: 0 });
  try {
    let chunk: { line: number; text: string; id?: unknown }[] = [];
    const flush = async () => {
      const results = await classifier.classify(chunk.map((r) => r.text));
      const out = results.map((result, i) => {
        const { line, id } = chunk[i]!;
        return JSON.stringify(id === undefined ? { line, ...result } : { id, line, ...result });
      });
      await write(io.stdout, `${out.join('\n')}\n`);
      done += chunk.length;
      chunk = [];
      if (showProgress) bar.update(bytes, { reviews: done, rate: rate() });
    };
    for await (const review of readReviewLines(path, (b) => (bytes = b))) {
      chunk.push(review);
      if (chunk.length === STREAM_CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
    if (showProgress) bar.update(Math.max(total, 1), { reviews: done, rate: rate() });
  } finally {
    if (showProgress) bar.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  io.stderr.write(`classified ${done} reviews in ${seconds.toFixed(2)} s (${rate()} reviews/s)\n`);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** Writes with backpressure, so piping a huge file into a slow consumer stays bounded. */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(text, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}
