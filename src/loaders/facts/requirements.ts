import type { DjangoPin, DjangoRelease, PinSource } from '../../engine/facts.ts';
import type { Origin } from '../../engine/types.ts';
import { ANY, SpecError, type VersionConstraint, type VersionRange, applyClause, seriesFor } from './versions.ts';

/** A parsed PEP 508 requirement (https://peps.python.org/pep-0508/). */
export interface Requirement {
  readonly name: string;
  readonly extras: readonly string[];
  /** The version specifier as written, trimmed ('' when none). */
  readonly spec: string;
  readonly clauses: readonly (readonly [op: string, version: string])[];
  readonly url: string | null;
  readonly marker: string | null;
}

export interface RequirementError {
  readonly error: string;
  /** 0-based offset into the text. */
  readonly offset: number;
}

/** PEP 503 normalisation: case-insensitive, runs of `-`, `_` and `.` are equal. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const OPERATORS = ['===', '==', '!=', '<=', '>=', '~=', '<', '>'] as const;

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9._-]/.test(c);
}

function isVersionChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_.*+!-]/.test(c);
}

/** Parses one PEP 508 requirement: `name [extras] (versionspec | @ url) [; marker]`. */
export function parseRequirement(text: string): Requirement | RequirementError {
  let i = 0;
  const ws = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const fail = (error: string): RequirementError => ({ error, offset: i });
  ws();
  const nameStart = i;
  if (!/[A-Za-z0-9]/.test(text[i] ?? '')) return fail('expected a package name');
  while (isNameChar(text[i])) i++;
  let name = text.slice(nameStart, i);
  while (/[._-]$/.test(name)) {
    name = name.slice(0, -1);
    i--;
  }
  ws();
  const extras: string[] = [];
  if (text[i] === '[') {
    i++;
    ws();
    while (text[i] !== ']') {
      const start = i;
      while (isNameChar(text[i])) i++;
      if (i === start) return fail("expected an extra name or ']'");
      extras.push(text.slice(start, i));
      ws();
      if (text[i] === ',') {
        i++;
        ws();
      } else if (text[i] !== ']') return fail("expected ',' or ']' after an extra");
    }
    i++;
    ws();
  }
  let url: string | null = null;
  const clauses: [string, string][] = [];
  const specStart = i;
  let specEnd = i;
  if (text[i] === '@') {
    i++;
    ws();
    const start = i;
    while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
    url = text.slice(start, i);
    if (!url) return fail('expected a URL after @');
    ws();
    // A marker after a URL must be separated by whitespace, which the loop above guarantees.
  } else {
    const paren = text[i] === '(';
    if (paren) {
      i++;
      ws();
    }
    while (i < text.length && text[i] !== ';' && text[i] !== ')') {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) {
        if (clauses.length === 0 && !paren) break;
        return fail(`expected a version operator (${OPERATORS.join(' ')})`);
      }
      i += op.length;
      ws();
      const vStart = i;
      while (isVersionChar(text[i])) i++;
      if (i === vStart) return fail(`expected a version after '${op}'`);
      clauses.push([op, text.slice(vStart, i)]);
      specEnd = i;
      ws();
      if (text[i] === ',') {
        i++;
        ws();
      } else break;
    }
    if (paren) {
      if (text[i] !== ')') return fail("expected ')'");
      i++;
      specEnd = i;
      ws();
    }
  }
  let marker: string | null = null;
  if (text[i] === ';') {
    marker = text.slice(i + 1).trim();
    if (!marker) return fail('expected a marker after ;');
    i = text.length;
  }
  ws();
  if (i < text.length) return fail(`unexpected '${text[i]}'`);
  return { name, extras, spec: text.slice(specStart, specEnd).trim(), clauses, url, marker };
}

export function isRequirementError(r: Requirement | RequirementError): r is RequirementError {
  return 'error' in r;
}

/** The constraint of PEP 508 clauses; throws SpecError for a version that does not parse. */
export function constraintOf(clauses: Requirement['clauses']): VersionConstraint {
  let range: VersionRange = ANY;
  for (const [op, v] of clauses) range = applyClause(range, op, v);
  return [range];
}

/** Builds a pin from a constraint, filling in the series the release table allows. */
export function makePin(
  base: { source: PinSource; section: string; locked: boolean; spec: string | null; marker: string | null; url: string | null; origin: Origin },
  constraint: VersionConstraint | null,
  releases: readonly DjangoRelease[],
): DjangoPin {
  if (!constraint) return { ...base, exact: null, series: null, allowedSeries: null };
  const answer = seriesFor(constraint, releases);
  return { ...base, exact: answer.exact, series: answer.series, allowedSeries: answer.allowedSeries };
}

