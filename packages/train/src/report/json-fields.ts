/**
 * Small readers for hand-validating parsed JSON. Each takes the value, its JSON
 * path (e.g. `runs[0].history[2].trainLoss`) and a `fail` callback, so one
 * validator can report the exact field and problem in its own error type.
 */
export type Fail = (path: string, problem: string) => never;

export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function readRecord(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `must be an object, got ${describeJson(value)}`);
  }
  return value as Record<string, unknown>;
}

export function readArray(value: unknown, path: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) fail(path, `must be an array, got ${describeJson(value)}`);
  return value as unknown[];
}

export function readString(value: unknown, path: string, fail: Fail): string {
  if (typeof value !== 'string') fail(path, `must be a string, got ${describeJson(value)}`);
  return value as string;
}

/** A finite number, optionally within [min, max] and/or an integer. */
export function readNumber(
  value: unknown,
  path: string,
  fail: Fail,
  limits: { min?: number; max?: number; integer?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, `must be a finite number, got ${describeJson(value)}`);
  }
  const n = value as number;
  if (limits.integer && !Number.isInteger(n)) fail(path, `must be an integer, got ${n}`);
  if (limits.min !== undefined && n < limits.min) fail(path, `must be >= ${limits.min}, got ${n}`);
  if (limits.max !== undefined && n > limits.max) fail(path, `must be <= ${limits.max}, got ${n}`);
  return n;
}

/** A fraction in [0, 1], as every accuracy-like field is. */
export function readFraction(value: unknown, path: string, fail: Fail): number {
  return readNumber(value, path, fail, { min: 0, max: 1 });
}

export function readNullable<T>(
  value: unknown,
  path: string,
  read: (value: unknown, path: string) => T,
): T | null {
  return value === null ? null : read(value, path);
}

export function readOneOf<T extends string>(
  value: unknown,
  path: string,
  fail: Fail,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    fail(path, `must be one of ${allowed.join(', ')}, got ${describeJson(value)}`);
  }
  return value as T;
}
