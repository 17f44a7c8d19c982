import { ImdbRnnError } from '@imdb-rnn/core';
import { Command, CommanderError } from 'commander';
import { evaluateCommand } from './evaluate-command';
import { exportCommand } from './export-command';
import { reportCommand } from './report-command';
import { trainCommand } from './train-command';

/** The `imdb-rnn` command line. commander parses and documents the options (`--help` on every command). */
export function createProgram(): Command {
  const program = new Command('imdb-rnn')
    .description('Train, evaluate, report and export recurrent IMDB sentiment classifiers.')
    .showHelpAfterError()
    .exitOverride();
  for (const command of [trainCommand(), evaluateCommand(), reportCommand(), exportCommand()]) {
    program.addCommand(command.exitOverride().showHelpAfterError());
  }
  // Listed for --help only: runCli hands `classify` to @imdb-rnn/infer-node's command.
  program.addCommand(
    new Command('classify').description(
      'Classify reviews with an exported .onnx model; needs @imdb-rnn/infer-node (imdb-rnn classify --help for options).',
    ),
  );
  return program;
}

/** Runs the CLI; resolves to the process exit code. Errors print one line naming the problem. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    if (argv[0] === 'classify') {
      const inferNode = await importInferNode();
      if (inferNode === undefined) {
        process.stderr.write(INFER_NODE_MISSING);
        return 1;
      }
      return await inferNode.runClassifyCommand(
        argv.slice(1),
        { stdout: process.stdout, stderr: process.stderr },
        'imdb-rnn classify',
      );
    }
    await createProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors were already printed.
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof ImdbRnnError ? `${error.name}: ` : '';
    process.stderr.write(`imdb-rnn: ${kind}${message}\n`);
    return 1;
  }
}

/** What `imdb-rnn classify` prints when @imdb-rnn/infer-node is not installed. */
export const INFER_NODE_MISSING =
  'imdb-rnn classify runs models on ONNX Runtime through @imdb-rnn/infer-node, an optional\n' +
  'peer dependency of @imdb-rnn/train that is not installed here. Install it with:\n\n' +
  '  npm install @imdb-rnn/infer-node\n';

/**
 * @imdb-rnn/infer-node, or undefined when it (or its onnxruntime-node) cannot be
 * found. It is an optional peer: installing train alone must not pull the
 * ~200 MB native ONNX Runtime, and training commands never load it.
 */
async function importInferNode(): Promise<typeof import('@imdb-rnn/infer-node') | undefined> {
  try {
    return await import('@imdb-rnn/infer-node');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const missing =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      /@imdb-rnn\/infer-node|onnxruntime-node/.test(String((error as Error).message));
    if (missing) return undefined;
    throw error;
  }
}
