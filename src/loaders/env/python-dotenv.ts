/**
 * python-dotenv's `.env` parser and interpolation, followed rule for rule from the newest source
 * (theskumar/python-dotenv main after v1.2.2, commit bca6644 "strip UTF-8 BOM from .env files"):
 * `src/dotenv/parser.py` (parse_stream / parse_binding), `src/dotenv/variables.py` (parse_variables) and
 * `src/dotenv/main.py` (DotEnv.parse, resolve_variables). The parser is a cursor over the whole text that
 * applies one anchored regex after another; a failing regex aborts the statement, which python-dotenv logs
 * ("python-dotenv could not parse statement starting at line N") and skips up to the end of the current
 * line. The regexes below are the library's, with Python's `\s` spelled out (see PY_WS) and read with
 * the same backtracking semantics, so e.g. a double-quoted value runs to the next unescaped `"` even
 * several lines further down; the two `re.sub`/`finditer` steps that would be quadratic on hostile input
 * are hand-written scans with the same result.
 *
 * Differences from the 1.2.2 release: only the BOM (1.2.2 keeps a leading U+FEFF, which then becomes part
 * of the first key); the 0.21 release parses identically to 1.2.2.
 */
import { LineIndex, PY_HWS, PY_WS, isPySpace, pyRstrip, universalNewlines } from './text.ts';
import type { EnvEntry, EnvParseResult, EnvProblem } from './types.ts';

const sticky = (source: string): RegExp => new RegExp(source, 'y');

