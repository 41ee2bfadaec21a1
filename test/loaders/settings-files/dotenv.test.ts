import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/engine/errors.ts';
import type { Origin } from '../../../src/engine/types.ts';
import { type Value, repr } from '../../../src/engine/values.ts';
import { type EnvVar, EnvStore } from '../../../src/loaders/python/scope.ts';
import { parseSettingsFile } from '../../../src/loaders/settings-files/index.ts';
import { settingType, settingsOfType } from '../../../src/loaders/settings-files/setting-types.ts';

const FILE = '.env.production';
const envStore = (vars: Readonly<Record<string, string>> = {}) =>
  new EnvStore(new Map(Object.entries(vars).map(([k, v]): [string, EnvVar] => [k, { value: v, definedAt: { file: 'deploy.env', line: 1, column: 1 }, source: '--env-file deploy.env' }])));
const load = (text: string, env: Readonly<Record<string, string>> = {}) => parseSettingsFile('env', FILE, text, envStore(env));
const show = (v: Value) => (v.t === 'unresolved' ? `<unknown: ${v.reason}>` : repr(v));
const valueOf = (text: string, name: string) => {
  const e = load(text).entries.get(name);
  if (!e) throw new Error(`${name} is not set`);
  return show(e.value);
};

// Expected values follow django-environ 0.12 Env.parse_value (bool: int(v) != 0, else v.lower().strip() in
// ('true', 'on', 'ok', 'y', 'yes', '1'); list: split(',') dropping empties, no strip; int: Python int()).
describe('.env as settings: casts by the setting type', () => {
  const rows: ReadonlyArray<readonly [line: string, name: string, expected: string]> = [
    ['DEBUG=True', 'DEBUG', 'True'],
    ['DEBUG=true', 'DEBUG', 'True'],
    ['DEBUG=YES', 'DEBUG', 'True'],
    ['DEBUG=on', 'DEBUG', 'True'],
    ['DEBUG=ok', 'DEBUG', 'True'],
    ['DEBUG=y', 'DEBUG', 'True'],
    ['DEBUG= true ', 'DEBUG', 'True'],
    ['DEBUG=1', 'DEBUG', 'True'],
    ['DEBUG=2', 'DEBUG', 'True'],
    ['DEBUG=-1', 'DEBUG', 'True'],
    ['DEBUG= +1_0 ', 'DEBUG', 'True'],
    ['DEBUG=0', 'DEBUG', 'False'],
    ['DEBUG=000', 'DEBUG', 'False'],
    ['DEBUG=False', 'DEBUG', 'False'],
    ['DEBUG=off', 'DEBUG', 'False'],
    ['DEBUG=no', 'DEBUG', 'False'],
    ['DEBUG=', 'DEBUG', 'False'],
    ['DEBUG=treu', 'DEBUG', 'False'],
    ['DEBUG=_1', 'DEBUG', 'False'],
    ['DEBUG=1.0', 'DEBUG', 'False'],
    ["DEBUG='True'", 'DEBUG', 'True'],
    ['SESSION_COOKIE_SECURE="yes"', 'SESSION_COOKIE_SECURE', 'True'],
    ['SECURE_HSTS_SECONDS=31536000', 'SECURE_HSTS_SECONDS', '31536000'],
    ['SECURE_HSTS_SECONDS= 3600 ', 'SECURE_HSTS_SECONDS', '3600'],
    ['SECURE_HSTS_SECONDS=+1_000', 'SECURE_HSTS_SECONDS', '1000'],
    ['SECURE_HSTS_SECONDS=-0', 'SECURE_HSTS_SECONDS', '0'],
    ['SECURE_HSTS_SECONDS=007', 'SECURE_HSTS_SECONDS', '7'],
    ['ALLOWED_HOSTS=example.com,.example.org', 'ALLOWED_HOSTS', "['example.com', '.example.org']"],
    ['ALLOWED_HOSTS=a, b,,c,', 'ALLOWED_HOSTS', "['a', ' b', 'c']"],
    ['ALLOWED_HOSTS=', 'ALLOWED_HOSTS', '[]'],
    ['ALLOWED_HOSTS=*', 'ALLOWED_HOSTS', "['*']"],
    ['SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https', 'SECURE_PROXY_SSL_HEADER', "('HTTP_X_FORWARDED_PROTO', 'https')"],
    ['SECURE_PROXY_SSL_HEADER=((a,b))', 'SECURE_PROXY_SSL_HEADER', "('a', 'b')"],
    ['SECRET_KEY=s3cr3t-value', 'SECRET_KEY', "'s3cr3t-value'"],
    ['X_FRAME_OPTIONS=SAMEORIGIN', 'X_FRAME_OPTIONS', "'SAMEORIGIN'"],
    ['MY_OWN_SETTING=1', 'MY_OWN_SETTING', "'1'"],
    ['export DEBUG=1', 'DEBUG', 'True'],
  ];
  for (const [line, name, expected] of rows) {
    it(`${line} → ${name} = ${expected}`, () => {
      expect(valueOf(line, name)).toBe(expected);
    });
  }

  it('values carry where they came from (the key of the .env line)', () => {
    const e = load('# prod\nexport DEBUG=on\n').entries.get('DEBUG');
    expect(e).toEqual({
      name: 'DEBUG',
      value: { t: 'bool', v: true, src: { envVar: 'DEBUG', via: 'env.bool', defaulted: false, definedAt: { file: FILE, line: 2, column: 8 } } },
      origin: { file: FILE, line: 2, column: 8 },
      overridden: [],
    });
  });

  it('a value int() rejects is unknown with the reason, and a warning: Django would not start', () => {
    for (const [text, shown] of [['SECURE_HSTS_SECONDS=abc', '"abc"'], ['SECURE_HSTS_SECONDS=0o644', '"0o644"'], ['SECURE_HSTS_SECONDS=', '""'], ['SECURE_HSTS_SECONDS=1.5', '"1.5"']] as const) {
      const s = load(text);
      const reason = `env.int('SECURE_HSTS_SECONDS') raises ValueError: int() cannot read ${shown}, so Django would not start`;
      expect(s.entries.get('SECURE_HSTS_SECONDS')?.value).toEqual({ t: 'unresolved', reason, expr: text, at: { file: FILE, line: 1, column: 1 } });
      expect(s.diagnostics).toEqual([{ level: 'warning', code: 'env-cast-failed', message: reason, location: { file: FILE, line: 1, column: 1 } }]);
    }
  });

  it('structured settings (dicts) cannot come from a plain value', () => {
    const s = load('DATABASES=postgres://x\nLOGGING={}');
    expect(show(s.entries.get('DATABASES')?.value as Value)).toBe(
      '<unknown: DATABASES is a dict or list of dicts; a .env value cannot be cast to it without knowing how the settings parse it (django-environ reads it from DATABASE_URL)>',
    );
    expect(show(s.entries.get('LOGGING')?.value as Value)).toBe('<unknown: LOGGING is a dict or list of dicts; a .env value cannot be cast to it without knowing how the settings parse it>');
    expect(s.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['env-cast-unknown', 1],
      ['env-cast-unknown', 2],
    ]);
  });
});

