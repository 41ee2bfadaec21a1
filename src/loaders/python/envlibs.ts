/**
 * django-environ, python-decouple, python-dotenv and dj-database-url, modelled on their newest sources
 * (django-environ 0.12, python-decouple 3.8, python-dotenv 1.x, dj-database-url 2.x). Their casting rules
 * often surprise: django-environ returns an unset variable's default uncast, decouple without `cast` returns
 * the raw string. The rules here follow the libraries, not intuition.
 */
import { dirname } from 'node:path';
import type { Origin } from '../../engine/types.ts';
import {
  type DictValue,
  type Value,
  FALSE,
  NONE,
  TRUE,
  bool,
  float,
  int,
  list,
  pyEquals,
  pyStr,
  str,
  strDict,
  tuple,
  typeName,
  unresolved,
} from '../../engine/values.ts';
import { type EnvEntry, decoupleIniOptionName, interpolatePythonDotenv, parseDecoupleEnv, parseDecoupleIni, parseDjangoEnviron, parsePythonDotenv } from '../env/dotenv.ts';
import { relativePath } from '../fs.ts';
import { BuiltinType, parseFloatLiteral, parseIntLiteral, positional } from './builtins.ts';
import { envMissing, envString, lookupEnv, withSource } from './env-access.ts';
import { callValue } from './expressions.ts';
import { type CallArgs, ClassObject, NativeFunction, NativeModule, PyObject, type Site, arg } from './objects.ts';
import { OpFailure, joinPath, normPath } from './operators.ts';
import type { EnvVar } from './scope.ts';
import { parseJson, pathArg } from './stdlib.ts';

function fail(excType: string, message: string): never {
  throw new OpFailure(excType, message);
}

function isType(cast: Value | undefined, name: string): boolean {
  return cast instanceof BuiltinType && cast.name === name;
}

/** Reads an env file the settings load, relative paths against the calling module's directory. */
function readEnvFile(path: string, site: Site): { text: string; file: string } | null {
  const abs = normPath(path.startsWith('/') ? path : joinPath(dirname(site.ctx.module.path), path));
  const text = site.ctx.interp.readProjectFile(abs, site);
  if (text === null) return null;
  if (typeof text !== 'string') throw text;
  return { text, file: relativePath(site.ctx.interp.root, abs) };
}

function entryOrigin(file: string, e: EnvEntry): Origin {
  return { file, line: e.line, column: e.column };
}

function reportProblems(file: string, problems: readonly { line: number; column: number; message: string }[], library: string, site: Site): void {
  for (const p of problems) {
    site.ctx.interp.diagnose('info', 'env-file-line-skipped', `${library} skips this line: ${p.message}`, { file, line: p.line, column: p.column });
  }
}

// ---------------------------------------------------------------------------------------------- django-environ

const ENVIRON_TRUE = ['true', 'on', 'ok', 'y', 'yes', '1'];

const DB_SCHEMES: Record<string, string> = {
  postgres: 'django.db.backends.postgresql',
  postgresql: 'django.db.backends.postgresql',
  psql: 'django.db.backends.postgresql',
  pgsql: 'django.db.backends.postgresql',
  postgis: 'django.contrib.gis.db.backends.postgis',
  mysql: 'django.db.backends.mysql',
  mysql2: 'django.db.backends.mysql',
  mysqlgis: 'django.contrib.gis.db.backends.mysql',
  oracle: 'django.db.backends.oracle',
  spatialite: 'django.contrib.gis.db.backends.spatialite',
  sqlite: 'django.db.backends.sqlite3',
  mssql: 'mssql',
  cockroachdb: 'django_cockroachdb',
  redshift: 'django_redshift_backend',
};
const POSTGRES_FAMILY = ['postgres', 'postgresql', 'psql', 'pgsql', 'postgis'];
const DB_BASE_OPTIONS = ['CONN_MAX_AGE', 'ATOMIC_REQUESTS', 'AUTOCOMMIT', 'DISABLE_SERVER_SIDE_CURSORS', 'CONN_HEALTH_CHECKS'];

const CACHE_SCHEMES: Record<string, string> = {
  dbcache: 'django.core.cache.backends.db.DatabaseCache',
  dummycache: 'django.core.cache.backends.dummy.DummyCache',
  filecache: 'django.core.cache.backends.filebased.FileBasedCache',
  locmemcache: 'django.core.cache.backends.locmem.LocMemCache',
  memcache: 'django.core.cache.backends.memcached.MemcachedCache',
  pymemcache: 'django.core.cache.backends.memcached.PyMemcacheCache',
  pylibmc: 'django.core.cache.backends.memcached.PyLibMCCache',
  rediscache: 'django.core.cache.backends.redis.RedisCache',
  redis: 'django.core.cache.backends.redis.RedisCache',
  rediss: 'django.core.cache.backends.redis.RedisCache',
};

const EMAIL_SCHEMES: Record<string, string> = {
  smtp: 'django.core.mail.backends.smtp.EmailBackend',
  smtps: 'django.core.mail.backends.smtp.EmailBackend',
  'smtp+tls': 'django.core.mail.backends.smtp.EmailBackend',
  'smtp+ssl': 'django.core.mail.backends.smtp.EmailBackend',
  consolemail: 'django.core.mail.backends.console.EmailBackend',
  filemail: 'django.core.mail.backends.filebased.EmailBackend',
  memorymail: 'django.core.mail.backends.locmem.EmailBackend',
  dummymail: 'django.core.mail.backends.dummy.EmailBackend',
};

interface ParsedUrl {
  readonly scheme: string;
  readonly netloc: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly hostname: string | null;
  readonly port: number | null;
  readonly path: string;
  readonly query: string;
}

