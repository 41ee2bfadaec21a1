/**
 * python-decouple's two file repositories, following the newest release, 3.8 (HBNetwork/python-decouple
 * decouple.py; master after 3.8 changes only the README). 3.6 parses identically; 3.8 only turns a
 * missing ini option into KeyError.
 */
import { LineIndex, firstNonSpace, pyRstrip, pyStrip, universalNewlines } from './text.ts';
import type { EnvEntry, EnvParseResult, EnvProblem } from './types.ts';

/** Physical lines of a text already passed through universalNewlines, with their start offsets. */
function physicalLines(src: string): Array<{ readonly text: string; readonly start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let start = 0;
  for (;;) {
    const nl = src.indexOf('\n', start);
    if (nl < 0) {
      if (start < src.length) out.push({ text: src.slice(start), start });
      return out;
    }
    out.push({ text: src.slice(start, nl), start });
    start = nl + 1;
  }
}

/**
 * `RepositoryEnv.__init__`: for each line of the file (universal newlines; only \n, \r\n, \r end a
 * line), `line.strip()`; skip it if empty, if it starts with `#`, or if it has no `=`; split at the first
 * `=`, strip both sides, and drop one pair of matching quotes (`'…'` or `"…"`, at least two characters)
 * around the value. Nothing else: no `export` (`export KEY=v` defines the key "export KEY"), no escapes,
 * no interpolation, no inline comments (`KEY=value # comment` is the value "value # comment", and
 * `KEY="v" # c` keeps its quotes because the value no longer ends with `"`), an empty key (`=v`) is kept
 * as "", and a byte-order mark stays part of the first key (the file is opened as UTF-8, and U+FEFF is not
 * whitespace to str.strip()). The last of duplicate keys wins.
 *
 * decouple skips lines without `=` silently; they are reported here as problems so callers can point
 * at them.
 */
export function parseDecoupleEnv(text: string): EnvParseResult {
  const src = universalNewlines(text);
  const index = new LineIndex(src);
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  for (const { text: raw, start } of physicalLines(src)) {
    const line = pyStrip(raw);
    if (!line || line.startsWith('#')) continue;
    const at = index.at(start + firstNonSpace(raw));
    const eq = line.indexOf('=');
    if (eq < 0) {
      problems.push({ ...at, message: 'line without "=" (python-decouple ignores it)' });
      continue;
    }
    const key = pyStrip(line.slice(0, eq));
    let value = pyStrip(line.slice(eq + 1));
    if (value.length >= 2) {
      const first = value.charAt(0);
      const last = value.charAt(value.length - 1);
      if ((first === "'" && last === "'") || (first === '"' && last === '"')) value = value.slice(1, -1);
    }
    entries.push({ key, value, ...at });
  }
  return { entries, problems };
}

// ------------------------------------------------------------------------------------------ RepositoryIni

/** ConfigParser's SECTCRE `\[(?P<header>.+)\]`, matched (not anchored at the end) on the stripped line. */
const SECTION = /^\[([^\n]+)\]/;
const KEYCRE = /^%\(([^)]+)\)s/;
const MAX_INTERPOLATION_DEPTH = 10;
const SETTINGS = 'settings';
const DEFAULT = 'DEFAULT';
const FAILS = 'so ConfigParser.read_file raises and decouple cannot load the file';

interface IniOption {
  readonly parts: string[];
  readonly line: number;
  readonly column: number;
}

/** A failed interpolation (not an Error: it never leaves this module, and no stack is needed). */
class InterpolationFailure {
  constructor(readonly message: string) {}
}

/**
 * The option name under which ConfigParser stores a key (`optionxform` = `str.lower()`). decouple's
 * `config('NAME')` goes through `parser.has_option` / `parser.get`, which apply the same transform, so
 * ini lookups are case-insensitive: look up `decoupleIniOptionName(name)` among parseDecoupleIni's keys.
 * (`Config.get` still checks os.environ first with the name exactly as written.)
 */