export interface FileProblem {
  readonly message: string;
  readonly origin: Origin;
}

export interface RequirementsFile {
  readonly pins: readonly DjangoPin[];
  /** Files named by `-r` / `-c`, as written (relative to the requirements file's directory). */
  readonly references: readonly { readonly kind: 'requirement' | 'constraint'; readonly path: string; readonly origin: Origin }[];
  readonly problems: readonly FileProblem[];
}

/** pip's options that may appear on their own line of a requirements file. */
const LINE_OPTIONS = new Map<string, boolean>([
  // name → takes a value
  ['-i', true], ['--index-url', true], ['--extra-index-url', true], ['--no-index', false],
  ['-c', true], ['--constraint', true], ['-r', true], ['--requirement', true], ['-e', true], ['--editable', true],
  ['-f', true], ['--find-links', true], ['--no-binary', true], ['--only-binary', true], ['--prefer-binary', false],
  ['--require-hashes', false], ['--pre', false], ['--trusted-host', true], ['--use-feature', true],
]);
/** Options allowed after a requirement on the same line. */
const REQUIREMENT_OPTIONS = new Set(['--hash', '--global-option', '--config-settings', '-C']);

interface LogicalLine {
  readonly text: string;
  readonly line: number;
}

function physicalLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** `(^|\s+)#.*$` as pip applies it: a comment starts at the line start or after whitespace. */
function commentStart(line: string): number {
  for (let k = 0; k < line.length; k++) {
    if (line[k] === '#' && (k === 0 || line[k - 1] === ' ' || line[k - 1] === '\t')) {
      let s = k;
      while (s > 0 && (line[s - 1] === ' ' || line[s - 1] === '\t')) s--;
      return s;
    }
  }
  return -1;
}

function isCommentLine(line: string): boolean {
  return /^\s*#/.test(line);
}

/**
 * pip's preprocessing (req_file.py): a line ending in `\` is joined with the next (not after a comment line),
 * then comments are removed. The joined line keeps the number of its first line.
 */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: string[] | null = null;
  let primary = 0;
  physicalLines(text).forEach((raw, idx) => {
    const n = idx + 1;
    if (!raw.endsWith('\\') || isCommentLine(raw)) {
      const line = isCommentLine(raw) ? ` ${raw}` : raw;
      if (pending) {
        pending.push(line);
        out.push({ text: pending.join(''), line: primary });
        pending = null;
      } else out.push({ text: line, line: n });
    } else {
      if (!pending) {
        pending = [];
        primary = n;
      }
      pending.push(raw.replace(/^\\+|\\+$/g, ''));
    }
  });
  const rest = pending as string[] | null;
  if (rest) out.push({ text: rest.join(''), line: primary });
  return out.map((l) => {
    const c = commentStart(l.text);
    return { text: c >= 0 ? l.text.slice(0, c) : l.text, line: l.line };
  });
}

/** The project name in an archive or wheel file name (`Django-4.2.1-py3-none-any.whl`, `Django-4.2.1.tar.gz`) and its version. */
function archiveName(url: string): { name: string; version: string } | null {
  const base = (url.split('#')[0] ?? '').split('?')[0]?.split('/').pop() ?? '';
  if (base.endsWith('.whl')) {
    const [name, version] = base.split('-');
    return name && version ? { name, version } : null;
  }
  const stem = base.replace(/\.(tar\.gz|tar\.bz2|tgz|zip)$/, '');
  if (stem === base) return null;
  const dash = stem.lastIndexOf('-');
  return dash > 0 ? { name: stem.slice(0, dash), version: stem.slice(dash + 1) } : null;
}

