import { posix } from 'node:path';
import type { AppServerBind, DjangoPin, NginxFile, ProjectFacts } from '../../engine/facts.ts';
import type { Diagnostic, DiagnosticLevel, Origin } from '../../engine/types.ts';
import { FsError, type ProjectFs, isInside, relativePath } from '../fs.ts';
import type { EnvStore } from '../python/scope.ts';
import { type ConfigLookup, type GunicornConfig, type LaunchFile, parseDockerfile, parseGunicornConf, parseProcfile, resolveInvocation } from './app-servers.ts';
import { type IncludeResult, parseNginx } from './nginx.ts';
import { parsePipfile, parsePipfileLock, parsePyproject, parseTomlLock } from './packaging.ts';
import { djangoReleases } from './releases.ts';
import { type FileProblem, parseRequirements } from './requirements.ts';

export { parseDockerfile, parseGunicornConf, parseProcfile, resolveInvocation } from './app-servers.ts';
export { parseNginx } from './nginx.ts';
export { parsePipfile, parsePipfileLock, parsePyproject, parseTomlLock } from './packaging.ts';
export { djangoReleases, findRelease } from './releases.ts';
export { parseRequirements } from './requirements.ts';

/** Directories that hold no deployment files of the project (the same as settings discovery skips). */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'venv', '.venv', 'env', '.env', 'virtualenv', 'site-packages', '__pycache__', '.tox', '.nox', 'dist', 'build', '.mypy_cache', '.pytest_cache', 'htmlcov', 'static', 'staticfiles', 'media']);
/** Bounds on the walk: deployment files sit near the top of a repository. */
const MAX_DEPTH = 6;
const MAX_DIRS = 2000;
const MAX_FILES_PER_KIND = 100;
const MAX_INCLUDE_MATCHES = 100;

const GUNICORN_CONFIGS = new Set(['gunicorn.conf.py', 'gunicorn_conf.py', 'gunicorn_config.py', 'gunicorn.conf']);
const REQUIREMENTS_DIRS = new Set(['requirements', 'reqs', 'requirements.d']);
const NGINX_DIRS = new Set(['sites-available', 'sites-enabled']);

type Kind = 'nginx' | 'requirements' | 'pyproject' | 'pipfile' | 'pipfile.lock' | 'poetry.lock' | 'uv.lock' | 'procfile' | 'dockerfile' | 'gunicorn';

function kindOf(name: string, dirName: string): Kind | null {
  const lower = name.toLowerCase();
  if (GUNICORN_CONFIGS.has(name)) return 'gunicorn';
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'Pipfile') return 'pipfile';
  if (name === 'Pipfile.lock') return 'pipfile.lock';
  if (name === 'poetry.lock') return 'poetry.lock';
  if (name === 'uv.lock') return 'uv.lock';
  if (name === 'Procfile') return 'procfile';
  if (name === 'Dockerfile' || name === 'Containerfile' || name.startsWith('Dockerfile.') || lower.endsWith('.dockerfile')) return 'dockerfile';
  if (/^requirements.*\.(txt|in)$/i.test(name) || (REQUIREMENTS_DIRS.has(dirName) && /\.(txt|in)$/.test(name))) return 'requirements';
  if (lower.endsWith('.conf') || lower.endsWith('.conf.template') || lower.endsWith('.nginx') || NGINX_DIRS.has(dirName)) return 'nginx';
  return null;
}

interface Walk {
  readonly files: Map<Kind, string[]>;
  readonly truncated: boolean;
}

function walk(fs: ProjectFs): Walk {
  const files = new Map<Kind, string[]>();
  let level = [fs.root];
  let dirs = 0;
  let truncated = false;
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (++dirs > MAX_DIRS) {
        truncated = true;
        break;
      }
      for (const entry of fs.list(dir)) {
        const path = posix.join(dir, entry);
        const kind = fs.kind(path);
        if (kind === 'dir') {
          if (!SKIP_DIRS.has(entry) && !entry.startsWith('.')) next.push(path);
          continue;
        }
        if (kind !== 'file') continue;
        const k = kindOf(entry, posix.basename(dir));
        if (!k) continue;
        const list = files.get(k) ?? [];
        if (list.length >= MAX_FILES_PER_KIND) truncated = true;
        else list.push(path);
        files.set(k, list);
      }
    }
    level = next;
  }
  for (const list of files.values()) list.sort();
  return { files, truncated };
}

