import { dirname as pathDirname, join as pathJoin } from 'node:path';
import {
  type Value,
  NONE,
  bool,
  float,
  int,
  list,
  str,
  strDict,
  tuple,
  typeName,
  unresolved,
} from '../../engine/values.ts';
import { envMissing, envString, lookupEnv } from './env-access.ts';
import { environModule, decoupleModule, dotenvModule, djDatabaseUrlModule } from './envlibs.ts';
import { taintScope } from './expressions.ts';
import {
  type CallArgs,
  ClassObject,
  FileObject,
  ModuleNotFound,
  ModuleObject,
  NativeFunction,
  NativeModule,
  PyObject,
  type Site,
  arg,
} from './objects.ts';
import { OpFailure, joinPath, normPath } from './operators.ts';
import { findSyntaxProblem, parsePython } from './parse.ts';
import type { Scope } from './scope.ts';
import { execStatement, statementsOf } from './statements.ts';

function fail(excType: string, message: string): never {
  throw new OpFailure(excType, message);
}

const fn = (name: string, impl: (args: CallArgs, site: Site) => Value) => () => new NativeFunction(name, impl);

/** A str or PathLike argument as a path string. */
export function pathArg(v: Value | undefined, what: string): string {
  if (v === undefined) return fail('TypeError', `${what} is required`);
  if (v.t === 'str' || v.t === 'path') return v.v;
  if (v.t === 'unresolved') throw v;
  const fspath = (v as unknown as { str?: () => string }).str;
  if (v.t === 'object' && typeof fspath === 'function') return fspath.call(v);
  return fail('TypeError', `${what} should be string or os.PathLike, not ${typeName(v)}`);
}

const random = (what: string) => (_a: CallArgs, site: Site) =>
  unresolved(`${what} is generated at random each time Django starts`, site.expr, site.at);

/** `os.environ`: reads and writes the environment the settings see. */
class EnvironObject extends PyObject {
  readonly type = 'os._Environ';
  override getattr(name: string, site: Site): Value | undefined {
    switch (name) {
      case 'get':
        return new NativeFunction('os.environ.get', (a, s) => this.read(a, s, 'os.environ.get'));
      case 'setdefault':
        return new NativeFunction('os.environ.setdefault', (a, s) => {
          const key = pathArg(a.positional[0], 'key');
          const v = a.positional[1] ?? NONE;
          const current = lookupEnv(key, s);
          if (current.kind === 'set') return envString(key, current.value, current.envVar, 'os.environ.setdefault', false);
          if (current.kind === 'unknown') return current.value;
          if (v.t !== 'str') return v.t === 'unresolved' ? v : fail('TypeError', 'str expected, not ' + typeName(v));
          s.ctx.interp.env.set(key, { value: v.v, definedAt: s.at, source: 'settings (os.environ.setdefault)' });
          return v;
        });
      case 'pop':
        return new NativeFunction('os.environ.pop', (a, s) => {
          const key = pathArg(a.positional[0], 'key');
          const v = this.read(a, s, 'os.environ.pop');
          s.ctx.interp.env.delete(key);
          return v;
        });
      case 'copy':
        return new NativeFunction('os.environ.copy', (_a, s) => unresolved('the full environment is not known', s.expr, s.at));
      case 'clear':
        return new NativeFunction('os.environ.clear', (_a, s) => {
          s.ctx.interp.env.vars.clear();
          return NONE;
        });
      case 'update':
        return new NativeFunction('os.environ.update', (a, s) => {
          const src = a.positional[0];
          if (src?.t === 'dict') for (const e of src.entries.values()) this.setitem(e.key, e.value, s);
          for (const [k, v] of a.keywords) this.setitem(str(k), v, s);
          return NONE;
        });
      case 'keys':
      case 'items':
      case 'values':
        return unresolved('the full environment is not known', site.expr, site.at);
      default:
        return undefined;
    }
  }

  private read(a: CallArgs, site: Site, via: string): Value {
    const key = a.positional[0];
    if (!key || key.t !== 'str') return key?.t === 'unresolved' ? key : fail('TypeError', 'str expected');
    const found = lookupEnv(key.v, site);
    if (found.kind === 'set') return envString(key.v, found.value, found.envVar, via, false);
    if (found.kind === 'unknown') return found.value;
    const d = a.positional[1] ?? a.keywords.get('default') ?? NONE;
    return d.t === 'str' ? envString(key.v, d.v, null, via, true) : d;
  }

