// The report of issue 4, item 4: results.json schema, Markdown and SVG charts.
// Re-exported by name from the package's src/index.ts.

export { ReportError } from '../errors';
export { aggregateRuns } from './aggregate.js';
export { ARCHITECTURE_COLORS } from './architecture-labels.js';
export { buildResults } from './build-results.js';
export { curvesChart } from './curves-chart.js';
export { machineInfo } from './machine.js';
export { renderMarkdown } from './markdown.js';
export { peakRssMB } from './peak-rss.js';
export { accuracyBar, PUBLISHED, PYTORCH_RERUN, type ReferenceFigures } from './reference.js';
export { type ChartSpec, renderSvg } from './render-svg.js';
export {
  type ArchitectureAggregate,
  type EpochRecord,
  type MachineInfo,
  RESULTS_SCHEMA_VERSION,
  type ResultsFile,
  type RunOptions,
  type RunResult,
} from './results.js';
export { syntheticResults } from './synthetic-results.js';
export { testAccuracyChart } from './test-accuracy-chart.js';
export { validateResults } from './validate-results.js';
export { REPORT_FILES, renderReportFromFile, writeReport } from './write-report.js';
