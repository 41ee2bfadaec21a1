import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/engine/errors.ts';
import { isTruthy } from '../../../src/engine/settings.ts';
import { type Value, repr, unresolved } from '../../../src/engine/values.ts';
import { type EnvVar, EnvStore } from '../../../src/loaders/python/scope.ts';
import { type SettingsSource, parseSettingsFile } from '../../../src/loaders/settings-files/index.ts';
import { memoryFs } from '../../helpers/memory-fs.ts';

interface Opts {
  readonly env?: Readonly<Record<string, string>>;
  readonly files?: Readonly<Record<string, string>>;
  readonly file?: string;
}

const envStore = (vars: Readonly<Record<string, string>> = {}) =>
  new EnvStore(new Map(Object.entries(vars).map(([k, v], i): [string, EnvVar] => [k, { value: v, definedAt: { file: '.env.deploy', line: i + 1, column: 1 }, source: '--env-file .env.deploy' }])));

function load(code: string, opts: Opts = {}): SettingsSource {
  const file = opts.file ?? 'config/settings.ts';
  const fs = memoryFs({ [file]: code, ...(opts.files ?? {}) });
  return parseSettingsFile('ts', file, code, envStore(opts.env), { fs });
}
const show = (v: Value) => (v.t === 'unresolved' ? `<unknown: ${v.reason}>` : repr(v));
/** name=repr@line:column for every entry, in order. */
const entries = (code: string, opts: Opts = {}) => [...load(code, opts).entries.values()].map((e) => `${e.name}=${show(e.value)}@${e.origin?.line}:${e.origin?.column}`);
const valueOf = (code: string, name: string, opts: Opts = {}) => {
  const e = load(code, opts).entries.get(name);
  return e ? show(e.value) : '(not set)';
};
function loadError(code: string, opts: Opts = {}): LoadError {
  try {
    load(code, opts);
  } catch (e) {
    if (e instanceof LoadError) return e;
    throw e;
  }
  throw new Error('no LoadError');
}

/**
 * `line:column` of the first match of `needle` in `code`, counted here independently of the loader. The default
 * needle of an entry is its key followed by `:` (`DEBUG:`, `'DEBUG':`).
 */
function posOf(code: string, needle: string | RegExp): string {
  const index = typeof needle === 'string' ? code.indexOf(needle) : (needle.exec(code)?.index ?? -1);
  if (index < 0) throw new Error(`${String(needle)} is not in the code`);
  const before = code.slice(0, index).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}
const keyNeedle = (name: string) => new RegExp(`(?<![\\w$])['"]?${name}['"]?\\s*:`);

/** [setting, Python repr, where: a needle in the code, or an explicit 'line:column'; default the key]. */
type Row = readonly [name: string, code: string, expected: ReadonlyArray<readonly [string, string, string?]>];
const expectedEntries = (code: string, rows: Row[2]) =>
  rows.map(([name, value, where]) => `${name}=${value}@${where && /^\d+:\d+$/.test(where) ? where : posOf(code, where ?? keyNeedle(name))}`);

