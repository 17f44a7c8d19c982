import { defineLoader } from 'vitepress';
import { bestRunDir } from '../../scripts/run-dir.mjs';
import { loadRunReport, type RunReport } from './load-run';

declare const data: RunReport;

export { data };

// Build-time loader for the Results page's `best` preset section: the same checks as the
// reference run's loader (a real run's results.json, never synthetic numbers).
export default defineLoader({
  watch: [],
  load: () => loadRunReport(bestRunDir()),
});
