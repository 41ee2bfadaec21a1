/**
 * django-environ `Env.read_env(env_file, parse_comments=...)` line parsing, following the newest release,
 * 0.12.0 (joke2k/django-environ environ/environ.py, `read_env`). The file is opened with `encoding='utf8'`
 * and universal newlines, split with `str.splitlines()` (which also breaks at \v, \f, \x1c-\x1e, \x85,
 * U+2028, U+2029), and each line is matched on its own, so nothing spans lines:
 *
 * - `\A(?:export )?([A-Za-z_0-9]+)=(.*)\Z`: exactly one space after `export`, no space around `=`, no
 *   indentation; anything else is logged as "Invalid line" unless the line is empty or starts with `#`
 *   (a whitespace-only line and an indented comment are therefore "invalid" too).
 * - parse_comments=False (the 0.12 default): a value wrapped in single quotes loses them; nothing else
 *   happens to `#` (`v  # c` stays `v  # c`).
 * - parse_comments=True: `\A\s*'(?<!\\)(.*)'\s*(#.*\s*)?\Z` takes a single-quoted value and drops a
 *   trailing comment; otherwise `\A(.*?)(#.*\s*)?\Z` cuts the value at its FIRST `#`, wherever it is
 *   (`abc#def` -> `abc`, `"a#b"` -> `"a`), without trimming the spaces before it (`v  # c` -> `v  `).
 * - then, on what is left, `\A"(.*)"\Z` takes a double-quoted value, in which `\r`, `\n` and `\t` stay as
 *   backslash + letter and any other backslash + character gives that character. That step also runs on
 *   a value that came out of single quotes (`'"x"'` gives `x`), and after comment stripping a trailing
 *   space stops it (`"abc" # c` gives `"abc" ` with the quotes).
 *
 * 0.11.0-0.11.2 behaved as parse_comments=True always (the option did not exist); 0.10 and older did the
 * parse_comments=False steps. Duplicate keys: the last one wins (values are collected in a dict; then
 * `setdefault` into os.environ, so a variable already in the environment wins over the whole file unless
 * overwrite=True). Like the library, a byte-order mark is kept (the file is read as 'utf8', not
 * 'utf-8-sig'), so a first line `\ufeffKEY=v` is invalid.
 */
import { LineIndex, PY_WS, pySplitlines, universalNewlines } from './text.ts';
import type { EnvEntry, EnvParseResult, EnvProblem } from './types.ts';

// Python's `.` matches anything but `\n`; splitlines() leaves no line break inside a line anyway.
const ASSIGNMENT = /^(?:export )?([A-Za-z_0-9]+)=([^\n]*)$/;
const SINGLE_QUOTED = /^'([^\n]*)'$/;
const SINGLE_QUOTED_WITH_COMMENT = new RegExp(`^[${PY_WS}]*'(?<!\\\\)([^\\n]*)'[${PY_WS}]*(#[^\\n]*[${PY_WS}]*)?$`);
const UP_TO_COMMENT = new RegExp(`^([^\\n]*?)(#[^\\n]*[${PY_WS}]*)?$`);
const DOUBLE_QUOTED = /^"([^\n]*)"$/;
const ESCAPE = /\\([^\n])/g;

function invalidLineMessage(line: string): string {
  if (new RegExp(`^[${PY_WS}]*$`).test(line)) return 'whitespace-only line (django-environ logs it as "Invalid line")';
  if (new RegExp(`^[${PY_WS}]+#`).test(line)) return 'indented comment (django-environ only skips lines that start with "#")';
  if (/^\ufeff/.test(line)) return 'byte-order mark before the key (django-environ reads the file as utf8 and keeps it)';
  return 'invalid line: django-environ expects KEY=value (KEY of letters, digits and _, no spaces around "=", optional "export ")';
}

export function parseDjangoEnviron(text: string, options?: { readonly parseComments?: boolean }): EnvParseResult {
  const parseComments = options?.parseComments ?? false;
  const src = universalNewlines(text);
  const index = new LineIndex(src);
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  for (const { start, end } of pySplitlines(src)) {
    const line = src.slice(start, end);
    const m1 = ASSIGNMENT.exec(line);
    if (!m1) {
      if (line === '' || line.startsWith('#')) continue;
      problems.push({ ...index.at(start), message: invalidLineMessage(line) });
      continue;
    }
    const key = m1[1] ?? '';
    let val = m1[2] ?? '';
    if (!parseComments) {
      const m2 = SINGLE_QUOTED.exec(val);
      if (m2) val = m2[1] ?? '';
    } else {
      const m2 = SINGLE_QUOTED_WITH_COMMENT.exec(val);
      if (m2) val = m2[1] ?? '';
      else {
        const m2a = UP_TO_COMMENT.exec(val);
        if (m2a) val = m2a[1] ?? '';
      }
    }
    const m3 = DOUBLE_QUOTED.exec(val);
    if (m3) val = (m3[1] ?? '').replace(ESCAPE, (_m, c: string) => ('rnt'.includes(c) ? `\\${c}` : c));
    entries.push({ key, value: val, ...index.at(start + (line.startsWith('export ') ? 7 : 0)) });
  }
  return { entries, problems };
}