describe('TS/JS settings: literals and operators, with JavaScript semantics', () => {
  const rows: readonly Row[] = [
    [
      'scalars and their key positions',
      "export default {\n  DEBUG: false,\n  SECURE_HSTS_SECONDS: 31536000,\n  'X_FRAME_OPTIONS': \"DENY\",\n  SECURE_SSL_HOST: null,\n};\n",
      [['DEBUG', 'False', '2:3'], ['SECURE_HSTS_SECONDS', '31536000', '3:3'], ['X_FRAME_OPTIONS', "'DENY'", '4:3'], ['SECURE_SSL_HOST', 'None', '5:3']],
    ],
    [
      'numbers: integral → int, else float',
      'export default { A: 0x1F, B: 1_000, C: 1e3, D: -0, E: .5, F: 0o17, G: 0b11, H: 2 ** 10, I: 7 / 2, J: 10 % 3, K: 1.0 }',
      [['A', '31'], ['B', '1000'], ['C', '1000'], ['D', '0'], ['E', '0.5'], ['F', '15'], ['G', '3'], ['H', '1024'], ['I', '3.5'], ['J', '1'], ['K', '1']],
    ],
    [
      'strings: escapes, templates, concatenation with numbers',
      "const host = 'example.com';\nconst port = 8443;\nexport default { A: 'tab\\there\\x41\\u00e9\\u{1F600}', B: `https://${host}:${port}/`, C: 'v' + 1 + 2, D: 1 + 2 + 'v', E: `${[1, 2]}|${null}|${undefined}|${{}}`, F: `a\\\nb\r\nc` }",
      [['A', "'tab\\thereAé😀'"], ['B', "'https://example.com:8443/'"], ['C', "'v12'"], ['D', "'3v'"], ['E', "'1,2|null|undefined|[object Object]'"], ['F', "'ab\\nc'"]],
    ],
    [
      "JavaScript truthiness: '' || x, 'False' is truthy, ?? only for null/undefined",
      "export default { A: '' || 'x', B: 'False' ? 'on' : 'off', C: 0 || 'zero', D: '' ?? 'd', E: null ?? 'd', F: [] ? 1 : 2, G: !'0', H: NaN || 'n', I: 'a' && 0 }",
      [['A', "'x'"], ['B', "'on'"], ['C', "'zero'"], ['D', "''"], ['E', "'d'"], ['F', '1'], ['G', 'False'], ['H', "'n'"], ['I', '0']],
    ],
    [
      'loose and strict equality, relational operators',
      "export default { A: 1 == '1', B: 1 === '1', C: null == undefined, D: null === undefined, E: '0' == false, F: [1] == 1, G: NaN === NaN, H: 'a' < 'b', I: '10' < '9', J: 10 < 9, K: typeof null }",
      [['A', 'True'], ['B', 'False'], ['C', 'True'], ['D', 'False'], ['E', 'True'], ['F', 'True'], ['G', 'False'], ['H', 'True'], ['I', 'True'], ['J', 'False'], ['K', "'object'"]],
    ],
    [
      'arrays: spreads, holes become None, nested objects drop undefined',
      "const a = [1, 2];\nexport default { L: [...a, 3, ...'xy'], H: [1, , 3], N: { x: undefined, y: 1 }, U: [undefined], M: [1, , 3].map((x) => x * 2) }",
      [['L', "[1, 2, 3, 'x', 'y']"], ['H', '[1, None, 3]'], ['N', "{'y': 1}"], ['U', '[None]'], ['M', '[2, None, 6]']],
    ],
    [
      'TypeScript-only syntax is stripped: annotations, as const, satisfies, non-null, casts',
      "type S = Record<string, unknown>;\ninterface I { a: number }\nconst hosts: string[] = ['a'];\nconst n = <number>(5);\nexport default { ALLOWED_HOSTS: hosts!, N: n, M: (1 as number), X: ['x'] as const } satisfies S;\n",
      [['ALLOWED_HOSTS', "['a']"], ['N', '5'], ['M', '1'], ['X', "['x']"]],
    ],
    [
      'strings and arrays: split, map, filter, join, trim, includes',
      "const raw = ' a.com , b.com,,';\nexport default { A: raw.split(',').map(s => s.trim()).filter(Boolean), B: ''.split(','), C: ['x', 'y'].join('-'), D: raw.includes('b.com'), E: 'ABC'.toLowerCase().slice(1), F: 'a,b'.split(',', 1), G: [1, 2].concat([3], 4).length }",
      [['A', "['a.com', 'b.com']"], ['B', "['']"], ['C', "'x-y'"], ['D', 'True'], ['E', "'bc'"], ['F', "['a']"], ['G', '4']],
    ],
    [
      'Number, String, Boolean, parseInt (and the map(parseInt) pitfall)',
      "export default { A: Number('42'), B: Number(''), C: parseInt('08', 10), D: parseInt('0x1F'), E: String(12) + '', F: Boolean('false'), G: ['7', '11'].map(parseInt), H: ['7', '11'].map(Number), I: parseFloat('2.5s') }",
      [['A', '42'], ['B', '0'], ['C', '8'], ['D', '31'], ['E', "'12'"], ['F', 'True'], ['G', '[7, <unknown>]'], ['H', '[7, 11]'], ['I', '2.5']],
    ],
    [
      'small functions of the module are called',
      "function bool(v: string | undefined, d = false): boolean {\n  if (v === undefined) return d;\n  const t = v.toLowerCase();\n  return t === 'true' || t === '1';\n}\nconst list = (v?: string) => (v ?? '').split(',').filter((s) => s !== '');\nexport default { DEBUG: bool('TRUE'), SSL: bool(undefined, true), HOSTS: list('a,b'), NONE: list(), REST: ((...xs: number[]) => xs)(1, 2) }",
      [['DEBUG', 'True'], ['SSL', 'True'], ['HOSTS', "['a', 'b']"], ['NONE', '[]'], ['REST', '[1, 2]']],
    ],
    [
      'JSON.parse and Object helpers (properties made by a call point at the call)',
      "const extra = JSON.parse('{\"A\": [1, 2], \"B\": null}');\nexport default Object.assign({ X: 1 }, extra, Object.fromEntries([['C', true]]), { K: Object.keys({ p: 1, q: 2 }) });",
      [['X', '1'], ['A', '[1, 2]', 'JSON.parse'], ['B', 'None', 'JSON.parse'], ['C', 'True', 'Object.fromEntries'], ['K', "['p', 'q']"]],
    ],
  ];
  for (const [name, code, expected] of rows) {
    it(name, () => {
      expect(entries(code)).toEqual(expectedEntries(code, expected));
    });
  }

  it('object key order follows JavaScript (integer-like keys first)', () => {
    expect(valueOf("export default { D: { b: 1, 2: 'two', a: 3, 1: 'one' } }", 'D')).toBe("{'1': 'one', '2': 'two', 'b': 1, 'a': 3}");
  });

  it('NaN and Infinity have no faithful Python value: unknown with the source text', () => {
    const e = load("export default {\n  SECURE_HSTS_SECONDS: Number('one year'),\n}").entries.get('SECURE_HSTS_SECONDS');
    expect(e?.value).toEqual(unresolved('the value is NaN (a failed number conversion?); JSON.stringify would write null', "Number('one year')", { file: 'config/settings.ts', line: 2, column: 3 }));
  });
});