  getitem(key: Value, site: Site): Value {
    if (key.t !== 'str') return key.t === 'unresolved' ? key : fail('TypeError', 'str expected');
    const found = lookupEnv(key.v, site);
    if (found.kind === 'set') return envString(key.v, found.value, found.envVar, 'os.environ[]', false);
    if (found.kind === 'unknown') return found.value;
    return envMissing(key.v, site, 'KeyError', `os.environ[${JSON.stringify(key.v)}]`);
  }

  setitem(key: Value, value: Value, site: Site): void {
    if (key.t !== 'str') return;
    if (value.t !== 'str' && value.t !== 'unresolved') fail('TypeError', `str expected, not ${typeName(value)}`);
    site.ctx.interp.env.set(key.v, { value: value.t === 'str' ? value.v : value, definedAt: site.at, source: 'settings (os.environ[...] = ...)' });
  }

  delitem(key: Value, site: Site): void {
    if (key.t === 'str') site.ctx.interp.env.delete(key.v);
  }

  contains(key: Value, site: Site): boolean | null {
    if (key.t !== 'str') return null;
    const found = lookupEnv(key.v, site);
    return found.kind === 'unknown' ? null : found.kind === 'set';
  }
}

/** `locals()` / `globals()` / `vars()`: a live view of a scope. */
class NamespaceObject extends PyObject {
  readonly type = 'dict';
  constructor(
    private readonly scope: Scope,
  ) {
    super();
  }
  override getattr(name: string): Value | undefined {
    switch (name) {
      case 'get':
        return new NativeFunction('dict.get', (a) => {
          const k = a.positional[0];
          if (k?.t !== 'str') return k?.t === 'unresolved' ? k : NONE;
          return this.scope.get(k.v)?.value ?? a.positional[1] ?? NONE;
        });
      case 'update':
        return new NativeFunction('dict.update', (a, site) => {
          const src = a.positional[0];
          if (src instanceof NamespaceObject) {
            for (const [k, b] of src.scope.vars) if (!k.startsWith('__')) this.scope.set(k, b.value, site.at);
          } else if (src?.t === 'dict') {
            for (const e of src.entries.values()) if (e.key.t === 'str') this.scope.set(e.key.v, e.value, site.at);
            if (src.partial) taintScope(this.scope, `an update with unknown names at ${site.at.file}:${site.at.line}`, site.at);
          } else {
            taintScope(this.scope, `globals().update(...) with unknown names`, site.at);
          }
          for (const [k, v] of a.keywords) this.scope.set(k, v, site.at);
          return NONE;
        });
      case 'keys':
        return new NativeFunction('dict.keys', () => list([...this.scope.vars.keys()].map((k) => str(k))));
      default:
        return undefined;
    }
  }
  getitem(key: Value): Value {
    if (key.t !== 'str') return key.t === 'unresolved' ? key : fail('KeyError', 'key');
    const b = this.scope.get(key.v);
    return b ? b.value : fail('KeyError', key.v);
  }
  setitem(key: Value, value: Value, site: Site): void {
    if (key.t === 'str') this.scope.set(key.v, value, site.at);
    else taintScope(this.scope, 'an assignment to globals() with an unknown name', site.at);
  }
  contains(key: Value): boolean | null {
    return key.t === 'str' ? this.scope.vars.has(key.v) : null;
  }
}

class ModuleNamespace extends NamespaceObject {}

class FileMethods extends FileObject {
  override getattr(name: string): Value | undefined {
    switch (name) {
      case 'read':
        return new NativeFunction('read', () => str(this.content));
      case 'readlines':
        return new NativeFunction('readlines', () => list(this.content.split(/(?<=\n)/).filter(Boolean).map((l) => str(l))));
      case 'close':
        return new NativeFunction('close', () => NONE);
      default:
        return undefined;
    }
  }
}

function openFile(a: CallArgs, site: Site): Value {
  const path = pathArg(a.positional[0], 'file');
  const mode = arg(a, 1, 'mode');
  if (mode && mode.t === 'str' && /[wax+]/.test(mode.v)) return unresolved('writing files is not evaluated', site.expr, site.at);
  if (!path.startsWith('/')) return unresolved('a relative path depends on the working directory at run time', site.expr, site.at);
  const content = site.ctx.interp.readProjectFile(path, site);
  if (content === null) return fail('FileNotFoundError', `[Errno 2] No such file or directory: '${path}'`);
  if (typeof content !== 'string') return content;
  return new FileMethods(normPath(path), content);
}

