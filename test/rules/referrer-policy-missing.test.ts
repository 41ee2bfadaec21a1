import rule from '../../rules/referrer-policy-missing.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W022 (Django 3.0+): SecurityMiddleware on and `SECURE_REFERRER_POLICY is None`.
// The default is None in 3.0 and 'same-origin' since 3.1.
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

testRule(rule, {
  valid: [
    { name: "unset: the default is 'same-origin' (3.1+)", code: SM },
    { code: `${SM}\nSECURE_REFERRER_POLICY = 'no-referrer'` },
    { name: "'' is not None (E023 reports it)", code: `${SM}\nSECURE_REFERRER_POLICY = ''` },
    { name: 'an invalid value is not None (E023 reports it)', code: `${SM}\nSECURE_REFERRER_POLICY = 'bogus'` },
    { name: 'an empty list is not None', code: `${SM}\nSECURE_REFERRER_POLICY = []` },
    { name: 'Django 3.1 default', code: SM, django: { major: 3, minor: 1 } },
    { name: 'without SecurityMiddleware', code: 'SECURE_REFERRER_POLICY = None', status: 'skipped' },
    { name: 'Django 2.2 has no W022', code: `${SM}\nSECURE_REFERRER_POLICY = None`, django: { major: 2, minor: 2 }, status: 'skipped' },
    { name: 'missing env var', code: `import os\n${SM}\nSECURE_REFERRER_POLICY = os.environ['REFERRER_POLICY']`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${SM}\nSECURE_REFERRER_POLICY = None if 'runserver' in sys.argv else 'same-origin'`, status: 'unknown' },
    { name: 'not None in any branch', code: `import sys\n${SM}\nSECURE_REFERRER_POLICY = 'origin' if 'runserver' in sys.argv else 'same-origin'` },
    { name: 'a policy decides it even when MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')\nSECURE_REFERRER_POLICY = 'same-origin'" },
  ],
  invalid: [
    { code: `${SM}\nSECURE_REFERRER_POLICY = None`, errors: [{ messageId: 'none', line: 2 }] },
    { name: "Django 3.0's default is None", code: SM, django: { major: 3, minor: 0 }, errors: [{ messageId: 'none', line: 1 }] },
    { name: 'None from an unset variable read with os.environ.get', code: `import os\n${SM}\nSECURE_REFERRER_POLICY = os.environ.get('REFERRER_POLICY')`, errors: [{ messageId: 'none', line: 3 }] },
    { name: 'last assignment wins', code: `${SM}\nSECURE_REFERRER_POLICY = 'origin'\nSECURE_REFERRER_POLICY = None`, errors: [{ messageId: 'none', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSECURE_REFERRER_POLICY = None\n' },
      errors: [{ messageId: 'none', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: 'from .base import *\nSECURE_REFERRER_POLICY = None',
      files: { 'mysite/base.py': `${SM}\nSECURE_REFERRER_POLICY = 'same-origin'\n` },
      errors: [{ messageId: 'none', line: 2 }],
    },
  ],
});