/** urllib.parse.urlparse, for the URL shapes database, cache and email settings use. */
export function parseUrl(url: string): ParsedUrl {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(url);
  const scheme = (m?.[1] ?? '').toLowerCase();
  let rest = m ? (m[2] ?? '') : url;
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const qAt = rest.indexOf('?');
  const path = qAt >= 0 ? rest.slice(0, qAt) : rest;
  const query = qAt >= 0 ? rest.slice(qAt + 1) : '';
  const at = netloc.lastIndexOf('@');
  const userinfo = at >= 0 ? netloc.slice(0, at) : null;
  const hostport = at >= 0 ? netloc.slice(at + 1) : netloc;
  let username: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) {
    const c = userinfo.indexOf(':');
    username = c >= 0 ? userinfo.slice(0, c) : userinfo;
    password = c >= 0 ? userinfo.slice(c + 1) : null;
  }
  let hostname: string | null = hostport;
  let port: number | null = null;
  const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport);
  if (pm) {
    hostname = (pm[1] ?? '').replace(/^\[|\]$/g, '').toLowerCase() || null;
    if (pm[2]) port = Number(pm[2]);
  }
  return { scheme, netloc, username, password, hostname, port, path, query };
}

function unquote(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function queryPairs(query: string): Array<[string, string]> {
  if (!query) return [];
  return query
    .split(/[&;]/)
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return [unquote((i < 0 ? p : p.slice(0, i)).replace(/\+/g, ' ')), unquote((i < 0 ? '' : p.slice(i + 1)).replace(/\+/g, ' '))] as [string, string];
    })
    .filter(([, v]) => v !== '');
}

/** django-environ's `_cast_int`: digits become an int, anything else stays. */
function castIntLike(v: string): Value {
  return /^\d+$/.test(v) ? int(Number(v)) : str(v);
}

/** ast.literal_eval for the simple literals a URL query carries; anything else stays a string. */
function literalEval(v: string): Value {
  if (/^-?\d+$/.test(v)) return int(Number(v));
  if (/^-?\d*\.\d+$/.test(v)) return float(Number(v));
  if (v === 'True') return TRUE;
  if (v === 'False') return FALSE;
  if (v === 'None') return NONE;
  return str(v);
}

export function dbUrlConfig(url: string, engine: string | null): DictValue {
  if (url === 'sqlite://:memory:') return strDict([['ENGINE', str(DB_SCHEMES.sqlite as string)], ['NAME', str(':memory:')]]);
  const u = parseUrl(url);
  let path = unquote(u.path.slice(1).split('?')[0]?.replace(/\+/g, ' ') ?? '');
  if (u.scheme === 'sqlite' && path === '') path = ':memory:';
  const cfg: Array<[string, Value]> = [];
  let host = u.hostname ?? '';
  let port: Value = u.port !== null ? int(u.port) : str('');
  if (POSTGRES_FAMILY.includes(u.scheme) && u.netloc.includes(',')) {
    host = unquote(u.netloc.slice(u.netloc.lastIndexOf('@') + 1));
    port = str('');
  }
  let name = path;
  if (POSTGRES_FAMILY.includes(u.scheme) && path.startsWith('/')) {
    const i = path.lastIndexOf('/');
    host = path.slice(0, i);
    name = path.slice(i + 1);
  }
  cfg.push(['NAME', str(name)]);
  cfg.push(['USER', str(u.username ? unquote(u.username) : '')]);
  cfg.push(['PASSWORD', str(u.password ? unquote(u.password) : '')]);
  cfg.push(['HOST', str(host)]);
  if (!(u.scheme === 'oracle' && port.t === 'str')) cfg.push(['PORT', u.scheme === 'oracle' ? str(pyStr(port)) : port]);
  const options: Array<[string, Value]> = [];
  for (const [k, v] of queryPairs(u.query)) {
    if (DB_BASE_OPTIONS.includes(k.toUpperCase())) cfg.push([k.toUpperCase(), literalEval(v)]);
    else options.push([k, castIntLike(v)]);
  }
  if (u.query) cfg.push(['OPTIONS', strDict(options)]);
  const e = engine ?? DB_SCHEMES[u.scheme] ?? u.scheme;
  cfg.push(['ENGINE', str(e)]);
  return strDict(cfg);
}

export function cacheUrlConfig(url: string, backend: string | null): Value {
  if (!url) return strDict([]);
  const u = parseUrl(url);
  const b = CACHE_SCHEMES[u.scheme];
  if (!b) return fail('ImproperlyConfigured', `Invalid cache schema ${u.scheme}`);
  let location: Value = u.netloc.includes(',') ? list(u.netloc.split(',').map((s) => str(s))) : str(u.netloc);
  if (u.scheme === 'filecache') location = str(u.netloc + u.path);
  else if (!u.netloc && (u.scheme === 'memcache' || u.scheme === 'pymemcache')) location = str(`unix:${u.path}`);
  else if (u.scheme.startsWith('redis')) {
    const scheme = u.hostname ? u.scheme.replace('cache', '') : 'unix';
    const locs = u.netloc.split(',').map((loc) => `${scheme}://${loc}${u.path}`);
    location = locs.length === 1 ? str(locs[0] as string) : list(locs.map((s) => str(s)));
  }
  const cfg: Array<[string, Value]> = [['BACKEND', str(backend ?? b)], ['LOCATION', location]];
  const pairs = queryPairs(u.query);
  if (pairs.length > 0) {
    const lower = (backend ?? b) === 'django.core.cache.backends.redis.RedisCache';
    const options: Array<[string, Value]> = [];
    for (const [k, v] of pairs) {
      const key = lower ? k.toLowerCase() : k.toUpperCase();
      if (['TIMEOUT', 'KEY_PREFIX', 'VERSION', 'KEY_FUNCTION', 'BINARY'].includes(k.toUpperCase())) cfg.push([key, literalEval(v)]);
      else options.push([key, literalEval(v)]);
    }
    cfg.push(['OPTIONS', strDict(options)]);
  }
  return strDict(cfg);
}

