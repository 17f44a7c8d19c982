import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPORT_FILES, type ResultsFile, validateResults } from '@imdb-rnn/train';
import { DOCS_ROOT, runDir } from '../../scripts/run-dir.mjs';

export type RunReport =
  | { status: 'missing' | 'rejected'; reason: string }
  | { status: 'ok'; results: ResultsFile; curvesSvg: string; testAccuracySvg: string };

/**
 * Reads a training run's report folder (written by `writeReport` of
 * @imdb-rnn/train): results.json, validated by the same package's schema
 * check, and the two SVG charts. A missing file is normal before the main job
 * has run, so it is a status, not an error. A file made by `syntheticResults()`
 * (test data) is rejected, so the site never presents invented numbers as
 * results.
 */
export async function loadRunReport(dir: string = runDir()): Promise<RunReport> {
  const resultsPath = join(dir, REPORT_FILES.results);
  // Paths shown on the page are relative to the repository, never this machine's.
  const shown = relative(join(DOCS_ROOT, '../..'), resultsPath);
  let text: string;
  try {
    text = await readFile(resultsPath, 'utf8');
  } catch {
    return { status: 'missing', reason: `${shown} does not exist yet` };
  }
  let results: ResultsFile;
  try {
    results = validateResults(JSON.parse(text), shown);
  } catch (error) {
    return { status: 'rejected', reason: (error as Error).message };
  }
  if (/synthetic/i.test(results.generator)) {
    return {
      status: 'rejected',
      reason: `${shown}: generator "${results.generator}" made test data, not a training run`,
    };
  }
  const svg = async (name: string) => {
    const content = await readFile(join(dir, name), 'utf8').catch(() => '');
    // Only inline a real SVG document: the page renders it with v-html.
    return content.includes('<svg') ? content : '';
  };
  return {
    status: 'ok',
    results,
    curvesSvg: await svg(REPORT_FILES.curves),
    testAccuracySvg: await svg(REPORT_FILES.testAccuracy),
  };
}
