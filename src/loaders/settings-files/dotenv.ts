/**
 * A bare `.env` read as settings (`--settings-file .env.production`): each key is a setting name, and its
 * value is what the django-environ getter for the setting's type returns (`DEBUG = env.bool('DEBUG')`,
 * `ALLOWED_HOSTS = env.list('ALLOWED_HOSTS')`, `DATABASES = {'default': env.db()}`), following
 * django-environ 0.12 (environ/environ.py `Env.get_value` and `Env.parse_value`):
 *
 * - lines are read by `Env.read_env` (../env/django-environ.ts): comments are NOT stripped from unquoted
 *   values (`parse_comments=False` is the 0.12 default), quotes only come off a value they wrap entirely;
 * - bool: `int(value) != 0`, and when `int()` fails, `value.lower().strip()` in
 *   ('true', 'on', 'ok', 'y', 'yes', '1'); so `False`, `off`, `no`, `0` and any typo are False;
 * - int: Python's `int(value)`; a value it rejects (`'abc'`, `'0o644'`, `''`) raises ValueError, so
 *   Django would not start: the setting is unknown and a diagnostic says why;
 * - list: `[x for x in value.split(',') if x]`, without stripping (`a, b` gives `['a', ' b']`);
 * - tuple: `value.strip('(').strip(')').split(',')`, empty parts dropped;
 * - a value starting with `$` names another variable (django-environ's "proxy" values), looked up in the
 *   environment the process has after `read_env`: exported variables first, then this file.
 *
 * The file is the settings the user named, so its values are not overridden by exported variables; the
 * deployment environment is consulted only for `$NAME` proxies.
 */
import { LoadError } from '../../engine/errors.ts';
import { isSecretSetting } from '../../engine/settings.ts';
import type { Diagnostic, Origin } from '../../engine/types.ts';
import { type DictValue, type Value, type ValueSource, bool, int, list, str, strDict, tuple, unresolved } from '../../engine/values.ts';
import { type EnvEntry, parseDjangoEnviron } from '../env/dotenv.ts';
import { LineIndex, isPySpace, pySplitlines, pyStrip, universalNewlines } from '../env/text.ts';
import { cacheUrlConfig, dbUrlConfig, emailUrlConfig } from '../python/envlibs.ts';
import { OpFailure } from '../python/operators.ts';
import type { EnvStore } from '../python/scope.ts';
import { EntryCollector, isUpperName } from './common.ts';
import { type SettingType, isKnownDjangoSetting, settingType } from './setting-types.ts';
import type { SettingsSource } from './types.ts';

const ENVIRON_TRUE = ['true', 'on', 'ok', 'y', 'yes', '1'];
const MAX_PROXY_DEPTH = 10;

/** Django settings the django-environ URL helpers build from one variable. */
const URL_KEYS: Record<string, { readonly via: string; readonly setting: string | null }> = {
  DATABASE_URL: { via: 'env.db', setting: 'DATABASES' },
  CACHE_URL: { via: 'env.cache', setting: 'CACHES' },
  // `vars().update(env.email_url())`: every EMAIL_* key of the dict becomes a setting.
  EMAIL_URL: { via: 'env.email', setting: null },
};

const VIA: Record<Exclude<SettingType, 'structured'>, string> = {
  bool: 'env.bool',
  int: 'env.int',
  list: 'env.list',
  tuple: 'env.tuple',
  str: 'env.str',
};

/** Python's `int(text)` for base 10: the sign and digits it accepts (underscores between digits), or null. */
export function pythonIntDigits(text: string): { readonly negative: boolean; readonly digits: string } | null {
  const m = /^([+-]?)([0-9](?:_?[0-9])*)$/.exec(pyStrip(text));
  if (!m) return null;
  return { negative: m[1] === '-', digits: (m[2] ?? '').replace(/_/g, '') };
}

interface Raw {
  readonly key: string;
  readonly value: string;
  readonly origin: Origin;
  /** The value as written on its line, before django-environ took quotes off. */
  readonly written: string;
}

