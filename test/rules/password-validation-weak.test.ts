import { describe, expect, it } from 'vitest';
import rule from '../../rules/password-validation-weak.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const AUTH = "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes']";
const V = 'django.contrib.auth.password_validation.';
const minLength = (n: string) => `{'NAME': '${V}MinimumLengthValidator', 'OPTIONS': {'min_length': ${n}}}`;
const STARTPROJECT = `[\n    {'NAME': '${V}UserAttributeSimilarityValidator'},\n    {'NAME': '${V}MinimumLengthValidator'},\n    {'NAME': '${V}CommonPasswordValidator'},\n    {'NAME': '${V}NumericPasswordValidator'},\n]`;

testRule(rule, {
  valid: [
    { name: "startproject's four validators (min_length defaults to 8)", code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = ${STARTPROJECT}` },
    { name: 'min_length exactly 8', code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength('8')}]` },
    { name: 'OPTIONS without min_length', code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [{'NAME': '${V}MinimumLengthValidator', 'OPTIONS': {}}]` },
    { name: 'a tuple', code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = (${minLength('14')},)` },
    { name: 'the longest of two minimums counts (every validator applies)', code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength('6')}, ${minLength('10')}]` },
    { name: "a project's own validator may enforce a length", code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [{'NAME': 'accounts.validators.PassphraseValidator'}]` },
    { name: 'min_length from the environment given', code: `import os\n${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength("int(os.environ['PW_MIN'])")}]`, env: { PW_MIN: '10' } },
    { name: 'auth not installed: nobody logs in with a password', code: "INSTALLED_APPS = ['django.contrib.contenttypes']\nAUTH_PASSWORD_VALIDATORS = []", status: 'skipped' },
    { name: 'INSTALLED_APPS unset (the default is empty)', code: 'AUTH_PASSWORD_VALIDATORS = []', status: 'skipped' },
    {
      name: 'INSTALLED_APPS unknown, but the validators are fine: decided',
      code: `import os\nINSTALLED_APPS = os.environ['APPS'].split(',')\nAUTH_PASSWORD_VALIDATORS = [${minLength('9')}]`,
    },
    {
      name: 'a known minimum of 12 decides even next to an unknown validator',
      code: `import os\n${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength('12')}, {'NAME': os.environ['EXTRA_VALIDATOR']}]`,
    },
    { name: 'min_length from a missing variable', code: `import os\n${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength("int(os.environ['PW_MIN'])")}]`, status: 'unknown' },
    { name: 'a validator NAME from a missing variable', code: `import os\n${AUTH}\nAUTH_PASSWORD_VALIDATORS = [{'NAME': os.environ['VALIDATOR']}]`, status: 'unknown' },
    { name: 'the whole list from a module outside the project', code: `from company_defaults import VALIDATORS\n${AUTH}\nAUTH_PASSWORD_VALIDATORS = VALIDATORS`, status: 'unknown' },
    { name: 'INSTALLED_APPS unknown and no validators', code: "import os\nINSTALLED_APPS = os.environ['APPS'].split(',')\nAUTH_PASSWORD_VALIDATORS = []", status: 'unknown' },
    {
      name: 'depends on sys.argv',
      code: `import sys\n${AUTH}\nAUTH_PASSWORD_VALIDATORS = [] if 'test' in sys.argv else [${minLength('10')}]`,
      status: 'unknown',
    },
  ],
  invalid: [
    { name: "unset: Django's default is an empty list", code: `${AUTH}\nDEBUG = False`, errors: [{ messageId: 'none', line: 1 }] },
    { code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = []`, errors: [{ messageId: 'none', line: 2 }] },
    { name: 'auth installed by its AppConfig path', code: "INSTALLED_APPS = ['django.contrib.auth.apps.AuthConfig']\nAUTH_PASSWORD_VALIDATORS = []", errors: [{ messageId: 'none', line: 2 }] },
    { name: 'min_length 6', code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength('6')}]`, errors: [{ messageId: 'short', line: 2 }] },
    { name: 'min_length 0', code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength('0')}]`, errors: [{ messageId: 'short', line: 2 }] },
    {
      name: 'min_length from the environment given',
      code: `import os\n${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength("int(os.environ.get('PW_MIN', '8'))")}]`,
      env: { PW_MIN: '4' },
      errors: [{ messageId: 'short', line: 3 }],
    },
    {
      name: 'only validators that do not limit the length',
      code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [\n    {'NAME': '${V}CommonPasswordValidator'},\n    {'NAME': '${V}NumericPasswordValidator'},\n]`,
      errors: [{ messageId: 'noMinimum', line: 2 }],
    },
    {
      name: 'a short minimum next to a validator that does not limit the length',
      code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength('6')}, {'NAME': '${V}CommonPasswordValidator'}]`,
      errors: [{ messageId: 'short', line: 2 }],
    },
    {
      name: 'set in a base module',
      code: `from .base import *\n${AUTH}`,
      files: { 'mysite/base.py': `X = 1\nAUTH_PASSWORD_VALIDATORS = [${minLength('5')}]\n` },
      errors: [{ messageId: 'short', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'emptied by the production module',
      code: `from .base import *\nAUTH_PASSWORD_VALIDATORS = []`,
      files: { 'mysite/base.py': `${AUTH}\nAUTH_PASSWORD_VALIDATORS = ${STARTPROJECT}\n` },
      errors: [{ messageId: 'none', line: 2 }],
    },
    {
      name: 'appended after the assignment',
      code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = []\nAUTH_PASSWORD_VALIDATORS.append(${minLength('4')})`,
      errors: [{ messageId: 'short', line: 3 }],
    },
    {
      name: 'auth installed, in a list the environment extends',
      code: `import os\nINSTALLED_APPS = ['django.contrib.auth', *os.environ['EXTRA_APPS'].split(',')]\nAUTH_PASSWORD_VALIDATORS = []`,
      errors: [{ messageId: 'none', line: 3 }],
    },
  ],
});

describe('password-validation-weak: messages', () => {
  it('names the longest minimum', () => {
    const outcome = runRule(rule, { code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = [${minLength('4')}, ${minLength('7')}]` });
    expect(outcome.findings.map((f) => f.message)).toEqual(['MinimumLengthValidator min_length is 7, below 8']);
  });
  it('says that any password passes when the list is empty', () => {
    const outcome = runRule(rule, { code: `${AUTH}\nAUTH_PASSWORD_VALIDATORS = []` });
    expect(outcome.findings.map((f) => [f.message, f.severity, f.django, f.setting])).toEqual([
      ['AUTH_PASSWORD_VALIDATORS is empty: any password is accepted', 'warning', null, 'AUTH_PASSWORD_VALIDATORS'],
    ]);
  });
});
