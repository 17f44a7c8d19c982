import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './code-point-compare.js';

describe('compareCodePoints', () => {
  it('orders astral characters after U+E000..U+FFFF, unlike UTF-16 comparison', () => {
    const emoji = '\u{1F600}';
    const fullwidth = '\uFF01';
    expect(emoji < fullwidth).toBe(true); // code-unit order, which we must not use
    expect(compareCodePoints(emoji, fullwidth)).toBeGreaterThan(0);
  });

  it('agrees with code-point order on ASCII and BMP, prefixes first', () => {
    const words = ['b', 'a', 'ab', 'é', 'A', 'aa', '', 'z'];
    expect([...words].sort(compareCodePoints)).toEqual(['', 'A', 'a', 'aa', 'ab', 'b', 'z', 'é']);
  });

  it('matches sorting by arrays of code points', () => {
    const words = ['\u{10000}', '\uFFFF', '\uE000', '\uD7FF', 'x\u{1F600}', 'x\uFFFD', 'x'];
    const byCodePoints = [...words].sort((a, b) => {
      const x = [...a].map((c) => c.codePointAt(0)!);
      const y = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++)
        if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    });
    expect([...words].sort(compareCodePoints)).toEqual(byCodePoints);
  });
});
