import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportError } from '../errors';
import { writeFileAtomic } from '../io/atomic-write.js';
import { curvesChart } from './curves-chart.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './render-svg.js';
import type { ResultsFile } from './results.js';
import { testAccuracyChart } from './test-accuracy-chart.js';
import { renderTrialMarkdown } from './trial-markdown.js';
import { validateResults } from './validate-results.js';

/** File names inside a report folder; the docs site links to them by these names. */
export const REPORT_FILES = {
  results: 'results.json',
  markdown: 'report.md',
  curves: 'curves.svg',
  testAccuracy: 'test-accuracy.svg',
} as const;

/** The files a report folder holds; selection trials have no test-accuracy chart. */
export type ReportPaths = Omit<Record<keyof typeof REPORT_FILES, string>, 'testAccuracy'> & {
  testAccuracy?: string;
};

/**
 * Writes a report folder: results.json, report.md and the SVG charts (for
 * selection trials the trial report and the curves only). Results are validated
 * first so a bad object never reaches disk, and every file is written atomically
 * so a reader (or the docs build) never sees half a file if training is
 * interrupted mid-write. Returns the paths written.
 */
export async function writeReport(dir: string, results: ResultsFile): Promise<ReportPaths> {
  validateResults(results, join(dir, REPORT_FILES.results));
  const trial = results.trial !== undefined;
  const [curves, testAccuracy] = await Promise.all([
    renderSvg(curvesChart(results)),
    trial ? undefined : renderSvg(testAccuracyChart(results)),
  ]);
  const paths: ReportPaths = {
    results: join(dir, REPORT_FILES.results),
    markdown: join(dir, REPORT_FILES.markdown),
    curves: join(dir, REPORT_FILES.curves),
  };
  await writeFileAtomic(paths.results, `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomic(
    paths.markdown,
    trial ? renderTrialMarkdown(results) : renderMarkdown(results),
  );
  await writeFileAtomic(paths.curves, curves);
  if (testAccuracy !== undefined) {
    paths.testAccuracy = join(dir, REPORT_FILES.testAccuracy);
    await writeFileAtomic(paths.testAccuracy, testAccuracy);
  }
  return paths;
}

/**
 * Regenerates a report folder from an existing results.json (the `imdb-rnn
 * report` command and the docs build), e.g. after the charts changed. The
 * results file is copied into `outDir` unchanged in content.
 */
export async function renderReportFromFile(
  resultsJsonPath: string,
  outDir: string,
): Promise<ReportPaths> {
  return writeReport(outDir, await readResultsFile(resultsJsonPath));
}

/** Reads and validates a results.json; ReportError names the file and the problem. */
export async function readResultsFile(resultsJsonPath: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await readFile(resultsJsonPath, 'utf8');
  } catch (error) {
    throw new ReportError(
      'RESULTS_UNREADABLE',
      `${resultsJsonPath}: cannot read results file (${(error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReportError(
      'RESULTS_NOT_JSON',
      `${resultsJsonPath}: not valid JSON (${(error as Error).message})`,
    );
  }
  return validateResults(parsed, resultsJsonPath);
}
