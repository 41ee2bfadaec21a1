import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadError, UsageError } from '../../../src/engine/errors.ts';
import type { SettingEntry } from '../../../src/engine/settings.ts';
import { type Value, repr } from '../../../src/engine/values.ts';
import { type EnvVar, EnvStore } from '../../../src/loaders/python/scope.ts';
import { type SettingsSource, hiddenOf, layerSettings, parseSettingsFile, readSettingsFile, settingsFileKind } from '../../../src/loaders/settings-files/index.ts';
import { loadSnippet } from '../../helpers/load.ts';
import { memoryFs } from '../../helpers/memory-fs.ts';

const show = (v: Value) => (v.t === 'unresolved' ? `<unknown: ${v.reason}>` : repr(v));
const describeEntry = (e: SettingEntry | undefined) =>
  e ? `${show(e.value)} @${e.origin ? `${e.origin.file}:${e.origin.line}` : 'default'} [${e.overridden.map((o) => `${o.file}:${o.line}`).join(', ')}]` : '(not set)';

/** The Python settings module's entries, as loadProject evaluates them. */
function pythonBase(code: string): Map<string, SettingEntry> {
  const settings = loadSnippet(code).settings;
  return new Map(settings.names().map((n) => [n, settings.get(n) as SettingEntry]));
}

describe('layerSettings', () => {
  const base = pythonBase('DEBUG = True\nALLOWED_HOSTS = ["localhost"]\nDEBUG = False\nSECRET_KEY = "x"\n');
  const env = new EnvStore();
  const json = parseSettingsFile('json', 'exported.json', '{\n  "DEBUG": true,\n  "SECURE_HSTS_SECONDS": 60\n}', env);
  const ts = parseSettingsFile('ts', 'settings.ts', "export default {\n  SECURE_HSTS_SECONDS: 3600,\n  X_FRAME_OPTIONS: 'DENY',\n};", env);
  const dotenv = parseSettingsFile('env', '.env.production', 'X=1\nDEBUG=off\n', env);

  it('later sources win and every earlier origin is kept, oldest first, across files', () => {
    const layered = layerSettings(base, [json, ts, dotenv]);
    expect(describeEntry(layered.get('DEBUG'))).toBe('False @.env.production:2 [mysite/settings.py:1, mysite/settings.py:3, exported.json:2]');
    expect(describeEntry(layered.get('SECURE_HSTS_SECONDS'))).toBe('3600 @settings.ts:2 [exported.json:3]');
    expect(describeEntry(layered.get('ALLOWED_HOSTS'))).toBe("['localhost'] @mysite/settings.py:2 []");
    expect(describeEntry(layered.get('X_FRAME_OPTIONS'))).toBe("'DENY' @settings.ts:3 []");
    expect(describeEntry(layered.get('X'))).toBe("'1' @.env.production:1 []");
    expect([...layered.keys()]).toEqual(['ALLOWED_HOSTS', 'DEBUG', 'SECRET_KEY', 'SECURE_HSTS_SECONDS', 'X_FRAME_OPTIONS', 'X']);
  });

  it('the order of the sources decides', () => {
    const layered = layerSettings(base, [dotenv, json]);
    expect(describeEntry(layered.get('DEBUG'))).toBe('True @exported.json:2 [mysite/settings.py:1, mysite/settings.py:3, .env.production:2]');
  });

  it('a source keeps its own chain (a TS object overriding its base file) after the earlier layers', () => {
    const fs = memoryFs({ 'conf/base.ts': 'export default { DEBUG: true };\n', 'conf/prod.ts': '' });
    const prod = parseSettingsFile('ts', 'conf/prod.ts', "import base from './base';\nexport default { ...base, DEBUG: false };", env, { fs });
    const layered = layerSettings(base, [prod]);
    expect(describeEntry(layered.get('DEBUG'))).toBe('False @conf/prod.ts:2 [mysite/settings.py:1, mysite/settings.py:3, conf/base.ts:1]');
  });

  it('does not change its inputs', () => {
    const before = describeEntry(base.get('DEBUG'));
    layerSettings(base, [json]);
    expect(describeEntry(base.get('DEBUG'))).toBe(before);
    expect(base.get('SECURE_HSTS_SECONDS')).toBeUndefined();
  });

  it('a source that may hide settings makes earlier values it does not set unknown', () => {
    const hidden = parseSettingsFile('ts', 'settings.ts', "import extra from 'pkg-settings';\nexport default { ...extra, DEBUG: false };", env);
    expect(hidden.hidden).toEqual({ reason: 'pkg-settings is a package import, which is not read', at: { file: 'settings.ts', line: 1, column: 19 } });
    const layered = layerSettings(base, [hidden, dotenv]);
    expect(describeEntry(layered.get('DEBUG'))).toBe('False @.env.production:2 [mysite/settings.py:1, mysite/settings.py:3, settings.ts:2]');
    expect(describeEntry(layered.get('ALLOWED_HOSTS'))).toBe('<unknown: ALLOWED_HOSTS may be set by pkg-settings is a package import, which is not read> @settings.ts:1 [mysite/settings.py:2]');
    expect(hiddenOf([json, hidden, dotenv])).toEqual(hidden.hidden);
    expect(hiddenOf([json, dotenv])).toBeNull();
  });
});

