import rule from '../../rules/session-cookie-insecure.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W010 (sessions app only), W011 (SessionMiddleware only), W012 (both): `SESSION_COOKIE_SECURE is not True`
// (`is True` since Django 4.1, truthiness before). The app test is the exact string 'django.contrib.sessions'.
const APP = "INSTALLED_APPS = ['django.contrib.sessions']";
const MW = "MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']";
const BOTH = `${APP}\n${MW}`;
const DJ32 = { major: 3, minor: 2 } as const;

testRule(rule, {
  valid: [
    { code: `${BOTH}\nSESSION_COOKIE_SECURE = True` },
    { name: 'no sessions app and no SessionMiddleware', code: 'SESSION_COOKIE_SECURE = False' },
    { name: 'SessionsConfig is not the exact app string', code: "INSTALLED_APPS = ['django.contrib.sessions.apps.SessionsConfig']\nSESSION_COOKIE_SECURE = False" },
    { name: 'a bool computed from the environment', code: `import os\n${BOTH}\nSESSION_COOKIE_SECURE = os.environ.get('COOKIE_FLAG', 'True') == 'True'` },
    { name: 'django-environ bool cast', code: `import environ\nenv = environ.Env()\n${BOTH}\nSESSION_COOKIE_SECURE = env.bool('COOKIE_FLAG', default=False)`, env: { COOKIE_FLAG: 'true' } },
    { name: "3.2 truthiness: the string 'True' passes", code: `${BOTH}\nSESSION_COOKIE_SECURE = 'True'`, django: DJ32 },
    { name: "3.2 truthiness: the string 'false' passes", code: `${BOTH}\nSESSION_COOKIE_SECURE = 'false'`, django: DJ32 },
    { name: '4.0 truthiness: 1 passes', code: `${BOTH}\nSESSION_COOKIE_SECURE = 1`, django: { major: 4, minor: 0 } },
    { name: 'a later assignment fixes it', code: `${BOTH}\nSESSION_COOKIE_SECURE = False\nSESSION_COOKIE_SECURE = True` },
    { name: 'missing env var', code: `import os\n${BOTH}\nSESSION_COOKIE_SECURE = os.environ['COOKIE_FLAG'] == '1'`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${BOTH}\nSESSION_COOKIE_SECURE = 'runserver' not in sys.argv`, status: 'unknown' },
    { name: 'INSTALLED_APPS from a missing env var', code: `import os\nINSTALLED_APPS = os.environ['APPS'].split(',')\nSESSION_COOKIE_SECURE = False`, status: 'unknown' },
    { name: 'an unknown flag does not matter when sessions are not in use', code: "import os\nINSTALLED_APPS = ['django.contrib.auth']\nSESSION_COOKIE_SECURE = os.environ['COOKIE_FLAG'] == '1'" },
  ],
  invalid: [
    { name: 'unset: the default is False', code: BOTH, errors: [{ messageId: 'both', line: 1 }] },
    { name: '3.2: unset', code: APP, django: DJ32, errors: [{ messageId: 'appOnly', line: 1 }] },
    { code: `${BOTH}\nSESSION_COOKIE_SECURE = False`, errors: [{ messageId: 'both', line: 3 }] },
    { name: 'sessions app only', code: `${APP}\nSESSION_COOKIE_SECURE = False`, errors: [{ messageId: 'appOnly', line: 2 }] },
    { name: 'SessionMiddleware only', code: `${MW}\nSESSION_COOKIE_SECURE = False`, errors: [{ messageId: 'middlewareOnly', line: 2 }] },
    { name: 'SessionsConfig counts as no app: middleware only', code: `INSTALLED_APPS = ['django.contrib.sessions.apps.SessionsConfig']\n${MW}\nSESSION_COOKIE_SECURE = False`, errors: [{ messageId: 'middlewareOnly', line: 3 }] },
    { name: "the string 'True' is not True (4.1+)", code: `${BOTH}\nSESSION_COOKIE_SECURE = 'True'`, errors: [{ messageId: 'both', line: 3 }] },
    { name: '1 is not True (4.1+)', code: `${BOTH}\nSESSION_COOKIE_SECURE = 1`, errors: [{ messageId: 'both', line: 3 }] },
    { name: "'True' is not True on Django 4.1", code: `${APP}\nSESSION_COOKIE_SECURE = 'True'`, django: { major: 4, minor: 1 }, errors: [{ messageId: 'appOnly', line: 2 }] },
    { name: 'an env string is not True', code: `import os\n${BOTH}\nSESSION_COOKIE_SECURE = os.environ.get('COOKIE_FLAG', 'True')`, errors: [{ messageId: 'both', line: 4 }] },
    { name: "3.2: '' is falsy", code: `${BOTH}\nSESSION_COOKIE_SECURE = ''`, django: DJ32, errors: [{ messageId: 'both', line: 3 }] },
    { name: '3.2: 0 is falsy', code: `${MW}\nSESSION_COOKIE_SECURE = 0`, django: DJ32, errors: [{ messageId: 'middlewareOnly', line: 2 }] },
    { name: 'last assignment wins', code: `${BOTH}\nSESSION_COOKIE_SECURE = True\nSESSION_COOKIE_SECURE = None`, errors: [{ messageId: 'both', line: 4 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${BOTH}`,
      files: { 'mysite/base.py': "DEBUG = False\nSESSION_COOKIE_SECURE = 'on'\n" },
      errors: [{ messageId: 'both', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: 'from .base import *\nSESSION_COOKIE_SECURE = False',
      files: { 'mysite/base.py': `${BOTH}\nSESSION_COOKIE_SECURE = True\n` },
      errors: [{ messageId: 'both', line: 2 }],
    },
  ],
});
