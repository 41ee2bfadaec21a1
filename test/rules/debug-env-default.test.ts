import { describe, expect, it } from 'vitest';
import rule from '../../rules/debug-env-default.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// DEBUG as it is when the deployment does not export the variables it is read from (truthiness, as Django).
const OS = 'import os\n';
const ENVIRON = 'import environ\nenv = environ.Env()\n';

testRule(rule, {
  valid: [
    'DEBUG = False',
    { name: 'a literal True is debug-enabled\'s business', code: 'DEBUG = True' },
    { name: 'not set: Django defaults to False', code: "ALLOWED_HOSTS = ['example.com']" },
    { name: 'string comparison with a False default', code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'` },
    { name: 'the same, exported', code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'`, env: { DJANGO_DEBUG: 'True' } },
    { name: 'os.getenv without a default is None', code: `${OS}DEBUG = os.getenv('DJANGO_DEBUG') == '1'` },
    { name: 'django-environ with a False default', code: `${ENVIRON}DEBUG = env.bool('DJANGO_DEBUG', default=False)`, env: { DJANGO_DEBUG: 'on' } },
    { name: 'decouple with a False default', code: "from decouple import config\nDEBUG = config('DJANGO_DEBUG', default=False, cast=bool)" },
    { name: 'a required variable: Django does not start without it', code: `${OS}DEBUG = os.environ['DJANGO_DEBUG'] == 'True'`, env: { DJANGO_DEBUG: 'False' } },
    { name: 'a required variable that is not exported', code: `${OS}DEBUG = os.environ['DJANGO_DEBUG'] == 'True'` },
    { name: 'django-environ without a default is required', code: `${ENVIRON}DEBUG = env.bool('DJANGO_DEBUG')`, env: { DJANGO_DEBUG: 'no' } },
    { name: 'a later literal wins over the env read', code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'True')\nDEBUG = False`, env: { DJANGO_DEBUG: 'True' } },
    {
      name: 'a helper with a False default, exported',
      code: `${OS}\ndef flag(name, default='false'):\n    return os.environ.get(name, default).lower() in ('1', 'true')\n\nDEBUG = flag('DJANGO_DEBUG')`,
      env: { DJANGO_DEBUG: 'true' },
    },
    { name: 'in a base module, False by default', code: 'from .base import *', files: { 'mysite/base.py': `${OS}DEBUG = os.environ.get('DJANGO_DEBUG') == 'on'\n` } },
    { name: 'an unrelated exported variable', code: `${OS}LOG_LEVEL = os.environ.get('LOG_LEVEL', 'INFO')\nDEBUG = False`, env: { LOG_LEVEL: 'DEBUG' } },
    { name: 'depends on sys.argv', code: "import sys\nDEBUG = 'runserver' in sys.argv", status: 'unknown' },
  ],
  invalid: [
    {
      name: 'the deployment exports False, the default is True',
      code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'`,
      env: { DJANGO_DEBUG: 'False' },
      errors: [{ messageId: 'onWhenMissing', line: 2 }],
    },
    { name: 'not exported: DEBUG is on right now', code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'`, errors: [{ messageId: 'onNow', line: 2 }] },
    { name: "the default 'False' is a non-empty string", code: `${OS}X = 1\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False')`, errors: [{ messageId: 'onNow', line: 3 }] },
    { name: 'a bool default without src', code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', True)`, env: { DJANGO_DEBUG: '' }, errors: [{ messageId: 'onWhenMissing', line: 2 }] },
    { name: "os.getenv('DJANGO_DEBUG', '1') == '1'", code: `${OS}DEBUG = os.getenv('DJANGO_DEBUG', '1') == '1'`, env: { DJANGO_DEBUG: '0' }, errors: [{ messageId: 'onWhenMissing', line: 2 }] },
    { name: 'django-environ bool with a True default', code: `${ENVIRON}DEBUG = env.bool('DJANGO_DEBUG', default=True)`, env: { DJANGO_DEBUG: 'off' }, errors: [{ messageId: 'onWhenMissing', line: 3 }] },
    {
      name: 'a django-environ scheme default',
      code: "import environ\nenv = environ.Env(DEBUG=(bool, True))\nDEBUG = env('DEBUG')",
      env: { DEBUG: 'no' },
      errors: [{ messageId: 'onWhenMissing', line: 3 }],
    },
    { name: 'django-environ returns the default uncast', code: `${ENVIRON}DEBUG = env('DJANGO_DEBUG', default='yes')`, errors: [{ messageId: 'onNow', line: 3 }] },
    { name: 'decouple with a True default', code: "from decouple import config\nDEBUG = config('DJANGO_DEBUG', default=True, cast=bool)", errors: [{ messageId: 'onNow', line: 2 }] },
    {
      name: 'a helper function, exported: found by re-evaluating without the variable',
      code: `${OS}\ndef flag(name, default='true'):\n    return os.environ.get(name, default).lower() in ('1', 'true')\n\nDEBUG = flag('DJANGO_DEBUG')`,
      env: { DJANGO_DEBUG: 'false', OTHER: 'x' },
      errors: [{ messageId: 'onWhenMissing', line: 6 }],
    },
    {
      name: 'the environment picks a branch: the finding points at the branch that turns DEBUG on',
      code: `${OS}if os.environ.get('DJANGO_ENV') == 'production':\n    DEBUG = False\nelse:\n    DEBUG = True`,
      env: { DJANGO_ENV: 'production' },
      errors: [{ messageId: 'onWhenMissing', line: 5 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nALLOWED_HOSTS = []',
      files: { 'mysite/base.py': `${OS}\nDEBUG = os.environ.get('DJANGO_DEBUG', 'on') == 'on'\n` },
      env: { DJANGO_DEBUG: 'off' },
      errors: [{ messageId: 'onWhenMissing', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'a development .env read by django-environ turns DEBUG on when the deployment omits the variable',
      code: `${ENVIRON}environ.Env.read_env()\nDEBUG = env.bool('DJANGO_DEBUG', default=False)`,
      files: { 'mysite/.env': 'DJANGO_DEBUG=on\n' },
      env: { DJANGO_DEBUG: 'off' },
      errors: [{ messageId: 'onWhenMissing', line: 4 }],
    },
    {
      name: 'a development .env read by django-environ, not overridden: on now',
      code: `${ENVIRON}environ.Env.read_env()\nDEBUG = env.bool('DJANGO_DEBUG', default=False)`,
      files: { 'mysite/.env': 'DJANGO_DEBUG=on\n' },
      errors: [{ messageId: 'onNow', line: 4 }],
    },
    {
      name: 'exported True, and the fallback is on too',
      code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'`,
      env: { DJANGO_DEBUG: 'True' },
      errors: [{ messageId: 'onNow', line: 2 }],
    },
  ],
});

describe('debug-env-default messages', () => {
  it('names the variable and the fallback value', () => {
    const outcome = runRule(rule, { code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'`, env: { DJANGO_DEBUG: 'False' } });
    expect(outcome.findings.map((f) => [f.message, f.severity, f.setting])).toEqual([
      ['DEBUG falls back to True when the deployment omits DJANGO_DEBUG', 'warning', 'DEBUG'],
    ]);
  });

  it('says DEBUG is on now when the deployment does not change it', () => {
    const outcome = runRule(rule, { code: `${OS}DEBUG = os.environ.get('DJANGO_DEBUG', 'False')` });
    expect(outcome.findings.map((f) => f.message)).toEqual(["DEBUG is 'False': the fallback used when DJANGO_DEBUG is missing"]);
  });

  it('names only the variable that matters among several exported ones', () => {
    const outcome = runRule(rule, {
      code: `${OS}A = os.environ.get('A')\nB = os.environ.get('B')\n\ndef flag(name):\n    return os.environ.get(name, 'yes') == 'yes'\n\nDEBUG = flag('DJANGO_DEBUG')\nC = os.environ.get('C')`,
      env: { A: '1', B: '2', C: '3', DJANGO_DEBUG: 'no' },
    });
    expect(outcome.findings.map((f) => [f.message, f.location?.line])).toEqual([['DEBUG falls back to True when the deployment omits DJANGO_DEBUG', 8]]);
  });
});
