import { describe, expect, it } from 'vitest';
import rule from '../../rules/database-password-committed.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const PW = 'Tr0ub4dor&3-horse';
const db = (password: string, extra = '') => `DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'PASSWORD': ${password}${extra}}}`;

testRule(rule, {
  valid: [
    { name: 'DATABASES unset', code: 'DEBUG = False' },
    { name: 'sqlite has no password', code: "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}" },
    { name: 'an empty password (peer or trust authentication)', code: db("''") },
    { name: 'from an exported variable', code: `import os\n${db("os.environ['DB_PASSWORD']")}`, env: { DB_PASSWORD: PW } },
    { name: 'os.getenv without a default', code: `import os\n${db("os.getenv('DB_PASSWORD')")}`, env: { DB_PASSWORD: PW } },
    { name: 'an exported variable with an empty default', code: `import os\n${db("os.environ.get('DB_PASSWORD', '')")}`, env: { DB_PASSWORD: PW } },
    { name: 'a variable the deployment did not pass: not in the settings either', code: `import os\n${db("os.environ['DB_PASSWORD']")}` },
    { name: 'decouple config without a default, not passed', code: `from decouple import config\n${db("config('DB_PASSWORD')")}` },
    { name: 'django-environ without a default, not passed', code: `import environ\nenv = environ.Env()\n${db("env('DB_PASSWORD')")}` },
    {
      name: 'dj_database_url.config reads DATABASE_URL (no provenance on the parts)',
      code: "import dj_database_url\nDATABASES = {'default': dj_database_url.config()}",
      env: { DATABASE_URL: `postgres://app:${PW}@db.example.com/app` },
    },
    {
      name: 'dj_database_url.parse of an exported variable',
      code: "import os\nimport dj_database_url\nDATABASES = {'default': dj_database_url.parse(os.environ['DATABASE_URL'])}",
      env: { DATABASE_URL: 'postgres://app:p%40ss%2Fword@db.example.com/app' },
    },
    {
      name: 'django-environ db_url from an exported variable',
      code: "import environ\nenv = environ.Env()\nDATABASES = {'default': env.db('DATABASE_URL')}",
      env: { DATABASE_URL: `postgres://app:${PW}@db.example.com/app` },
    },
    {
      name: 'a .env file the settings load (python-dotenv), through dj_database_url',
      code: "import os\nfrom pathlib import Path\nfrom dotenv import load_dotenv\nimport dj_database_url\nload_dotenv(Path(__file__).resolve().parent / '.env')\nDATABASES = {'default': dj_database_url.config()}",
      files: { 'mysite/.env': `DATABASE_URL=postgres://app:${PW}@db.example.com/app\n` },
    },
    { name: 'the alias itself from a module outside the project', code: "from infra import PRIMARY\nDATABASES = {'default': PRIMARY}", status: 'unknown' },
    { name: 'the password from a helper outside the project', code: `from vault import secret\n${db("secret('db')")}`, status: 'unknown' },
    { name: 'the password is an object from outside the project', code: `from vault import DB_SECRET\n${db('DB_SECRET')}`, status: 'unknown' },
    {
      name: 'the password also appears in an environment variable: it may have come from there, so no finding',
      code: `import os\nimport dj_database_url\nDATABASES = {'default': dj_database_url.parse('postgres://app:${PW}@db/app')}`,
      env: { UNRELATED: `x${PW}y` },
    },
    {
      name: 'a literal in one branch of a condition on a missing variable',
      code: `import os\nif os.environ['STAGE'] == 'prod':\n    PW = os.environ['DB_PASSWORD']\nelse:\n    PW = '${PW}'\n${db('PW')}`,
      status: 'unknown',
    },
    { name: 'depends on sys.argv', code: `import sys\n${db(`'${PW}' if 'test' in sys.argv else ''`)}`, status: 'unknown' },
  ],
  invalid: [
    { name: 'a literal', code: db(`'${PW}'`), errors: [{ messageId: 'literal', line: 1 }] },
    {
      name: 'one finding per alias',
      code: `X = 1\nDATABASES = {\n    'default': {'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': 'one'},\n    'replica': {'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': 'two'},\n    'cache': {'ENGINE': 'django.db.backends.sqlite3'},\n}`,
      errors: [
        { messageId: 'literal', line: 2 },
        { messageId: 'literal', line: 2 },
      ],
    },
    { name: 'the default of an unset variable', code: `import os\n${db(`os.environ.get('DB_PASSWORD', '${PW}')`)}`, errors: [{ messageId: 'defaultInUse', line: 2 }] },
    { name: 'decouple config default', code: `from decouple import config\n${db(`config('DB_PASSWORD', default='${PW}')`)}`, errors: [{ messageId: 'defaultInUse', line: 2 }] },
    {
      name: 'django-environ db_url default in use',
      code: `import environ\nenv = environ.Env()\nDATABASES = {'default': env.db('DATABASE_URL', default='postgres://app:${PW}@db.example.com/app')}`,
      errors: [{ messageId: 'defaultInUse', line: 3 }],
    },
    {
      name: 'dj_database_url default URL in use',
      code: `import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='postgres://app:${PW}@db.example.com/app')}`,
      errors: [{ messageId: 'literal', line: 2 }],
    },
    {
      name: 'exported, but falls back to a literal when the variable is missing',
      code: `import os\n${db(`os.environ.get('DB_PASSWORD', '${PW}')`)}`,
      env: { DB_PASSWORD: 'from-the-secret-store' },
      errors: [{ messageId: 'fallback', line: 2 }],
    },
    {
      name: 'django-environ db_url exported, with a default URL holding a password',
      code: `import environ\nenv = environ.Env()\nDATABASES = {'default': env.db('DATABASE_URL', default='postgres://app:${PW}@localhost/app')}`,
      env: { DATABASE_URL: 'postgres://app:from-the-store@db.example.com/app' },
      errors: [{ messageId: 'fallback', line: 3 }],
    },
    {
      name: 'a literal, while other settings read the environment',
      code: `import os\nDEBUG = os.environ.get('DJANGO_DEBUG') == '1'\nSECRET_KEY = os.environ['SECRET_KEY']\n${db(`'${PW}'`)}`,
      env: { DJANGO_DEBUG: '0', SECRET_KEY: 'x' },
      errors: [{ messageId: 'literal', line: 4 }],
    },
    {
      name: 'a literal next to a HOST read from the environment',
      code: `import os\nHOST = os.environ['DB_HOST']\n${db(`'${PW}'`, ", 'HOST': HOST")}`,
      env: { DB_HOST: 'db.example.com' },
      errors: [{ messageId: 'literal', line: 3 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\n${db(`'${PW}'`)}\n` },
      errors: [{ messageId: 'literal', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'a literal next to an alias that cannot be evaluated is still reported',
      code: `from infra import REPLICA\nDATABASES = {'default': {'PASSWORD': '${PW}'}, 'replica': REPLICA}`,
      errors: [{ messageId: 'literal', line: 2 }],
    },
  ],
});

describe('database-password-committed: the password is never printed', () => {
  const cases = [
    { code: db(`'${PW}'`) },
    { code: `import os\n${db(`os.environ.get('DB_PASSWORD', '${PW}')`)}` },
    { code: `import os\n${db(`os.environ.get('DB_PASSWORD', '${PW}')`)}`, env: { DB_PASSWORD: 'from-the-secret-store' } },
  ];
  it('says the alias, the length or the variable, and where', () => {
    const messages = cases.map((c) => runRule(rule, c).findings.map((f) => [f.message, f.severity, f.setting]));
    expect(messages).toEqual([
      [["DATABASES['default'] has its PASSWORD in the settings (17 characters)", 'error', 'DATABASES']],
      [["DATABASES['default'] PASSWORD is the committed default: DB_PASSWORD is not set", 'error', 'DATABASES']],
      [["DATABASES['default'] PASSWORD falls back to a literal if DB_PASSWORD is unset", 'info', 'DATABASES']],
    ]);
  });
  it('no finding and no could-not-verify detail contains the password', () => {
    for (const c of [...cases, { code: `import sys\n${db(`'${PW}' if 'test' in sys.argv else ''`)}` }]) {
      const outcome = runRule(rule, c);
      expect(JSON.stringify(outcome)).not.toContain(PW);
      expect(JSON.stringify(outcome)).not.toContain('Tr0ub4dor');
    }
  });
});