describe('TS/JS settings: process.env', () => {
  const ENV = { DJANGO_DEBUG: 'false', ALLOWED: 'example.com, api.example.com', PORT: '8443', EMPTY: '' };
  const rows: ReadonlyArray<readonly [name: string, expr: string, expected: string]> = [
    ['a set variable is its string', 'process.env.DJANGO_DEBUG', "'false'"],
    ["computed access process.env['X']", "process.env['PORT']", "'8443'"],
    ['=== compares strings', "process.env.DJANGO_DEBUG === 'true'", 'False'],
    ["'false' is truthy in JS", "process.env.DJANGO_DEBUG ? 'on' : 'off'", "'on'"],
    ['?? keeps an empty string', "process.env.EMPTY ?? 'd'", "''"],
    ['|| replaces an empty string', "process.env.EMPTY || 'd'", "'d'"],
    ['an unset variable with ?? default', "process.env.UNSET ?? 'fallback'", "'fallback'"],
    ['an unset variable === x is false', "process.env.UNSET === 'true'", 'False'],
    ['Number() of a variable', 'Number(process.env.PORT)', '8443'],
    ['parseInt with a default', "parseInt(process.env.UNSET ?? '3600', 10)", '3600'],
    ['split / map / trim on a variable', "process.env.ALLOWED.split(',').map((h: string) => h.trim())", "['example.com', 'api.example.com']"],
    ['optional chaining on an unset variable', "process.env.UNSET?.split(',') ?? []", '[]'],
    ['optional chaining short-circuits the whole chain', "process.env.UNSET?.split(',').length", '(not set)'],
    ['destructured from process.env with a default', 'D', "'off'"],
    ['import process from node:process', 'P', "'8443'"],
    ['a method on an unset variable throws TypeError', "process.env.UNSET.split(',')", "<unknown: calling split() on undefined throws TypeError (UNSET is not set)>"],
    ['an unset variable alone leaves the setting unset', 'process.env.UNSET', '(not set)'],
  ];
  for (const [name, expr, expected] of rows) {
    it(name, () => {
      const code = `import proc from 'node:process';\nconst { DJANGO_DEBUG2: D = 'off' } = process.env;\nconst P = proc.env.PORT;\nexport default { X: ${expr} };\n`;
      expect(valueOf(code, 'X', { env: ENV })).toBe(expected);
    });
  }

  it('values from the environment carry their source', () => {
    const s = load("export default {\n  DEBUG: process.env.DJANGO_DEBUG === 'true',\n  SECURE_HSTS_SECONDS: Number(process.env.HSTS ?? '0'),\n}", { env: { DJANGO_DEBUG: 'true' } });
    expect(s.entries.get('DEBUG')?.value).toEqual({ t: 'bool', v: true, src: { envVar: 'DJANGO_DEBUG', via: 'process.env', defaulted: false, definedAt: { file: '.env.deploy', line: 1, column: 1 } } });
    expect(s.entries.get('SECURE_HSTS_SECONDS')?.value).toEqual({ t: 'int', v: 0, src: { envVar: 'HSTS', via: 'process.env', defaulted: true, definedAt: null } });
    expect(s.envReads).toEqual(
      new Map([
        ['DJANGO_DEBUG', [{ file: 'config/settings.ts', line: 2, column: 10 }]],
        ['HSTS', [{ file: 'config/settings.ts', line: 3, column: 31 }]],
      ]),
    );
  });

  it('a key whose value is undefined is not set, with an info diagnostic naming the variable', () => {
    const s = load('export default {\n  SECRET_KEY: process.env.SECRET_KEY,\n  DEBUG: false,\n}');
    expect([...s.entries.keys()]).toEqual(['DEBUG']);
    expect(s.diagnostics).toEqual([{ level: 'info', code: 'settings-key-undefined', message: 'SECRET_KEY is undefined (process.env.SECRET_KEY is not set), so it is not set', location: { file: 'config/settings.ts', line: 2, column: 3 } }]);
  });

  it('a variable whose value is not known stays unknown, with its reason', () => {
    const u = unresolved('environment variable DJANGO_DEBUG is set by the platform', 'DJANGO_DEBUG', null);
    const env = new EnvStore(new Map([['DJANGO_DEBUG', { value: u, definedAt: null, source: 'settings' }]]));
    const s = parseSettingsFile('ts', 'settings.ts', "export default { DEBUG: process.env.DJANGO_DEBUG === 'true' }", env);
    expect(s.entries.get('DEBUG')?.value).toBe(u);
  });

  it('a condition on an unknown variable keeps both possible values, so a rule can still decide', () => {
    const env = new EnvStore(new Map([['MODE', { value: unresolved('MODE is not known', 'MODE', null), definedAt: null, source: 'settings' }]]));
    const s = parseSettingsFile('ts', 'settings.ts', "export default { DEBUG: process.env.MODE === 'dev' ? 'yes' : true }", env);
    const entry = s.entries.get('DEBUG');
    expect(entry?.value).toMatchObject({ t: 'unresolved', reason: 'it depends on a condition that cannot be decided', alternatives: [{ t: 'str', v: 'yes' }, { t: 'bool', v: true }] });
    expect(entry && isTruthy(entry)).toBe(true);
  });

  it('process.env writes of the module are seen by later reads (as strings)', () => {
    const code = "process.env.PORT ??= '80';\nprocess.env.N = 5 as any;\nexport default { A: process.env.PORT, B: process.env.N, C: process.env.PORT }";
    expect(entries(code, { env: { PORT: '443' } })).toEqual(expectedEntries(code, [['A', "'443'"], ['B', "'5'"], ['C', "'443'"]]));
    expect(entries(code)).toEqual(expectedEntries(code, [['A', "'80'"], ['B', "'5'"], ['C', "'80'"]]));
  });

  it("dotenv loaded by the module: unset variables become unknown instead of undefined", () => {
    const code = "import 'dotenv/config';\nexport default { DEBUG: process.env.DEBUG === 'true', HOSTS: process.env.HOSTS ?? 'x' }";
    const s = load(code, { env: { HOSTS: 'h' } });
    expect(show(s.entries.get('DEBUG')?.value as Value)).toBe(
      "<unknown: environment variable DEBUG is not set, but may be set by import 'dotenv/config' (config/settings.ts:1), which may set environment variables>",
    );
    expect(show(s.entries.get('HOSTS')?.value as Value)).toBe("'h'");
    const s2 = load("import dotenv from 'dotenv';\ndotenv.config();\nexport default { DEBUG: process.env.DEBUG }");
    expect(show(s2.entries.get('DEBUG')?.value as Value)).toBe(
      '<unknown: environment variable DEBUG is not set, but may be set by dotenv.config() (config/settings.ts:2), which may set environment variables>',
    );
  });

  it('a module that throws while loading is a LoadError at the throw', () => {
    const code = "if (!process.env.SECRET_KEY) {\n  throw new Error('SECRET_KEY is required');\n}\nexport default { SECRET_KEY: process.env.SECRET_KEY };";
    const e = loadError(code);
    expect(e.message).toBe("config/settings.ts throws while loading (new Error('SECRET_KEY is required')), so the settings cannot be loaded");
    expect(e.origin).toEqual({ file: 'config/settings.ts', line: 2, column: 3 });
    expect(valueOf(code, 'SECRET_KEY', { env: { SECRET_KEY: 'k' } })).toBe("'k'");
  });
});