describe('.env as settings: django-environ URL helpers', () => {
  it('DATABASE_URL becomes DATABASES["default"] (env.db)', () => {
    const s = load('DATABASE_URL=postgres://app:pw@db.internal:5432/shop?sslmode=require&CONN_MAX_AGE=60');
    expect([...s.entries.keys()]).toEqual(['DATABASES']);
    const e = s.entries.get('DATABASES');
    expect(show(e?.value as Value)).toBe(
      "{'default': {'NAME': 'shop', 'USER': 'app', 'PASSWORD': 'pw', 'HOST': 'db.internal', 'PORT': 5432, 'CONN_MAX_AGE': 60, 'OPTIONS': {'sslmode': 'require'}, 'ENGINE': 'django.db.backends.postgresql'}}",
    );
    expect(e?.origin).toEqual({ file: FILE, line: 1, column: 1 });
    const inner = e?.value.t === 'dict' ? e.value.entries.get('s:default')?.value : undefined;
    const host = inner?.t === 'dict' ? inner.entries.get('s:HOST')?.value : undefined;
    expect(host).toEqual({ t: 'str', v: 'db.internal', src: { envVar: 'DATABASE_URL', via: 'env.db', defaulted: false, definedAt: { file: FILE, line: 1, column: 1 } } });
  });

  it('CACHE_URL becomes CACHES; an unknown scheme raises ImproperlyConfigured', () => {
    expect(valueOf('CACHE_URL=redis://cache:6379/1', 'CACHES')).toBe("{'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache', 'LOCATION': 'redis://cache:6379/1'}}");
    const s = load('CACHE_URL=mongo://x');
    const reason = 'env.cache() raises ImproperlyConfigured: Invalid cache schema mongo, so Django would not start';
    expect(show(s.entries.get('CACHES')?.value as Value)).toBe(`<unknown: ${reason}>`);
    expect(s.diagnostics).toEqual([{ level: 'warning', code: 'env-cast-failed', message: reason, location: { file: FILE, line: 1, column: 1 } }]);
  });

  it('EMAIL_URL sets the EMAIL_* settings (vars().update(env.email_url()))', () => {
    const s = load('EMAIL_URL=smtp+tls://mailer:pw@smtp.example.com:587');
    expect([...s.entries].map(([k, e]) => `${k}=${show(e.value)}`)).toEqual([
      "EMAIL_FILE_PATH=''",
      "EMAIL_HOST_USER='mailer'",
      "EMAIL_HOST_PASSWORD='pw'",
      "EMAIL_HOST='smtp.example.com'",
      'EMAIL_PORT=587',
      "EMAIL_BACKEND='django.core.mail.backends.smtp.EmailBackend'",
      'EMAIL_USE_TLS=True',
    ]);
  });

  it('a later explicit EMAIL_PORT overrides the one EMAIL_URL set, with the chain', () => {
    const s = load('EMAIL_URL=smtp://h:25\nEMAIL_PORT=2525');
    expect(s.entries.get('EMAIL_PORT')).toEqual({
      name: 'EMAIL_PORT',
      value: { t: 'int', v: 2525, src: { envVar: 'EMAIL_PORT', via: 'env.int', defaulted: false, definedAt: { file: FILE, line: 2, column: 1 } } },
      origin: { file: FILE, line: 2, column: 1 },
      overridden: [{ file: FILE, line: 1, column: 1 }],
    });
  });
});