/** Facts of a project that has none of these files: for rule tests and for code paths that do not read the project. */
export function noFacts(): ProjectFacts {
  return { djangoPins: [], appServers: [], nginx: [], releases: djangoReleases() };
}

function compareOrigins(a: Origin, b: Origin): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** `*` and `?` in each segment of an include pattern, matched against the directory listing. */
function globSegment(pattern: string): RegExp | null {
  if (!/[*?[]/.test(pattern)) return null;
  let re = '^';
  for (const c of pattern) re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  return new RegExp(`${re}$`);
}

/**
 * Reads the facts of a project beyond its settings: Django pins, app-server addresses, nginx configurations.
 * All I/O goes through `fs`; files are found by a bounded walk that skips virtualenvs, VCS and build
 * directories. `env` is the environment gunicorn config files are evaluated with (as for the settings: a
 * variable the deployment does not export takes its default); none by default.
 */
export function readFacts(
  fs: ProjectFs,
  pythonRoots: readonly string[],
  env?: EnvStore,
): { facts: ProjectFacts; diagnostics: Diagnostic[]; texts: Map<string, string> } {
  const releases = djangoReleases();
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  const diagnose = (level: DiagnosticLevel, code: string, message: string, location: Origin | null) => diagnostics.push({ level, code, message, location });
  const problemsOf = (code: string, problems: readonly FileProblem[], level: DiagnosticLevel = 'warning') => {
    for (const p of problems) diagnose(level, code, `${p.message}`, p.origin);
  };
  const rel = (abs: string) => relativePath(fs.root, abs);
  const read = (abs: string, why: string, at: Origin | null = null): string | null => {
    try {
      const text = fs.readText(abs);
      texts.set(rel(abs), text);
      return text;
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      diagnose(e.code === 'missing' ? 'warning' : 'info', 'facts-file-unreadable', `${rel(abs)} ${e.message}; ${why}`, at ?? { file: rel(abs), line: 1, column: 1 });
      return null;
    }
  };

  const found = walk(fs);
  const filesOf = (k: Kind) => found.files.get(k) ?? [];
  if (found.truncated) {
    diagnose('info', 'facts-limit', `the project is large: deployment files were looked for in at most ${MAX_DIRS} directories, ${MAX_DEPTH} levels deep, ${MAX_FILES_PER_KIND} files of each kind`, null);
  }

  // Django pins
  const pins: DjangoPin[] = [];
  const queue: { abs: string; kind: 'requirement' | 'constraint' }[] = filesOf('requirements').map((abs) => ({ abs, kind: 'requirement' as const }));
  const seen = new Set<string>();
  for (let q = 0; q < queue.length && seen.size < MAX_FILES_PER_KIND; q++) {
    const { abs, kind } = queue[q] as (typeof queue)[number];
    if (seen.has(abs)) continue;
    seen.add(abs);
    const text = read(abs, 'the Django version it pins is not known');
    if (text === null) continue;
    const parsed = parseRequirements(rel(abs), text, releases, kind);
    pins.push(...parsed.pins);
    problemsOf('requirements-syntax', parsed.problems);
    for (const ref of parsed.references) {
      const target = posix.resolve(posix.dirname(abs), ref.path);
      if (!isInside(fs.root, target)) {
        diagnose('info', 'requirements-include', `${ref.path} is outside the project and was not read`, ref.origin);
        continue;
      }
      if (fs.kind(target) !== 'file') {
        diagnose('warning', 'requirements-include', `${ref.kind === 'constraint' ? '-c' : '-r'} ${ref.path}: no such file in the project (pip would fail)`, ref.origin);
        continue;
      }
      queue.push({ abs: target, kind: ref.kind === 'constraint' ? 'constraint' : kind });
    }
  }
  const packaging: [Kind, (file: string, text: string) => { pins: readonly DjangoPin[]; problems: readonly FileProblem[] }, string][] = [
    ['pyproject', (f, t) => parsePyproject(f, t, releases), 'toml-syntax'],
    ['pipfile', (f, t) => parsePipfile(f, t, releases), 'toml-syntax'],
    ['poetry.lock', (f, t) => parseTomlLock(f, t, 'poetry.lock', releases), 'toml-syntax'],
    ['uv.lock', (f, t) => parseTomlLock(f, t, 'uv.lock', releases), 'toml-syntax'],
    ['pipfile.lock', (f, t) => parsePipfileLock(f, t, releases), 'json-syntax'],
  ];
  for (const [kind, parse, code] of packaging) {
    for (const abs of filesOf(kind)) {
      const text = read(abs, 'the Django version it pins is not known');
      if (text === null) continue;
      const parsed = parse(rel(abs), text);
      pins.push(...parsed.pins);
      problemsOf(code, parsed.problems);
    }
  }

  // App servers
  const configs = new Map<string, GunicornConfig | null>();
  const configAt = (abs: string): GunicornConfig | null => {
    if (!configs.has(abs)) {
      const text = fs.kind(abs) === 'file' ? read(abs, 'the address gunicorn binds is not known') : null;
      const parsed = text === null ? null : parseGunicornConf(rel(abs), text, { fs, pythonRoots, ...(env ? { env } : {}) });
      if (parsed) problemsOf('gunicorn-config', parsed.problems);
      configs.set(abs, parsed);
    }
    return configs.get(abs) ?? null;
  };
  for (const abs of filesOf('gunicorn')) configAt(abs);
  const binds: AppServerBind[] = [];
  const overridden = new Map<string, Origin>();
  const launchers: [Kind, (file: string, text: string) => LaunchFile, string][] = [
    ['procfile', parseProcfile, 'procfile-syntax'],
    ['dockerfile', parseDockerfile, 'dockerfile-syntax'],
  ];
  for (const [kind, parse, code] of launchers) {
    for (const abs of filesOf(kind)) {
      const text = read(abs, 'the commands it runs are not known');
      if (text === null) continue;
      const launch = parse(rel(abs), text);
      problemsOf(code, launch.problems, 'info');
      const dir = posix.dirname(abs);
      for (const inv of launch.invocations) {
        let lookup: ConfigLookup = { kind: 'none' };
        if (inv.server === 'gunicorn') {
          const candidates = configCandidates(inv.config?.path ?? null, dir, launch.workdir, pythonRoots);
          const hit = candidates.find((c) => fs.kind(c) === 'file');
          const config = hit ? configAt(hit) : null;
          if (config) lookup = { kind: 'found', config, implicit: inv.config === null };
          else if (inv.config) lookup = { kind: 'missing', path: inv.config.path, at: inv.config.at };
        }
        const resolved = resolveInvocation(inv, launch, lookup);
        binds.push(...resolved.binds);
        if (resolved.overrides) {
          const firstFlag = resolved.binds[0]?.origin ?? inv.at;
          if (!overridden.has(resolved.overrides)) overridden.set(resolved.overrides, firstFlag);
        }
      }
    }
  }
  for (const config of configs.values()) {
    if (!config) continue;
    const by = overridden.get(config.file) ?? null;
    binds.push(...config.binds.map((b) => ({ ...b, overriddenBy: by })));
  }

  // nginx
  const nginxFiles: NginxFile[] = [];
  for (const abs of filesOf('nginx')) {
    if (GUNICORN_CONFIGS.has(posix.basename(abs))) continue;
    const text = read(abs, 'it was not checked');
    if (text === null) continue;
    const confRoots = [posix.dirname(abs), posix.dirname(posix.dirname(abs))].filter((d) => isInside(fs.root, d));
    const resolve = (pattern: string, from: string): IncludeResult => resolveNginxInclude(fs, pattern, posix.join(fs.root, from), confRoots);
    const parsed = parseNginx(rel(abs), text, resolve);
    if (parsed) nginxFiles.push(parsed);
  }
  // A file another configuration includes inside its http block is reported there, not on its own.
  const includedByHttp = new Set(nginxFiles.filter((f) => f.context === 'http').flatMap((f) => f.included));
  const nginx = nginxFiles.filter((f) => !includedByHttp.has(f.file));
  for (const f of nginx) {
    for (const p of f.problems) diagnose('warning', 'nginx-syntax', p.message, p.origin);
    for (const s of f.servers) for (const u of s.unreadIncludes) diagnose('info', 'nginx-include', 'an include of this nginx configuration is not in the project; what it sets is unknown', u);
  }

  const uniqueDiagnostics = diagnostics.filter((d, k) => diagnostics.findIndex((e) => e.code === d.code && e.message === d.message && (e.location && d.location ? compareOrigins(e.location, d.location) === 0 : e.location === d.location)) === k);
  return {
    facts: {
      djangoPins: pins.sort((a, b) => compareOrigins(a.origin, b.origin)),
      appServers: binds.sort((a, b) => compareOrigins(a.origin, b.origin)),
      nginx: nginx.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      releases,
    },
    diagnostics: uniqueDiagnostics,
    texts,
  };
}

/**
 * Project files a gunicorn `-c` value may name: relative to the directory of the Procfile/Dockerfile (the build
 * context, copied to WORKDIR), a container path under WORKDIR mapped back, or `python:module` under the Python
 * roots. Without `-c`, gunicorn reads ./gunicorn.conf.py from its working directory.
 */
function configCandidates(value: string | null, dir: string, workdir: string | null, pythonRoots: readonly string[]): string[] {
  if (value === null) return [posix.join(dir, 'gunicorn.conf.py')];
  if (value.startsWith('python:')) {
    const parts = value.slice(7).split('.');
    return pythonRoots.map((r) => `${posix.join(r, ...parts)}.py`);
  }
  const path = value.startsWith('file:') ? value.slice(5) : value;
  if (posix.isAbsolute(path)) {
    if (workdir && (path === workdir || path.startsWith(`${workdir}/`))) return [posix.join(dir, posix.relative(workdir, path))];
    return [];
  }
  return [posix.join(dir, path)];
}

/**
 * nginx reads a relative include from its configuration directory (/etc/nginx). In a repository that is the
 * directory of the file being read or its parent (for sites-available/x.conf); `/etc/nginx/...` is mapped
 * the same way. Globs match in the project; a path that matches nothing stays unread.
 */
function resolveNginxInclude(fs: ProjectFs, pattern: string, fromAbs: string, confRoots: readonly string[]): IncludeResult {
  let relPattern: string;
  if (posix.isAbsolute(pattern)) {
    if (!pattern.startsWith('/etc/nginx/')) return { unread: 'it is outside the project' };
    relPattern = pattern.slice('/etc/nginx/'.length);
  } else relPattern = pattern;
  const bases = [...confRoots, posix.dirname(fromAbs)].filter((b, k, all) => all.indexOf(b) === k);
  for (const base of bases) {
    let candidates = [base];
    for (const segment of relPattern.split('/').filter((s) => s !== '' && s !== '.')) {
      const glob = globSegment(segment);
      const next: string[] = [];
      for (const c of candidates) {
        if (glob) for (const entry of fs.list(c)) if (glob.test(entry) && !entry.startsWith('.')) next.push(posix.join(c, entry));
        if (!glob) next.push(posix.join(c, segment));
      }
      candidates = next.slice(0, MAX_INCLUDE_MATCHES);
    }
    const files = candidates.filter((c) => isInside(fs.root, c) && fs.kind(c) === 'file').sort();
    if (files.length === 0) continue;
    const out: { file: string; text: string }[] = [];
    for (const f of files) {
      try {
        out.push({ file: relativePath(fs.root, f), text: fs.readText(f) });
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        return { unread: `${relativePath(fs.root, f)} ${e.message}` };
      }
    }
    return { files: out };
  }
  return { unread: 'no such file in the project' };
}