describe('TS/JS settings: exports, imports and provenance', () => {
  it('export const settings, and export { x as settings }', () => {
    expect(entries('export const settings = { DEBUG: false };')).toEqual(['DEBUG=False@1:27']);
    expect(entries('const s = { DEBUG: true };\nexport { s as settings };')).toEqual(['DEBUG=True@1:13']);
  });

  it('the default export wins over a named settings export', () => {
    expect(entries('export const settings = { A: 1 };\nexport default { B: 2 };')).toEqual(['B=2@2:18']);
  });

  it('CommonJS: module.exports, exports.X, require of a project file', () => {
    const files = { 'config/base.cjs': "module.exports = { DEBUG: true, MIDDLEWARE: ['a'] };\n" };
    expect(entries("const base = require('./base.cjs');\nmodule.exports = { ...base, DEBUG: false };", { file: 'config/settings.cjs', files })).toEqual(['DEBUG=False@2:29', "MIDDLEWARE=['a']@1:33"]);
    expect(entries('exports.DEBUG = false;\nexports.X = 1;', { file: 'config/settings.js' })).toEqual(['DEBUG=False@1:9', 'X=1@2:9']);
  });

  it('TypeScript export = {...}', () => {
    expect(entries('export = { DEBUG: false };', { file: 'settings.cts' })).toEqual(['DEBUG=False@1:12']);
  });

  it('a spread of an imported base keeps the base file as origin and the override chain', () => {
    const files = {
      'config/base.ts': "export default {\n  DEBUG: true,\n  ALLOWED_HOSTS: ['localhost'],\n};\n",
      'config/common.ts': "export const common = { X_FRAME_OPTIONS: 'SAMEORIGIN' };\nexport const other = 1;\n",
    };
    const s = load("import base from './base';\nimport { common as c } from './common.js';\nexport default {\n  ...base,\n  ...c,\n  DEBUG: false,\n};\n", { files });
    expect([...s.entries.values()]).toEqual([
      { name: 'DEBUG', value: { t: 'bool', v: false }, origin: { file: 'config/settings.ts', line: 6, column: 3 }, overridden: [{ file: 'config/base.ts', line: 2, column: 3 }] },
      { name: 'ALLOWED_HOSTS', value: { t: 'list', items: [{ t: 'str', v: 'localhost' }] }, origin: { file: 'config/base.ts', line: 3, column: 3 }, overridden: [] },
      { name: 'X_FRAME_OPTIONS', value: { t: 'str', v: 'SAMEORIGIN' }, origin: { file: 'config/common.ts', line: 1, column: 25 }, overridden: [] },
    ]);
  });

  it('namespace imports, re-exports and JSON modules', () => {
    const files = {
      'config/parts/index.ts': "export * from './a';\nexport { b as B } from './b';\n",
      'config/parts/a.ts': 'export const A = 1;\n',
      'config/parts/b.ts': 'export const b = 2;\n',
      'config/hosts.json': '{\n  "hosts": ["h1", "h2"]\n}\n',
    };
    const code = "import * as parts from './parts';\nimport data from './hosts.json';\nexport default { A: parts.A, B: parts.B, ALLOWED_HOSTS: data.hosts, ...{ FROM_JSON: data } };";
    expect(entries(code, { files })).toEqual(["A=1@3:18", 'B=2@3:30', "ALLOWED_HOSTS=['h1', 'h2']@3:42", "FROM_JSON={'hosts': ['h1', 'h2']}@3:74"]);
    expect(entries("import { A } from './parts/index.ts';\nexport default { A };", { files })).toEqual(['A=1@2:18']);
  });

  it('imports that cannot be read are unknown, with the reason', () => {
    const files = { 'config/cyc.ts': "import { X } from './settings';\nexport const Y = X;\n", 'config/bad.js': 'export const Z = 1;\n' };
    const s = load(
      "import { defaults } from 'django-config-kit';\nimport local from '../../outside';\nimport missing from './missing';\nimport { Y } from './cyc';\nexport const X = 1;\nexport default { A: defaults, B: local, C: missing, D: Y };",
      { files },
    );
    expect([...s.entries].map(([k, e]) => `${k}=${show(e.value)}`)).toEqual([
      'A=<unknown: django-config-kit is a package import, which is not read>',
      'B=<unknown: ../../outside is outside the project, which is not read>',
      'C=<unknown: cannot find ./missing in the project>',
      'D=<unknown: config/settings.ts is part of an import cycle; its exports are not known yet>',
    ]);
    expect(s.diagnostics).toEqual([{ level: 'warning', code: 'settings-import-missing', message: 'cannot find ./missing (imported by config/settings.ts) in the project', location: { file: 'config/settings.ts', line: 3, column: 21 } }]);
  });

  it('without a project tree, relative imports are unknown', () => {
    const s = parseSettingsFile('ts', 'settings.ts', "import base from './base';\nexport default { ...base, DEBUG: false };", new EnvStore());
    expect([...s.entries.keys()]).toEqual(['DEBUG']);
    expect(s.hidden).toEqual({ reason: './base is not read: the settings file is not inside the project', at: { file: 'settings.ts', line: 1, column: 18 } });
  });
});