describe('.env as settings: $-references (django-environ proxies)', () => {
  it('a value starting with $ reads the named variable, from the exported environment first', () => {
    expect(valueOf('PRIMARY=1\nDEBUG=$PRIMARY', 'DEBUG')).toBe('True');
    expect(show(load('PRIMARY=1\nDEBUG=$PRIMARY', { PRIMARY: 'off' }).entries.get('DEBUG')?.value as Value)).toBe('False');
    expect(valueOf('DATABASE_URL=$$DB\nDB=sqlite:////tmp/db.sqlite3', 'DATABASES')).toBe(
      "{'default': {'NAME': '/tmp/db.sqlite3', 'USER': '', 'PASSWORD': '', 'HOST': '', 'PORT': '', 'ENGINE': 'django.db.backends.sqlite3'}}",
    );
  });

  it('a $-reference to an unset variable is unknown: django-environ raises ImproperlyConfigured', () => {
    const s = load('ALLOWED_HOSTS=$HOSTS');
    const reason = 'django-environ reads a value starting with $ as the name of another variable, and HOSTS is not set (ALLOWED_HOSTS would raise ImproperlyConfigured)';
    expect(s.entries.get('ALLOWED_HOSTS')?.value).toEqual({ t: 'unresolved', reason, expr: 'ALLOWED_HOSTS=$…', at: { file: FILE, line: 1, column: 1 } });
    expect(s.diagnostics).toEqual([{ level: 'warning', code: 'env-proxy-missing', message: reason, location: { file: FILE, line: 1, column: 1 } }]);
  });

  it('a secret starting with $ is read as a variable name, and that "name" (the secret) is never printed', () => {
    const s = load('SECRET_KEY=$x9+s3cr3t-random\nSECRET_KEY_FALLBACKS=$A\nA=$SECRET_KEY_FALLBACKS');
    const all = JSON.stringify([...s.entries.values(), ...s.diagnostics]);
    expect(all).not.toContain('s3cr3t');
    expect(show(s.entries.get('SECRET_KEY')?.value as Value)).toBe(
      '<unknown: django-environ reads a value starting with $ as the name of another variable, and that variable is not set (SECRET_KEY would raise ImproperlyConfigured)>',
    );
    expect(show(s.entries.get('SECRET_KEY_FALLBACKS')?.value as Value)).toBe('<unknown: SECRET_KEY_FALLBACKS is a chain of $-references that does not end>');
  });

  it('a cycle of references does not loop', () => {
    expect(valueOf('A=$B\nB=$A\nDEBUG=$A', 'DEBUG')).toBe('<unknown: DEBUG is a chain of $-references (DEBUG → A → B → A) that does not end>');
  });
});

