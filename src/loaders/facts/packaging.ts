import { type TomlTable, TomlError, parse as parseToml } from 'smol-toml';
import type { DjangoPin, DjangoRelease, PinSource } from '../../engine/facts.ts';
import type { Origin } from '../../engine/types.ts';
import { lineStartsOf, positionOf } from '../python/parse.ts';
import { type PathPart, jsonPositions, pathKey, tomlPositions } from './positions.ts';
import { type FileProblem, constraintOf, isRequirementError, makePin, normalizeName, parseRequirement } from './requirements.ts';
import { ANY, SpecError, type VersionConstraint, parsePoetryConstraint } from './versions.ts';

export interface PackagingFile {
  readonly pins: readonly DjangoPin[];
  readonly problems: readonly FileProblem[];
}

type Toml = TomlTable[string];

function isTable(v: Toml | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function entriesOf(v: Toml | undefined): [string, Toml][] {
  return isTable(v) ? Object.entries(v) : [];
}

/** Locates paths in a file: the longest known prefix of the path, else the file's first line. */
class Locator {
  private readonly lineStarts: readonly number[];
  constructor(
    private readonly file: string,
    private readonly positions: Map<string, number>,
    text: string,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  at(path: readonly PathPart[]): Origin {
    for (let n = path.length; n > 0; n--) {
      const offset = this.positions.get(pathKey(path.slice(0, n)));
      if (offset !== undefined) return { file: this.file, ...positionOf(this.lineStarts, offset) };
    }
    return { file: this.file, line: 1, column: 1 };
  }

  origin(offset: number): Origin {
    return { file: this.file, ...positionOf(this.lineStarts, offset) };
  }
}

function readToml(file: string, text: string, maxDepth = Infinity): { data: TomlTable; where: Locator } | { problem: FileProblem } {
  try {
    const data = parseToml(text);
    return { data, where: new Locator(file, tomlPositions(text, maxDepth), text) };
  } catch (e) {
    if (e instanceof TomlError) {
      const message = (e.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      return { problem: { message: `TOML syntax error: ${message}`, origin: { file, line: e.line, column: e.column } } };
    }
    throw e;
  }
}

function safe(build: () => VersionConstraint): VersionConstraint | null {
  try {
    return build();
  } catch (e) {
    if (e instanceof SpecError) return null;
    throw e;
  }
}

/** PEP 508 strings of an array (PEP 621 dependencies, dependency groups, uv's lists). */
function pep508List(list: Toml | undefined, path: PathPart[], source: PinSource, where: Locator, releases: readonly DjangoRelease[], pins: DjangoPin[], problems: FileProblem[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    if (typeof item !== 'string') return; // e.g. `{include-group = "test"}` in a dependency group
    const origin = where.at([...path, index]);
    const req = parseRequirement(item);
    if (isRequirementError(req)) {
      problems.push({ message: `invalid requirement '${item}' in ${path.join('.')}: ${req.error}`, origin });
      return;
    }
    if (normalizeName(req.name) !== 'django') return;
    const base = { source, section: path.join('.'), locked: false, spec: req.url ? null : req.spec, marker: req.marker, url: req.url, origin };
    const constraint = req.url ? null : safe(() => constraintOf(req.clauses));
    if (!req.url && !constraint) problems.push({ message: `invalid version in '${item}'`, origin });
    pins.push(makePin(base, constraint, releases));
  });
}

/** A Poetry dependency: a constraint string, a table (`{version = "^4.2", extras = [...]}`, `{git = ...}`) or a list of tables. */
function poetryDependency(value: Toml, path: PathPart[], section: string, where: Locator, releases: readonly DjangoRelease[], pins: DjangoPin[], problems: FileProblem[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, k) => poetryDependency(v, [...path, k], section, where, releases, pins, problems));
    return;
  }
  const origin = where.at(path);
  let spec: string | null = null;
  let url: string | null = null;
  let marker: string | null = null;
  if (typeof value === 'string') spec = value;
  else if (isTable(value)) {
    if (typeof value.version === 'string') spec = value.version;
    for (const key of ['git', 'url', 'path'] as const) {
      const v = value[key];
      if (typeof v === 'string') {
        const ref = ['rev', 'tag', 'branch'].map((r) => value[r]).find((r): r is string => typeof r === 'string');
        url = ref ? `${v}@${ref}` : v;
      }
    }
    if (typeof value.markers === 'string') marker = value.markers;
    else if (typeof value.python === 'string') marker = `python ${value.python}`;
  } else return;
  const base = { source: 'poetry' as const, section, locked: false, spec: url ? null : (spec ?? ''), marker, url, origin };
  if (url) {
    pins.push(makePin(base, null, releases));
    return;
  }
  const constraint = spec === null || spec.trim() === '' ? [ANY] : safe(() => parsePoetryConstraint(spec as string));
  if (!constraint) problems.push({ message: `invalid Poetry constraint '${spec}' for django`, origin });
  pins.push(makePin(base, constraint, releases));
}

