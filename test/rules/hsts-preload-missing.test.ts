import rule from '../../rules/hsts-preload-missing.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W021: SecurityMiddleware on, SECURE_HSTS_SECONDS truthy, and `SECURE_HSTS_PRELOAD is not True` (in every Django version).
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
const HSTS = `${SM}\nSECURE_HSTS_SECONDS = 31536000`;

testRule(rule, {
  valid: [
    { code: `${HSTS}\nSECURE_HSTS_PRELOAD = True` },
    { name: 'a bool computed from the environment', code: `import os\n${HSTS}\nSECURE_HSTS_PRELOAD = os.environ.get('HSTS_FLAG', 'true') == 'true'` },
    { name: 'HSTS off: W004 reports it, this check passes', code: `${SM}\nSECURE_HSTS_SECONDS = 0`, status: 'skipped' },
    { name: 'HSTS unset', code: SM, status: 'skipped' },
    { name: 'without SecurityMiddleware only W001 fires', code: 'SECURE_HSTS_SECONDS = 31536000', status: 'skipped' },
    { name: 'set in a base module', code: `from .base import *\n${HSTS}`, files: { 'mysite/base.py': 'SECURE_HSTS_PRELOAD = True\n' } },
    { name: 'a later assignment fixes it', code: `${HSTS}\nSECURE_HSTS_PRELOAD = False\nSECURE_HSTS_PRELOAD = True` },
    { name: 'missing env var', code: `import os\n${HSTS}\nSECURE_HSTS_PRELOAD = os.environ['HSTS_FLAG'] == '1'`, status: 'unknown' },
    { name: 'HSTS seconds from a missing env var', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ['HSTS_SECONDS'])`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${HSTS}\nSECURE_HSTS_PRELOAD = 'runserver' not in sys.argv`, status: 'unknown' },
    { name: 'True decides it even when SECURE_HSTS_SECONDS is unknown', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ['HSTS_SECONDS'])\nSECURE_HSTS_PRELOAD = True` },
  ],
  invalid: [
    { name: 'unset: the default is False', code: HSTS, errors: [{ messageId: 'notTrue', line: 1 }] },
    { code: `${HSTS}\nSECURE_HSTS_PRELOAD = False`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: "the string 'True' is not True", code: `${HSTS}\nSECURE_HSTS_PRELOAD = 'True'`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: '1 is not True', code: `${HSTS}\nSECURE_HSTS_PRELOAD = 1`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: "Django 3.2 also needs is True", code: `${HSTS}\nSECURE_HSTS_PRELOAD = 'True'`, django: { major: 3, minor: 2 }, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: 'an env string is not True', code: `import os\n${HSTS}\nSECURE_HSTS_PRELOAD = os.environ.get('HSTS_FLAG', 'True')`, errors: [{ messageId: 'notTrue', line: 4 }] },
    { name: "SECURE_HSTS_SECONDS = '0' is truthy, so the flag is checked", code: `${SM}\nSECURE_HSTS_SECONDS = '0'`, errors: [{ messageId: 'notTrue', line: 1 }] },
    { name: 'SECURE_HSTS_SECONDS = -1 is truthy', code: `${SM}\nSECURE_HSTS_SECONDS = -1\nSECURE_HSTS_PRELOAD = None`, errors: [{ messageId: 'notTrue', line: 3 }] },
    { name: 'last assignment wins', code: `${HSTS}\nSECURE_HSTS_PRELOAD = True\nSECURE_HSTS_PRELOAD = 'yes'`, errors: [{ messageId: 'notTrue', line: 4 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${HSTS}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSECURE_HSTS_PRELOAD = False\n' },
      errors: [{ messageId: 'notTrue', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: 'from .base import *\nSECURE_HSTS_PRELOAD = 0',
      files: { 'mysite/base.py': `${HSTS}\nSECURE_HSTS_PRELOAD = True\n` },
      errors: [{ messageId: 'notTrue', line: 2 }],
    },
  ],
});
