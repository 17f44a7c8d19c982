/**
 * Orders strings by Unicode code point, which is what "stable tie order" in the
 * vocabulary means. JavaScript's `<` compares UTF-16 code units instead, which puts
 * astral characters (emoji, U+10000 and up) before U+E000..U+FFFF; Python's sort
 * and byte-wise UTF-8 order agree with this function, not with `<`.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Shift surrogates (D800..DFFF) above E000..FFFF so they sort as the astral code points they encode.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}