describe('settingsFileKind', () => {
  const rows: ReadonlyArray<readonly [string, SettingsSource['kind'] | null]> = [
    ['settings.json', 'json'],
    ['conf/Exported.JSON', 'json'],
    ['.env.json', 'json'],
    ['settings.ts', 'ts'],
    ['settings.mts', 'ts'],
    ['settings.cts', 'ts'],
    ['settings.js', 'ts'],
    ['settings.mjs', 'ts'],
    ['settings.cjs', 'ts'],
    ['.env', 'env'],
    ['deploy/.env', 'env'],
    ['.env.production', 'env'],
    ['.env.local', 'env'],
    ['production.env', 'env'],
    ['C:\\proj\\prod.env', 'env'],
    ['.envrc', null],
    ['env', null],
    ['.env-production', null],
    ['settings.py', null],
    ['settings.toml', null],
    ['.env.ts', 'ts'],
  ];
  for (const [path, kind] of rows) {
    it(`${path} → ${kind}`, () => {
      expect(settingsFileKind(path)).toBe(kind);
    });
  }
});

describe('readSettingsFile (the only I/O)', () => {
  let dir = '';
  let project = '';
  const env = new EnvStore(new Map<string, EnvVar>([['DJANGO_DEBUG', { value: 'true', definedAt: null, source: '--env' }]]));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'secaudit-settings-files-'));
    project = join(dir, 'project');
    mkdirSync(join(project, 'conf'), { recursive: true });
    writeFileSync(join(project, 'conf', 'settings.json'), '\ufeff{"DEBUG": false}\n');
    writeFileSync(join(project, 'conf', 'base.ts'), "export const common = { X_FRAME_OPTIONS: 'DENY' };\n");
    writeFileSync(join(project, 'conf', 'settings.ts'), "import { common } from './base.js';\nexport default { ...common, DEBUG: process.env.DJANGO_DEBUG === 'true' };\n");
    writeFileSync(join(dir, 'outside.env'), 'DEBUG=1\n');
    writeFileSync(join(project, 'conf', 'binary.json'), Buffer.from([0x7b, 0x00, 0x7d]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a JSON file inside the project, shown project-relative', () => {
    const s = readSettingsFile({ given: 'project/conf/settings.json', cwd: dir, root: project, env });
    expect(s.file).toBe('conf/settings.json');
    expect(s.entries.get('DEBUG')?.origin).toEqual({ file: 'conf/settings.json', line: 1, column: 2 });
  });

  it('reads a TS module and follows its relative import on disk', () => {
    const s = readSettingsFile({ given: 'conf/settings.ts', cwd: project, root: project, env });
    expect([...s.entries].map(([k, e]) => `${k}=${show(e.value)}@${e.origin?.file}:${e.origin?.line}`)).toEqual(["X_FRAME_OPTIONS='DENY'@conf/base.ts:1", 'DEBUG=True@conf/settings.ts:2']);
  });

  it('a file outside the project is shown as given', () => {
    const s = readSettingsFile({ given: '../outside.env', cwd: project, root: project, env });
    expect(s.file).toBe('../outside.env');
    expect(s.entries.get('DEBUG')?.origin).toEqual({ file: '../outside.env', line: 1, column: 1 });
  });

  it('errors: a missing file, an unknown format, a binary file', () => {
    const missing = (() => {
      try {
        readSettingsFile({ given: 'conf/nope.json', cwd: project, root: project, env });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(missing).toBeInstanceOf(LoadError);
    expect((missing as LoadError).message).toBe('settings file conf/nope.json does not exist');
    mkdirSync(join(project, 'dir.json'), { recursive: true });
    expect(() => readSettingsFile({ given: 'dir.json', cwd: project, root: project, env })).toThrow('settings file dir.json is not a regular file');
    expect(() => readSettingsFile({ given: 'conf/settings.toml', cwd: project, root: project, env })).toThrow(UsageError);
    expect(() => readSettingsFile({ given: 'conf/binary.json', cwd: project, root: project, env })).toThrow('settings file conf/binary.json is a binary file, not text');
    expect(() => readSettingsFile({ given: 'conf', cwd: project, root: project, env })).toThrow(UsageError);
  });
});
