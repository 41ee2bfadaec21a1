import type { DjangoRelease } from '../../engine/facts.ts';

/** A PEP 440 version, parsed (https://peps.python.org/pep-0440/). */
export interface Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: readonly ['a' | 'b' | 'rc', number] | null;
  readonly post: number | null;
  readonly dev: number | null;
}

/**
 * Parses a version the way `packaging.version.Version` accepts it: optional `v` and epoch, release numbers, then
 * pre-release (`a`/`alpha`, `b`/`beta`, `rc`/`c`/`pre`/`preview`), post (`.post1`, `-1`, `rev`, `r`) and dev
 * parts with `.`, `-` or `_` separators, and a local part. Returns null for anything else.
 */
export function parseVersion(input: string): Version | null {
  const s = input.trim().toLowerCase();
  let i = 0;
  const digits = (): number | null => {
    const start = i;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    return i > start ? Number(s.slice(start, i)) : null;
  };
  const sep = (): void => {
    if (s[i] === '.' || s[i] === '-' || s[i] === '_') i++;
  };
  const word = (options: readonly string[]): string | null => {
    for (const w of [...options].sort((a, b) => b.length - a.length)) if (s.startsWith(w, i)) return w;
    return null;
  };
  if (s[i] === 'v') i++;
  let epoch = 0;
  const first = digits();
  if (first === null) return null;
  let release: number[] = [first];
  if (s[i] === '!') {
    i++;
    epoch = first;
    const r = digits();
    if (r === null) return null;
    release = [r];
  }
  while (s[i] === '.' && s[i + 1] !== undefined && s[i + 1]! >= '0' && s[i + 1]! <= '9') {
    i++;
    release.push(digits() as number);
  }
  let pre: Version['pre'] = null;
  let post: number | null = null;
  let dev: number | null = null;
  const save = i;
  sep();
  const preWord = word(['alpha', 'beta', 'preview', 'pre', 'rc', 'a', 'b', 'c']);
  if (preWord) {
    i += preWord.length;
    sep();
    const n = digits() ?? 0;
    const letter = preWord === 'alpha' || preWord === 'a' ? 'a' : preWord === 'beta' || preWord === 'b' ? 'b' : 'rc';
    pre = [letter, n];
  } else i = save;
  const savePost = i;
  if (s[i] === '-' && s[i + 1] !== undefined && s[i + 1]! >= '0' && s[i + 1]! <= '9') {
    i++;
    post = digits();
  } else {
    sep();
    const postWord = word(['post', 'rev', 'r']);
    if (postWord) {
      i += postWord.length;
      sep();
      post = digits() ?? 0;
    } else i = savePost;
  }
  const saveDev = i;
  sep();
  if (s.startsWith('dev', i)) {
    i += 3;
    sep();
    dev = digits() ?? 0;
  } else i = saveDev;
  if (s[i] === '+') {
    // A local version label (`+ubuntu1`): allowed, and ignored when comparing against public versions.
    i++;
    if (!/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(s.slice(i))) return null;
    i = s.length;
  }
  return i === s.length ? { epoch, release, pre, post, dev } : null;
}

function comparePre(v: Version): [number, number] {
  if (v.pre) return [v.pre[0] === 'a' ? 0 : v.pre[0] === 'b' ? 1 : 2, v.pre[1]];
  // A dev release without pre or post sorts before the pre-releases of its version (1.0.dev0 < 1.0a1).
  if (v.post === null && v.dev !== null) return [-1, 0];
  return [3, 0];
}

/** PEP 440 ordering (local labels ignored). */
export function compareVersions(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const n = Math.max(a.release.length, b.release.length);
  for (let k = 0; k < n; k++) {
    const d = (a.release[k] ?? 0) - (b.release[k] ?? 0);
    if (d !== 0) return d;
  }
  const [pa, na] = comparePre(a);
  const [pb, nb] = comparePre(b);
  if (pa !== pb) return pa - pb;
  if (na !== nb) return na - nb;
  const postA = a.post ?? -1;
  const postB = b.post ?? -1;
  if (postA !== postB) return postA - postB;
  const devA = a.dev ?? Infinity;
  const devB = b.dev ?? Infinity;
  return devA === devB ? 0 : devA < devB ? -1 : 1;
}

/**
 * The release series of a version: `major.minor`, or from 2028 on (DEP 20) the year alone, whose patch
 * releases are `2028.1`, `2028.2`, ...
 */
export function seriesOf(version: Version): string {
  const [major = 0, minor = 0] = version.release;
  return major >= 2028 ? String(major) : `${major}.${minor}`;
}