/** JSON text → value, as json.loads would build it. */
export function jsonToValue(v: unknown): Value {
  if (v === null) return NONE;
  if (typeof v === 'boolean') return bool(v);
  if (typeof v === 'number') return Number.isInteger(v) ? int(v) : float(v);
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return list(v.map(jsonToValue));
  return strDict(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonToValue(x)] as const));
}

export function parseJson(text: string): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail('JSONDecodeError', (e as Error).message);
  }
  return jsonToValue(parsed);
}

function osPathModule(): NativeModule {
  const strOf = (p: string) => str(p);
  return new NativeModule('os.path', {
    join: fn('os.path.join', (a) => {
      let p = pathArg(a.positional[0], 'path');
      for (const part of a.positional.slice(1)) {
        const s = pathArg(part, 'path');
        p = s.startsWith('/') ? s : p === '' || p.endsWith('/') ? p + s : `${p}/${s}`;
      }
      return strOf(p);
    }),
    dirname: fn('os.path.dirname', (a) => {
      const p = pathArg(a.positional[0], 'path');
      const i = p.lastIndexOf('/');
      if (i < 0) return strOf('');
      const head = p.slice(0, i + 1);
      return strOf(head.replace(/\/+$/, '') || head);
    }),
    basename: fn('os.path.basename', (a) => strOf(pathArg(a.positional[0], 'path').split('/').pop() ?? '')),
    abspath: fn('os.path.abspath', (a, site) => {
      const p = pathArg(a.positional[0], 'path');
      if (!p.startsWith('/')) return unresolved('a relative path depends on the working directory at run time', site.expr, site.at);
      return strOf(normPath(p));
    }),
    realpath: fn('os.path.realpath', (a, site) => {
      const p = pathArg(a.positional[0], 'path');
      if (!p.startsWith('/')) return unresolved('a relative path depends on the working directory at run time', site.expr, site.at);
      return strOf(normPath(p));
    }),
    normpath: fn('os.path.normpath', (a) => strOf(normPath(pathArg(a.positional[0], 'path')))),
    isabs: fn('os.path.isabs', (a) => bool(pathArg(a.positional[0], 'path').startsWith('/'))),
    exists: fn('os.path.exists', (a, site) => fileTest(a, site, (k) => k !== null)),
    isfile: fn('os.path.isfile', (a, site) => fileTest(a, site, (k) => k === 'file')),
    isdir: fn('os.path.isdir', (a, site) => fileTest(a, site, (k) => k === 'dir')),
    expanduser: fn('os.path.expanduser', (a, site) => {
      const p = pathArg(a.positional[0], 'path');
      return p.startsWith('~') ? unresolved('the home directory is not known', site.expr, site.at) : strOf(p);
    }),
    splitext: fn('os.path.splitext', (a) => {
      const p = pathArg(a.positional[0], 'path');
      const m = /^(.*?[^/.][^/]*?)(\.[^./]*)?$/.exec(p);
      return tuple([strOf(m?.[1] ?? p), strOf(m?.[2] ?? '')]);
    }),
    split: fn('os.path.split', (a) => {
      const p = pathArg(a.positional[0], 'path');
      const i = p.lastIndexOf('/');
      return tuple([strOf(i < 0 ? '' : p.slice(0, i) || '/'), strOf(p.slice(i + 1))]);
    }),
    sep: () => strOf('/'),
  });
}

function fileTest(a: CallArgs, site: Site, test: (k: 'file' | 'dir' | null) => boolean): Value {
  const p = pathArg(a.positional[0], 'path');
  if (!p.startsWith('/')) return unresolved('a relative path depends on the working directory at run time', site.expr, site.at);
  const k = site.ctx.interp.fileKind(p);
  if (typeof k === 'object' && k !== null) return { ...k, expr: site.expr, at: site.at };
  return bool(test(k));
}

function pathConstructor(a: CallArgs, site: Site): Value {
  let p = '.';
  for (const part of a.positional) p = joinPath(p, pathArg(part, 'path'));
  void site;
  return { t: 'path', v: p };
}

