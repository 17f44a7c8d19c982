import { Command } from 'commander';
import { renderReportFromFile } from '../report/write-report';

export function reportCommand(): Command {
  return new Command('report')
    .description('Regenerate report.md and the SVG plots from a results.json.')
    .requiredOption('--results <path>', 'results.json written by `imdb-rnn train`')
    .option('--out <dir>', 'output folder; default: the folder of results.json')
    .action(async (opts: { results: string; out?: string }) => {
      const { dirname } = await import('node:path');
      await renderReportFromFile(opts.results, opts.out ?? dirname(opts.results));
      process.stdout.write(`report written to ${opts.out ?? dirname(opts.results)}\n`);
    });
}