export function decoupleIniOptionName(name: string): string {
  return name.toLowerCase();
}

/**
 * BasicInterpolation `_interpolate_some`: `%%` is `%`, `%(name)s` is the (lower-cased) option from the
 * section or DEFAULT, interpolated again if it contains `%`, at most 10 levels deep; any other `%` is
 * InterpolationSyntaxError and an unknown name InterpolationMissingOptionError.
 */
function interpolate(option: string, value: string, map: ReadonlyMap<string, string>, depth: number): string {
  if (depth > MAX_INTERPOLATION_DEPTH) {
    throw new InterpolationFailure(`"${option}" nests %(...)s references more than ${MAX_INTERPOLATION_DEPTH} levels deep (InterpolationDepthError)`);
  }
  let out = '';
  let rest = value;
  while (rest) {
    const p = rest.indexOf('%');
    if (p < 0) return out + rest;
    out += rest.slice(0, p);
    rest = rest.slice(p);
    const c = rest.charAt(1);
    if (c === '%') {
      out += '%';
      rest = rest.slice(2);
    } else if (c === '(') {
      const m = KEYCRE.exec(rest);
      if (!m) throw new InterpolationFailure(`bad interpolation variable reference ${JSON.stringify(rest)} in "${option}" (InterpolationSyntaxError; write %% for a literal %)`);
      const name = decoupleIniOptionName(m[1] ?? '');
      rest = rest.slice(m[0].length);
      const v = map.get(name);
      if (v === undefined) throw new InterpolationFailure(`"${option}" refers to %(${name})s, which is not an option of [settings] or [DEFAULT] (InterpolationMissingOptionError)`);
      out += v.includes('%') ? interpolate(option, v, map, depth + 1) : v;
    } else {
      throw new InterpolationFailure(`"%" must be followed by "%" or "(" in "${option}", found ${JSON.stringify(rest)} (InterpolationSyntaxError; write %% for a literal %)`);
    }
  }
  return out;
}

/**
 * `RepositoryIni`: `ConfigParser()` with its defaults (delimiters `=` and `:`, full-line comments
 * starting with `#` or `;` after indentation, no inline comments, strict, empty lines kept inside
 * multi-line values, no valueless keys, BasicInterpolation) reading the file, then values of section
 * `[settings]` (exact, case-sensitive name) and of `[DEFAULT]`. This follows CPython's configparser `_read`
 * (3.11 and the newest 3.13/3.14 rewrite behave the same with these options):
 *
 * - keys are lower-cased (`optionxform`), see decoupleIniOptionName; values are stripped; a line indented
 *   deeper than its option line continues the value (joined with "\n"; blank lines inside are kept, the
 *   value's trailing blank lines dropped; comment lines are skipped);
 * - a section header is `[name]` at the start of the stripped line; text after the last `]` is ignored;
 * - parse errors (a line that is neither header nor `key=value`/`key: value`, an empty key), an option
 *   before any section header (MissingSectionHeaderError), a repeated section or a repeated key in one
 *   section (strict mode) make ConfigParser.read_file raise, so decouple cannot load the file at all: those
 *   give problems and NO entries (a U+FEFF byte-order mark, which decouple does not strip, makes the
 *   header line unrecognisable and fails the same way);
 * - without a `[settings]` section decouple finds nothing (not even DEFAULT keys), without error;
 * - with one, every key of `[settings]` and `[DEFAULT]` (settings wins) is an entry, interpolated as
 *   `parser.get('settings', key)` would; a key whose interpolation fails is a problem at its line and has
 *   no entry.
 *
 * Entries are in file order; positions are those of the key's own line.
 */