class PathClass extends ClassObject {
  override getattr(name: string, site: Site): Value | undefined {
    if (name === 'home' || name === 'cwd') {
      return new NativeFunction(`Path.${name}`, () => unresolved(`Path.${name}() is only known at run time`, site.expr, site.at));
    }
    return undefined;
  }
}

/** django-split-settings' `include()`: runs other files in the caller's namespace. */
class OptionalPath extends PyObject {
  readonly type = 'split_settings.optional';
  constructor(readonly pattern: string) {
    super();
  }
}

function splitSettingsInclude(a: CallArgs, site: Site): Value {
  const { ctx } = site;
  const baseDir = pathDirname(ctx.module.path);
  for (const v of a.positional) {
    const optional = v instanceof OptionalPath;
    const pattern = optional ? v.pattern : pathArg(v, 'include() argument');
    const abs = pattern.startsWith('/') ? pattern : pathJoin(baseDir, pattern);
    const files = expandGlob(abs, site);
    if (files.length === 0 && !optional) {
      return fail('OSError', `No such file: ${pattern}`);
    }
    for (const file of files) {
      const text = ctx.interp.readProjectFile(file, site);
      if (text === null) continue;
      if (typeof text !== 'string') {
        taintScope(ctx.scope, `include(${JSON.stringify(pattern)})`, site.at);
        continue;
      }
      const rel = file.startsWith(`${ctx.interp.root}/`) ? file.slice(ctx.interp.root.length + 1) : file;
      const parsed = parsePython(rel, text);
      const problem = findSyntaxProblem(parsed);
      if (problem) throw new OpFailure('SyntaxError', `${rel}:${problem.line}: ${problem.message}`);
      const record = { ...ctx.module, file: rel, path: file, parsed };
      const inner = { ...ctx, module: record };
      for (const stmt of statementsOf(parsed.tree.topNode)) execStatement(stmt, inner);
    }
  }
  return NONE;
}

function expandGlob(abs: string, site: Site): string[] {
  if (!abs.includes('*') && !abs.includes('?')) return site.ctx.interp.fileKind(abs) === 'file' ? [abs] : [];
  const dir = pathDirname(abs);
  const name = abs.slice(dir.length + 1);
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return site.ctx.interp
    .listDir(dir).filter((e) => re.test(e)).map((e) => `${dir}/${e}`);
}

class TimedeltaObject extends PyObject {
  readonly type = 'datetime.timedelta';
  constructor(readonly seconds: number) {
    super();
  }
  override getattr(name: string): Value | undefined {
    if (name === 'total_seconds') return new NativeFunction('total_seconds', () => float(this.seconds));
    if (name === 'days') return int(Math.floor(this.seconds / 86400));
    if (name === 'seconds') return int(Math.floor(this.seconds % 86400));
    return undefined;
  }
}

const CSP_CONSTANTS: Record<string, string> = {
  NONE: "'none'",
  REPORT_SAMPLE: "'report-sample'",
  SELF: "'self'",
  STRICT_DYNAMIC: "'strict-dynamic'",
  UNSAFE_ALLOW_REDIRECTS: "'unsafe-allow-redirects'",
  UNSAFE_EVAL: "'unsafe-eval'",
  UNSAFE_HASHES: "'unsafe-hashes'",
  UNSAFE_INLINE: "'unsafe-inline'",
  WASM_UNSAFE_EVAL: "'wasm-unsafe-eval'",
  NONCE: '<CSP_NONCE_SENTINEL>',
};

class ConstantsClass extends ClassObject {
  constructor(
    name: string,
    private readonly values: Record<string, string>,
  ) {
    super(name);
  }
  override getattr(name: string): Value | undefined {
    const v = this.values[name];
    return v === undefined ? undefined : str(v);
  }
}

/** Modules whose use never matters for settings values: importing them is not worth a diagnostic. */
const QUIET = /^(django(\..*)?|logging(\..*)?|typing|typing_extensions|warnings|__future__|functools|collections(\..*)?|re|string|textwrap|enum|dataclasses|gettext|copy|itertools|operator|abc|contextlib|pprint|platform)$/;

export function isQuietModule(name: string): boolean {
  return QUIET.test(name);
}

