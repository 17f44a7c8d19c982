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
      'Classify reviews with an exported .onnx model (imdb-rnn classify --help for options).',
    ),
  );
  return program;
}

/** Runs the CLI; resolves to the process exit code. Errors print one line naming the problem. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    if (argv[0] === 'classify') {
      // Loaded on demand so training commands never load the native ONNX Runtime.
      const { runClassifyCommand } = await import('@imdb-rnn/infer-node');
      return await runClassifyCommand(
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
