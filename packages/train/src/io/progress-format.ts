/**
 * Text for progress displays. `unit` 'bytes' is shown in MB (downloads, files);
 * any other unit is a count of things ("reviews", "batches") shown as is.
 */
export function formatAmount(value: number, unit: string): string {
  return `${formatNumber(value, unit)} ${unitName(unit)}`;
}

/** "12.3/84.1 MB" or "1,200/25,000 reviews"; just the amount when the total is unknown. */
export function formatDone(value: number, total: number | undefined, unit: string): string {
  if (total === undefined) return formatAmount(value, unit);
  return `${formatNumber(value, unit)}/${formatNumber(total, unit)} ${unitName(unit)}`;
}

function formatNumber(value: number, unit: string): string {
  return unit === 'bytes' ? (value / 1e6).toFixed(1) : Math.round(value).toLocaleString('en-US');
}

function unitName(unit: string): string {
  return unit === 'bytes' ? 'MB' : unit;
}

export function formatRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond)) return '-';
  if (unit === 'bytes') return `${(perSecond / 1e6).toFixed(1)} MB/s`;
  return `${perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toPrecision(3)} ${unit}/s`;
}

/** "45s", "3m05s", "1h02m"; "-" when unknown (no rate yet). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Extra figures (loss, accuracy) as " loss=0.4321 acc=0.8123"; numbers to 4 significant digits. */
export function formatExtra(extra: Readonly<Record<string, string | number>>): string {
  return Object.entries(extra)
    .map(([key, value]) => {
      const shown =
        typeof value === 'number' && !Number.isInteger(value)
          ? value.toPrecision(4)
          : String(value);
      return ` ${key}=${shown}`;
    })
    .join('');
}
