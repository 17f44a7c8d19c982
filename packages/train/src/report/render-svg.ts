import type { TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite chart as plain data. Our chart builders produce this rather than
 * vega-lite's `TopLevelSpec`, whose deeply nested unions reject ordinary object
 * literals; `renderSvg` makes the check at runtime instead, strictly (any
 * vega-lite warning is an error), and the chart tests render every chart.
 */
export type ChartSpec = Record<string, unknown>;

/**
 * Renders a Vega-Lite chart to a standalone SVG string, headlessly.
 *
 * Why Vega-Lite + Vega: a declarative grammar (the chart is data we can test
 * and the docs site can embed as-is), maintained by the UW Interactive Data
 * Lab with steady releases, and its SVG renderer runs in plain Node with no
 * canvas, fonts or browser (text widths are estimated), so CI needs nothing
 * extra. Hand-written SVG would mean re-implementing axes, ticks and legends;
 * canvas-based plotting libraries need native modules.
 *
 * Both are imported lazily: they are ESM-only with top-level await, which a
 * CommonJS `require` cannot load, and only report writing needs them.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => {
    warnings.push(args.map(String).join(' '));
    return logger;
  };
  const compiled = vegaLite.compile(spec as unknown as TopLevelSpec, { logger }).spec;
  if (warnings.length > 0) {
    throw new Error(`Vega-Lite rejected a chart spec: ${warnings.join('; ')}`);
  }
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
