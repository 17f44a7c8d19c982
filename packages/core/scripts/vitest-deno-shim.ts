// The subset of vitest's API that core's tests use, on Deno.test and node:assert,
// so the very same test files run unchanged under Deno (see test-deno.mjs).
// Only this shim touches Deno or node: APIs; core's sources never do.
import assert from 'node:assert';

declare const Deno: {
  test(name: string, fn: () => unknown): void;
};

type TestFn = () => unknown;
const scopes: string[] = [];

export function describe(name: string, body: () => void): void {
  scopes.push(name);
  try {
    body();
  } finally {
    scopes.pop();
  }
}

function register(name: string, fn: TestFn): void {
  Deno.test([...scopes, name].join(' > '), fn);
}

type Each = <T>(cases: readonly T[]) => (name: string, fn: (arg: T) => unknown) => void;
const each: Each = (cases) => (name, fn) => {
  cases.forEach((c, i) => {
    const label = name.replace('%s', String(c)).replace('%i', String(i)).replace('$#', String(i));
    register(label, () => fn(c));
  });
};

export const it = Object.assign((name: string, fn: TestFn, _timeout?: number) => register(name, fn), {
  each,
  skip: (_name: string, _fn: TestFn) => {},
});
export const test = it;

function matches(error: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof expected === 'string') return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
  if (typeof expected === 'function') return error instanceof (expected as new () => unknown);
  return false;
}

function makeMatchers(actual: unknown, negate: boolean) {
  const check = (pass: boolean, message: string) => {
    if (pass === negate) throw new assert.AssertionError({ message: negate ? `not: ${message}` : message });
  };
  const deepEqual = (a: unknown, b: unknown) => {
    try {
      assert.deepStrictEqual(a, b);
      return true;
    } catch {
      return false;
    }
  };
  const show = (v: unknown) => {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  };
  const thrown = (): { threw: boolean; error?: unknown } => {
    try {
      (actual as () => unknown)();
      return { threw: false };
    } catch (error) {
      return { threw: true, error };
    }
  };
  return {
    toBe: (e: unknown) => check(Object.is(actual, e), `expected ${show(actual)} to be ${show(e)}`),
    toEqual: (e: unknown) => check(deepEqual(actual, e), `expected ${show(actual)} to equal ${show(e)}`),
    toStrictEqual: (e: unknown) => check(deepEqual(actual, e), `expected ${show(actual)} to equal ${show(e)}`),
    toBeTruthy: () => check(Boolean(actual), `expected ${show(actual)} to be truthy`),
    toBeFalsy: () => check(!actual, `expected ${show(actual)} to be falsy`),
    toBeUndefined: () => check(actual === undefined, `expected ${show(actual)} to be undefined`),
    toBeDefined: () => check(actual !== undefined, 'expected a defined value'),
    toBeNull: () => check(actual === null, `expected ${show(actual)} to be null`),
    toBeGreaterThan: (e: number) => check((actual as number) > e, `expected ${actual} > ${e}`),
    toBeGreaterThanOrEqual: (e: number) => check((actual as number) >= e, `expected ${actual} >= ${e}`),
    toBeLessThan: (e: number) => check((actual as number) < e, `expected ${actual} < ${e}`),
    toBeLessThanOrEqual: (e: number) => check((actual as number) <= e, `expected ${actual} <= ${e}`),
    toBeCloseTo: (e: number, digits = 2) =>
      check(Math.abs((actual as number) - e) < 10 ** -digits / 2, `expected ${actual} to be close to ${e}`),
    toHaveLength: (n: number) =>
      check((actual as { length: number }).length === n, `expected length ${n}, got ${(actual as { length: number }).length}`),
    toContain: (e: unknown) =>
      check(
        typeof actual === 'string' ? actual.includes(e as string) : (actual as unknown[]).includes(e),
        `expected ${show(actual)} to contain ${show(e)}`,
      ),
    toMatch: (e: RegExp | string) =>
      check(typeof e === 'string' ? (actual as string).includes(e) : e.test(actual as string), `expected ${show(actual)} to match ${e}`),
    toBeInstanceOf: (cls: new (...args: never[]) => unknown) =>
      check(actual instanceof cls, `expected an instance of ${cls.name}`),
    toThrow: (e?: unknown) => {
      const r = thrown();
      check(r.threw && matches(r.error, e), `expected a throw matching ${String(e)}, got ${r.threw ? String(r.error) : 'no throw'}`);
    },
    toThrowError: (e?: unknown) => {
      const r = thrown();
      check(r.threw && matches(r.error, e), `expected a throw matching ${String(e)}, got ${r.threw ? String(r.error) : 'no throw'}`);
    },
  };
}

export function expect(actual: unknown) {
  return Object.assign(makeMatchers(actual, false), {
    not: makeMatchers(actual, true),
    rejects: {
      toThrow: async (e?: unknown) => {
        try {
          await (actual as Promise<unknown>);
        } catch (error) {
          if (!matches(error, e)) throw new assert.AssertionError({ message: `rejected with ${String(error)}` });
          return;
        }
        throw new assert.AssertionError({ message: 'expected a rejection' });
      },
    },
  });
}
