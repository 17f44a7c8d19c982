import cliProgress from 'cli-progress';
import {
  formatAmount,
  formatDone,
  formatDuration,
  formatExtra,
  formatRate,
} from './progress-format';

/** Extra figures shown after the counts, e.g. `{ loss: 0.43 }` during training. */
export type ProgressExtra = Readonly<Record<string, string | number>>;

export interface ProgressOptions {
  /** What is being done, e.g. "download aclImdb_v1.tar.gz" or "epoch 3". */
  label: string;
  /** Amount of work in all, in `unit`; undefined when unknown (no bar, no ETA). */
  total?: number;
  /** 'bytes' (shown in MB) or the name of what is counted, e.g. "reviews". Default "items". */
  unit?: string;
  /** Where to draw. Default process.stderr, so stdout stays clean for results. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Without a terminal: at most one line per this many milliseconds. Default 10,000. */
  intervalMs?: number;
  /** Clock in milliseconds; injectable so tests need not wait. */
  now?: () => number;
}

export interface Progress {
  /** Adds `n` (default 1) to the amount done. */
  tick(n?: number, extra?: ProgressExtra): void;
  /** Sets the amount done. */
  update(value: number, extra?: ProgressExtra): void;
  /** Draws the final state and releases the terminal; later calls do nothing. */
  stop(): void;
}

/**
 * A progress display that shows rate (per second, averaged since the start)
 * and ETA. On a terminal it is a redrawn bar; cli-progress does that part
 * (cursor control, throttled redraws, width) because it is maintained, has no
 * runtime dependencies beyond string-width, and lets us supply the text, so
 * the bar and the plain lines say the same thing. Elsewhere (CI logs, files)
 * it prints a plain line every `intervalMs` and one at the end, since a
 * redrawn bar would fill a log with escape codes.
 */
export function createProgress(options: ProgressOptions): Progress {
  const unit = options.unit ?? 'items';
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 10_000;
  const { label, total } = options;
  const started = now();
  let value = 0;
  let extra: ProgressExtra = {};
  let stopped = false;

  const figures = () => {
    const seconds = Math.max((now() - started) / 1000, 1e-9);
    const rate = value / seconds;
    const eta = total === undefined || value === 0 ? Number.NaN : (total - value) / rate;
    return {
      done: formatDone(value, total, unit),
      percent: total ? `${((100 * value) / total).toFixed(1)}%` : '',
      rate: value === 0 ? '-' : formatRate(rate, unit),
      remaining: formatDuration(eta),
      elapsed: formatDuration(seconds),
      extra: formatExtra(extra),
    };
  };

  if (stream.isTTY === true) {
    const format =
      total === undefined
        ? `${label} {done} | {rate} | {elapsed}{extra}`
        : `${label} [{bar}] {percent} | {done} | {rate} | ETA {remaining}{extra}`;
    const bar = new cliProgress.SingleBar({
      format,
      stream,
      barsize: 30,
      hideCursor: true,
      // Our own figures replace cli-progress's ETA, whose smoothing window
      // differs from the plain lines'.
      etaBuffer: 1,
    });
    bar.start(total ?? 1, 0, figures());
    const update = (next: number, more?: ProgressExtra) => {
      if (stopped) return;
      value = next;
      if (more !== undefined) extra = { ...extra, ...more };
      bar.update(total === undefined ? 0 : Math.min(value, total), figures());
    };
    return {
      tick: (n = 1, more) => update(value + n, more),
      update,
      stop: () => {
        if (stopped) return;
        bar.update(total === undefined ? 0 : Math.min(value, total), figures());
        bar.stop();
        stopped = true;
      },
    };
  }

  let lastLine = started;
  const line = (final: boolean) => {
    const f = figures();
    const text = final
      ? `${label}: done ${formatAmount(value, unit)} in ${f.elapsed} (${f.rate})${f.extra}`
      : `${label}: ${f.done}${f.percent ? ` (${f.percent})` : ''}, ${f.rate}, ETA ${f.remaining}${f.extra}`;
    stream.write(`${text}\n`);
  };
  const update = (next: number, more?: ProgressExtra) => {
    if (stopped) return;
    value = next;
    if (more !== undefined) extra = { ...extra, ...more };
    if (now() - lastLine >= intervalMs) {
      lastLine = now();
      line(false);
    }
  };
  return {
    tick: (n = 1, more) => update(value + n, more),
    update,
    stop: () => {
      if (stopped) return;
      stopped = true;
      line(true);
    },
  };
}