/**
 * Django in a pyproject.toml: PEP 621 `[project] dependencies` and optional dependencies, PEP 735
 * `[dependency-groups]`, uv's `[tool.uv]` lists and Poetry's `[tool.poetry.dependencies]` (and dev and group
 * dependencies). Positions come from a scan of the text: the line of the array item or of the dependency key.
 */
export function parsePyproject(file: string, text: string, releases: readonly DjangoRelease[]): PackagingFile {
  const read = readToml(file, text);
  if ('problem' in read) return { pins: [], problems: [read.problem] };
  const { data, where } = read;
  const pins: DjangoPin[] = [];
  const problems: FileProblem[] = [];
  const project = data.project;
  if (isTable(project)) {
    pep508List(project.dependencies, ['project', 'dependencies'], 'pep621', where, releases, pins, problems);
    for (const [extra, list] of entriesOf(project['optional-dependencies'])) {
      pep508List(list, ['project', 'optional-dependencies', extra], 'pep621', where, releases, pins, problems);
    }
  }
  for (const [group, list] of entriesOf(data['dependency-groups'])) {
    pep508List(list, ['dependency-groups', group], 'pep735', where, releases, pins, problems);
  }
  const tool = isTable(data.tool) ? data.tool : {};
  if (isTable(tool.uv)) {
    for (const key of ['dev-dependencies', 'constraint-dependencies', 'override-dependencies']) {
      pep508List(tool.uv[key], ['tool', 'uv', key], 'uv', where, releases, pins, problems);
    }
  }
  if (isTable(tool.poetry)) {
    const poetry = tool.poetry;
    const tables: [PathPart[], Toml | undefined][] = [
      [['tool', 'poetry', 'dependencies'], poetry.dependencies],
      [['tool', 'poetry', 'dev-dependencies'], poetry['dev-dependencies']],
      ...entriesOf(poetry.group).map(([g, t]): [PathPart[], Toml | undefined] => [['tool', 'poetry', 'group', g, 'dependencies'], isTable(t) ? t.dependencies : undefined]),
    ];
    for (const [path, table] of tables) {
      for (const [name, value] of entriesOf(table)) {
        if (normalizeName(name) === 'django') poetryDependency(value, [...path, name], path.join('.'), where, releases, pins, problems);
      }
    }
  }
  return { pins, problems };
}

