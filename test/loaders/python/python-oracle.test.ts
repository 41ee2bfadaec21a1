import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NEWEST_DJANGO } from '../../../src/engine/django.ts';
import { loadProject } from '../../../src/loaders/load-project.ts';
import { show } from '../../helpers/load.ts';

/**
 * Differential test: each project is executed by real CPython (with Debian's django-environ, python-decouple and
 * python-dotenv) and evaluated statically by secaudit; every upper-case setting must have the same repr().
 * Debian ships older library releases (django-environ 0.4.4, decouple 3.6, dotenv 0.21): the cases stay on
 * behaviour those releases share with the newest ones (no smart_cast, no inline comments in .env files).
 */
interface OracleCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly module?: string;
}

const S = 'mysite/settings.py';

const cases: readonly OracleCase[] = [
  {
    name: 'os.environ idioms and a helper function',
    env: { DJANGO_DEBUG: 'True', HOSTS: 'a.example.com, b.example.com', HTTPS: 'on', EMPTY: '' },
    files: {
      [S]: `import os
def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes")
DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"
DEBUG_RAW = os.environ.get("DJANGO_DEBUG_UNSET", "False")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("HOSTS", "").split(",") if h.strip()]
SECURE_SSL_REDIRECT = env_bool("HTTPS")
SESSION_COOKIE_SECURE = env_bool("MISSING", True)
X_GETENV = os.getenv("NOPE")
X_EMPTY = os.environ.get("EMPTY", "fallback") or "fallback"
X_IN = "HTTPS" in os.environ, "NOPE" not in os.environ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
X_SDM = os.environ["DJANGO_SETTINGS_MODULE"]
try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError:
    SECRET_KEY = "fallback-" + "x" * 5
if not DEBUG:
    SECURE_HSTS_SECONDS = 31536000
else:
    SECURE_HSTS_SECONDS = 0
`,
    },
  },
  {
    name: 'django-environ with a scheme, explicit casts and read_env',
    env: { DEBUG: 'off', SECURE_HSTS_SECONDS: '600', ALLOWED_HOSTS: 'a.com,b.com', PROXY: '$ALLOWED_HOSTS' },
    files: {
      [S]: `import os
import environ
env = environ.Env(DEBUG=(bool, True), CSRF_COOKIE_SECURE=(bool, False), SESSION_COOKIE_AGE=(int, 3600))
BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
environ.Env.read_env(os.path.join(BASE_DIR, ".env"))
DEBUG = env("DEBUG")
CSRF_COOKIE_SECURE = env("CSRF_COOKIE_SECURE")
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE")
SECRET_KEY = env("SECRET_KEY")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default="False")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
X_PROXIED = env("PROXY")
X_LIST_DEFAULT = env.list("NOT_SET_LIST", default=["x"])
X_STR = env.str("FROM_DOTENV")
X_BOOL_STR = env.bool("FROM_DOTENV_BOOL")
X_INT_LIST = env.list("INTS", cast=int, default=[])
DATABASES = {"default": env.db("DATABASE_URL", default="mysql://u:p%40ss@db.internal:3306/app?ssl_mode=REQUIRED&charset=utf8mb4")}
CACHES = {"default": env.cache("CACHE_URL", default="filecache:///var/tmp/cache")}
`,
      '.env': 'SECRET_KEY=from-dotenv-file\nDEBUG=on\nFROM_DOTENV="quoted value"\nFROM_DOTENV_BOOL=yes\nINTS=1,2,3\n',
    },
  },
  {
    name: 'python-decouple: settings.ini beats .env, os.environ beats both, casts and Csv',
    env: { ALLOWED_HOSTS: 'x.com, "y.com"' },
    files: {
      [S]: `from decouple import config, Csv
DEBUG = config("DEBUG", default=False, cast=bool)
DEBUG_RAW = config("DEBUG")
SECRET_KEY = config("SECRET_KEY")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv())
SECURE_HSTS_SECONDS = config("HSTS", default=0, cast=int)
SESSION_COOKIE_SECURE = config("SESSION_COOKIE_SECURE", default=True, cast=bool)
X_DEFAULT = config("NOT_SET", default="fallback")
X_BOOL_DEFAULT = config("NOT_SET", default="off", cast=bool)
X_CSV_INT = config("PORTS", default="80, 443", cast=Csv(int))
`,
      'mysite/settings.ini': '[settings]\nDEBUG = no\nSECRET_KEY = ini-secret-%%-value\nHSTS=300\n',
      'mysite/.env': 'DEBUG=True\nSECRET_KEY=env-file-secret\n',
    },
  },
  {
    name: 'python-decouple: .env found two levels up, quotes stripped',
    files: {
      'mysite/settings/__init__.py': '',
      'mysite/settings/prod.py': `from decouple import config
DEBUG = config("DEBUG", cast=bool)
SECRET_KEY = config("SECRET_KEY")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", default="")
`,
      '.env': "DEBUG=0\nSECRET_KEY='single quoted'\nALLOWED_HOSTS=\"a.com\"\n",
    },
    module: 'mysite.settings.prod',
  },
  {
    name: 'python-dotenv: load_dotenv never overrides exported variables, interpolates ${VAR}',
    env: { DEBUG: 'False' },
    files: {
      [S]: `import os
from pathlib import Path
from dotenv import load_dotenv, dotenv_values
BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")
DEBUG = os.getenv("DEBUG") == "True"
SECRET_KEY = os.environ["SECRET_KEY"]
X_URL = os.environ["SITE_URL"]
X_VALUES = dotenv_values(BASE_DIR / ".env")["HOST"]
STATIC_ROOT = BASE_DIR / "staticfiles"
`,
      '.env': 'DEBUG=True\nSECRET_KEY=dotenv-secret\nHOST=example.com\nSITE_URL=https://${HOST}/app\n',
    },
  },
  {
    name: 'split settings with star imports, list mutation and a missing local module',
    env: { DJANGO_HSTS: '120' },
    files: {
      'config/__init__.py': '',
      'config/settings/__init__.py': '',
      'config/settings/base.py': `from pathlib import Path
import os
BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEBUG = True
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions"]
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", str(BASE_DIR / "vendor"))]
`,
      'config/settings/production.py': `from .base import *
DEBUG = False
MIDDLEWARE.insert(0, "django.middleware.security.SecurityMiddleware")
MIDDLEWARE += ["django.middleware.clickjacking.XFrameOptionsMiddleware"]
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django.contrib.sessions"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS", "0"))
try:
    from .local_overrides import *
except ImportError:
    LOCAL = None
X_FORMAT = "%s/%d" % (BASE_DIR.name, SECURE_HSTS_SECONDS) + f" {DEBUG!r:>7}|{len(MIDDLEWARE):03d}"
`,
    },
    module: 'config.settings.production',
  },
];

