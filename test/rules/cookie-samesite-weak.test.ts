import { describe, expect, it } from 'vitest';
import rule from '../../rules/cookie-samesite-weak.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// set_cookie: false -> no attribute; 'lax'/'strict'/'none' in any case; anything else raises.
const SESSIONS = "INSTALLED_APPS = ['django.contrib.sessions']";

testRule(rule, {
  valid: [
    { name: "Django's defaults ('Lax')", code: SESSIONS },
    { code: `${SESSIONS}\nSESSION_COOKIE_SAMESITE = 'Strict'\nCSRF_COOKIE_SAMESITE = 'Lax'` },
    { name: 'any case', code: `${SESSIONS}\nSESSION_COOKIE_SAMESITE = 'lax'\nCSRF_COOKIE_SAMESITE = 'STRICT'` },
    { name: 'no sessions: the session cookie is never set', code: "SESSION_COOKIE_SAMESITE = 'None'" },
    { name: 'CSRF_USE_SESSIONS: there is no CSRF cookie', code: 'CSRF_USE_SESSIONS = True\nCSRF_COOKIE_SAMESITE = None' },
    { name: 'from the environment', code: `import os\n${SESSIONS}\nSESSION_COOKIE_SAMESITE = os.environ.get('SAMESITE', 'Lax')`, env: { SAMESITE: 'Strict' } },
    { name: 'Lax in every branch of an unknown condition', code: `import sys\n${SESSIONS}\nif 'x' in sys.argv:\n    SESSION_COOKIE_SAMESITE = 'Lax'\nelse:\n    SESSION_COOKIE_SAMESITE = 'lax'` },
    { name: 'an unknown value', code: `import os\n${SESSIONS}\nSESSION_COOKIE_SAMESITE = os.environ['SAMESITE']`, status: 'unknown' },
    { name: 'an unknown value, sessions not in use', code: "import os\nSESSION_COOKIE_SAMESITE = os.environ['SAMESITE']\nCSRF_USE_SESSIONS = True" },
  ],
  invalid: [
    { name: "the string 'None'", code: `${SESSIONS}\nSESSION_COOKIE_SAMESITE = 'None'`, errors: [{ messageId: 'none', line: 2 }] },
    { name: "'none' in lower case", code: "CSRF_COOKIE_SAMESITE = 'none'", errors: [{ messageId: 'none', line: 1 }] },
    { name: 'None: no attribute', code: "DEBUG = False\nCSRF_COOKIE_SAMESITE = None", errors: [{ messageId: 'missing', line: 2 }] },
    { name: 'False: no attribute', code: 'CSRF_COOKIE_SAMESITE = False', errors: [{ messageId: 'missing', line: 1 }] },
    { name: "'' is false too", code: "CSRF_COOKIE_SAMESITE = ''", errors: [{ messageId: 'missing', line: 1 }] },
    { name: 'an unknown word', code: "CSRF_COOKIE_SAMESITE = 'Secure'", errors: [{ messageId: 'invalid', line: 1 }] },
    { name: 'True has no .lower()', code: 'CSRF_COOKIE_SAMESITE = True', errors: [{ messageId: 'invalid', line: 1 }] },
    { name: "Django 3.0 does not accept 'None'", code: "CSRF_COOKIE_SAMESITE = 'None'", django: { major: 3, minor: 0 }, errors: [{ messageId: 'invalid', line: 1 }] },
    {
      name: 'one finding per cookie',
      code: `${SESSIONS}\nSESSION_COOKIE_SAMESITE = None\nX = 1\nCSRF_COOKIE_SAMESITE = 'None'`,
      errors: [
        { messageId: 'missing', line: 2 },
        { messageId: 'none', line: 4 },
      ],
    },
    {
      name: 'SessionMiddleware alone counts as sessions in use',
      code: "MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\nSESSION_COOKIE_SAMESITE = False",
      errors: [{ messageId: 'missing', line: 2 }],
    },
    {
      name: 'an env default',
      code: `import os\n${SESSIONS}\nSESSION_COOKIE_SAMESITE = os.environ.get('SAMESITE', 'None')`,
      errors: [{ messageId: 'none', line: 3 }],
    },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SESSIONS}`,
      files: { 'mysite/base.py': "DEBUG = False\nSESSION_COOKIE_SAMESITE = 'None'\n" },
      errors: [{ messageId: 'none', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the CSRF cookie fires even when the session setting is unknown',
      code: `import os\n${SESSIONS}\nSESSION_COOKIE_SAMESITE = os.environ['SAMESITE']\nCSRF_COOKIE_SAMESITE = None`,
      errors: [{ messageId: 'missing', line: 4 }],
    },
  ],
});

describe('cookie-samesite-weak messages', () => {
  it('names the setting and the value', () => {
    const outcome = runRule(rule, { code: `${SESSIONS}\nSESSION_COOKIE_SAMESITE = 'None'\nCSRF_COOKIE_SAMESITE = 'Loose'` });
    expect(outcome.findings.map((f) => [f.message, f.severity, f.setting])).toEqual([
      ["SESSION_COOKIE_SAMESITE is 'None': the cookie is sent with cross-site requests", 'warning', 'SESSION_COOKIE_SAMESITE'],
      ["CSRF_COOKIE_SAMESITE is 'Loose', which set_cookie rejects with an error", 'warning', 'CSRF_COOKIE_SAMESITE'],
    ]);
    const missing = runRule(rule, { code: 'CSRF_COOKIE_SAMESITE = None' });
    expect(missing.findings.map((f) => f.message)).toEqual(['CSRF_COOKIE_SAMESITE is None: no SameSite attribute, so browsers decide']);
  });
});
