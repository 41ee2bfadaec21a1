import rule from '../../rules/cross-origin-opener-policy-invalid.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.E024 (Django 4.0+): SecurityMiddleware on, policy not None and not exactly one of
// same-origin, same-origin-allow-popups, unsafe-none (no stripping, case-sensitive).
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

testRule(rule, {
  valid: [
    { name: "unset: the default is 'same-origin'", code: SM },
    { code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin'` },
    { code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin-allow-popups'` },
    { code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'unsafe-none'` },
    { name: 'None sends no header and passes', code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = None` },
    { name: 'given by the environment', code: `import os\n${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ['COOP']`, env: { COOP: 'unsafe-none' } },
    { name: 'without SecurityMiddleware', code: "SECURE_CROSS_ORIGIN_OPENER_POLICY = 'bogus'", status: 'skipped' },
    { name: 'Django 3.2 has no E024', code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'bogus'`, django: { major: 3, minor: 2 }, status: 'skipped' },
    { name: 'missing env var', code: `import os\n${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ['COOP']`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'bogus' if 'runserver' in sys.argv else 'same-origin'`, status: 'unknown' },
    { name: 'valid in every branch of an unknown condition', code: `import sys\n${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'unsafe-none' if 'runserver' in sys.argv else None` },
    { name: 'a valid policy decides it even when MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin'" },
  ],
  invalid: [
    { code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same_origin'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'case-sensitive', code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'Same-Origin'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'no stripping', code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = ' same-origin'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'no comma splitting', code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin,unsafe-none'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'the empty string is not None', code: `${SM}\nX = 1\nSECURE_CROSS_ORIGIN_OPENER_POLICY = ''`, errors: [{ messageId: 'invalid', line: 3 }] },
    { name: 'from the environment', code: `import os\n${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ.get('COOP', 'same-origin')`, env: { COOP: 'same-site' }, errors: [{ messageId: 'invalid', line: 3 }] },
    { name: 'Django 4.0 has E024', code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'bogus'`, django: { major: 4, minor: 0 }, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'last assignment wins', code: `${SM}\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin'\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'none'`, errors: [{ messageId: 'invalid', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': "DEBUG = False\n\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin-allow-popup'\n" },
      errors: [{ messageId: 'invalid', line: 3, file: 'mysite/base.py' }],
    },
  ],
});