export function parseDecoupleIni(text: string): EnvParseResult {
  const src = universalNewlines(text);
  const index = new LineIndex(src);
  const sections = new Map<string, Map<string, IniOption>>();
  const defaults = new Map<string, IniOption>();
  const added = new Set<string>();
  const problems: EnvProblem[] = [];
  let fatal = false;
  let cursect: Map<string, IniOption> | null = null;
  let sectname: string | null = null;
  let optname: string | null = null;
  let indentLevel = 0;

  const lines = physicalLines(src);
  for (let i = 0; i < lines.length; i++) {
    const { text: raw, start } = lines[i] ?? { text: '', start: 0 };
    const stripped = pyStrip(raw);
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    const clean = isComment ? '' : stripped;
    if (!clean) {
      // empty_lines_in_values: a blank (not comment) line goes into the value being read.
      if (!isComment && cursect && optname) cursect.get(optname)?.parts.push('');
      continue;
    }
    const curIndent = firstNonSpace(raw);
    const at = index.at(start + curIndent);
    if (cursect && optname && curIndent > indentLevel) {
      cursect.get(optname)?.parts.push(clean);
      continue;
    }
    indentLevel = curIndent;
    const header = SECTION.exec(clean);
    if (!header && !cursect) {
      problems.push({ ...at, message: `option before any [section] header (MissingSectionHeaderError), ${FAILS}` });
      fatal = true;
      break;
    }
    if (header) {
      const name = header[1] ?? '';
      sectname = name;
      const existing = sections.get(name);
      if (existing) {
        if (added.has(`s\0${name}`)) {
          problems.push({ ...at, message: `section [${name}] appears twice (DuplicateSectionError), ${FAILS}` });
          fatal = true;
          break;
        }
        cursect = existing;
        added.add(`s\0${name}`);
      } else if (name === DEFAULT) {
        cursect = defaults;
      } else {
        cursect = new Map();
        sections.set(name, cursect);
        added.add(`s\0${name}`);
      }
      optname = null;
      continue;
    }
    if (!cursect) continue; // unreachable: handled above
    // ConfigParser's OPTCRE for delimiters ('=', ':'), `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`:
    // the lazy option ends at the whitespace before the FIRST '=' or ':'. Done by hand (the regex is
    // quadratic on long whitespace runs); the value is stripped below anyway.
    const delimiter = clean.search(/[=:]/);
    if (delimiter < 0) {
      problems.push({ ...at, message: `not a "key = value" or "key: value" line (ParsingError), ${FAILS}` });
      continue;
    }
    const rawName = pyRstrip(clean.slice(0, delimiter));
    if (!rawName) problems.push({ ...at, message: `option with an empty name (ParsingError), ${FAILS}` });
    optname = decoupleIniOptionName(pyRstrip(rawName));
    if (added.has(`o\0${sectname ?? ''}\0${optname}`)) {
      problems.push({ ...at, message: `option "${optname}" appears twice in section [${sectname ?? ''}] (DuplicateOptionError; keys are case-insensitive), ${FAILS}` });
      fatal = true;
      break;
    }
    added.add(`o\0${sectname ?? ''}\0${optname}`);
    cursect.set(optname, { parts: [pyStrip(clean.slice(delimiter + 1))], ...at });
  }

  if (fatal || problems.length > 0) return { entries: [], problems };
  const settings = sections.get(SETTINGS);
  if (!settings) return { entries: [], problems };

  // parser.get('settings', key): a ChainMap of [settings] over [DEFAULT], raw values.
  const options = new Map<string, IniOption>(defaults);
  for (const [k, v] of settings) options.set(k, v);
  const rawValues = new Map<string, string>();
  for (const [k, v] of options) rawValues.set(k, pyRstrip(v.parts.join('\n')));

  const entries: EnvEntry[] = [];
  for (const [key, opt] of options) {
    try {
      entries.push({ key, value: interpolate(key, rawValues.get(key) ?? '', rawValues, 1), line: opt.line, column: opt.column });
    } catch (e) {
      if (!(e instanceof InterpolationFailure)) throw e;
      problems.push({ line: opt.line, column: opt.column, message: e.message });
    }
  }
  entries.sort((a, b) => a.line - b.line);
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}
