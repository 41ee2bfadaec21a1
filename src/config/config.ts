import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import * as z from 'zod/mini';
import { ConfigError } from '../engine/errors.ts';
import type { Origin } from '../engine/types.ts';
import { positionOf, lineStartsOf } from '../loaders/python/parse.ts';

/**
 * secaudit's configuration: `[tool.secaudit]` in pyproject.toml or a `secaudit.config.json`, found from the project
 * directory upwards. Keys use the CLI's option names; a CLI flag wins over the file.
 */
function buildSchema() {
  const severity = z.enum(['error', 'warning', 'info']);
  return z.strictObject({
    settings: z.optional(z.string().check(z.regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, 'must be a dotted Python module name'))),
    'settings-files': z.optional(z.array(z.string())),
    'env-files': z.optional(z.array(z.string())),
    env: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')), z.string())),
    'inherit-env': z.optional(z.boolean()),
    deploy: z.optional(z.boolean()),
    urls: z.optional(z.array(z.string())),
    'fail-on': z.optional(z.enum(['error', 'warning', 'info', 'never'])),
    'django-version': z.optional(z.string().check(z.regex(/^\d+\.\d+$/, 'must be MAJOR.MINOR, e.g. "4.2"'))),
    severity: z.optional(z.record(z.string(), severity)),
    disable: z.optional(z.record(z.string(), z.string().check(z.minLength(1, 'needs a reason: say why the rule does not apply')))),
    rules: z.optional(z.string()),
    baseline: z.optional(z.string()),
    'sarif-category': z.optional(z.string().check(z.minLength(1))),
    'cert-warn-days': z.optional(z.int().check(z.minimum(0), z.maximum(3650))),
    timeout: z.optional(z.number().check(z.minimum(0.1), z.maximum(300))),
    resolve: z.optional(z.array(z.string())),
    ca: z.optional(z.string()),
  });
}

let schema: ReturnType<typeof buildSchema> | null = null;
/** Built on first use: most runs have no configuration file. */
export function configSchema(): ReturnType<typeof buildSchema> {
  schema ??= buildSchema();
  return schema;
}

export type ConfigValues = z.infer<ReturnType<typeof buildSchema>>;

export interface LoadedConfig {
  /** Display path of the config file (relative to the cwd when possible). */
  readonly file: string;
  readonly dir: string;
  readonly values: ConfigValues;
  /** Where each key was written, for messages (e.g. a live finding anchored to the `urls` line). */
  readonly keyLines: ReadonlyMap<string, Origin>;
  /** Where a value such as a rule id inside `key`'s table is written (the key's line when not found). */
  locate(needle: string, key: string): Origin;
}

function locator(text: string, file: string, keyLines: ReadonlyMap<string, Origin>): LoadedConfig['locate'] {
  return (needle, key) => {
    const lines = text.split(/\r?\n/);
    const from = keyLines.get(key)?.line ?? 1;
    const pattern = new RegExp(`(^|[^A-Za-z0-9_.-])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_.-])`);
    for (let i = from - 1; i < lines.length; i++) {
      const m = pattern.exec(lines[i] as string);
      if (m) return { file, line: i + 1, column: m.index + m[1]!.length + 1 };
    }
    // A `[tool.secaudit.severity]` sub-table is not a key line: search the whole file.
    for (let i = 0; i < from - 1; i++) {
      const m = pattern.exec(lines[i] as string);
      if (m) return { file, line: i + 1, column: m.index + m[1]!.length + 1 };
    }
    return keyLines.get(key) ?? { file, line: 1, column: 1 };
  };
}

function findKeyLines(text: string, file: string, section: string | null): Map<string, Origin> {
  const starts = lineStartsOf(text);
  const lines = new Map<string, Origin>();
  let inSection = section === null;
  text.split(/\r?\n/).forEach((line, i) => {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (header && section !== null) {
      inSection = header[1] === section;
      return;
    }
    if (!inSection) return;
    const key = section === null ? /^\s*"([^"]+)"\s*:/.exec(line) : /^\s*["']?([A-Za-z0-9_-]+)["']?\s*=/.exec(line);
    if (key?.[1] && !lines.has(key[1])) {
      const offset = (starts[i] as number) + line.indexOf(key[1]);
      lines.set(key[1], { file, ...positionOf(starts, offset) });
    }
  });
  return lines;
}

