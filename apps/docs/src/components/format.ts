/** Number formatting shared by the site's tables; every figure comes from a data file. */

/** 0.8228 -> "82.28%"; null -> "–". */
export function percent(value: number | null | undefined, digits = 2): string {
  return value == null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** Fixed decimals, null -> "–". */
export function fixed(value: number | null | undefined, digits = 1): string {
  return value == null ? '–' : value.toFixed(digits);
}

/** Bytes as MB (10^6, as the export README's sizes table uses). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}
