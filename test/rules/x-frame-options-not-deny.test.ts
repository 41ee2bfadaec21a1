import rule from '../../rules/x-frame-options-not-deny.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W019: XFrameOptionsMiddleware on and `X_FRAME_OPTIONS != 'DENY'` (exact, case-sensitive).
// The default is 'DENY' since Django 3.0 ('SAMEORIGIN' before).
const XM = "MIDDLEWARE = ['django.middleware.clickjacking.XFrameOptionsMiddleware']";

testRule(rule, {
  valid: [
    { name: "unset: the default is 'DENY'", code: XM },
    { code: `${XM}\nX_FRAME_OPTIONS = 'DENY'` },
    { name: 'given by the environment', code: `import os\n${XM}\nX_FRAME_OPTIONS = os.environ.get('XFO', 'SAMEORIGIN')`, env: { XFO: 'DENY' } },
    { name: 'Django 3.0 default', code: XM, django: { major: 3, minor: 0 } },
    { name: 'without XFrameOptionsMiddleware only W002 fires', code: "X_FRAME_OPTIONS = 'SAMEORIGIN'", status: 'skipped' },
    { name: 'a later assignment fixes it', code: `${XM}\nX_FRAME_OPTIONS = 'SAMEORIGIN'\nX_FRAME_OPTIONS = 'DENY'` },
    { name: 'missing env var', code: `import os\n${XM}\nX_FRAME_OPTIONS = os.environ['XFO']`, status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\n${XM}\nX_FRAME_OPTIONS = 'SAMEORIGIN' if 'runserver' in sys.argv else 'DENY'`, status: 'unknown' },
    { name: 'MIDDLEWARE from a missing env var', code: "import os\nMIDDLEWARE = os.environ['MW'].split(',')\nX_FRAME_OPTIONS = 'SAMEORIGIN'", status: 'unknown' },
    { name: "'DENY' decides it even when MIDDLEWARE is unknown", code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')\nX_FRAME_OPTIONS = 'DENY'" },
  ],
  invalid: [
    { code: `${XM}\nX_FRAME_OPTIONS = 'SAMEORIGIN'`, errors: [{ messageId: 'notDeny', line: 2 }] },
    { name: 'case-sensitive', code: `${XM}\nX_FRAME_OPTIONS = 'deny'`, errors: [{ messageId: 'notDeny', line: 2 }] },
    { name: 'not stripped', code: `${XM}\nX_FRAME_OPTIONS = 'DENY '`, errors: [{ messageId: 'notDeny', line: 2 }] },
    { name: 'None', code: `${XM}\nX = 1\nX_FRAME_OPTIONS = None`, errors: [{ messageId: 'notDeny', line: 3 }] },
    { name: "Django 2.2's default is 'SAMEORIGIN'", code: XM, django: { major: 2, minor: 2 }, errors: [{ messageId: 'notDeny', line: 1 }] },
    { name: 'the default of an unset variable', code: `import os\n${XM}\nX_FRAME_OPTIONS = os.environ.get('XFO', 'SAMEORIGIN')`, errors: [{ messageId: 'notDeny', line: 3 }] },
    { name: 'last assignment wins', code: `${XM}\nX_FRAME_OPTIONS = 'DENY'\nX_FRAME_OPTIONS = 'ALLOW-FROM https://example.com'`, errors: [{ messageId: 'notDeny', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${XM}`,
      files: { 'mysite/base.py': "DEBUG = False\nX_FRAME_OPTIONS = 'SAMEORIGIN'\n" },
      errors: [{ messageId: 'notDeny', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: "from .base import *\nX_FRAME_OPTIONS = 'SAMEORIGIN'",
      files: { 'mysite/base.py': `${XM}\nX_FRAME_OPTIONS = 'DENY'\n` },
      errors: [{ messageId: 'notDeny', line: 2 }],
    },
  ],
});