export function parseEnvSettings(file: string, text: string, env: EnvStore): SettingsSource {
  const parsed = parseDjangoEnviron(text);
  const diagnostics: Diagnostic[] = [];
  const at = (line: number, column: number): Origin => ({ file, line, column });
  for (const p of parsed.problems) {
    diagnostics.push({ level: 'warning', code: 'env-file-line-skipped', message: `django-environ skips this line: ${p.message}`, location: at(p.line, p.column) });
  }
  const lines = writtenLines(text);
  const raws: Raw[] = parsed.entries.map((e) => {
    const written = writtenValue(lines, e);
    return { key: e.key, value: e.value ?? '', origin: at(e.line, e.column), written };
  });
  for (const r of raws) checkQuotes(r, diagnostics);

  const out = new EntryCollector();
  for (const r of raws) {
    if (!isUpperName(r.key)) {
      diagnostics.push({
        level: 'info',
        code: 'settings-key-ignored',
        message: `${r.key} in ${file} is not upper-case, so Django ignores it (only upper-case names are settings)`,
        location: r.origin,
      });
      continue;
    }
    if (r.key.startsWith('DJANGO_') && !isKnownDjangoSetting(r.key) && isKnownDjangoSetting(r.key.slice(7))) {
      diagnostics.push({
        level: 'info',
        code: 'settings-key-prefixed',
        message: `${r.key} is not a Django setting; in a settings .env the keys are setting names (${r.key.slice(7)})`,
        location: r.origin,
      });
    }
    const url = URL_KEYS[r.key];
    const value = resolveProxy(r, raws, env, diagnostics);
    if (url) {
      setFromUrl(out, r, value, url.via, url.setting, diagnostics);
      continue;
    }
    const type = settingType(r.key);
    if (type === 'structured') {
      const hint = r.key === 'DATABASES' ? ' (django-environ reads it from DATABASE_URL)' : r.key === 'CACHES' ? ' (django-environ reads it from CACHE_URL)' : '';
      const reason = `${r.key} is a dict or list of dicts; a .env value cannot be cast to it without knowing how the settings parse it${hint}`;
      diagnostics.push({ level: 'warning', code: 'env-cast-unknown', message: reason, location: r.origin });
      out.set(r.key, unresolved(reason, `${r.key}=…`, r.origin), r.origin);
      continue;
    }
    const via = VIA[type];
    if (typeof value !== 'string') {
      out.set(r.key, value, r.origin);
      continue;
    }
    out.set(r.key, castValue(r, value, type, via, diagnostics), r.origin);
  }
  return { kind: 'env', file, entries: out.entries, diagnostics };
}

function sourceOf(r: Raw, via: string): ValueSource {
  return { envVar: r.key, via, defaulted: false, definedAt: r.origin };
}

/** `Env.parse_value` for the getter of the setting's type. */
function castValue(r: Raw, value: string, type: Exclude<SettingType, 'structured'>, via: string, diagnostics: Diagnostic[]): Value {
  const src = sourceOf(r, via);
  switch (type) {
    case 'str':
      return str(value, src);
    case 'bool': {
      const n = pythonIntDigits(value);
      if (n) return bool(/[1-9]/.test(n.digits), src);
      return bool(ENVIRON_TRUE.includes(pyStrip(value.toLowerCase())), src);
    }
    case 'int': {
      const n = pythonIntDigits(value);
      const expr = `${r.key}=${value}`;
      if (!n) {
        const reason = `${via}('${r.key}') raises ValueError: int() cannot read ${describeRaw(r.key, value)}, so Django would not start`;
        diagnostics.push({ level: 'warning', code: 'env-cast-failed', message: reason, location: r.origin });
        return unresolved(reason, expr, r.origin);
      }
      const v = Number(`${n.negative ? '-' : ''}${n.digits}`);
      if (!Number.isSafeInteger(v)) return unresolved(`the integer ${r.key} is too large to be held exactly (beyond 2**53)`, expr, r.origin);
      return int(v === 0 ? 0 : v, src);
    }
    case 'list':
      return list(value.split(',').filter((x) => x !== '').map((x) => str(x, src)));
    case 'tuple': {
      const inner = stripChars(value, '(', ')');
      return tuple(inner.split(',').filter((x) => x !== '').map((x) => str(x, src)));
    }
    default: {
      const never: never = type;
      return never;
    }
  }
}

/** The value of a secret setting is never shown (no int setting is one today, but the rule holds everywhere). */
function describeRaw(key: string, value: string): string {
  return isSecretSetting(key) ? `the value (${value.length} characters)` : JSON.stringify(value);
}

/** Python's `value.strip('(').strip(')')`. */
function stripChars(value: string, first: string, second: string): string {
  let s = value;
  for (const ch of [first, second]) {
    let a = 0;
    let b = s.length;
    while (a < b && s[a] === ch) a++;
    while (b > a && s[b - 1] === ch) b--;
    s = s.slice(a, b);
  }
  return s;
}

/**
 * django-environ's proxy values: `KEY=$OTHER` reads OTHER instead (recursively), from os.environ as it is
 * after read_env (exported variables, then this file's entries). An unset target raises ImproperlyConfigured.
 */
function resolveProxy(r: Raw, raws: readonly Raw[], env: EnvStore, diagnostics: Diagnostic[]): string | Value {
  let value = r.value;
  const chain: string[] = [r.key];
  // The "name" after $ of a secret's value may well be the secret itself (random keys can start with $).
  const secret = isSecretSetting(r.key);
  for (let depth = 0; value.startsWith('$'); depth++) {
    const name = value.replace(/^\$+/, '');
    if (depth >= MAX_PROXY_DEPTH || chain.includes(name)) {
      const shown = secret ? '' : ` (${[...chain, name].join(' → ')})`;
      const reason = `${r.key} is a chain of $-references${shown} that does not end`;
      diagnostics.push({ level: 'warning', code: 'env-proxy-missing', message: reason, location: r.origin });
      return unresolved(reason, `${r.key}=${r.value.startsWith('$') ? r.value : '…'}`, r.origin);
    }
    chain.push(name);
    const exported = env.get(name);
    if (exported) {
      if (typeof exported.value !== 'string') return exported.value;
      value = exported.value;
      continue;
    }
    const local = [...raws].reverse().find((x) => x.key === name);
    if (local) {
      value = local.value;
      continue;
    }
    const target = secret ? 'that variable' : name || '(empty)';
    const reason = `django-environ reads a value starting with $ as the name of another variable, and ${target} is not set (${r.key} would raise ImproperlyConfigured)`;
    diagnostics.push({ level: 'warning', code: 'env-proxy-missing', message: reason, location: r.origin });
    return unresolved(reason, `${r.key}=$…`, r.origin);
  }
  return value;
}