describe('.env as settings: lines django-environ rejects or reads surprisingly', () => {
  it('invalid lines are warnings with file:line, and the rest is read', () => {
    const s = load('DEBUG=0\nKEY = v\n  # indented comment\nSECURE_SSL_REDIRECT=1');
    expect([...s.entries.keys()]).toEqual(['DEBUG', 'SECURE_SSL_REDIRECT']);
    expect(s.diagnostics).toEqual([
      {
        level: 'warning',
        code: 'env-file-line-skipped',
        message: 'django-environ skips this line: invalid line: django-environ expects KEY=value (KEY of letters, digits and _, no spaces around "=", optional "export ")',
        location: { file: FILE, line: 2, column: 1 },
      },
      { level: 'warning', code: 'env-file-line-skipped', message: 'django-environ skips this line: indented comment (django-environ only skips lines that start with "#")', location: { file: FILE, line: 3, column: 1 } },
    ]);
  });

  const unterminated: ReadonlyArray<readonly [name: string, text: string, message: string, line: number, column: number]> = [
    ['double quote', 'DEBUG=0\nSECRET_KEY="abc', 'unterminated double-quoted value of SECRET_KEY: django-environ reads one line at a time and would keep the " as part of the value', 2, 12],
    ['single quote after export', "export ALLOWED_HOSTS='a,b", "unterminated single-quoted value of ALLOWED_HOSTS: django-environ reads one line at a time and would keep the ' as part of the value", 1, 22],
    ['a value meant to span lines', 'SECRET_KEY="line1\nline2"\nDEBUG=0', 'unterminated double-quoted value of SECRET_KEY: django-environ reads one line at a time and would keep the " as part of the value', 1, 12],
  ];
  for (const [name, text, message, line, column] of unterminated) {
    it(`unterminated quote (${name}) is an error at the quote`, () => {
      let error: unknown;
      try {
        load(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).message).toBe(message);
      expect((error as LoadError).origin).toEqual({ file: FILE, line, column });
    });
  }

  it('quotes that do not wrap the whole value stay in it (warning)', () => {
    const s = load('X_FRAME_OPTIONS="DENY" # prod');
    expect(show(s.entries.get('X_FRAME_OPTIONS')?.value as Value)).toBe('\'"DENY" # prod\'');
    expect(s.diagnostics).toEqual([
      {
        level: 'warning',
        code: 'env-quotes-kept',
        message: "the quotes in X_FRAME_OPTIONS's value stay part of it: django-environ takes quotes off only a value they wrap entirely",
        location: { file: FILE, line: 1, column: 17 },
      },
    ]);
  });

  it('an unquoted " # comment" stays in the value (parse_comments=False, the 0.12 default)', () => {
    const s = load('DEBUG=False # never in prod\nX=a#b');
    expect(show(s.entries.get('DEBUG')?.value as Value)).toBe('False');
    expect(show(s.entries.get('X')?.value as Value)).toBe("'a#b'");
    expect(s.diagnostics).toEqual([
      {
        level: 'info',
        code: 'env-comment-kept',
        message: "django-environ 0.12 keeps the text from '#' on as part of DEBUG's value (it strips comments only with read_env(parse_comments=True))",
        location: { file: FILE, line: 1, column: 1 },
      },
    ]);
    // The comment makes a true value false: 'true # on' is not in the true strings.
    expect(valueOf('DEBUG=true # on', 'DEBUG')).toBe('False');
  });

  it('names Django ignores, and DJANGO_-prefixed names, get info diagnostics', () => {
    const s = load('debug=1\nDJANGO_DEBUG=1\nDJANGO_SETTINGS_MODULE=x.y');
    expect([...s.entries.keys()]).toEqual(['DJANGO_DEBUG', 'DJANGO_SETTINGS_MODULE']);
    expect(s.diagnostics.map((d) => [d.code, d.level, d.location?.line, d.message])).toEqual([
      ['settings-key-ignored', 'info', 1, `debug in ${FILE} is not upper-case, so Django ignores it (only upper-case names are settings)`],
      ['settings-key-prefixed', 'info', 2, 'DJANGO_DEBUG is not a Django setting; in a settings .env the keys are setting names (DEBUG)'],
    ]);
  });

  it('a repeated key: the last wins, the earlier line is in overridden', () => {
    const e = load('DEBUG=1\nX=2\nDEBUG=0').entries.get('DEBUG');
    expect(e?.origin).toEqual({ file: FILE, line: 3, column: 1 });
    expect(e?.overridden).toEqual([{ file: FILE, line: 1, column: 1 }]);
    expect(show(e?.value as Value)).toBe('False');
  });

  it('values are not overridden by exported variables (the file is the settings)', () => {
    expect(show(load('DEBUG=0', { DEBUG: '1' }).entries.get('DEBUG')?.value as Value)).toBe('False');
  });

});