export function emailUrlConfig(url: string, backend: string | null): Value {
  const u = parseUrl(url);
  const cfg: Array<[string, Value]> = [
    ['EMAIL_FILE_PATH', str(unquote(u.path.slice(1)))],
    ['EMAIL_HOST_USER', u.username !== null ? str(unquote(u.username)) : NONE],
    ['EMAIL_HOST_PASSWORD', u.password !== null ? str(unquote(u.password)) : NONE],
    ['EMAIL_HOST', u.hostname !== null ? str(u.hostname) : NONE],
    ['EMAIL_PORT', u.port !== null ? int(u.port) : NONE],
  ];
  if (backend) cfg.push(['EMAIL_BACKEND', str(backend)]);
  else {
    const b = EMAIL_SCHEMES[u.scheme];
    if (!b) return fail('ImproperlyConfigured', `Invalid email schema ${u.scheme}`);
    cfg.push(['EMAIL_BACKEND', str(b)]);
  }
  if (u.scheme === 'smtps' || u.scheme === 'smtp+tls') cfg.push(['EMAIL_USE_TLS', TRUE]);
  else if (u.scheme === 'smtp+ssl') cfg.push(['EMAIL_USE_SSL', TRUE]);
  const options: Array<[string, Value]> = [];
  for (const [k, v] of queryPairs(u.query)) {
    if (k.toUpperCase() === 'EMAIL_USE_TLS' || k.toUpperCase() === 'EMAIL_USE_SSL') cfg.push([k.toUpperCase(), castIntLike(v)]);
    else options.push([k.toUpperCase(), castIntLike(v)]);
  }
  if (u.query) cfg.push(['OPTIONS', strDict(options)]);
  return strDict(cfg);
}

/** django-environ's `Env.parse_value`. */
function environParse(value: Value, cast: Value | undefined, site: Site): Value {
  if (cast === undefined || cast.t === 'none') return value;
  if (value.t === 'unresolved') return value;
  if (isType(cast, 'bool')) {
    if (value.t === 'bool') return value;
    if (value.t === 'int' || value.t === 'float') return bool(value.v !== 0);
    if (value.t !== 'str') return fail('TypeError', `cannot cast ${typeName(value)} to bool`);
    const n = parseIntLiteral(value.v);
    if (n !== null) return bool(n !== 0);
    return bool(ENVIRON_TRUE.includes(value.v.toLowerCase().trim()));
  }
  const text = () => (value.t === 'str' ? value.v : fail('AttributeError', `'${typeName(value)}' object has no attribute 'split'`));
  if (cast.t === 'list') {
    const inner = cast.items[0] ?? NONE;
    return list(text().split(',').filter(Boolean).map((x) => callValue(inner, positional(str(x)), site)));
  }
  if (cast.t === 'tuple') {
    const inner = cast.items[0] ?? NONE;
    return tuple(stripParens(text()).split(',').filter(Boolean).map((x) => callValue(inner, positional(str(x)), site)));
  }
  if (cast.t === 'dict') {
    return unresolved('dict casts with per-key specs are not evaluated', site.expr, site.at);
  }
  if (isType(cast, 'dict')) {
    const pairs = text().split(',').filter(Boolean).map((v) => {
      const i = v.indexOf('=');
      if (i < 0) return fail('ValueError', 'dictionary update sequence element has length 1; 2 is required');
      return [v.slice(0, i), str(v.slice(i + 1))] as const;
    });
    return strDict(pairs);
  }
  if (isType(cast, 'list')) return list(text().split(',').filter(Boolean).map((x) => str(x)));
  if (isType(cast, 'tuple')) return tuple(stripParens(text()).split(',').filter(Boolean).map((x) => str(x)));
  if (isType(cast, 'float')) {
    const cleaned = text().replace(/[^\d,.-]/g, '');
    const parts = cleaned.split(/[,.]/);
    const f = parts.length === 1 ? parts[0] ?? '' : `${parts.slice(0, -1).join('')}.${parts[parts.length - 1]}`;
    const n = parseFloatLiteral(f);
    if (n === null) return fail('ValueError', `could not convert string to float: '${f}'`);
    return float(n);
  }
  return callValue(cast, positional(value), site);
}

function stripParens(s: string): string {
  let out = s;
  while (out.startsWith('(')) out = out.slice(1);
  while (out.endsWith(')')) out = out.slice(0, -1);
  return out;
}

/** An `environ.Env` instance: `env(...)`, `env.bool(...)` and friends read variables through its scheme. */
class EnvironEnv extends PyObject {
  readonly type = 'environ.Env';
  smartCast = true;
  prefix = '';
  escapeProxy = false;
  constructor(
    readonly scheme: ReadonlyMap<string, Value>,
    readonly fileAware: boolean,
  ) {
    super();
  }

  override call(args: CallArgs, site: Site): Value {
    const v = arg(args, 0, 'var');
    const cast = arg(args, 1, 'cast');
    const d = args.keywords.get('default') ?? args.positional[2];
    const parseDefault = arg(args, 3, 'parse_default');
    return this.getValue(v, cast?.t === 'none' ? undefined : cast, d, parseDefault?.t === 'bool' && parseDefault.v, site, 'env');
  }