function markSource(d: DictValue, src: ValueSource): DictValue {
  for (const [k, e] of d.entries) {
    const v = e.value;
    const value: Value =
      v.t === 'str' || v.t === 'int' || v.t === 'bool' || v.t === 'float' || v.t === 'none' ? { ...v, src } : v.t === 'dict' ? markSource(v, src) : v;
    d.entries.set(k, { key: e.key, value });
  }
  return d;
}

function setFromUrl(out: EntryCollector, r: Raw, value: string | Value, via: string, setting: string | null, diagnostics: Diagnostic[]): void {
  const targets = setting ? [setting] : ['EMAIL_FILE_PATH', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_BACKEND'];
  if (typeof value !== 'string') {
    for (const t of targets) out.set(t, value, r.origin);
    return;
  }
  let config: Value;
  try {
    config = r.key === 'DATABASE_URL' ? dbUrlConfig(value, null) : r.key === 'CACHE_URL' ? cacheUrlConfig(value, null) : emailUrlConfig(value, null);
  } catch (e) {
    if (!(e instanceof OpFailure)) throw e;
    const reason = `${via}() raises ${e.excType}: ${e.message}, so Django would not start`;
    diagnostics.push({ level: 'warning', code: 'env-cast-failed', message: reason, location: r.origin });
    for (const t of targets) out.set(t, unresolved(reason, `${r.key}=…`, r.origin), r.origin);
    return;
  }
  if (config.t !== 'dict') {
    for (const t of targets) out.set(t, config, r.origin);
    return;
  }
  const marked = markSource(config, sourceOf(r, via));
  if (setting) {
    out.set(setting, strDict([['default', marked]]), r.origin);
    return;
  }
  // The email dict's keys are setting names; OPTIONS is not a Django setting and is left out.
  for (const e of marked.entries.values()) {
    if (e.key.t === 'str' && e.key.v.startsWith('EMAIL_')) out.set(e.key.v, e.value, r.origin);
  }
}

/** Line texts keyed by the position of their first character (as the parser reports positions). */
function writtenLines(text: string): Map<string, string> {
  const src = universalNewlines(text);
  const index = new LineIndex(src);
  const out = new Map<string, string>();
  for (const { start, end } of pySplitlines(src)) {
    const { line, column } = index.at(start);
    out.set(`${line}:${column}`, src.slice(start, end));
  }
  return out;
}

function writtenValue(lines: ReadonlyMap<string, string>, e: EnvEntry): string {
  const line = lines.get(`${e.line}:${e.column}`) ?? lines.get(`${e.line}:${e.column - 7}`) ?? '';
  const eq = line.indexOf('=');
  return eq < 0 ? '' : line.slice(eq + 1);
}

/**
 * django-environ reads one line at a time and takes quotes off only a value they wrap entirely: an opening
 * quote without a closing one (often a value meant to span lines) stays part of the value. That is an
 * error here, since the value Django would get is certainly not the one intended.
 */
function checkQuotes(r: Raw, diagnostics: Diagnostic[]): void {
  const w = r.written;
  const q = w[0];
  if (q !== '"' && q !== "'") {
    let hash = -1;
    for (let i = 1; i < w.length && hash < 0; i++) if (w[i] === '#' && isPySpace(w.charAt(i - 1))) hash = i;
    if (hash > 0) {
      diagnostics.push({
        level: 'info',
        code: 'env-comment-kept',
        message: `django-environ 0.12 keeps the text from '#' on as part of ${r.key}'s value (it strips comments only with read_env(parse_comments=True))`,
        location: r.origin,
      });
    }
    return;
  }
  const quoteColumn = r.origin.column + r.key.length + 1;
  if (w.indexOf(q, 1) < 0) {
    const kind = q === '"' ? 'double' : 'single';
    throw new LoadError(
      `unterminated ${kind}-quoted value of ${r.key}: django-environ reads one line at a time and would keep the ${q} as part of the value`,
      `close the quote on the same line (django-environ cannot read values that span lines)`,
      { file: r.origin.file, line: r.origin.line, column: quoteColumn },
    );
  }
  if (w.length < 2 || w[w.length - 1] !== q) {
    diagnostics.push({
      level: 'warning',
      code: 'env-quotes-kept',
      message: `the quotes in ${r.key}'s value stay part of it: django-environ takes quotes off only a value they wrap entirely`,
      location: { file: r.origin.file, line: r.origin.line, column: quoteColumn },
    });
  }
}
