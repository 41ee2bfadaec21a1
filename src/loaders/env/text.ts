/**
 * Text helpers shared by the env-file parsers: Python's notion of whitespace, Python's universal-newline
 * reading, `str.splitlines()` boundaries, and offset → line/column conversion.
 */

/**
 * The characters Python's `str.isspace()`, `str.strip()` and a `str` regex's `\s` treat as whitespace
 * (as a regex character-class body). It differs from JavaScript's `\s`: Python adds U+001C..U+001F and
 * U+0085, JavaScript adds U+FEFF (so a byte-order mark is NOT whitespace to Python).
 */
export const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** PY_WS without `\r` and `\n`: the body of Python's `[^\S\r\n]`. */
export const PY_HWS = '\\t\\x0b\\x0c\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const WS_CLASS = new RegExp(`^[${PY_WS}]$`);
const NON_WS = new RegExp(`[^${PY_WS}]`);

/** Python's `str.isspace()` for one UTF-16 unit (every Python whitespace character is in the BMP). */
export function isPySpace(c: string): boolean {
  return c !== '' && WS_CLASS.test(c);
}

// Loops rather than `[\s]+$`-style regexes, which take quadratic time on long runs of inner whitespace.
export function pyStrip(s: string): string {
  let start = 0;
  while (start < s.length && isPySpace(s.charAt(start))) start++;
  return pyRstrip(start === 0 ? s : s.slice(start));
}

export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s.charAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Index of the first non-whitespace character (Python's `\S`), or -1. */
export function firstNonSpace(s: string): number {
  const m = NON_WS.exec(s);
  return m ? m.index : -1;
}

/**
 * What Python's `open(path)` (newline=None, "universal newlines") hands the library: `\r\n` and lone `\r`
 * both become `\n`. Each of the three libraries reads its file that way, so `\r` never reaches their
 * parsers. Line and column numbers are unchanged by this (each line break stays one line break, and the
 * characters inside a line keep their columns).
 */
export function universalNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * The [start, end) spans of Python's `str.splitlines()` lines: it breaks at \n, \r, \r\n, \v, \f, \x1c,
 * \x1d, \x1e, \x85, U+2028 and U+2029, and gives no empty line after a final line break.
 */
export function pySplitlines(text: string): Array<{ readonly start: number; readonly end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

/** Maps offsets of a text to 1-based line/column, lines broken at \n, \r\n and \r (as an editor shows them). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}