/** Django in a Pipfile (`[packages]`, `[dev-packages]`): `"*"`, a PEP 440 specifier, or `{version = ...}`. */
export function parsePipfile(file: string, text: string, releases: readonly DjangoRelease[]): PackagingFile {
  const read = readToml(file, text);
  if ('problem' in read) return { pins: [], problems: [read.problem] };
  const { data, where } = read;
  const pins: DjangoPin[] = [];
  const problems: FileProblem[] = [];
  for (const section of ['packages', 'dev-packages']) {
    for (const [name, value] of entriesOf(data[section])) {
      if (normalizeName(name) !== 'django') continue;
      const origin = where.at([section, name]);
      let spec: string | null = typeof value === 'string' ? value : isTable(value) && typeof value.version === 'string' ? value.version : isTable(value) ? '*' : null;
      let url: string | null = null;
      if (isTable(value)) {
        const vcs = ['git', 'path', 'file'].map((k) => value[k]).find((v): v is string => typeof v === 'string');
        if (vcs) url = typeof value.ref === 'string' ? `${vcs}@${value.ref}` : vcs;
      }
      if (spec === null) continue;
      if (url) spec = null;
      const marker = isTable(value) && typeof value.markers === 'string' ? value.markers : null;
      const base = { source: 'pipfile' as const, section, locked: false, spec: spec === '*' ? '' : spec, marker, url, origin };
      const constraint = url ? null : spec === '*' || spec === '' ? [ANY] : specifierSet(spec as string);
      if (!url && !constraint) problems.push({ message: `invalid version specifier '${spec}' for django`, origin });
      pins.push(makePin(base, constraint, releases));
    }
  }
  return { pins, problems };
}

/** A PEP 440 specifier set (`>=4.2,<5`), parsed as the version part of a requirement. */
function specifierSet(spec: string): VersionConstraint | null {
  const req = parseRequirement(`django ${spec}`);
  if (isRequirementError(req) || req.url) return null;
  return safe(() => constraintOf(req.clauses));
}

/** The `[[package]]` entries named django of poetry.lock or uv.lock. */
export function parseTomlLock(file: string, text: string, source: 'poetry.lock' | 'uv.lock', releases: readonly DjangoRelease[]): PackagingFile {
  // Only `package[i].name` and `package[i].version` are ever looked up.
  const read = readToml(file, text, 3);
  if ('problem' in read) return { pins: [], problems: [read.problem] };
  const { data, where } = read;
  const pins: DjangoPin[] = [];
  const packages = Array.isArray(data.package) ? data.package : [];
  packages.forEach((pkg, index) => {
    if (!isTable(pkg) || typeof pkg.name !== 'string' || normalizeName(pkg.name) !== 'django') return;
    const version = typeof pkg.version === 'string' ? pkg.version : null;
    const origin = where.at(['package', index, version === null ? 'name' : 'version']);
    const base = { source, section: 'package', locked: true, spec: version, marker: null, url: null, origin };
    pins.push(makePin(base, version === null ? null : specifierSet(`==${version}`), releases));
  });
  return { pins, problems: [] };
}

/** Pipfile.lock (JSON): `default.django.version` / `develop.django.version`, `"==4.2.1"`. */
export function parsePipfileLock(file: string, text: string, releases: readonly DjangoRelease[]): PackagingFile {
  const scan = jsonPositions(text);
  const where = new Locator(file, scan.positions, text);
  if (scan.error) return { pins: [], problems: [{ message: `JSON syntax error: ${scan.error.message}`, origin: where.origin(scan.error.offset) }] };
  const data = JSON.parse(text) as unknown;
  const pins: DjangoPin[] = [];
  const problems: FileProblem[] = [];
  if (typeof data !== 'object' || data === null) return { pins, problems };
  for (const section of ['default', 'develop']) {
    const packages = (data as Record<string, unknown>)[section];
    if (typeof packages !== 'object' || packages === null) continue;
    for (const [name, entry] of Object.entries(packages as Record<string, unknown>)) {
      if (normalizeName(name) !== 'django' || typeof entry !== 'object' || entry === null) continue;
      const version = (entry as Record<string, unknown>).version;
      const markers = (entry as Record<string, unknown>).markers;
      const hasVersion = typeof version === 'string';
      const origin = where.at([section, name, ...(hasVersion ? ['version'] : [])]);
      const base = { source: 'pipfile.lock' as const, section, locked: true, spec: hasVersion ? version : null, marker: typeof markers === 'string' ? markers : null, url: null, origin };
      const constraint = hasVersion ? specifierSet(version) : null;
      if (hasVersion && !constraint) problems.push({ message: `invalid version '${version}' for django`, origin });
      pins.push(makePin(base, constraint, releases));
    }
  }
  return { pins, problems };
}
