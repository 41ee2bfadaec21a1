import { describe, expect, it } from 'vitest';
import rule from '../../rules/session-cookie-age-long.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// SESSION_COOKIE_AGE > 1209600 while SESSION_EXPIRE_AT_BROWSER_CLOSE is false, with sessions in use.
const SESSIONS = "INSTALLED_APPS = ['django.contrib.sessions']";

testRule(rule, {
  valid: [
    { name: "Django's default, two weeks", code: SESSIONS },
    { name: 'exactly two weeks', code: `${SESSIONS}\nSESSION_COOKIE_AGE = 1209600` },
    { name: 'a working day', code: `${SESSIONS}\nSESSION_COOKIE_AGE = 60 * 60 * 8` },
    { name: 'browser-length sessions', code: `${SESSIONS}\nSESSION_COOKIE_AGE = 31536000\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True` },
    { name: 'browser-length sessions, truthy', code: `${SESSIONS}\nSESSION_COOKIE_AGE = 31536000\nSESSION_EXPIRE_AT_BROWSER_CLOSE = 1` },
    { name: 'no sessions', code: 'SESSION_COOKIE_AGE = 31536000' },
    { name: 'from the environment', code: `import os\n${SESSIONS}\nSESSION_COOKIE_AGE = int(os.environ.get('SESSION_AGE', '3600'))`, env: { SESSION_AGE: '7200' } },
    { name: 'an unknown age', code: `import os\n${SESSIONS}\nSESSION_COOKIE_AGE = int(os.environ['SESSION_AGE'])`, status: 'unknown' },
    { name: 'an unknown browser-close flag', code: `import os\n${SESSIONS}\nSESSION_COOKIE_AGE = 31536000\nSESSION_EXPIRE_AT_BROWSER_CLOSE = os.environ['CLOSE'] == '1'`, status: 'unknown' },
    { name: 'an unknown age, but browser-length sessions', code: `import os\n${SESSIONS}\nSESSION_COOKIE_AGE = int(os.environ['SESSION_AGE'])\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True` },
    { name: 'a string is not a number of seconds', code: `${SESSIONS}\nSESSION_COOKIE_AGE = '31536000'`, status: 'unknown' },
  ],
  invalid: [
    { name: 'a year', code: `${SESSIONS}\nSESSION_COOKIE_AGE = 60 * 60 * 24 * 365`, errors: [{ messageId: 'long', line: 2 }] },
    { name: 'one second over', code: `${SESSIONS}\nSESSION_COOKIE_AGE = 1209601`, errors: [{ messageId: 'long', line: 2 }] },
    { name: 'a float', code: `${SESSIONS}\nSESSION_COOKIE_AGE = 2592000.0`, errors: [{ messageId: 'long', line: 2 }] },
    { name: 'SessionMiddleware alone', code: "MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\nSESSION_COOKIE_AGE = 2592000", errors: [{ messageId: 'long', line: 2 }] },
    { name: 'browser-close explicitly off', code: `${SESSIONS}\nSESSION_EXPIRE_AT_BROWSER_CLOSE = False\nSESSION_COOKIE_AGE = 2592000`, errors: [{ messageId: 'long', line: 3 }] },
    { name: 'an env default', code: `import os\n${SESSIONS}\nSESSION_COOKIE_AGE = int(os.environ.get('SESSION_AGE', '31536000'))`, errors: [{ messageId: 'long', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SESSIONS}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSESSION_COOKIE_AGE = 2592000\n' },
      errors: [{ messageId: 'long', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('session-cookie-age-long messages', () => {
  it('gives the age in seconds and days', () => {
    const outcome = runRule(rule, { code: `${SESSIONS}\nSESSION_COOKIE_AGE = 2592000` });
    expect(outcome.findings.map((f) => [f.message, f.severity])).toEqual([['SESSION_COOKIE_AGE is 2592000 (30 days), longer than two weeks', 'info']]);
  });
});