describe('TS/JS settings: statements that change the settings', () => {
  it('top-level assignments, push, Object.assign and delete are applied in order, with provenance', () => {
    const code = "const s: Record<string, unknown> = { DEBUG: true, MIDDLEWARE: ['a'], X: 1 };\ns.DEBUG = false;\n(s.MIDDLEWARE as string[]).push('b');\nObject.assign(s, { SECURE_SSL_REDIRECT: true });\ndelete s.X;\ns['SECURE_HSTS_SECONDS'] ??= 60;\nexport default s;";
    const s = load(code);
    expect([...s.entries.values()].map((e) => `${e.name}=${show(e.value)}@${e.origin?.line}:${e.origin?.column} ${JSON.stringify(e.overridden.map((o) => o.line))}`)).toEqual([
      'DEBUG=False@2:3 [1]',
      "MIDDLEWARE=['a', 'b']@1:51 []",
      'SECURE_SSL_REDIRECT=True@4:20 []',
      'SECURE_HSTS_SECONDS=60@6:3 []',
    ]);
  });

  it('an if statement with a known condition runs its branch', () => {
    const code = "const s = { DEBUG: true };\nif (process.env.NODE_ENV === 'production') {\n  s.DEBUG = false;\n} else s.DEBUG = 'dev';\nexport default s;";
    expect(valueOf(code, 'DEBUG', { env: { NODE_ENV: 'production' } })).toBe('False');
    expect(valueOf(code, 'DEBUG')).toBe("'dev'");
  });

  it('statements that are not followed make what they touch unknown', () => {
    const code = "import { harden } from 'hardening';\nconst s = { DEBUG: true, DB: { A: 1 } };\nconst db = s.DB;\nharden(s);\nexport default { ...s, DBX: db };";
    const s = load(code);
    const why = '<unknown: may be changed by harden(s) (config/settings.ts:4), which is not evaluated>';
    expect([...s.entries].map(([k, e]) => `${k}=${show(e.value)}`)).toEqual([`DEBUG=${why}`, `DB=${why}`, `DBX=${why}`]);
    expect(s.hidden).toEqual({ reason: 'may be changed by harden(s) (config/settings.ts:4), which is not evaluated', at: { file: 'config/settings.ts', line: 4, column: 1 } });
  });

  it('a loop is not run: what it mentions is unknown', () => {
    const code = "const s = { ALLOWED_HOSTS: [] as string[], DEBUG: false };\nfor (const h of ['a', 'b']) s.ALLOWED_HOSTS.push(h);\nexport const settings = s;";
    expect(entries(code)).toEqual([
      'ALLOWED_HOSTS=<unknown: may be changed by the for loop at config/settings.ts:2, which is not evaluated>@1:13',
      'DEBUG=<unknown: may be changed by the for loop at config/settings.ts:2, which is not evaluated>@1:44',
    ]);
  });

  it('let bindings that are reassigned are unknown; those that are not are used', () => {
    const code = "let a = 1;\nlet b = 2;\nif (Math.random() > 2) b = 3;\nexport default { A: a, B: b };";
    expect(entries(code)).toEqual(['A=1@4:18', 'B=<unknown: it is bound with let and reassigned at line 3>@4:24']);
  });

  it('using a const before its declaration is a ReferenceError', () => {
    expect(valueOf('const s = { A: later };\nconst later = 1;\nexport default s;', 'A')).toBe('<unknown: later is used before its declaration (line 2), which throws ReferenceError>');
  });

  it('an unknown spread may override what came before it, not what comes after', () => {
    const code = "import defaults from 'pkg-defaults';\nexport default { DEBUG: true, ...defaults, SECURE_SSL_REDIRECT: true };";
    const s = load(code);
    expect([...s.entries].map(([k, e]) => `${k}=${show(e.value)}`)).toEqual([
      'DEBUG=<unknown: DEBUG may be overridden: pkg-defaults is a package import, which is not read>',
      'SECURE_SSL_REDIRECT=True',
    ]);
    expect(s.entries.get('DEBUG')?.overridden).toEqual([{ file: 'config/settings.ts', line: 2, column: 18 }]);
    expect(s.hidden).toEqual({ reason: 'pkg-defaults is a package import, which is not read', at: { file: 'config/settings.ts', line: 1, column: 22 } });
  });
});

