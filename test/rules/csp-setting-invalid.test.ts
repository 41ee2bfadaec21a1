import rule from '../../rules/csp-setting-invalid.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.E026 (Django 6.0+, not deploy-only): for each of SECURE_CSP and SECURE_CSP_REPORT_ONLY,
// an error when the value is not None and not isinstance(dict).
testRule(rule, {
  valid: [
    { name: 'unset: both default to {}', code: 'DEBUG = False' },
    { code: "from django.utils.csp import CSP\nSECURE_CSP = {'default-src': [CSP.SELF]}" },
    { code: 'SECURE_CSP = None\nSECURE_CSP_REPORT_ONLY = None' },
    { name: 'an empty dict', code: 'SECURE_CSP_REPORT_ONLY = {}' },
    { name: 'dict() call', code: "SECURE_CSP = dict([('default-src', [\"'self'\"])])" },
    { name: 'Django 5.2 has no E026', code: "SECURE_CSP = \"default-src 'self'\"", django: { major: 5, minor: 2 }, status: 'skipped' },
    { name: 'Django 3.2 has no E026', code: "SECURE_CSP = \"default-src 'self'\"", django: { major: 3, minor: 2 }, status: 'skipped' },
    { name: 'from a missing env var', code: "import os\nSECURE_CSP = os.environ['CSP']", status: 'unknown' },
    { name: 'depends on sys.argv', code: "import sys\nSECURE_CSP = {} if 'runserver' in sys.argv else \"default-src 'self'\"", status: 'unknown' },
    { name: 'a dict in every branch', code: "import sys\nif 'runserver' in sys.argv:\n    SECURE_CSP = {}\nelse:\n    SECURE_CSP = {'default-src': [\"'self'\"]}" },
  ],
  invalid: [
    { name: 'a str policy', code: "SECURE_CSP = \"default-src 'self'\"", errors: [{ messageId: 'notDict', line: 1 }] },
    { name: 'a list policy in SECURE_CSP_REPORT_ONLY', code: "DEBUG = False\nSECURE_CSP_REPORT_ONLY = [\"default-src 'self'\"]", errors: [{ messageId: 'notDict', line: 2 }] },
    {
      name: 'one error per setting',
      code: "SECURE_CSP = \"default-src 'self'\"\nSECURE_CSP_REPORT_ONLY = \"default-src 'none'\"",
      errors: [
        { messageId: 'notDict', line: 1 },
        { messageId: 'notDict', line: 2 },
      ],
    },
    { name: 'an env string', code: "import os\nSECURE_CSP = os.environ.get('CSP', \"default-src 'self'\")", errors: [{ messageId: 'notDict', line: 2 }] },
    { name: 'False is not None', code: 'SECURE_CSP = False', errors: [{ messageId: 'notDict', line: 1 }] },
    { name: 'Django 6.0 has E026', code: "SECURE_CSP = \"default-src 'self'\"", django: { major: 6, minor: 0 }, errors: [{ messageId: 'notDict', line: 1 }] },
    { name: 'last assignment wins', code: "SECURE_CSP = {}\nSECURE_CSP = \"default-src 'self'\"", errors: [{ messageId: 'notDict', line: 2 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': "X = 1\nSECURE_CSP = \"default-src 'self'\"\n" },
      errors: [{ messageId: 'notDict', line: 2, file: 'mysite/base.py' }],
    },
  ],
});