function validate(raw: unknown, file: string, keyLines: ReadonlyMap<string, Origin>, where: string): ConfigValues {
  const result = configSchema().safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const unknownKey = issue?.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.[0] : undefined;
  const key = unknownKey ?? String(path[0] ?? '');
  const at = keyLines.get(key);
  const shown = [key, ...path.slice(1).map(String)].filter(Boolean).join('.');
  const message = unknownKey ? `unknown key '${unknownKey}' in ${where}` : `${where}: '${shown}' ${issue?.message ?? 'is invalid'}`;
  throw new ConfigError(message, unknownKey ? `known keys: ${Object.keys(configSchema().shape).join(', ')}` : 'see README "Configuration"', at ?? { file, line: 1, column: 1 });
}

function readText(path: string, shown: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ${shown} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the file and its permissions');
  }
}

function loadJson(path: string, shown: string): LoadedConfig {
  const text = readText(path, shown);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const at = m ? { file: shown, ...positionOf(lineStartsOf(text), Number(m[1])) } : { file: shown, line: 1, column: 1 };
    throw new ConfigError(`invalid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, 'fix the JSON syntax', at);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('the configuration must be a JSON object', 'write { "fail-on": "warning", ... }', { file: shown, line: 1, column: 1 });
  }
  const keyLines = findKeyLines(text, shown, null);
  return { file: shown, dir: dirname(path), values: validate(raw, shown, keyLines, shown), keyLines, locate: locator(text, shown, keyLines) };
}

function loadPyproject(path: string, shown: string): LoadedConfig | null {
  const text = readText(path, shown);
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as { line?: number; column?: number; message: string };
    throw new ConfigError(`invalid TOML: ${err.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '')}`, 'fix the TOML syntax', {
      file: shown,
      line: err.line ?? 1,
      column: err.column ?? 1,
    });
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  if (!tool || typeof tool !== 'object' || !('secaudit' in tool)) return null;
  const raw = tool.secaudit;
  const keyLines = findKeyLines(text, shown, 'tool.secaudit');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('[tool.secaudit] must be a table', 'write [tool.secaudit] followed by key = value lines', { file: shown, line: 1, column: 1 });
  }
  return { file: shown, dir: dirname(path), values: validate(raw, shown, keyLines, `[tool.secaudit] of ${shown}`), keyLines, locate: locator(text, shown, keyLines) };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function display(path: string, cwd: string): string {
  const rel = path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
  return rel;
}

/**
 * The configuration for a project: `explicit` (--config) if given, else the nearest secaudit.config.json or
 * pyproject.toml with a [tool.secaudit] table, from the project directory upwards; null when there is none.
 */
export function loadConfig(projectDir: string, cwd: string, explicit: string | null): LoadedConfig | null {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!isFile(path)) throw new ConfigError(`config file ${explicit} does not exist`, 'pass --config a secaudit.config.json or pyproject.toml');
    const shown = display(path, cwd);
    if (path.endsWith('.toml')) {
      const found = loadPyproject(path, shown);
      if (!found) throw new ConfigError(`${explicit} has no [tool.secaudit] table`, 'add a [tool.secaudit] table');
      return found;
    }
    return loadJson(path, shown);
  }
  for (let dir = resolve(cwd, projectDir); ; dir = dirname(dir)) {
    const json = join(dir, 'secaudit.config.json');
    if (isFile(json)) return loadJson(json, display(json, cwd));
    const pyproject = join(dir, 'pyproject.toml');
    if (isFile(pyproject)) {
      const found = loadPyproject(pyproject, display(pyproject, cwd));
      if (found) return found;
    }
    // Stop at the repository root: a configuration above it belongs to something else.
    if (dir === dirname(dir) || exists(join(dir, '.git'))) return null;
  }
}