describe('the settings type table', () => {
  it('holds the types the brief names', () => {
    const has = (type: string, names: readonly string[]) => expect(names.filter((n) => settingType(n) !== type)).toEqual([]);
    has('bool', ['DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_CONTENT_TYPE_NOSNIFF', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'CSRF_USE_SESSIONS', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'USE_TZ']);
    has('int', ['SECURE_HSTS_SECONDS', 'SESSION_COOKIE_AGE', 'EMAIL_PORT']);
    has('list', ['ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'INSTALLED_APPS', 'MIDDLEWARE', 'SECRET_KEY_FALLBACKS', 'SILENCED_SYSTEM_CHECKS']);
    has('str', ['SECRET_KEY', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY', 'ANYTHING_ELSE']);
  });

  it('agrees with the type of every Django default the engine knows', async () => {
    const { djangoDefaults, NEWEST_DJANGO } = await import('../../../src/engine/django.ts');
    const byValue: Record<string, string> = { bool: 'bool', int: 'int', list: 'list', dict: 'structured' };
    const mismatches: string[] = [];
    for (const [name, v] of djangoDefaults(NEWEST_DJANGO)) {
      const expected = byValue[v.t];
      // TEMPLATES and AUTH_PASSWORD_VALIDATORS are lists of dicts: structured.
      if (expected && settingType(name) !== expected && !(v.t === 'list' && settingType(name) === 'structured')) mismatches.push(`${name}: ${settingType(name)} vs ${v.t}`);
    }
    expect(mismatches).toEqual([]);
    expect(settingsOfType('tuple')).toEqual(['SECURE_PROXY_SSL_HEADER']);
  });
});

/** Positions of everything reported point into the file itself. */
function originsOf(text: string): Origin[] {
  const s = load(text);
  return [...[...s.entries.values()].map((e) => e.origin as Origin), ...s.diagnostics.map((d) => d.location as Origin)];
}

it('every origin of a .env source names the file', () => {
  expect(originsOf('DEBUG=1\nbad line\nCACHES=x').every((o) => o.file === FILE)).toBe(true);
});
