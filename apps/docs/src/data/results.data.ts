import { defineLoader } from 'vitepress';
import { runDir } from '../../scripts/run-dir.mjs';
import { loadRunReport, type RunReport } from './load-run';

declare const data: RunReport;

export { data };

// Build-time loader for the Results page: the numbers come from the run's
// results.json, never from the page's text.
export default defineLoader({
  watch: [],
  load: () => loadRunReport(runDir()),
});
