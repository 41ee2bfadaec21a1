import rule from '../../rules/csrf-cookie-insecure.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W016: CsrfViewMiddleware on, CSRF_USE_SESSIONS falsy (truthiness), and CSRF_COOKIE_SECURE is not True
// (`is True` since Django 4.1; plain truthiness before, e.g. in 3.2).
const CM = "MIDDLEWARE = ['django.middleware.csrf.CsrfViewMiddleware']";
const DJ32 = { major: 3, minor: 2 } as const;

testRule(rule, {
  valid: [
    { code: `${CM}\nCSRF_COOKIE_SECURE = True` },
    { name: 'a bool computed from the environment', code: `import os\n${CM}\nCSRF_COOKIE_SECURE = os.environ.get('CSRF_SECURE', 'true').lower() == 'true'` },
    { name: 'django-environ bool cast', code: `import environ\nenv = environ.Env()\n${CM}\nCSRF_COOKIE_SECURE = env.bool('CSRF_SECURE')`, env: { CSRF_SECURE: 'on' } },
    { name: 'without CsrfViewMiddleware only W003 fires', code: 'CSRF_COOKIE_SECURE = False', status: 'skipped' },
    { name: 'CSRF_USE_SESSIONS keeps the token out of the cookie', code: `${CM}\nCSRF_USE_SESSIONS = True\nCSRF_COOKIE_SECURE = False`, status: 'skipped' },
    { name: 'CSRF_USE_SESSIONS is tested by truthiness', code: `${CM}\nCSRF_USE_SESSIONS = 'yes'`, status: 'skipped' },
    { name: "3.2 truthiness: the string 'True' passes", code: `${CM}\nCSRF_COOKIE_SECURE = 'True'`, django: DJ32 },
    { name: '3.2 truthiness: 1 passes', code: `${CM}\nCSRF_COOKIE_SECURE = 1`, django: DJ32 },
    { name: "4.0 truthiness: 'yes' passes", code: `${CM}\nCSRF_COOKIE_SECURE = 'yes'`, django: { major: 4, minor: 0 } },
    { name: '3.2: an env string passes', code: `import os\n${CM}\nCSRF_COOKIE_SECURE = os.environ.get('CSRF_SECURE', 'False')`, django: DJ32 },
    { name: 'a later assignment fixes it', code: `${CM}\nCSRF_COOKIE_SECURE = False\nCSRF_COOKIE_SECURE = True` },
    { name: 'missing env var', code: `import os\n${CM}\nCSRF_COOKIE_SECURE = os.environ['CSRF_SECURE'] == '1'`, status: 'unknown' },
    { name: 'CSRF_USE_SESSIONS from a missing env var', code: `import os\n${CM}\nCSRF_USE_SESSIONS = os.environ['CSRF_SESSIONS'] == '1'`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${CM}\nCSRF_COOKIE_SECURE = 'runserver' not in sys.argv`, status: 'unknown' },
    { name: 'True decides it even when CSRF_USE_SESSIONS is unknown', code: `import os\n${CM}\nCSRF_USE_SESSIONS = os.environ['CSRF_SESSIONS'] == '1'\nCSRF_COOKIE_SECURE = True` },
  ],
  invalid: [
    { name: 'unset: the default is False', code: CM, errors: [{ messageId: 'notTrue', line: 1 }] },
    { code: `${CM}\nCSRF_COOKIE_SECURE = False`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: "the string 'True' is not True (4.1+)", code: `${CM}\nCSRF_COOKIE_SECURE = 'True'`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: '1 is not True (4.1+)', code: `${CM}\nCSRF_COOKIE_SECURE = 1`, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: "'yes' is not True on Django 4.1", code: `${CM}\nCSRF_COOKIE_SECURE = 'yes'`, django: { major: 4, minor: 1 }, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: 'an env string is not True', code: `import os\n${CM}\nCSRF_COOKIE_SECURE = os.environ.get('CSRF_SECURE', 'True')`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: 'CSRF_USE_SESSIONS = 0 does not exempt', code: `${CM}\nCSRF_USE_SESSIONS = 0\nCSRF_COOKIE_SECURE = False`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: "3.2: '' is falsy", code: `${CM}\nCSRF_COOKIE_SECURE = ''`, django: DJ32, errors: [{ messageId: 'notTrue', line: 2 }] },
    { name: '3.2: unset', code: CM, django: DJ32, errors: [{ messageId: 'notTrue', line: 1 }] },
    { name: 'last assignment wins', code: `${CM}\nCSRF_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = None`, errors: [{ messageId: 'notTrue', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${CM}`,
      files: { 'mysite/base.py': "DEBUG = False\nCSRF_COOKIE_SECURE = 'True'\n" },
      errors: [{ messageId: 'notTrue', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: 'from .base import *\nCSRF_COOKIE_SECURE = False',
      files: { 'mysite/base.py': `${CM}\nCSRF_COOKIE_SECURE = True\n` },
      errors: [{ messageId: 'notTrue', line: 2 }],
    },
  ],
});