  override getattr(name: string): Value | undefined {
    const method = (castFor: (args: CallArgs) => Value | undefined, opts: { parseDefault?: boolean; post?: (v: Value, a: CallArgs, site: Site) => Value } = {}) =>
      new NativeFunction(`env.${name}`, (a, site) => {
        const v = a.positional[0] ?? a.keywords.get('var');
        const d = a.keywords.get('default') ?? a.positional[name === 'list' || name === 'tuple' || name === 'dict' ? 2 : 1];
        const value = this.getValue(v, castFor(a), d, opts.parseDefault ?? false, site, `env.${name}`);
        return opts.post ? opts.post(value, a, site) : value;
      });
    switch (name) {
      case 'str':
        return method(builtinType('str'), {
          post: (v, a, site) => {
            const multiline = a.keywords.get('multiline');
            if (multiline?.t === 'bool' && multiline.v && v.t === 'str') return str(v.v.replace(/(\\r)?\\n/g, '\n'));
            const choices = a.keywords.get('choices');
            if (choices && choices.t !== 'unresolved' && v.t === 'str') {
              const ok = choices.t === 'list' || choices.t === 'tuple' ? choices.items.some((c) => pyEquals(c, v) === true) : true;
              if (!ok) return fail('ImproperlyConfigured', `Invalid value: ${v.v} not in ${pyStr(choices)}`);
            }
            void site;
            return v;
          },
        });
      case 'bytes':
        return method(builtinType('str'), { post: (v) => (v.t === 'str' ? { t: 'bytes', v: String.fromCharCode(...new TextEncoder().encode(v.v)) } : v) });
      case 'bool':
      case 'int':
      case 'float':
        return method(builtinType(name));
      case 'json':
        return method(() => jsonLoads);
      case 'list':
      case 'tuple':
        return method((a) => {
          const c = a.keywords.get('cast') ?? a.positional[1];
          if (!c || c.t === 'none') return builtinType(name)();
          return name === 'list' ? list([c]) : tuple([c]);
        });
      case 'dict':
        return method((a) => a.keywords.get('cast') ?? a.positional[1] ?? builtinType('dict')());
      case 'url':
        return new NativeFunction('env.url', (_a, site) => unresolved('parsed URL objects are not evaluated', site.expr, site.at));
      case 'db_url':
      case 'db':
        return this.urlConfig('DATABASE_URL', (url, a) => dbUrlConfig(url, strOrNull(a.keywords.get('engine'))), name);
      case 'cache_url':
      case 'cache':
        return this.urlConfig('CACHE_URL', (url, a) => cacheUrlConfig(url, strOrNull(a.keywords.get('backend'))), name);
      case 'email_url':
      case 'email':
        return this.urlConfig('EMAIL_URL', (url, a) => emailUrlConfig(url, strOrNull(a.keywords.get('backend'))), name);
      case 'search_url':
      case 'channels_url':
      case 'channels':
        return new NativeFunction(`env.${name}`, (_a, site) => unresolved(`env.${name}() is not evaluated`, site.expr, site.at));
      case 'path':
        return new NativeFunction('env.path', (a, site) => {
          const v = this.getValue(a.positional[0], undefined, a.keywords.get('default') ?? a.positional[1], false, site, 'env.path');
          if (v.t === 'unresolved') return v;
          return new EnvironPath(normPath(pathArg(v, 'path')));
        });
      case 'get_value':
        return new NativeFunction('env.get_value', (a, site) =>
          this.getValue(a.positional[0], arg(a, 1, 'cast'), arg(a, 2, 'default'), (arg(a, 3, 'parse_default') ?? FALSE).t === 'bool' && (arg(a, 3, 'parse_default') as { v: boolean }).v, site, 'env.get_value'),
        );
      case 'read_env':
        return readEnvFn;
      case 'smart_cast':
        return bool(this.smartCast);
      case 'prefix':
        return str(this.prefix);
      case 'NOTSET':
        return NOTSET;
      default:
        return undefined;
    }
  }

  setattr(name: string, v: Value): boolean {
    if (name === 'smart_cast' && v.t === 'bool') this.smartCast = v.v;
    else if (name === 'prefix' && v.t === 'str') this.prefix = v.v;
    else if (name === 'escape_proxy' && v.t === 'bool') this.escapeProxy = v.v;
    else return false;
    return true;
  }

  private urlConfig(defaultVar: string, parse: (url: string, a: CallArgs) => Value, name: string): NativeFunction {
    return new NativeFunction(`env.${name}`, (a, site) => {
      const varName = a.positional[0] ?? a.keywords.get('var') ?? str(defaultVar);
      const d = a.keywords.get('default') ?? a.positional[1];
      const raw = this.getValue(varName, undefined, d, false, site, `env.${name}`);
      if (raw.t === 'unresolved') return raw;
      if (raw.t === 'dict') return raw;
      if (raw.t !== 'str') return fail('TypeError', `${name}() needs a URL string, not ${typeName(raw)}`);
      const cfg = parse(raw.v, a);
      return cfg.t === 'dict' ? markDictSource(cfg, raw) : cfg;
    });
  }

  /** `Env.get_value`, step by step. */
  getValue(varValue: Value | undefined, castIn: Value | undefined, defaultIn: Value | undefined, parseDefault: boolean, site: Site, via: string, depth = 0): Value {
    if (!varValue || varValue.t !== 'str') return varValue?.t === 'unresolved' ? varValue : fail('TypeError', 'variable name must be a str');
    const varName = `${this.prefix}${varValue.v}`;
    let cast = castIn;
    let dflt = defaultIn === NOTSET ? undefined : defaultIn;
    const info = this.scheme.get(varName);
    if (info) {
      if (info.t === 'tuple' && info.items.length === 2) {
        if (!cast || cast.t === 'none') cast = info.items[0];
        if (dflt === undefined) dflt = info.items[1];
      } else if (!cast || cast.t === 'none') {
        cast = info;
      }
    }
    let value: Value;
    let envVar: EnvVar | null = null;
    let defaulted = false;
    const found = this.read(varName, site);
    if (found.kind === 'unknown') return found.value;
    if (found.kind === 'set') {
      value = str(found.value);
      envVar = found.envVar;
    } else {
      if (dflt === undefined) return envMissing(varName, site, 'ImproperlyConfigured', `${via}(${JSON.stringify(varValue.v)})`);
      value = dflt;
      defaulted = true;
    }
    // A value starting with `$` names another variable (django-environ's proxy feature).
    if (value.t === 'str' && value.v.startsWith('$') && depth < 10) {
      return this.getValue(str(value.v.replace(/^\$+/, '')), cast, dflt, parseDefault, site, via, depth + 1);
    }
    if (this.escapeProxy && value.t === 'str') value = str(value.v.replace(/\\\$/g, '$'));
    if (this.smartCast && (!cast || cast.t === 'none') && dflt !== undefined && dflt.t !== 'none' && !isCallable(dflt)) {
      cast = typeOf(dflt);
    }
    if (dflt?.t === 'none' && value.t === 'str' && value.v === '') value = NONE;
    const equal = dflt === undefined ? false : pyEquals(value, dflt);
    if (equal === null) return unresolved(`cannot compare ${varName} with its default`, site.expr, site.at);
    // As in django-environ: a value equal to its default (an unset variable) is returned uncast.
    if (!equal || (parseDefault && value.t !== 'none')) {
      value = environParse(value, cast, site);
    }
    return withSource(value, varName, envVar, via, defaulted);
  }

