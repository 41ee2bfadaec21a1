import rule from '../../rules/content-type-nosniff-disabled.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W006: SecurityMiddleware on and `SECURE_CONTENT_TYPE_NOSNIFF is not True`. Default True since Django 3.0.
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

testRule(rule, {
  valid: [
    { name: 'unset: the default is True', code: SM },
    { code: `${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = True` },
    { name: 'a bool computed from the environment', code: `import os\n${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = os.environ.get('NOSNIFF', 'True') == 'True'` },
    { name: 'without SecurityMiddleware only W001 fires', code: 'SECURE_CONTENT_TYPE_NOSNIFF = False', status: 'skipped' },
    { name: 'a SecurityMiddleware subclass is not the exact dotted path', code: "MIDDLEWARE = ['myapp.middleware.SecurityMiddleware']\nSECURE_CONTENT_TYPE_NOSNIFF = False", status: 'skipped' },
    { name: 'a later assignment fixes it', code: `${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = False\nSECURE_CONTENT_TYPE_NOSNIFF = True` },
    { name: 'missing env var', code: `import os\n${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = os.environ['NOSNIFF'] == '1'`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = 'runserver' not in sys.argv`, status: 'unknown' },
    { name: 'MIDDLEWARE from a missing env var', code: "import os\nMIDDLEWARE = os.environ['MIDDLEWARE'].split(',')\nSECURE_CONTENT_TYPE_NOSNIFF = False", status: 'unknown' },
    { name: 'True decides it even when MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')\nSECURE_CONTENT_TYPE_NOSNIFF = True" },
  ],
  invalid: [
    { code: `${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = False`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: '1 is not True', code: `${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = 1`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: "the string 'True' is not True", code: `${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = 'True'`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: 'None', code: `${SM}\nX = 1\nSECURE_CONTENT_TYPE_NOSNIFF = None`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: 'an env string is not True', code: `import os\n${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = os.environ.get('NOSNIFF', 'True')`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: "Django 2.2's default is False", code: SM, django: { major: 2, minor: 2 }, errors: [{ messageId: 'notTrue', line: 1 }] },
    { name: 'last assignment wins', code: `${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = True\nSECURE_CONTENT_TYPE_NOSNIFF = 0`, errors: [{ messageId: 'notTrue', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSECURE_CONTENT_TYPE_NOSNIFF = False\n' },
      errors: [{ messageId: 'notTrue', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: `from .base import *\nSECURE_CONTENT_TYPE_NOSNIFF = False`,
      files: { 'mysite/base.py': `${SM}\nSECURE_CONTENT_TYPE_NOSNIFF = True\n` },
      errors: [{ messageId: 'notTrue', line: 2 }],
    },
  ],
});
