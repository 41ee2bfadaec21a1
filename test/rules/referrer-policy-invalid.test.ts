import rule from '../../rules/referrer-policy-invalid.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.E023 (Django 3.0+): SecurityMiddleware on, policy not None, and not values <= VALID, where values is
// {v.strip() for v in policy.split(',')} for a str and set(policy) otherwise. Case-sensitive; '' gives {''}.
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

testRule(rule, {
  valid: [
    { name: "unset: the default is 'same-origin'", code: SM },
    { code: `${SM}\nSECURE_REFERRER_POLICY = 'strict-origin-when-cross-origin'` },
    { name: 'a comma-separated fallback list', code: `${SM}\nSECURE_REFERRER_POLICY = 'no-referrer,strict-origin-when-cross-origin'` },
    { name: 'str values are stripped', code: `${SM}\nSECURE_REFERRER_POLICY = '  same-origin ,  origin '` },
    { name: 'a list', code: `${SM}\nSECURE_REFERRER_POLICY = ['origin', 'same-origin']` },
    { name: 'a tuple', code: `${SM}\nSECURE_REFERRER_POLICY = ('unsafe-url', 'no-referrer-when-downgrade', 'origin-when-cross-origin', 'strict-origin')` },
    { name: 'an empty list is a subset of anything', code: `${SM}\nSECURE_REFERRER_POLICY = []` },
    { name: 'None is left to W022', code: `${SM}\nSECURE_REFERRER_POLICY = None` },
    { name: 'given by the environment', code: `import os\n${SM}\nSECURE_REFERRER_POLICY = os.environ['REFERRER_POLICY']`, env: { REFERRER_POLICY: 'no-referrer, same-origin' } },
    { name: 'without SecurityMiddleware', code: "SECURE_REFERRER_POLICY = 'bogus'", status: 'skipped' },
    { name: 'Django 2.2 has no E023', code: `${SM}\nSECURE_REFERRER_POLICY = 'bogus'`, django: { major: 2, minor: 2 }, status: 'skipped' },
    { name: 'missing env var', code: `import os\n${SM}\nSECURE_REFERRER_POLICY = os.environ['REFERRER_POLICY']`, status: 'unknown' },
    { name: 'a list item from a missing env var', code: `import os\n${SM}\nSECURE_REFERRER_POLICY = ['same-origin', os.environ['REFERRER_POLICY']]`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${SM}\nSECURE_REFERRER_POLICY = 'bogus' if 'runserver' in sys.argv else 'origin'`, status: 'unknown' },
    { name: 'a valid policy decides it even when MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')\nSECURE_REFERRER_POLICY = 'no-referrer'" },
  ],
  invalid: [
    { name: 'a typo', code: `${SM}\nSECURE_REFERRER_POLICY = 'same-orgin'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: "'' splits into [''], which is invalid", code: `${SM}\nSECURE_REFERRER_POLICY = ''`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'a trailing comma leaves an empty value', code: `${SM}\nSECURE_REFERRER_POLICY = 'same-origin,'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'case-sensitive', code: `${SM}\nSECURE_REFERRER_POLICY = 'Same-Origin'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'one bad value in a str list', code: `${SM}\nSECURE_REFERRER_POLICY = 'no-referrer, none'`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'one bad value in a list', code: `${SM}\nX = 1\nSECURE_REFERRER_POLICY = ['same-origin', 'strict']`, errors: [{ messageId: 'invalid', line: 3 }] },
    { name: 'list items are not stripped', code: `${SM}\nSECURE_REFERRER_POLICY = [' same-origin']`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'list items are not split on commas', code: `${SM}\nSECURE_REFERRER_POLICY = ['origin,same-origin']`, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'from the environment', code: `import os\n${SM}\nSECURE_REFERRER_POLICY = os.environ.get('REFERRER_POLICY', 'same-origin')`, env: { REFERRER_POLICY: 'same_origin' }, errors: [{ messageId: 'invalid', line: 3 }] },
    { name: 'Django 3.0 has E023', code: `${SM}\nSECURE_REFERRER_POLICY = 'bogus'`, django: { major: 3, minor: 0 }, errors: [{ messageId: 'invalid', line: 2 }] },
    { name: 'last assignment wins', code: `${SM}\nSECURE_REFERRER_POLICY = 'origin'\nSECURE_REFERRER_POLICY = 'orign'`, errors: [{ messageId: 'invalid', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': "DEBUG = False\nSECURE_REFERRER_POLICY = 'no-referer'\n" },
      errors: [{ messageId: 'invalid', line: 2, file: 'mysite/base.py' }],
    },
  ],
});