  private read(name: string, site: Site): ReturnType<typeof lookupEnv> {
    if (this.fileAware) {
      const fileVar = lookupEnv(`${name}_FILE`, site);
      if (fileVar.kind === 'unknown') return fileVar;
      if (fileVar.kind === 'set') {
        const content = site.ctx.interp.readProjectFile(fileVar.value, site);
        if (typeof content === 'string') return { kind: 'set', value: content, envVar: fileVar.envVar };
        return { kind: 'unknown', value: content === null ? unresolved(`${name}_FILE names a missing file`, site.expr, site.at) : content };
      }
    }
    return lookupEnv(name, site);
  }
}

function markDictSource(d: DictValue, raw: Value): DictValue {
  if (!('src' in raw) || !raw.src) return d;
  const src = raw.src;
  for (const [k, e] of d.entries) d.entries.set(k, { key: e.key, value: withSource(e.value, src.envVar, null, src.via, src.defaulted) });
  return d;
}

function strOrNull(v: Value | undefined): string | null {
  return v && v.t === 'str' ? v.v : null;
}

function isCallable(v: Value): boolean {
  return v.t === 'object' && typeof (v as unknown as { call?: unknown }).call === 'function';
}

const BUILTIN_TYPES = new Map<string, BuiltinType>();
/** The evaluator's own builtin type objects, so `cast is bool` identity checks line up with the user's `bool`. */
export function registerBuiltinTypes(builtins: ReadonlyMap<string, Value>): void {
  for (const name of ['bool', 'int', 'float', 'str', 'list', 'tuple', 'dict', 'set', 'bytes']) {
    const t = builtins.get(name);
    if (t instanceof BuiltinType) BUILTIN_TYPES.set(name, t);
  }
}
function builtinType(name: string): () => Value {
  return () => BUILTIN_TYPES.get(name) ?? NONE;
}

function typeOf(v: Value): Value | undefined {
  const name = v.t === 'object' ? null : v.t === 'path' ? null : v.t;
  return name ? BUILTIN_TYPES.get(name) : undefined;
}

const NOTSET = new (class extends PyObject {
  readonly type = 'environ.NoValue';
})() as Value;

const jsonLoads = new NativeFunction('json.loads', (a) => {
  const s = a.positional[0];
  if (!s || s.t !== 'str') return s?.t === 'unresolved' ? s : fail('TypeError', 'the JSON object must be str');
  return parseJson(s.v);
});

/** `environ.Path`: a root directory that `- n` walks up and `(...)` joins onto. */
class EnvironPath extends PyObject {
  readonly type = 'environ.Path';
  constructor(readonly root: string) {
    super();
  }
  override call(args: CallArgs): Value {
    let p = this.root;
    for (const part of args.positional) p = joinPath(p, pathArg(part, 'path'));
    return str(normPath(p));
  }
  override getattr(name: string): Value | undefined {
    if (name === 'root') return str(this.root);
    if (name === 'path') return new NativeFunction('Path.path', (a) => {
      let p = this.root;
      for (const part of a.positional) p = joinPath(p, pathArg(part, 'path'));
      return new EnvironPath(normPath(p));
    });
    return undefined;
  }
  str(): string {
    return this.root;
  }
  binop(op: string, other: Value, reflected: boolean): Value | null {
    if (reflected) return null;
    if (op === '-' && other.t === 'int') {
      let p = this.root;
      for (let i = 0; i < other.v; i++) p = normPath(`${p}/..`);
      return new EnvironPath(p);
    }
    if (op === '+' && (other.t === 'str' || other instanceof EnvironPath)) {
      return new EnvironPath(normPath(joinPath(this.root, other instanceof EnvironPath ? other.root : (other as { v: string }).v)));
    }
    return null;
  }
}

const readEnvFn = new NativeFunction('environ.Env.read_env', (a, site) => {
  const fileArg = arg(a, 0, 'env_file');
  let path: string;
  if (!fileArg || fileArg.t === 'none') path = `${dirname(site.ctx.module.path)}/.env`;
  else if (fileArg instanceof EnvironPath) path = fileArg.root;
  else path = pathArg(fileArg, 'env_file');
  const overwrite = arg(a, 1, 'overwrite');
  const parseComments = arg(a, 2, 'parse_comments');
  let read: { text: string; file: string } | null;
  try {
    read = readEnvFile(path, site);
  } catch (e) {
    if ((e as Value).t === 'unresolved') {
      site.ctx.interp.diagnose('warning', 'env-file-outside', `read_env() reads ${path}, outside the project: the variables it sets are unknown`, site.at);
      return NONE;
    }
    throw e;
  }
  const overrides: Array<[string, string | null, Origin | null]> = [];
  if (read) {
    const parsed = parseDjangoEnviron(read.text, { parseComments: parseComments?.t === 'bool' && parseComments.v });
    reportProblems(read.file, parsed.problems, 'django-environ', site);
    for (const e of parsed.entries) overrides.push([e.key, e.value, entryOrigin(read.file, e)]);
  } else {
    site.ctx.interp.diagnose('info', 'env-file-missing', `read_env(): ${relativePath(site.ctx.interp.root, normPath(path.startsWith('/') ? path : joinPath(dirname(site.ctx.module.path), path)))} does not exist, so it sets nothing`, site.at);
  }
  for (const [k, v] of a.keywords) {
    if (k === 'env_file' || k === 'overwrite' || k === 'parse_comments' || k === 'encoding') continue;
    overrides.push([k, v.t === 'unresolved' ? null : pyStr(v), site.at]);
  }
  const force = overwrite?.t === 'bool' && overwrite.v;
  for (const [key, value, origin] of overrides) {
    const v: EnvVar = { value: value ?? unresolved(`${key} is set from an unknown value`, site.expr, site.at), definedAt: origin, source: `${origin?.file ?? 'settings'} (read by environ.Env.read_env)` };
    if (force) site.ctx.interp.env.set(key, v);
    else site.ctx.interp.env.setDefault(key, v);
  }
  return NONE;
});

