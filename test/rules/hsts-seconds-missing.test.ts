import rule from '../../rules/hsts-seconds-missing.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W004: SecurityMiddleware on and `not SECURE_HSTS_SECONDS` (truthiness: 0, None, '' fire; '0', -1, 60 pass).
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

testRule(rule, {
  valid: [
    { code: `${SM}\nSECURE_HSTS_SECONDS = 31536000` },
    { name: 'a small value is never flagged', code: `${SM}\nSECURE_HSTS_SECONDS = 60` },
    { name: "the string '0' is truthy", code: `${SM}\nSECURE_HSTS_SECONDS = '0'` },
    { name: '-1 is truthy', code: `${SM}\nSECURE_HSTS_SECONDS = -1` },
    { name: 'int() of an exported variable', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ.get('HSTS_SECONDS', '0'))`, env: { HSTS_SECONDS: '3600' } },
    { name: 'an env string, uncast', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = os.environ.get('HSTS_SECONDS', '0')` },
    { name: 'without SecurityMiddleware only W001 fires', code: 'SECURE_HSTS_SECONDS = 0', status: 'skipped' },
    { name: 'a later assignment fixes it', code: `${SM}\nSECURE_HSTS_SECONDS = 0\nSECURE_HSTS_SECONDS = 3600` },
    { name: 'set in a base module', code: `from .base import *\n${SM}`, files: { 'mysite/base.py': 'SECURE_HSTS_SECONDS = 31536000\n' } },
    { name: 'missing env var', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ['HSTS_SECONDS'])`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${SM}\nSECURE_HSTS_SECONDS = 0 if 'runserver' in sys.argv else 31536000`, status: 'unknown' },
    { name: 'MIDDLEWARE depends on sys.argv', code: `import sys\nMIDDLEWARE = [] if 'runserver' in sys.argv else ['django.middleware.security.SecurityMiddleware']`, status: 'unknown' },
    { name: 'a truthy value decides it even when MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')\nSECURE_HSTS_SECONDS = 31536000" },
  ],
  invalid: [
    { name: 'unset: the default is 0', code: SM, errors: [{ messageId: 'notSet', line: 1 }] },
    { code: `${SM}\nSECURE_HSTS_SECONDS = 0`, errors: [{ messageId: 'notSet', line: 2 }] },
    { name: 'None', code: `${SM}\nSECURE_HSTS_SECONDS = None`, errors: [{ messageId: 'notSet', line: 2 }] },
    { name: "''", code: `${SM}\nSECURE_HSTS_SECONDS = ''`, errors: [{ messageId: 'notSet', line: 2 }] },
    { name: 'False', code: `${SM}\nX = 1\nSECURE_HSTS_SECONDS = False`, errors: [{ messageId: 'notSet', line: 3 }] },
    { name: '0.0', code: `${SM}\nSECURE_HSTS_SECONDS = 0.0`, errors: [{ messageId: 'notSet', line: 2 }] },
    { name: 'int() of an unset variable with default 0', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ.get('HSTS_SECONDS', '0'))`, errors: [{ messageId: 'notSet', line: 3 }] },
    { name: 'int() of an exported 0', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ['HSTS_SECONDS'])`, env: { HSTS_SECONDS: '0' }, errors: [{ messageId: 'notSet', line: 3 }] },
    { name: 'Django 3.2 has W004 too', code: SM, django: { major: 3, minor: 2 }, errors: [{ messageId: 'notSet', line: 1 }] },
    { name: 'last assignment wins', code: `${SM}\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_SECONDS = 0`, errors: [{ messageId: 'notSet', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSECURE_HSTS_SECONDS = 0\n' },
      errors: [{ messageId: 'notSet', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'two levels of star imports: the base overrides the common module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/common.py': 'SECURE_HSTS_SECONDS = 31536000\n', 'mysite/base.py': 'from .common import *\n\nSECURE_HSTS_SECONDS = 0\n' },
      errors: [{ messageId: 'notSet', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'two levels of star imports: set in the deepest module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/common.py': 'X = 1\nSECURE_HSTS_SECONDS = None\n', 'mysite/base.py': 'from .common import *\n' },
      errors: [{ messageId: 'notSet', line: 2, file: 'mysite/common.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: 'from .base import *\nSECURE_HSTS_SECONDS = 0',
      files: { 'mysite/base.py': `${SM}\nSECURE_HSTS_SECONDS = 31536000\n` },
      errors: [{ messageId: 'notSet', line: 2 }],
    },
  ],
});
