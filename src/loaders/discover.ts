import type { SyntaxNode } from '@lezer/common';
import { dirname, join } from 'node:path';
import { LoadError } from '../engine/errors.ts';
import type { Origin } from '../engine/types.ts';
import { FsError, type ProjectFs, relativePath } from './fs.ts';
import { parsePython, positionOf } from './python/parse.ts';
import { decodeStringToken } from './python/strings.ts';
import { childrenOf } from './python/syntax.ts';

export interface Discovery {
  readonly module: string;
  /** How it was found, for the report: `--settings`, `DJANGO_SETTINGS_MODULE`, `manage.py`, ... */
  readonly via: string;
  readonly at: Origin | null;
  /** `sys.path` roots for project modules: manage.py's directory first, then the project root. */
  readonly pythonRoots: readonly string[];
}

/** Directories that never hold the project's own settings. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'venv', '.venv', 'env', '.env', 'virtualenv', 'site-packages', '__pycache__', '.tox', '.nox', 'dist', 'build', '.mypy_cache', '.pytest_cache', 'htmlcov', 'static', 'staticfiles', 'media']);
const MAX_DEPTH = 4;

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.y")` in a file, with its position. */
export function findSettingsDefault(file: string, text: string): { module: string; at: Origin } | null {
  const parsed = parsePython(file, text);
  let found: { module: string; at: Origin } | null = null;
  parsed.tree.iterate({
    enter(ref) {
      if (found) return false;
      if (ref.name !== 'CallExpression') return undefined;
      const [callee, args] = childrenOf(ref.node);
      if (!callee || !args) return undefined;
      const calleeText = text.slice(callee.from, callee.to).replace(/\s+/g, '');
      if (!/(^|\.)environ\.setdefault$/.test(calleeText)) return undefined;
      const strings = childrenOf(args).filter((n: SyntaxNode) => n.name === 'String');
      const key = strings[0] ? decodeStringToken(text.slice(strings[0].from, strings[0].to)) : null;
      const value = strings[1] ? decodeStringToken(text.slice(strings[1].from, strings[1].to)) : null;
      if (key?.value === 'DJANGO_SETTINGS_MODULE' && value && strings[1]) {
        found = { module: value.value, at: { file, ...positionOf(parsed.lineStarts, strings[1].from) } };
      }
      return undefined;
    },
  });
  return found;
}

function readIfText(fs: ProjectFs, path: string): string | null {
  try {
    return fs.readText(path);
  } catch (e) {
    if (e instanceof FsError) return null;
    throw e;
  }
}

/** Files with one of the given names, breadth first, skipping virtualenvs and build output. */
function findFiles(fs: ProjectFs, names: ReadonlySet<string>, maxDepth = MAX_DEPTH): string[] {
  const out: string[] = [];
  let level = [fs.root];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      for (const entry of fs.list(dir)) {
        const path = join(dir, entry);
        const kind = fs.kind(path);
        if (kind === 'file' && names.has(entry)) out.push(path);
        else if (kind === 'dir' && !SKIP_DIRS.has(entry) && !entry.startsWith('.')) next.push(path);
      }
    }
    level = next;
  }
  return out;
}

/** The module name of a file under a python root (`a/b/c.py` → `a.b.c`, `a/b/__init__.py` → `a.b`). */
export function moduleNameFor(root: string, file: string): string {
  const rel = relativePath(root, file).replace(/\.py$/, '').replace(/\/__init__$/, '');
  return rel.split('/').join('.');
}

/**
 * Finds the settings module the way Django would be started: --settings, else DJANGO_SETTINGS_MODULE,
 * else the default manage.py (then wsgi.py / asgi.py) sets, else the project's only settings.py.
 */
export function discoverSettings(fs: ProjectFs, explicit: string | null, fromEnv: { module: string; source: string } | null): Discovery {
  const managePy = findFiles(fs, new Set(['manage.py']), 1).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))[0] ?? null;
  const managePyDir = managePy ? dirname(managePy) : null;
  const pythonRoots = managePyDir && managePyDir !== fs.root ? [managePyDir, fs.root] : [fs.root];
  if (explicit) return { module: explicit, via: '--settings', at: null, pythonRoots };
  if (fromEnv) return { module: fromEnv.module, via: `DJANGO_SETTINGS_MODULE from ${fromEnv.source}`, at: null, pythonRoots };
  const candidates = managePy ? [managePy] : [];
  candidates.push(...findFiles(fs, new Set(['wsgi.py', 'asgi.py'])).sort());
  for (const file of candidates) {
    const text = readIfText(fs, file);
    if (text === null) continue;
    const rel = relativePath(fs.root, file);
    const found = findSettingsDefault(rel, text);
    if (found) return { module: found.module, via: rel, at: found.at, pythonRoots };
  }
  const settingsFiles = findFiles(fs, new Set(['settings.py'])).sort();
  if (settingsFiles.length === 1) {
    const file = settingsFiles[0] as string;
    const root = pythonRoots.find((r) => relativePath(r, file) !== '' && !relativePath(r, file).startsWith('..')) ?? fs.root;
    return { module: moduleNameFor(root, file), via: `the only settings.py (${relativePath(fs.root, file)})`, at: null, pythonRoots };
  }
  if (settingsFiles.length > 1) {
    const list = settingsFiles.map((f) => relativePath(fs.root, f)).join(', ');
    throw new LoadError(`found several settings.py files (${list}) and no DJANGO_SETTINGS_MODULE default`, 'pass --settings with the module to audit, e.g. --settings mysite.settings');
  }
  throw new LoadError(
    'no Django settings found: no DJANGO_SETTINGS_MODULE default in manage.py, wsgi.py or asgi.py, and no settings.py',
    'run secaudit in the Django project directory, or pass the directory and --settings',
  );
}