class EnvClass extends ClassObject {
  constructor(private readonly fileAware: boolean) {
    super(fileAware ? 'FileAwareEnv' : 'Env');
  }
  override call(args: CallArgs): Value {
    return new EnvironEnv(new Map(args.keywords), this.fileAware);
  }
  override getattr(name: string): Value | undefined {
    if (name === 'read_env') return readEnvFn;
    if (name === 'NOTSET') return NOTSET;
    if (name === 'db_url_config') return new NativeFunction('Env.db_url_config', (a) => dbUrlConfig(pathArg(a.positional[0], 'url'), null));
    if (name === 'cache_url_config') return new NativeFunction('Env.cache_url_config', (a) => cacheUrlConfig(pathArg(a.positional[0], 'url'), null));
    return undefined;
  }
}

export function environModule(): NativeModule {
  return new NativeModule('environ', {
    Env: () => new EnvClass(false),
    FileAwareEnv: () => new EnvClass(true),
    Path: () =>
      new ClassObject('Path', (a) => {
        let p = pathArg(a.positional[0] ?? str(''), 'start');
        const isFile = a.keywords.get('is_file');
        if (isFile?.t === 'bool' && isFile.v) p = dirname(p);
        for (const part of a.positional.slice(1)) p = joinPath(p, pathArg(part, 'path'));
        if (!p.startsWith('/')) throw unresolved('a relative path depends on the working directory at run time', '', null);
        return new EnvironPath(normPath(p));
      }),
    ImproperlyConfigured: () => new ClassObject('ImproperlyConfigured'),
  });
}


// --------------------------------------------------------------------------------------------- python-decouple

const UNDEFINED = new (class extends PyObject {
  readonly type = 'decouple.Undefined';
})() as Value;

interface Repository {
  readonly kind: 'ini' | 'env' | 'empty';
  readonly file: string | null;
  readonly values: ReadonlyMap<string, { value: string; at: Origin }>;
}

function loadRepository(kind: 'ini' | 'env', absPath: string, site: Site): Repository {
  const read = readEnvFile(absPath, site);
  if (!read) return fail('FileNotFoundError', `No such file or directory: '${absPath}'`);
  const parsed = kind === 'ini' ? parseDecoupleIni(read.text) : parseDecoupleEnv(read.text);
  if (kind === 'ini' && parsed.problems.length > 0) {
    for (const p of parsed.problems) {
      site.ctx.interp.diagnose('warning', 'decouple-ini-error', `python-decouple cannot read this line of ${read.file}: ${p.message}`, { file: read.file, line: p.line, column: p.column });
    }
  }
  const values = new Map<string, { value: string; at: Origin }>();
  for (const e of parsed.entries) if (e.value !== null) values.set(e.key, { value: e.value, at: entryOrigin(read.file, e) });
  return { kind, file: read.file, values };
}

/** decouple's AutoConfig search: settings.ini, then .env, from `start` up to the project root. */
function findRepository(start: string, site: Site): Repository {
  const root = site.ctx.interp.root;
  for (let dir = normPath(start); ; dir = dirname(dir)) {
    if (!dir.startsWith(root)) break;
    for (const [name, kind] of [['settings.ini', 'ini'], ['.env', 'env']] as const) {
      const path = `${dir}/${name}`;
      if (site.ctx.interp.fileKind(path) === 'file') return loadRepository(kind, path, site);
    }
    if (dir === root || dir === '/') break;
  }
  return { kind: 'empty', file: null, values: new Map() };
}

class RepositoryObject extends PyObject {
  readonly type: string;
  constructor(readonly repo: Repository) {
    super();
    this.type = `decouple.Repository${repo.kind === 'ini' ? 'Ini' : repo.kind === 'env' ? 'Env' : 'Empty'}`;
  }
}

/** decouple `Config.get`: os.environ first, then the repository, then the default; then `cast`. */
class DecoupleConfig extends PyObject {
  readonly type = 'decouple.Config';
  private repo: Repository | null;
  constructor(
    repo: Repository | null,
    private readonly searchPath: string | null,
  ) {
    super();
    this.repo = repo;
  }
  override call(args: CallArgs, site: Site): Value {
    const option = arg(args, 0, 'option');
    if (!option || option.t !== 'str') return option?.t === 'unresolved' ? option : fail('TypeError', 'option must be a str');
    // AutoConfig finds its file on first use, from the first caller's directory.
    this.repo ??= findRepository(this.searchPath ?? dirname(site.ctx.module.path), site);
    const d = arg(args, 1, 'default') ?? UNDEFINED;
    const cast = arg(args, 2, 'cast') ?? UNDEFINED;
    const name = option.v;
    const found = lookupEnv(name, site);
    let value: Value;
    let envVar: EnvVar | null = null;
    let defaulted = false;
    if (found.kind === 'unknown') return found.value;
    if (found.kind === 'set') {
      value = str(found.value);
      envVar = found.envVar;
    } else {
      // ConfigParser lower-cases option names, so settings.ini lookups ignore case.
      const fromRepo = this.repo.values.get(this.repo.kind === 'ini' ? decoupleIniOptionName(name) : name);
      if (fromRepo) {
        value = str(fromRepo.value);
        envVar = { value: fromRepo.value, definedAt: fromRepo.at, source: this.repo.file ?? '' };
      } else {
        if (d === UNDEFINED) return envMissing(name, site, 'UndefinedValueError', `config(${JSON.stringify(name)})`);
        value = d;
        defaulted = true;
      }
    }
    let result: Value;
    if (cast === UNDEFINED) result = value;
    else if (isType(cast, 'bool')) {
      if (value.t === 'unresolved') return value;
      const s = value.t === 'str' ? value.v : pyStr(value);
      if (s === '') result = FALSE;
      else if (value.t === 'bool') result = value;
      else {
        const lower = s.toLowerCase();
        if (['y', 'yes', 't', 'true', 'on', '1'].includes(lower)) result = TRUE;
        else if (['n', 'no', 'f', 'false', 'off', '0'].includes(lower)) result = FALSE;
        else return fail('ValueError', `Invalid truth value: ${lower}`);
      }
    } else result = callValue(cast, positional(value), site);
    return withSource(result, name, envVar, 'config', defaulted);
  }
  override getattr(name: string): Value | undefined {
    if (name === 'get') return new NativeFunction('config.get', (a, site) => this.call(a, site));
    return undefined;
  }
}

