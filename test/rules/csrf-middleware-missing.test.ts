import rule from '../../rules/csrf-middleware-missing.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W003: 'django.middleware.csrf.CsrfViewMiddleware' not in MIDDLEWARE (exact string; MIDDLEWARE_CLASSES ignored).
const CSRF = "'django.middleware.csrf.CsrfViewMiddleware'";

testRule(rule, {
  valid: [
    { code: `MIDDLEWARE = ['django.middleware.security.SecurityMiddleware', ${CSRF}]` },
    { name: 'a tuple', code: `MIDDLEWARE = (${CSRF},)` },
    { name: 'added by the settings to a base list', code: `from .base import *\nMIDDLEWARE += [${CSRF}]`, files: { 'mysite/base.py': 'MIDDLEWARE = []\n' } },
    { name: 'in the list whatever sys.argv holds', code: `import sys\nMIDDLEWARE = [${CSRF}]\nif 'runserver' in sys.argv:\n    MIDDLEWARE.append('debug_toolbar.middleware.DebugToolbarMiddleware')` },
    { name: 'MIDDLEWARE from a missing env var', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')", status: 'unknown' },
    { name: 'removed only when runserver is in sys.argv', code: `import sys\nMIDDLEWARE = [${CSRF}]\nif 'runserver' in sys.argv:\n    MIDDLEWARE = []`, status: 'unknown' },
  ],
  invalid: [
    { name: 'unset: the default is []', code: 'DEBUG = False', errors: [{ messageId: 'missing', line: 1 }] },
    { code: "DEBUG = False\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']", errors: [{ messageId: 'missing', line: 2 }] },
    { name: 'a subclass does not count (exact string)', code: "MIDDLEWARE = ['myapp.middleware.CsrfViewMiddleware']", errors: [{ messageId: 'missing', line: 1 }] },
    { name: 'MIDDLEWARE_CLASSES is ignored since Django 2.0', code: `MIDDLEWARE_CLASSES = [${CSRF}]`, errors: [{ messageId: 'missing', line: 1 }] },
    { name: 'last assignment wins', code: `MIDDLEWARE = [${CSRF}]\nMIDDLEWARE = []`, errors: [{ messageId: 'missing', line: 2 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': "X = 1\nMIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n]\n" },
      errors: [{ messageId: 'missing', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'removed by the settings from the base list',
      code: `from .base import *\nMIDDLEWARE.remove(${CSRF})`,
      files: { 'mysite/base.py': `MIDDLEWARE = [\n    ${CSRF},\n]\n` },
      errors: [{ messageId: 'missing', line: 2 }],
    },
  ],
});