const oracleScript = `
import importlib, json, os, sys
sys.path.insert(0, os.getcwd())
m = importlib.import_module(sys.argv[1])
print(json.dumps({k: repr(getattr(m, k)) for k in dir(m) if k.isupper()}))
`;

const probe = spawnSync('/usr/bin/python3', ['-c', 'import django, environ, decouple, dotenv'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) console.log('skipping the CPython settings oracle: /usr/bin/python3 with python3-django, python3-django-environ, python3-decouple and python3-dotenv is not installed');

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe.skipIf(!available)('settings evaluate to what CPython computes', () => {
  for (const c of cases) {
    it(c.name, () => {
      const root = mkdtempSync(join(tmpdir(), 'secaudit-oracle-'));
      roots.push(root);
      for (const [rel, text] of Object.entries(c.files)) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
      const module = c.module ?? 'mysite.settings';
      const run = spawnSync('/usr/bin/python3', ['-c', oracleScript, module], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', ...(c.env ?? {}) },
      });
      expect(run.stderr).toBe('');
      const expected = JSON.parse(run.stdout) as Record<string, string>;
      const loaded = loadProject({
        project: root,
        cwd: root,
        settingsModule: module,
        envFiles: [],
        envPairs: Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`),
        processEnv: null,
        django: NEWEST_DJANGO,
      });
      const actual: Record<string, string> = {};
      for (const name of loaded.settings.names()) actual[name] = show(loaded.settings.get(name)!.value);
      delete expected.DJANGO_SETTINGS_MODULE;
      expect(actual).toEqual(expected);
    });
  }
});