/** The modules the evaluator models, by dotted name. */
export function nativeModule(name: string): Value | null {
  switch (name) {
    case 'os':
      return new NativeModule('os', {
        environ: () => new EnvironObject(),
        getenv: fn('os.getenv', (a, site) => {
          const key = a.positional[0];
          if (!key || key.t !== 'str') return key?.t === 'unresolved' ? key : fail('TypeError', 'str expected');
          const found = lookupEnv(key.v, site);
          if (found.kind === 'set') return envString(key.v, found.value, found.envVar, 'os.getenv', false);
          if (found.kind === 'unknown') return found.value;
          const d = arg(a, 1, 'default') ?? NONE;
          return d.t === 'str' ? envString(key.v, d.v, null, 'os.getenv', true) : d;
        }),
        path: () => osPathModule(),
        sep: () => str('/'),
        linesep: () => str('\n'),
        name: () => str('posix'),
        getcwd: fn('os.getcwd', (_a, site) => unresolved('the working directory is only known at run time', site.expr, site.at)),
        cpu_count: fn('os.cpu_count', (_a, site) => unresolved('the CPU count is only known at run time', site.expr, site.at)),
        makedirs: fn('os.makedirs', () => NONE),
        mkdir: fn('os.mkdir', () => NONE),
        fspath: fn('os.fspath', (a) => str(pathArg(a.positional[0], 'path'))),
        listdir: fn('os.listdir', (_a, site) => unresolved('directory listings are not evaluated', site.expr, site.at)),
        urandom: fn('os.urandom', random('os.urandom()')),
        putenv: fn('os.putenv', () => NONE),
      });
    case 'os.path':
      return osPathModule();
    case 'sys':
      return new NativeModule('sys', {
        argv: () => unresolved('sys.argv depends on the command that starts Django', 'sys.argv', null),
        path: () => new SysPath(),
        platform: () => unresolved('the platform is only known at run time', 'sys.platform', null),
        version_info: () => unresolved('the Python version is only known at run time', 'sys.version_info', null),
        modules: () => unresolved('sys.modules is only known at run time', 'sys.modules', null),
        executable: () => unresolved('the interpreter path is only known at run time', 'sys.executable', null),
        stdout: () => unresolved('sys.stdout is a run-time object', 'sys.stdout', null),
        stderr: () => unresolved('sys.stderr is a run-time object', 'sys.stderr', null),
      });
    case 'pathlib':
      return new NativeModule('pathlib', {
        Path: () => new PathClass('Path', pathConstructor),
        PosixPath: () => new PathClass('PosixPath', pathConstructor),
        PurePath: () => new PathClass('PurePath', pathConstructor),
        PurePosixPath: () => new PathClass('PurePosixPath', pathConstructor),
      });
    case 'json':
      return new NativeModule('json', {
        loads: fn('json.loads', (a) => {
          const s = a.positional[0];
          if (!s || (s.t !== 'str' && s.t !== 'bytes')) return s?.t === 'unresolved' ? s : fail('TypeError', 'the JSON object must be str');
          return parseJson(s.v);
        }),
        load: fn('json.load', (a) => {
          const f = a.positional[0];
          if (f instanceof FileObject) return parseJson(f.content);
          if (f?.t === 'unresolved') return f;
          return fail('TypeError', 'json.load() needs a file object');
        }),
        dumps: fn('json.dumps', (_a, site) => unresolved('json.dumps() is not evaluated', site.expr, site.at)),
        JSONDecodeError: () => new ClassObject('JSONDecodeError'),
      });
    case 'importlib':
      return new NativeModule('importlib', { import_module: () => importModuleFn });
    case 'django.core.exceptions':
      return new NativeModule(name, {
        ImproperlyConfigured: () => new ClassObject('ImproperlyConfigured'),
        SuspiciousOperation: () => new ClassObject('SuspiciousOperation'),
      });
    case 'django.core.management.utils':
      return new NativeModule(name, { get_random_secret_key: fn('get_random_secret_key', random('get_random_secret_key()')) });
    case 'django.utils.crypto':
      return new NativeModule(name, { get_random_string: fn('get_random_string', random('get_random_string()')) });
    case 'django.utils.csp':
      return new NativeModule(name, { CSP: () => new ConstantsClass('CSP', CSP_CONSTANTS) });
    case 'split_settings':
    case 'split_settings.tools':
      return new NativeModule(name, {
        include: fn('include', splitSettingsInclude),
        optional: fn('optional', (a) => new OptionalPath(pathArg(a.positional[0], 'optional() argument'))),
      });
    case 'socket':
      return new NativeModule(name, {
        gethostname: fn('socket.gethostname', (_a, site) => unresolved('the host name is only known at run time', site.expr, site.at)),
        gethostbyname: fn('socket.gethostbyname', (_a, site) => unresolved('DNS is only known at run time', site.expr, site.at)),
        getfqdn: fn('socket.getfqdn', (_a, site) => unresolved('the host name is only known at run time', site.expr, site.at)),
      });
    case 'secrets':
      return new NativeModule(name, {
        token_urlsafe: fn('secrets.token_urlsafe', random('secrets.token_urlsafe()')),
        token_hex: fn('secrets.token_hex', random('secrets.token_hex()')),
        token_bytes: fn('secrets.token_bytes', random('secrets.token_bytes()')),
        choice: fn('secrets.choice', random('secrets.choice()')),
      });
    case 'datetime':
      return new NativeModule(name, {
        timedelta: () =>
          new ClassObject('timedelta', (a) => {
            const unit: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000001 };
            let total = 0;
            const order = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
            a.positional.forEach((v, i) => {
              if (v.t === 'int' || v.t === 'float') total += v.v * (unit[order[i] as string] ?? 0);
              else throw v.t === 'unresolved' ? v : new OpFailure('TypeError', 'unsupported type for timedelta');
            });
            for (const [k, v] of a.keywords) {
              if (v.t === 'int' || v.t === 'float') total += v.v * (unit[k] ?? fail('TypeError', `invalid keyword ${k}`));
              else throw v.t === 'unresolved' ? v : new OpFailure('TypeError', 'unsupported type for timedelta');
            }
            return new TimedeltaObject(total);
          }),
      });
    case 'environ':
      return environModule();
    case 'decouple':
      return decoupleModule();
    case 'dotenv':
      return dotenvModule();
    case 'dj_database_url':
      return djDatabaseUrlModule();
    default:
      return null;
  }
}

