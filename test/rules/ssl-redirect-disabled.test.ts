import rule from '../../rules/ssl-redirect-disabled.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W008: SecurityMiddleware on and `SECURE_SSL_REDIRECT is not True` (in every Django version).
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

testRule(rule, {
  valid: [
    { code: `${SM}\nSECURE_SSL_REDIRECT = True` },
    { name: 'a comparison gives a bool', code: `import os\n${SM}\nSECURE_SSL_REDIRECT = os.environ.get('SSL_REDIRECT', 'false').lower() == 'true'`, env: { SSL_REDIRECT: 'True' } },
    { name: 'django-environ bool cast with a bool default', code: `import environ\nenv = environ.Env()\n${SM}\nSECURE_SSL_REDIRECT = env.bool('SSL_REDIRECT', default=True)` },
    { name: 'without SecurityMiddleware only W001 fires', code: 'SECURE_SSL_REDIRECT = False', status: 'skipped' },
    { name: 'a later assignment fixes it', code: `${SM}\nSECURE_SSL_REDIRECT = False\nSECURE_SSL_REDIRECT = True` },
    { name: 'set in a base module', code: `from .base import *\n${SM}`, files: { 'mysite/base.py': 'SECURE_SSL_REDIRECT = True\n' } },
    { name: 'missing env var', code: `import os\n${SM}\nSECURE_SSL_REDIRECT = os.environ['SSL_REDIRECT'] == '1'`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${SM}\nSECURE_SSL_REDIRECT = 'runserver' not in sys.argv`, status: 'unknown' },
    { name: 'True decides it even when MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')\nSECURE_SSL_REDIRECT = True" },
  ],
  invalid: [
    { name: 'unset: the default is False', code: SM, errors: [{ messageId: 'notTrue', line: 1 }] },
    { code: `${SM}\nSECURE_SSL_REDIRECT = False`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: "the string 'True' is not True", code: `${SM}\nSECURE_SSL_REDIRECT = 'True'`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: '1 is not True', code: `${SM}\nSECURE_SSL_REDIRECT = 1`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: "Django 3.2 also needs is True", code: `${SM}\nSECURE_SSL_REDIRECT = 'True'`, django: { major: 3, minor: 2 }, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: 'an env string is not True', code: `import os\n${SM}\nSECURE_SSL_REDIRECT = os.environ.get('SSL_REDIRECT', 'True')`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: 'an exported env string is not True', code: `import os\n${SM}\nSECURE_SSL_REDIRECT = os.environ['SSL_REDIRECT']`, env: { SSL_REDIRECT: 'True' }, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: 'decouple without cast returns the string', code: `from decouple import config\n${SM}\nSECURE_SSL_REDIRECT = config('SSL_REDIRECT', default=True)`, env: { SSL_REDIRECT: 'True' }, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: 'last assignment wins', code: `${SM}\nSECURE_SSL_REDIRECT = True\nSECURE_SSL_REDIRECT = 'yes'`, errors: [{ messageId: 'notTrue', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSECURE_SSL_REDIRECT = False\n' },
      errors: [{ messageId: 'notTrue', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: 'from .base import *\nSECURE_SSL_REDIRECT = False',
      files: { 'mysite/base.py': `${SM}\nSECURE_SSL_REDIRECT = True\n` },
      errors: [{ messageId: 'notTrue', line: 2 }],
    },
  ],
});
