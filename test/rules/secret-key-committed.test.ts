import { describe, expect, it } from 'vitest';
import rule from '../../rules/secret-key-committed.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// The key in use must come from the deployment: not a literal, not a default written next to an env read.
const KEY = 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4'; // 53 characters
const OLD = 'W3nB8vQ1zX6cM4kL9pT2rY7uH5jF0dS3aG8eI1oP6nV4bC9xZ2mK'; // 52 characters
const OS = 'import os\n';

testRule(rule, {
  valid: [
    { name: 'required lookup, exported', code: `${OS}SECRET_KEY = os.environ['DJANGO_SECRET_KEY']`, env: { DJANGO_SECRET_KEY: KEY } },
    { name: 'the exported value beats the default', code: `${OS}SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'dev-key')`, env: { DJANGO_SECRET_KEY: KEY } },
    { name: 'django-environ, exported', code: `import environ\nenv = environ.Env()\nSECRET_KEY = env('DJANGO_SECRET_KEY', default='dev')`, env: { DJANGO_SECRET_KEY: KEY } },
    { name: 'decouple, exported', code: "from decouple import config\nSECRET_KEY = config('SECRET_KEY')", env: { SECRET_KEY: KEY } },
    { name: 'transformed after the read (no src): compared without the variable', code: `${OS}SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'dev').strip()`, env: { DJANGO_SECRET_KEY: ` ${KEY} ` } },
    { name: 'not set: secret-key-weak reports the empty default', code: 'DEBUG = False' },
    { name: 'an empty literal has nothing to leak', code: "SECRET_KEY = ''" },
    { name: 'None', code: 'SECRET_KEY = None' },
    {
      name: 'fallbacks from a comma-separated variable (multi-line statement)',
      code: `${OS}SECRET_KEY = os.environ['SK']\nSECRET_KEY_FALLBACKS = [\n    k for k in os.environ.get('SK_FALLBACKS', '').split(',') if k\n]`,
      env: { SK: KEY, SK_FALLBACKS: `${OLD},${OLD}x` },
    },
    { name: 'fallbacks before Django 4.1 are not read', code: `SECRET_KEY_FALLBACKS = ['${OLD}']`, django: { major: 4, minor: 0 } },
    { name: "a required variable that is not exported: the key is the deployment's, nothing is committed", code: `${OS}SECRET_KEY = os.environ['DJANGO_SECRET_KEY']` },
    { name: 'read from a file outside the project', code: "SECRET_KEY = open('/etc/django/secret_key').read().strip()", status: 'unknown' },
  ],
  invalid: [
    { name: 'a literal', code: `SECRET_KEY = '${KEY}'`, errors: [{ messageId: 'literal', line: 1 }] },
    { name: 'a bytes literal', code: `DEBUG = False\nSECRET_KEY = b'${KEY}'`, errors: [{ messageId: 'literal', line: 2 }] },
    { name: 'a startproject key', code: `SECRET_KEY = 'django-insecure-${KEY}'`, errors: [{ messageId: 'literal', line: 1 }] },
    { name: 'the os.environ.get default is in use', code: `${OS}SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'dev-key')`, errors: [{ messageId: 'committedDefault', line: 2 }] },
    { name: 'the django-environ default is in use', code: `import environ\nenv = environ.Env()\nSECRET_KEY = env('DJANGO_SECRET_KEY', default='${KEY}')`, errors: [{ messageId: 'committedDefault', line: 3 }] },
    { name: 'the decouple default is in use', code: `from decouple import config\nSECRET_KEY = config('SECRET_KEY', default='${KEY}')`, errors: [{ messageId: 'committedDefault', line: 2 }] },
    { name: 'an `or` fallback (no src on the literal)', code: `${OS}SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY') or '${KEY}'`, errors: [{ messageId: 'committedDefault', line: 2 }] },
    { name: 'a default transformed after the read', code: `${OS}SECRET_KEY = os.getenv('DJANGO_SECRET_KEY', '${KEY}').strip()`, errors: [{ messageId: 'committedDefault', line: 2 }] },
    { name: 'a literal read by another variable name', code: `${OS}X = os.environ.get('X')\nSECRET_KEY = '${KEY}'`, env: { X: '1' }, errors: [{ messageId: 'literal', line: 3 }] },
    { name: 'a later literal overrides the env read', code: `${OS}SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nSECRET_KEY = '${KEY}'`, env: { DJANGO_SECRET_KEY: OLD }, errors: [{ messageId: 'literal', line: 3 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `import os\n\nSECRET_KEY = '${KEY}'\n` },
      errors: [{ messageId: 'literal', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'a project JSON file counts as the code',
      code: `import json\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nwith open(BASE_DIR / 'secrets.json') as f:\n    SECRETS = json.load(f)\nSECRET_KEY = SECRETS['key']`,
      files: { 'secrets.json': `{"key": "${KEY}"}` },
      errors: [{ messageId: 'literal', line: 6 }],
    },
    {
      name: 'fallback literals, one finding per entry, env entries pass',
      code: `${OS}SECRET_KEY = os.environ['SK']\nSECRET_KEY_FALLBACKS = [os.environ['OLD_SK'], '${OLD}', os.environ.get('OLDER_SK', '${KEY}')]`,
      env: { SK: KEY, OLD_SK: OLD },
      errors: [
        { messageId: 'literal', line: 3 },
        { messageId: 'committedDefault', line: 3 },
      ],
    },
    {
      name: 'the key and a fallback',
      code: `SECRET_KEY = '${KEY}'\nSECRET_KEY_FALLBACKS = ('${OLD}',)`,
      errors: [
        { messageId: 'literal', line: 1 },
        { messageId: 'literal', line: 2 },
      ],
    },
    {
      name: 'a default fallback list when the variable is not exported',
      code: `${OS}SECRET_KEY = os.environ['SK']\nSECRET_KEY_FALLBACKS = os.environ.get('SK_FALLBACKS', '${OLD}').split(',')`,
      env: { SK: KEY },
      errors: [{ messageId: 'committedDefault', line: 3 }],
    },
  ],
});

describe('secret-key-committed never prints a key', () => {
  it('gives the length and the variable only', () => {
    const outcome = runRule(rule, {
      code: `${OS}SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '${KEY}')\nSECRET_KEY_FALLBACKS = ['${OLD}']`,
    });
    expect(outcome.findings.map((f) => [f.message, f.severity, f.location?.line])).toEqual([
      ["SECRET_KEY (53 characters) is the code's default (DJANGO_SECRET_KEY unset)", 'error', 2],
      ['SECRET_KEY_FALLBACKS[0] (52 characters) is written in the code', 'error', 3],
    ]);
    const text = JSON.stringify(outcome);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(OLD);
    expect(text).not.toContain(KEY.slice(0, 12));
  });

  it('masks the key in the could-not-verify detail', () => {
    const outcome = runRule(rule, { code: `import sys\nSECRET_KEY = '${KEY}' if 'runserver' in sys.argv else '${OLD}'` });
    expect(outcome.status).toBe('unknown');
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(JSON.stringify(outcome)).not.toContain(OLD);
  });
});