class SysPath extends PyObject {
  readonly type = 'list';
  override getattr(name: string, site: Site): Value | undefined {
    if (name === 'append' || name === 'insert' || name === 'extend') return new NativeFunction(`sys.path.${name}`, () => NONE);
    return unresolved('sys.path is only known at run time', site.expr, site.at);
  }
}

const importModuleFn = new NativeFunction('importlib.import_module', (a, site) => {
  const name = a.positional[0];
  if (!name || name.t !== 'str') return name?.t === 'unresolved' ? name : fail('TypeError', 'module name must be str');
  let full = name.v;
  if (full.startsWith('.')) {
    const pkg = arg(a, 1, 'package');
    if (!pkg || pkg.t !== 'str') return pkg?.t === 'unresolved' ? pkg : fail('TypeError', "the 'package' argument is required for a relative import");
    const level = /^\.+/.exec(full)?.[0].length ?? 0;
    const parts = pkg.v.split('.');
    parts.splice(parts.length - (level - 1));
    full = [...parts, full.slice(level)].filter(Boolean).join('.');
  }
  const mod = site.ctx.interp.importModule(full, site);
  if (mod instanceof ModuleNotFound) return fail('ModuleNotFoundError', `No module named '${full}'`);
  return mod;
});

/** Builtins that need the interpreter: open(), globals(), locals(), vars(), exec(), eval(). */
export function interpreterBuiltins(): Record<string, Value> {
  return {
    open: new NativeFunction('open', openFile),
    globals: new NativeFunction('globals', (_a, site) => new NamespaceObject(site.ctx.scope)),
    locals: new NativeFunction('locals', (_a, site) => new NamespaceObject(site.ctx.locals ?? site.ctx.scope)),
    vars: new NativeFunction('vars', (a, site) => {
      const v = a.positional[0];
      if (!v) return new NamespaceObject(site.ctx.locals ?? site.ctx.scope);
      if (v instanceof ModuleObject) return new ModuleNamespace(v.record.scope);
      return unresolved('vars() of this object is not evaluated', site.expr, site.at);
    }),
    exec: new NativeFunction('exec', (_a, site) => {
      taintScope(site.ctx.scope, 'exec()', site.at);
      site.ctx.interp.diagnose('warning', 'exec', 'exec() runs code that is not evaluated; every setting after it is unknown', site.at);
      return NONE;
    }),
    eval: new NativeFunction('eval', (_a, site) => unresolved('eval() is not evaluated', site.expr, site.at)),
  };
}