/** The `#egg=name` of a VCS or archive URL. */
function eggName(url: string): string | null {
  const fragment = url.split('#')[1];
  if (!fragment) return null;
  for (const part of fragment.split('&')) {
    const [k, v] = part.split('=');
    if (k === 'egg' && v) return v.replace(/\[.*$/, '');
  }
  return null;
}

function looksLikeUrlOrPath(req: string): boolean {
  return req.includes('://') || /^[./~]/.test(req) || /^[A-Za-z]:[\\/]/.test(req) || /\.(whl|zip|tar\.gz|tar\.bz2|tgz)$/.test(req.split('#')[0] ?? '');
}

/**
 * Reads a pip requirements file (https://pip.pypa.io/en/stable/reference/requirements-file-format/) for the
 * lines that install Django. `-r`/`-c` references are returned for the caller to follow.
 */
export function parseRequirements(file: string, text: string, releases: readonly DjangoRelease[], section: 'requirement' | 'constraint' = 'requirement'): RequirementsFile {
  const pins: DjangoPin[] = [];
  const references: { kind: 'requirement' | 'constraint'; path: string; origin: Origin }[] = [];
  const problems: FileProblem[] = [];
  for (const { text: raw, line } of logicalLines(text)) {
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const column = raw.indexOf(trimmed) + 1;
    const at = (offset = 0): Origin => ({ file, line, column: column + offset });
    if (trimmed.startsWith('-')) {
      const words = trimmed.split(/\s+/);
      for (let k = 0; k < words.length; k++) {
        const word = words[k] as string;
        const eq = word.indexOf('=');
        let name = eq > 0 && word.startsWith('--') ? word.slice(0, eq) : word;
        let value: string | undefined = eq > 0 && word.startsWith('--') ? word.slice(eq + 1) : undefined;
        // Short options take their value attached (`-rbase.txt`) or as the next word.
        if (!word.startsWith('--') && word.length > 2 && LINE_OPTIONS.get(word.slice(0, 2))) {
          name = word.slice(0, 2);
          value = word.slice(2);
        }
        const takesValue = LINE_OPTIONS.get(name);
        if (takesValue === undefined) {
          problems.push({ message: `unknown option ${name}: pip rejects this requirements file`, origin: at(trimmed.indexOf(word)) });
          break;
        }
        if (takesValue && value === undefined) {
          value = words[++k];
          if (value === undefined) {
            problems.push({ message: `option ${name} requires a value`, origin: at(trimmed.indexOf(word)) });
            break;
          }
        }
        if (value === undefined) continue;
        if (name === '-r' || name === '--requirement') references.push({ kind: 'requirement', path: value, origin: at(trimmed.indexOf(value)) });
        else if (name === '-c' || name === '--constraint') references.push({ kind: 'constraint', path: value, origin: at(trimmed.indexOf(value)) });
        else if (name === '-e' || name === '--editable') {
          const egg = eggName(value);
          if (egg && normalizeName(egg) === 'django') {
            pins.push(makePin({ source: 'requirements', section: 'editable', locked: false, spec: null, marker: null, url: value, origin: at(trimmed.indexOf(value)) }, null, releases));
          }
        }
      }
      continue;
    }
    // pip's break_args_options: the requirement ends at the first space-separated word that starts with '-'.
    const tokens = trimmed.split(' ');
    const cut = tokens.findIndex((t) => t.startsWith('-'));
    const reqText = (cut < 0 ? tokens : tokens.slice(0, cut)).join(' ').trim();
    if (cut >= 0) {
      for (const opt of tokens.slice(cut).filter((t) => t.startsWith('-'))) {
        const optName = opt.split('=')[0] as string;
        if (!REQUIREMENT_OPTIONS.has(optName)) {
          problems.push({ message: `unknown option ${optName} after a requirement: pip rejects this requirements file`, origin: at(trimmed.indexOf(opt)) });
        }
      }
    }
    if (reqText.includes('${')) continue; // pip substitutes environment variables we do not know.
    const req = parseRequirement(reqText);
    // `name @ url` is PEP 508; a bare URL, path or archive file name is pip's own form.
    if (looksLikeUrlOrPath(reqText) && (isRequirementError(req) || !req.url)) {
      const egg = eggName(reqText);
      const archive = archiveName(reqText);
      const name = egg ?? archive?.name ?? null;
      if (name && normalizeName(name) === 'django') {
        const base = { source: 'requirements' as const, section, locked: false, spec: null, marker: null, url: reqText, origin: at() };
        const version = !egg && archive ? archive.version : null;
        pins.push(makePin(base, version ? safeConstraint([['==', version]]) : null, releases));
      }
      continue;
    }
    if (isRequirementError(req)) {
      problems.push({ message: `invalid requirement '${reqText}': ${req.error}`, origin: at(req.offset) });
      continue;
    }
    if (normalizeName(req.name) !== 'django') continue;
    const base = { source: 'requirements' as const, section, locked: false, spec: req.url ? null : req.spec, marker: req.marker, url: req.url, origin: at() };
    if (req.url) {
      pins.push(makePin(base, null, releases));
      continue;
    }
    const constraint = safeConstraint(req.clauses);
    if (!constraint) problems.push({ message: `invalid version in '${reqText}'`, origin: at() });
    pins.push(makePin(base, constraint, releases));
  }
  return { pins, references, problems };
}

function safeConstraint(clauses: Requirement['clauses']): VersionConstraint | null {
  try {
    return constraintOf(clauses);
  } catch (e) {
    if (e instanceof SpecError) return null;
    throw e;
  }
}