// parser.py's regexes, in its order. `[^\S\r\n]` is PY_HWS; Python's `$` (no MULTILINE) is reached
// only at the end of the text here, as in the library, because `\n` is tried before it.
const MULTILINE_WHITESPACE = sticky(`[${PY_WS}]*`);
const WHITESPACE = sticky(`[${PY_HWS}]*`);
const EXPORT = sticky(`(?:export[${PY_HWS}]+)?`);
const SINGLE_QUOTED_KEY = sticky(`'([^']+)'`);
const UNQUOTED_KEY = sticky(`([^=#${PY_WS}]+)`);
const EQUAL_SIGN = sticky(`(=[${PY_HWS}]*)`);
const SINGLE_QUOTED_VALUE = sticky(`'((?:\\\\'|[^'])*)'`);
const DOUBLE_QUOTED_VALUE = sticky(`"((?:\\\\"|[^"])*)"`);
const UNQUOTED_VALUE = sticky(`([^\\r\\n]*)`);
const COMMENT = sticky(`(?:[${PY_HWS}]*#[^\\r\\n]*)?`);
const END_OF_LINE = sticky(`[${PY_HWS}]*(?:\\r\\n|\\n|\\r|$)`);
const REST_OF_LINE = sticky(`[^\\r\\n]*(?:\\r|\\n|\\r\\n)?`);
const DOUBLE_QUOTE_ESCAPES = /\\[\\'"abfnrtv]/g;
const SINGLE_QUOTE_ESCAPES = /\\[\\']/g;

/** What `codecs.decode(match, "unicode-escape")` gives for the two-character escapes the regexes accept. */
const UNICODE_ESCAPE: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const decodeEscapes = (re: RegExp, s: string): string => s.replace(re, (m) => UNICODE_ESCAPE[m.charAt(1)] ?? m);

/** A failed statement (not an Error: nothing outside this module sees it, and no stack is needed). */
class ParseFailure {
  constructor(readonly reason: string) {}
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  hasNext(): boolean {
    return this.pos < this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  /** Reader.read_regex: an anchored match at the cursor, or the statement fails. */
  readRegex(re: RegExp, reason: string): Array<string | undefined> {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) throw new ParseFailure(reason);
    this.pos = m.index + m[0].length;
    return m.slice(1);
  }
}

function parseKey(r: Reader): string | null {
  const c = r.peek();
  if (c === '#') return null;
  if (c === "'") return r.readRegex(SINGLE_QUOTED_KEY, 'unterminated or empty single-quoted key')[0] ?? '';
  return r.readRegex(UNQUOTED_KEY, "no key before '='")[0] ?? '';
}

/**
 * parse_unquoted_value's `re.sub(r"\s+#.*", "", part)`: the leftmost match starts the whitespace run
 * before the first `#` that follows whitespace, and `.*` takes the rest (`part` holds no line break).
 * Written as a loop because the regex is quadratic on long whitespace runs.
 */
function stripUnquotedComment(part: string): string {
  for (let j = part.indexOf('#', 1); j > 0; j = part.indexOf('#', j + 1)) {
    if (!isPySpace(part.charAt(j - 1))) continue;
    let start = j - 1;
    while (start > 0 && isPySpace(part.charAt(start - 1))) start--;
    return part.slice(0, start);
  }
  return part;
}

function parseValue(r: Reader): { value: string; quoted: boolean } {
  const c = r.peek();
  if (c === "'") {
    const raw = r.readRegex(SINGLE_QUOTED_VALUE, 'unterminated single-quoted value')[0] ?? '';
    return { value: decodeEscapes(SINGLE_QUOTE_ESCAPES, raw), quoted: true };
  }
  if (c === '"') {
    const raw = r.readRegex(DOUBLE_QUOTED_VALUE, 'unterminated double-quoted value')[0] ?? '';
    return { value: decodeEscapes(DOUBLE_QUOTE_ESCAPES, raw), quoted: true };
  }
  if (c === '' || c === '\n' || c === '\r') return { value: '', quoted: false };
  const part = r.readRegex(UNQUOTED_VALUE, 'unreadable value')[0] ?? '';
  return { value: pyRstrip(stripUnquotedComment(part)), quoted: false };
}

/**
 * `dotenv_values(path, interpolate=False)`: the raw bindings in file order (duplicates kept; the last
 * one wins when they go into a dict). Problems are the statements python-dotenv skips with its
 * "could not parse statement" warning; python-dotenv reports the line where its statement mark stands,
 * which includes the blank lines before the statement, so its N can be smaller than the line given here
 * (the line of the statement's first non-blank character).
 */
export function parsePythonDotenv(text: string): EnvParseResult {
  // Reader.__init__: `stream.read().removeprefix("\ufeff")`, the stream being open() with universal newlines.
  const src = universalNewlines(text.startsWith('\ufeff') ? text.slice(1) : text);
  const lines = new LineIndex(src);
  const r = new Reader(src);
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  while (r.hasNext()) {
    r.readRegex(MULTILINE_WHITESPACE, '');
    if (!r.hasNext()) break;
    const statementAt = r.pos;
    try {
      r.readRegex(EXPORT, '');
      const keyAt = r.pos;
      const key = parseKey(r);
      r.readRegex(WHITESPACE, '');
      let value: string | null = null;
      let quoted = false;
      if (r.peek() === '=') {
        r.readRegex(EQUAL_SIGN, '');
        ({ value, quoted } = parseValue(r));
      }
      r.readRegex(COMMENT, '');
      // Only a key without '=', or a quoted value, can be followed by something END_OF_LINE rejects.
      r.readRegex(END_OF_LINE, value === null ? `text after key ${JSON.stringify(key ?? '')} is not '='` : quoted ? 'text after the closing quote' : 'unexpected text');
      if (key !== null) entries.push({ key, value, ...lines.at(keyAt) });
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      r.readRegex(REST_OF_LINE, '');
      problems.push({ ...lines.at(statementAt), message: `could not parse statement: ${e.reason}` });
    }
  }
  return { entries, problems };
}

/**
 * variables.py `parse_variables`: the matches of `\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}`
 * (finditer, left to right), each replaced by `resolve(name, default)`. Scanned by hand: the regex costs
 * quadratic time on a value with many `${` and no `}`.
 */
function replaceVariables(value: string, resolve: (name: string, fallback: string | undefined) => string): string {
  let out = '';
  let cursor = 0;
  let nextBrace = -2; // index of the next '}' at or after the scan point (-1: none), recomputed lazily
  let nextColon = -2;
  for (let i = value.indexOf('${'); i >= 0; i = value.indexOf('${', i + 1)) {
    const nameStart = i + 2;
    if (nextBrace !== -1 && nextBrace < nameStart) nextBrace = value.indexOf('}', nameStart);
    if (nextBrace < 0) break; // no '}' left: no further match is possible
    if (nextColon !== -1 && nextColon < nameStart) nextColon = value.indexOf(':', nameStart);
    let end: number;
    let name: string;
    let fallback: string | undefined;
    if (nextColon >= 0 && nextColon < nextBrace) {
      // `[^}:]*` stopped at ':'; only `:-` then `[^}]*` then `}` can continue.
      if (value.charAt(nextColon + 1) !== '-') continue;
      name = value.slice(nameStart, nextColon);
      fallback = value.slice(nextColon + 2, nextBrace);
      end = nextBrace + 1;
    } else {
      name = value.slice(nameStart, nextBrace);
      end = nextBrace + 1;
    }
    out += value.slice(cursor, i) + resolve(name, fallback);
    cursor = end;
    i = end - 1;
  }
  return out + value.slice(cursor);
}

/**
 * main.py `resolve_variables`, over the entries of one file in order. Only `${NAME}` and
 * `${NAME:-default}` are recognised (no `$NAME`, no `${NAME-default}`: that is read as a variable named
 * "NAME-default"); the default is used only when NAME is absent from both the file's earlier keys and the
 * environment: a NAME set to "" gives "" (`env.get(name, default)`), unlike POSIX `:-`. A key given
 * without a value (`KEY` alone, value None) interpolates as "". `override=true` (dotenv_values, and
 * load_dotenv(override=True)) looks in the file's earlier keys first, then `lookup`; `override=false`
 * (load_dotenv's default) looks in `lookup` first. Every value is interpolated, single-quoted ones too
 * (the parser does not remember quoting). Entries without a value stay null. Duplicates are kept, each
 * resolved against the keys before it; positions are unchanged.
 */
export function interpolatePythonDotenv(
  entries: readonly EnvEntry[],
  lookup: (name: string) => string | undefined,
  override: boolean,
): readonly EnvEntry[] {
  const newValues = new Map<string, string | null>();
  const resolve = (name: string, fallback: string | undefined): string => {
    let found: string | null | undefined;
    if (override) found = newValues.has(name) ? newValues.get(name) : lookup(name);
    else {
      found = lookup(name);
      if (found === undefined && newValues.has(name)) found = newValues.get(name);
    }
    if (found === undefined) return fallback ?? '';
    return found ?? '';
  };
  return entries.map((e) => {
    const result = e.value === null ? null : replaceVariables(e.value, resolve);
    newValues.set(e.key, result);
    return { ...e, value: result };
  });
}
