import { Command } from 'commander';
import { addShortText } from '../report/add-short-text';
import { readResultsFile, renderReportFromFile, writeReport } from '../report/write-report';
import { resolveDataOption } from './resolve-data-option';

export function reportCommand(): Command {
  return new Command('report')
    .description('Regenerate report.md and the SVG plots from a results.json.')
    .requiredOption('--results <path>', 'results.json written by `imdb-rnn train`')
    .option('--out <dir>', 'output folder; default: the folder of results.json')
    .option(
      '--short-text',
      'first evaluate every run whose model file exists on the test reviews cut to their first sentence and first 20 tokens, and add the figures',
    )
    .option(
      '--data <path>',
      'IMDB archive or extracted folder for --short-text; default: $IMDB_RNN_DATA',
    )
    .action(async (opts: { results: string; out?: string; shortText?: boolean; data?: string }) => {
      const { dirname } = await import('node:path');
      const out = opts.out ?? dirname(opts.results);
      if (opts.shortText) {
        const results = await readResultsFile(opts.results);
        const data = await resolveDataOption(opts.data);
        const log = (line: string) => process.stdout.write(`${line}\n`);
        await writeReport(out, await addShortText(results, dirname(opts.results), data, log));
      } else {
        await renderReportFromFile(opts.results, out);
      }
      process.stdout.write(`report written to ${out}\n`);
    });
}