/** The smallest version of a release prefix: `4.2` → 4.2.dev0, below its pre-releases. */
function floorOf(release: readonly number[]): Version {
  return { epoch: 0, release, pre: null, post: null, dev: 0 };
}

/** The first version after a prefix: `4.2` → 4.3.dev0, `4` → 5.dev0. */
function ceilingOf(prefix: readonly number[]): Version {
  const bumped = [...prefix];
  bumped[bumped.length - 1] = (bumped[bumped.length - 1] ?? 0) + 1;
  return floorOf(bumped);
}

interface Bound {
  readonly v: Version;
  readonly inclusive: boolean;
}

/** One conjunction of clauses, reduced to an interval plus excluded prefixes (`!=4.1.*`). */
export interface VersionRange {
  readonly lower: Bound | null;
  readonly upper: Bound | null;
  readonly excluded: readonly (readonly number[])[];
  /** The version, when the range is a single one written as `==X` or `===X`. */
  readonly exact: string | null;
}

/** A constraint: ranges joined by "or" (Poetry's `||`); a PEP 508 specifier has exactly one. */
export type VersionConstraint = readonly VersionRange[];

export const ANY: VersionRange = { lower: null, upper: null, excluded: [], exact: null };

function tighterLower(a: Bound | null, b: Bound): Bound {
  if (!a) return b;
  const c = compareVersions(a.v, b.v);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function tighterUpper(a: Bound | null, b: Bound): Bound {
  if (!a) return b;
  const c = compareVersions(a.v, b.v);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

export function intersect(range: VersionRange, lower: Bound | null, upper: Bound | null, exact: string | null = null): VersionRange {
  return {
    lower: lower ? tighterLower(range.lower, lower) : range.lower,
    upper: upper ? tighterUpper(range.upper, upper) : range.upper,
    excluded: range.excluded,
    exact: exact ?? range.exact,
  };
}

export class SpecError extends Error {}

/** Applies one PEP 440 clause (`>=4.2`, `==4.2.*`, `~=4.2.0`, `!=4.1.*`) to a range. */
export function applyClause(range: VersionRange, op: string, versionText: string): VersionRange {
  const wildcard = versionText.endsWith('.*');
  const text = wildcard ? versionText.slice(0, -2) : versionText;
  if (op === '===') {
    const v = parseVersion(text);
    // Arbitrary equality compares strings; a version that does not parse cannot be placed on the scale.
    if (!v) return { ...range, lower: null, upper: null, exact: versionText };
    return intersect(range, { v, inclusive: true }, { v, inclusive: true }, versionText);
  }
  const v = parseVersion(text);
  if (!v) throw new SpecError(`'${versionText}' is not a valid version`);
  if (wildcard) {
    if (op !== '==' && op !== '!=') throw new SpecError(`'${op}${versionText}': a wildcard is only allowed with == and !=`);
    if (op === '!=') return { ...range, excluded: [...range.excluded, v.release] };
    return intersect(range, { v: floorOf(v.release), inclusive: true }, { v: ceilingOf(v.release), inclusive: false });
  }
  switch (op) {
    case '==':
      return intersect(range, { v, inclusive: true }, { v, inclusive: true }, text);
    case '!=':
      return range;
    case '>=':
      return intersect(range, { v, inclusive: true }, null);
    case '>':
      return intersect(range, { v, inclusive: false }, null);
    case '<=':
      return intersect(range, null, { v, inclusive: true });
    case '<':
      // PEP 440: `<5.0` does not admit the pre-releases of 5.0 (unless 5.0 is itself a pre-release).
      if (v.pre === null && v.dev === null && v.post === null) return intersect(range, null, { v: { ...floorOf(v.release), epoch: v.epoch }, inclusive: false });
      return intersect(range, null, { v, inclusive: false });
    case '~=': {
      if (v.release.length < 2) throw new SpecError(`'~=${versionText}' needs at least two release numbers`);
      return intersect(range, { v, inclusive: true }, { v: ceilingOf(v.release.slice(0, -1)), inclusive: false });
    }
    default:
      throw new SpecError(`'${op}' is not a version operator`);
  }
}

/**
 * Parses a Poetry constraint (https://python-poetry.org/docs/dependency-specification/): `^4.2`, `~4.2`,
 * `4.2.*`, `*`, a bare version (exact), PEP 440 clauses joined by `,` or spaces, alternatives joined by `||`.
 */
export function parsePoetryConstraint(spec: string): VersionConstraint {
  const alternatives = spec.split(/\|\|?/);
  const out: VersionRange[] = [];
  for (const alt of alternatives) {
    const words = tokenizeClauses(alt);
    if (words.length === 0) throw new SpecError(`'${spec}' has an empty alternative`);
    let range: VersionRange = ANY;
    for (const w of words) range = applyPoetryClause(range, w);
    out.push(range);
  }
  return out;
}

/** Splits `>= 4.2, <5` into [`>=4.2`, `<5`]: an operator followed by blanks belongs to the next word. */
function tokenizeClauses(text: string): string[] {
  const raw = text.split(/[\s,]+/).filter((w) => w !== '');
  const out: string[] = [];
  for (let k = 0; k < raw.length; k++) {
    const w = raw[k] as string;
    if (/^(===|==|!=|<=|>=|~=|<|>|\^|~)$/.test(w) && k + 1 < raw.length) {
      out.push(w + raw[k + 1]);
      k++;
    } else out.push(w);
  }
  return out;
}

function applyPoetryClause(range: VersionRange, clause: string): VersionRange {
  if (clause === '*') return range;
  const op = /^(===|==|!=|<=|>=|~=|<|>|\^|~)/.exec(clause)?.[0] ?? '';
  const text = clause.slice(op.length);
  if (op === '^' || op === '~') {
    const v = parseVersion(text);
    if (!v) throw new SpecError(`'${clause}' is not a valid constraint`);
    const r = v.release;
    let prefix: readonly number[];
    if (op === '~') prefix = r.slice(0, Math.min(2, r.length));
    else {
      // ^ allows changes that keep the left-most non-zero number: ^1.2 → <2, ^0.2.3 → <0.3, ^0.0 → <0.1.
      const nonZero = r.findIndex((n) => n !== 0);
      prefix = nonZero < 0 ? r : r.slice(0, nonZero + 1);
    }
    return intersect(range, { v, inclusive: true }, { v: ceilingOf(prefix), inclusive: false });
  }
  if (op === '') {
    // A bare version is exact; `4.2.*` and `4.2.x` are wildcards.
    if (/\.(\*|x)$/i.test(text)) return applyClause(range, '==', `${text.slice(0, -2)}.*`);
    return applyClause(range, '==', text);
  }
  return applyClause(range, op, text);
}

/** Whether the range allows some version of a series (a prefix interval [floor, ceiling)). */
function allowsSeries(range: VersionRange, series: readonly number[]): boolean {
  if (range.excluded.some((p) => p.length <= series.length && p.every((n, k) => n === series[k]))) return false;
  const floor = floorOf(series);
  const ceiling = ceilingOf(series);
  const lo: Bound = range.lower ? tighterLower(range.lower, { v: floor, inclusive: true }) : { v: floor, inclusive: true };
  const hi: Bound = range.upper ? tighterUpper(range.upper, { v: ceiling, inclusive: false }) : { v: ceiling, inclusive: false };
  const c = compareVersions(lo.v, hi.v);
  return c < 0 || (c === 0 && lo.inclusive && hi.inclusive);
}

function seriesNumbers(series: string): number[] {
  return series.split('.').map(Number);
}

export interface SeriesAnswer {
  readonly exact: string | null;
  readonly series: string | null;
  readonly allowedSeries: readonly string[];
}

/** Which series of the release table a constraint allows, and the one series when it pins to one. */
export function seriesFor(constraint: VersionConstraint, releases: readonly DjangoRelease[]): SeriesAnswer {
  const allowed = releases.filter((r) => constraint.some((range) => allowsSeries(range, seriesNumbers(r.series)))).map((r) => r.series);
  const exacts = new Set(constraint.map((r) => r.exact));
  const exact = constraint.length > 0 && exacts.size === 1 ? (constraint[0]?.exact ?? null) : null;
  if (exact !== null) {
    const v = parseVersion(exact);
    return { exact, series: v ? seriesOf(v) : null, allowedSeries: allowed };
  }
  // A range inside one series (`~=1.8.0`, `>=4.2,<4.3`) names it even when the table does not list it.
  const inOne = constraint.map((r) => {
    if (!r.lower || !r.upper) return null;
    const width = compareVersions(r.lower.v, r.upper.v);
    if (width > 0 || (width === 0 && !(r.lower.inclusive && r.upper.inclusive))) return null; // empty
    const s = seriesOf(r.lower.v);
    const c = compareVersions(r.upper.v, ceilingOf(seriesNumbers(s)));
    return c < 0 || (c === 0 && !r.upper.inclusive) ? s : null;
  });
  const first = inOne[0];
  if (first && inOne.every((s) => s === first)) return { exact: null, series: first, allowedSeries: allowed };
  return { exact: null, series: allowed.length === 1 ? (allowed[0] as string) : null, allowedSeries: allowed };
}
