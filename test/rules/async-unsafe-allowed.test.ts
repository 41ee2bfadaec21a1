import { describe, expect, it } from 'vitest';
import rule from '../../rules/async-unsafe-allowed.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// async.E001: `if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")` in the process that runs the check (Django 3.1+):
// any non-empty string fires, including '0' and 'false'; the settings module can set or remove it.
testRule(rule, {
  valid: [
    'DEBUG = False',
    { name: 'set to the empty string in the settings', code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = ''" },
    { name: 'exported empty', code: 'DEBUG = False', env: { DJANGO_ALLOW_ASYNC_UNSAFE: '' } },
    { name: 'another variable', code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE_X'] = '1'" },
    { name: 'the settings pop it from the environment', code: "import os\nos.environ.pop('DJANGO_ALLOW_ASYNC_UNSAFE', None)", env: { DJANGO_ALLOW_ASYNC_UNSAFE: '1' } },
    { name: 'the settings delete it from the environment', code: "import os\ndel os.environ['DJANGO_ALLOW_ASYNC_UNSAFE']", env: { DJANGO_ALLOW_ASYNC_UNSAFE: '1' } },
    { name: 'a later assignment empties it', code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = '1'\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = ''" },
    { name: 'setdefault does not override an exported empty value', code: "import os\nos.environ.setdefault('DJANGO_ALLOW_ASYNC_UNSAFE', 'true')", env: { DJANGO_ALLOW_ASYNC_UNSAFE: '' } },
    { name: 'os.environ.clear() removes it', code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'true'\nos.environ.clear()" },
    { name: 'os.putenv does not change os.environ', code: "import os\nos.putenv('DJANGO_ALLOW_ASYNC_UNSAFE', 'true')" },
    { name: 'set only inside a function that is never called', code: "import os\n\ndef notebook():\n    os.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'true'\n" },
    { name: 'Django 3.0 has no async.E001', code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = '1'", django: { major: 3, minor: 0 }, status: 'skipped' },
    { name: 'set from a missing env var', code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = os.environ['NOTEBOOK_MODE']", status: 'unknown' },
    { name: 'set only when runserver is in sys.argv', code: "import os, sys\nif 'runserver' in sys.argv:\n    os.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'true'", status: 'unknown' },
  ],
  invalid: [
    { code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = '1'", errors: [{ messageId: 'set', line: 2 }] },
    { name: "'0' is a non-empty string", code: "import os\nX = 1\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = '0'", errors: [{ messageId: 'set', line: 3 }] },
    { name: "'false' is a non-empty string", code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'false'", errors: [{ messageId: 'set', line: 2 }] },
    { name: 'setdefault when it is not exported', code: "import os\nos.environ.setdefault('DJANGO_ALLOW_ASYNC_UNSAFE', 'true')", errors: [{ messageId: 'set', line: 2 }] },
    { name: 'the last write wins', code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = ''\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'yes'", errors: [{ messageId: 'set', line: 3 }] },
    { name: 'os.environ.update with a dict', code: "import os\nos.environ.update({'DJANGO_ALLOW_ASYNC_UNSAFE': 'true'})", errors: [{ messageId: 'set', line: 2 }] },
    { name: 'set by a function the settings call', code: "import os\n\ndef notebook():\n    os.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'true'\n\nnotebook()", errors: [{ messageId: 'set', line: 4 }] },
    {
      name: 'read from a .env file by python-dotenv: the finding points at the env file',
      code: 'from dotenv import load_dotenv\nload_dotenv()',
      files: { '.env': 'DJANGO_ALLOW_ASYNC_UNSAFE=true\n' },
      errors: [{ messageId: 'set', line: 1, file: '.env' }],
    },
    {
      name: 'read from a .env file by django-environ',
      code: 'import environ\nenviron.Env.read_env()',
      files: { 'mysite/.env': 'DEBUG=off\nDJANGO_ALLOW_ASYNC_UNSAFE=1\n' },
      errors: [{ messageId: 'set', line: 2, file: 'mysite/.env' }],
    },
    {
      name: 'set in a base module via star import',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': "import os\n\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'true'\n" },
      errors: [{ messageId: 'set', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override an exported empty value',
      code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'true'",
      env: { DJANGO_ALLOW_ASYNC_UNSAFE: '' },
      errors: [{ messageId: 'set', line: 2 }],
    },
  ],
});

describe('async-unsafe-allowed: the deployment environment and edge cases', () => {
  it('fires for a value given with --env (no source line to point at)', () => {
    const outcome = runRule(rule, { code: 'DEBUG = False', env: { DJANGO_ALLOW_ASYNC_UNSAFE: '1' } });
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => [f.messageId, f.django, f.location])).toEqual([['set', 'async.E001', null]]);
    expect(outcome.findings[0]?.message).toContain('--env');
  });
  it("fires for an exported 'false' (any non-empty value)", () => {
    const outcome = runRule(rule, { code: 'DEBUG = False', env: { DJANGO_ALLOW_ASYNC_UNSAFE: 'false' } });
    expect(outcome.findings.map((f) => f.messageId)).toEqual(['set']);
  });
  it('is skipped on Django 3.0 even when exported', () => {
    const outcome = runRule(rule, { code: 'DEBUG = False', env: { DJANGO_ALLOW_ASYNC_UNSAFE: '1' }, django: { major: 3, minor: 0 } });
    expect(outcome.status).toBe('skipped');
  });
  it("a non-str value raises TypeError in the settings: no crash, no finding", () => {
    let outcome: ReturnType<typeof runRule> | undefined;
    expect(() => {
      outcome = runRule(rule, { code: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 1" });
    }).not.toThrow();
    expect(outcome?.findings).toEqual([]);
  });
});