describe('TS/JS settings: errors with file:line:column', () => {
  const rows: ReadonlyArray<readonly [name: string, code: string, file: string, message: string, line: number, column: number]> = [
    ['a TS syntax error', 'export default {\n  DEBUG: false,,\n};', 'config/settings.ts', "SyntaxError: unexpected ','", 2, 16],
    ['an unclosed brace', 'export default {\n  DEBUG: false,\n', 'config/settings.ts', 'SyntaxError: unexpected end of file (is a bracket or brace not closed?)', 3, 1],
    ['an unterminated string', "export default {\n  X: 'abc,\n};", 'config/settings.ts', 'SyntaxError: unterminated string literal', 2, 6],
    ['an unterminated template', 'export default { X: `abc };', 'config/settings.ts', 'SyntaxError: unterminated template literal', 1, 28],
    ['TypeScript syntax in a .js file', 'export default { DEBUG: false } as const;', 'config/settings.js', "SyntaxError: TypeScript syntax ('as') in a JavaScript file", 1, 33],
    ['a type annotation in a .mjs file', 'const x: number = 1;\nexport default { X: x };', 'config/settings.mjs', 'SyntaxError: TypeScript syntax (a type annotation) in a JavaScript file', 1, 8],
    ['no settings export', "const settings = { DEBUG: false };\nexport const other = 1;", 'config/settings.ts', 'config/settings.ts has no settings export', 1, 1],
    ['an export that is not an object', "export default ['DEBUG'];", 'config/settings.ts', 'config/settings.ts exports an array as its settings, not an object', 1, 1],
    ['a function export', 'export default () => ({ DEBUG: false });', 'config/settings.ts', 'config/settings.ts exports a function as its settings, not an object', 1, 1],
    [
      'an export that cannot be read statically',
      "import { defineSettings } from 'settings-kit';\nexport default defineSettings({ DEBUG: false });",
      'config/settings.ts',
      'the settings default export cannot be read statically: settings-kit is a package import, which is not read',
      1,
      32,
    ],
    ['a key that cannot be a setting name', "export default { DEBUG: false, 'ALLOWED-HOSTS': [] };", 'config/settings.ts', '"ALLOWED-HOSTS" is not a Django setting name (upper-case letters, digits and _, starting with a letter)', 1, 32],
  ];
  for (const [name, code, file, message, line, column] of rows) {
    it(name, () => {
      const e = loadError(code, { file });
      expect(e.message).toBe(message);
      expect(e.origin).toEqual({ file, line, column });
    });
  }

  it('a syntax error in an imported module names that module', () => {
    const e = loadError("import base from './base';\nexport default { ...base };", { files: { 'config/base.ts': 'export default {\n  A: 1\n  B: 2,\n};\n' } });
    expect(e.message).toBe("SyntaxError: unexpected token 'B'");
    expect(e.origin).toEqual({ file: 'config/base.ts', line: 3, column: 3 });
  });
});
