/** Number and table formatting shared by the Markdown reports; "–" marks a missing value. */
export const MISSING = '–';

/** 0.87123 -> "87.12%" */
export function percent(fraction: number | null, digits = 2): string {
  return fraction === null ? MISSING : `${(fraction * 100).toFixed(digits)}%`;
}

/** A difference of fractions in percentage points: 0.0123 -> "1.23 pp" */
export function points(fraction: number | null, digits = 2): string {
  return fraction === null ? MISSING : `${(fraction * 100).toFixed(digits)} pp`;
}

export function fixed(value: number | null, digits: number): string {
  return value === null ? MISSING : value.toFixed(digits);
}

/** A Markdown table row; a `|` inside a cell is escaped so it cannot split the cell. */
export function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
}