/** decouple.Csv: shlex-splits on the delimiter (quotes and `#` comments as shlex does), strips, casts. */
export function shlexSplit(value: string, delimiter: string): string[] {
  const out: string[] = [];
  let token = '';
  let inToken = false;
  let i = 0;
  while (i < value.length) {
    const c = value[i] as string;
    if (delimiter.includes(c)) {
      if (inToken) out.push(token);
      token = '';
      inToken = false;
      i++;
    } else if (c === '#') {
      const nl = value.indexOf('\n', i);
      if (inToken) out.push(token);
      token = '';
      inToken = false;
      i = nl < 0 ? value.length : nl + 1;
    } else if (c === "'" || c === '"') {
      inToken = true;
      const close = value.indexOf(c, i + 1);
      if (close < 0) return fail('ValueError', 'No closing quotation');
      let inner = value.slice(i + 1, close);
      if (c === '"') inner = inner.replace(/\\(["\\$`\n])/g, '$1');
      token += inner;
      i = close + 1;
    } else if (c === '\\') {
      inToken = true;
      token += value[i + 1] ?? '';
      i += 2;
    } else {
      inToken = true;
      token += c;
      i++;
    }
  }
  if (inToken) out.push(token);
  return out;
}

const WHITESPACE = ' \t\n\r\x0b\x0c';

class CsvCast extends PyObject {
  readonly type = 'decouple.Csv';
  constructor(
    private readonly cast: Value | undefined,
    private readonly delimiter: string,
    private readonly strip: string,
    private readonly postProcess: Value | undefined,
  ) {
    super();
  }
  override call(args: CallArgs, site: Site): Value {
    const v = args.positional[0] ?? NONE;
    if (v.t === 'unresolved') return v;
    const post = (items: Value[]) => (this.postProcess ? callValue(this.postProcess, positional(list(items)), site) : list(items));
    if (v.t === 'none') return post([]);
    if (v.t !== 'str') return fail('AttributeError', `'${typeName(v)}' object has no attribute 'read'`);
    const items = shlexSplit(v.v, this.delimiter).map((s) => {
      let t = s;
      while (t && this.strip.includes(t[0] as string)) t = t.slice(1);
      while (t && this.strip.includes(t[t.length - 1] as string)) t = t.slice(0, -1);
      return this.cast ? callValue(this.cast, positional(str(t)), site) : str(t);
    });
    return post(items);
  }
}

class ChoicesCast extends PyObject {
  readonly type = 'decouple.Choices';
  constructor(
    private readonly valid: readonly Value[],
    private readonly cast: Value | undefined,
  ) {
    super();
  }
  override call(args: CallArgs, site: Site): Value {
    const v = args.positional[0] ?? NONE;
    const t = this.cast ? callValue(this.cast, positional(v), site) : v.t === 'unresolved' ? v : str(pyStr(v));
    if (t.t === 'unresolved') return t;
    if (!this.valid.some((x) => pyEquals(x, t) === true)) return fail('ValueError', `Value not in list: ${pyStr(v)}`);
    return t;
  }
}

export function decoupleModule(): NativeModule {
  return new NativeModule('decouple', {
    config: () => new DecoupleConfig(null, null),
    AutoConfig: () =>
      new ClassObject('AutoConfig', (a) => {
        const sp = arg(a, 0, 'search_path');
        return new DecoupleConfig(null, sp && sp.t !== 'none' ? pathArg(sp, 'search_path') : null);
      }),
    Config: () =>
      new ClassObject('Config', (a) => {
        const r = a.positional[0];
        if (r instanceof RepositoryObject) return new DecoupleConfig(r.repo, null);
        return unresolved('decouple.Config with this repository is not evaluated', '', null);
      }),
    RepositoryEnv: () => new ClassObject('RepositoryEnv', (a, site) => new RepositoryObject(loadRepository('env', pathArg(a.positional[0], 'source'), site))),
    RepositoryIni: () => new ClassObject('RepositoryIni', (a, site) => new RepositoryObject(loadRepository('ini', pathArg(a.positional[0], 'source'), site))),
    RepositoryEmpty: () => new ClassObject('RepositoryEmpty', () => new RepositoryObject({ kind: 'empty', file: null, values: new Map() })),
    Csv: () =>
      new ClassObject('Csv', (a) => {
        const cast = arg(a, 0, 'cast');
        const delimiter = arg(a, 1, 'delimiter');
        const strip = arg(a, 2, 'strip');
        const post = arg(a, 3, 'post_process');
        return new CsvCast(cast, delimiter?.t === 'str' ? delimiter.v : ',', strip?.t === 'str' ? strip.v : WHITESPACE, post);
      }),
    Choices: () =>
      new ClassObject('Choices', (a, site) => {
        const flat = arg(a, 0, 'flat');
        const cast = arg(a, 1, 'cast');
        const choices = arg(a, 2, 'choices');
        const valid: Value[] = [];
        if (flat && (flat.t === 'list' || flat.t === 'tuple')) valid.push(...flat.items);
        if (choices && (choices.t === 'list' || choices.t === 'tuple')) {
          for (const c of choices.items) if ((c.t === 'tuple' || c.t === 'list') && c.items[0]) valid.push(c.items[0]);
        }
        void site;
        return new ChoicesCast(valid, cast);
      }),
    undefined: () => UNDEFINED,
    UndefinedValueError: () => new ClassObject('UndefinedValueError'),
    strtobool: () =>
      new NativeFunction('strtobool', (a) => {
        const v = a.positional[0];
        if (v?.t === 'bool') return v;
        if (v?.t !== 'str') return v?.t === 'unresolved' ? v : fail('AttributeError', 'lower');
        const lower = v.v.toLowerCase();
        if (['y', 'yes', 't', 'true', 'on', '1'].includes(lower)) return TRUE;
        if (['n', 'no', 'f', 'false', 'off', '0'].includes(lower)) return FALSE;
        return fail('ValueError', `Invalid truth value: ${lower}`);
      }),
  });
}

// -------------------------------------------------------------------------------------------------- python-dotenv

function findDotenv(start: string, filename: string, site: Site): string | null {
  const root = site.ctx.interp.root;
  for (let dir = normPath(start); dir.startsWith(root); dir = dirname(dir)) {
    const path = `${dir}/${filename}`;
    if (site.ctx.interp.fileKind(path) === 'file') return path;
    if (dir === root || dir === '/') break;
  }
  return null;
}

function dotenvEntries(a: CallArgs, site: Site, fnName: string): { entries: readonly EnvEntry[]; file: string } | null {
  const pathValue = arg(a, 0, 'dotenv_path');
  if (a.keywords.has('stream')) throw unresolved(`${fnName}(stream=...) is not evaluated`, site.expr, site.at);
  let path: string | null;
  if (!pathValue || pathValue.t === 'none') path = findDotenv(dirname(site.ctx.module.path), '.env', site);
  else path = pathArg(pathValue, 'dotenv_path');
  if (path === null || path === '') return null;
  const read = readEnvFile(path, site);
  if (!read) return null;
  const parsed = parsePythonDotenv(read.text);
  reportProblems(read.file, parsed.problems, 'python-dotenv', site);
  return { entries: parsed.entries, file: read.file };
}

export function dotenvModule(): NativeModule {
  const load = new NativeFunction('load_dotenv', (a, site) => {
    const found = dotenvEntries(a, site, 'load_dotenv');
    if (!found) return FALSE;
    const override = arg(a, 3, 'override');
    const interpolate = arg(a, 4, 'interpolate');
    const force = override?.t === 'bool' && override.v;
    const lookup = (name: string) => {
      const v = site.ctx.interp.env.get(name);
      return v && typeof v.value === 'string' ? v.value : undefined;
    };
    const entries = interpolate?.t === 'bool' && !interpolate.v ? found.entries : interpolatePythonDotenv(found.entries, lookup, force);
    for (const e of entries) {
      if (e.value === null) continue;
      const v: EnvVar = { value: e.value, definedAt: entryOrigin(found.file, e), source: `${found.file} (read by load_dotenv)` };
      if (force) site.ctx.interp.env.set(e.key, v);
      else site.ctx.interp.env.setDefault(e.key, v);
    }
    return bool(entries.length > 0);
  });
  return new NativeModule('dotenv', {
    load_dotenv: () => load,
    dotenv_values: () =>
      new NativeFunction('dotenv_values', (a, site) => {
        const found = dotenvEntries(a, site, 'dotenv_values');
        if (!found) return strDict([]);
        const lookup = (name: string) => {
          const v = site.ctx.interp.env.get(name);
          return v && typeof v.value === 'string' ? v.value : undefined;
        };
        const entries = interpolatePythonDotenv(found.entries, lookup, true);
        return strDict(entries.map((e) => [e.key, e.value === null ? NONE : envString(e.key, e.value, { value: e.value, definedAt: entryOrigin(found.file, e), source: found.file }, 'dotenv_values', false)] as const));
      }),
    find_dotenv: () =>
      new NativeFunction('find_dotenv', (a, site) => {
        const filename = arg(a, 0, 'filename');
        const usecwd = arg(a, 2, 'usecwd');
        if (usecwd?.t === 'bool' && usecwd.v) return unresolved('find_dotenv(usecwd=True) depends on the working directory', site.expr, site.at);
        const found = findDotenv(dirname(site.ctx.module.path), filename?.t === 'str' ? filename.v : '.env', site);
        return str(found ?? '');
      }),
  });
}

// ------------------------------------------------------------------------------------------------ dj-database-url

export function djDatabaseUrlModule(): NativeModule {
  const parse = (url: string, a: CallArgs): Value => {
    const cfg = dbUrlConfig(url, strOrNull(a.keywords.get('engine')));
    const maxAge = a.keywords.get('conn_max_age');
    cfg.entries.set('s:CONN_MAX_AGE', { key: str('CONN_MAX_AGE'), value: maxAge ?? int(0) });
    const health = a.keywords.get('conn_health_checks');
    cfg.entries.set('s:CONN_HEALTH_CHECKS', { key: str('CONN_HEALTH_CHECKS'), value: health ?? FALSE });
    const ssl = a.keywords.get('ssl_require');
    if (ssl?.t === 'bool' && ssl.v) {
      const opts = cfg.entries.get('s:OPTIONS')?.value;
      const d = opts && opts.t === 'dict' ? opts : strDict([]);
      d.entries.set('s:sslmode', { key: str('sslmode'), value: str('require') });
      cfg.entries.set('s:OPTIONS', { key: str('OPTIONS'), value: d });
    }
    if (ssl?.t === 'unresolved') return ssl;
    return cfg;
  };
  return new NativeModule('dj_database_url', {
    parse: () =>
      new NativeFunction('dj_database_url.parse', (a) => {
        const url = a.positional[0];
        if (!url || url.t !== 'str') return url?.t === 'unresolved' ? url : fail('TypeError', 'url must be a str');
        return parse(url.v, a);
      }),
    config: () =>
      new NativeFunction('dj_database_url.config', (a, site) => {
        const envName = arg(a, 0, 'env');
        const name = envName?.t === 'str' ? envName.v : 'DATABASE_URL';
        const found = lookupEnv(name, site);
        if (found.kind === 'unknown') return found.value;
        let url: string | null = found.kind === 'set' ? found.value : null;
        if (url === null) {
          const d = arg(a, 1, 'default');
          if (d?.t === 'unresolved') return d;
          url = d?.t === 'str' ? d.v : null;
        }
        if (url === null || url === '') return strDict([]);
        return parse(url, a);
      }),
  });
}

