import { describe, expect, it } from 'vitest';
import rule from '../../rules/secure-flag-env-default.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// Each HTTPS setting as it is when the deployment does not export the variable it is read from.
const OS = 'import os\n';
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n";
const ENVIRON = 'import environ\nenv = environ.Env()\n';

testRule(rule, {
  valid: [
    { name: 'literals are the Django checks\' business', code: `${SM}SECURE_SSL_REDIRECT = False\nSESSION_COOKIE_SECURE = False` },
    { name: 'nothing set', code: "ALLOWED_HOSTS = ['example.com']" },
    { name: 'secure defaults', code: `${OS}${SM}SECURE_SSL_REDIRECT = os.environ.get('SSL_REDIRECT', 'true') == 'true'\nCSRF_COOKIE_SECURE = os.environ.get('CSRF_SECURE', '1') == '1'`, env: { SSL_REDIRECT: 'false' } },
    { name: 'django-environ with True defaults', code: `${ENVIRON}SESSION_COOKIE_SECURE = env.bool('COOKIE_SECURE', default=True)\nCSRF_COOKIE_SECURE = env.bool('COOKIE_SECURE', default=True)`, env: { COOKIE_SECURE: 'no' } },
    { name: "a 'False' string default is truthy: the middleware redirects", code: `${OS}${SM}SECURE_SSL_REDIRECT = os.environ.get('SSL_REDIRECT', 'False')` },
    { name: 'required variables', code: `${OS}SESSION_COOKIE_SECURE = os.environ['COOKIE_SECURE'] == '1'`, env: { COOKIE_SECURE: '1' } },
    { name: 'HSTS seconds with a year default', code: `${OS}${SM}SECURE_HSTS_SECONDS = int(os.environ.get('HSTS_SECONDS', '31536000'))`, env: { HSTS_SECONDS: '0' } },
    {
      name: 'without SecurityMiddleware the redirect and HSTS settings do nothing',
      code: `${OS}SECURE_SSL_REDIRECT = os.environ.get('SSL_REDIRECT') == '1'\nSECURE_HSTS_SECONDS = int(os.environ.get('HSTS', '0'))`,
      env: { SSL_REDIRECT: '1', HSTS: '3600' },
    },
    { name: 'preloading is opt-in: a False default is fine', code: `${ENVIRON}${SM}SECURE_HSTS_PRELOAD = env.bool('HSTS_PRELOAD', default=False)`, env: { HSTS_PRELOAD: 'on' } },
    { name: 'an unknown value not known to come from the environment', code: "import sys\nSESSION_COOKIE_SECURE = 'runserver' not in sys.argv", status: 'unknown' },
  ],
  invalid: [
    {
      name: 'exported True, default False',
      code: `${OS}SESSION_COOKIE_SECURE = os.environ.get('SESSION_COOKIE_SECURE', 'False') == 'True'`,
      env: { SESSION_COOKIE_SECURE: 'True' },
      errors: [{ messageId: 'offWhenMissing', line: 2 }],
    },
    { name: 'not exported: off right now', code: `${OS}CSRF_COOKIE_SECURE = os.environ.get('CSRF_COOKIE_SECURE') == 'True'`, errors: [{ messageId: 'offNow', line: 2 }] },
    {
      name: 'one finding per setting, in a fixed order',
      code: `${ENVIRON}${SM}SECURE_SSL_REDIRECT = env.bool('HTTPS', default=False)\nSECURE_HSTS_SECONDS = env.int('HSTS_SECONDS', default=0)\nSECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool('HTTPS', default=False)\nSECURE_HSTS_PRELOAD = env.bool('HTTPS', default=False)\nSESSION_COOKIE_SECURE = env.bool('HTTPS', default=False)\nCSRF_COOKIE_SECURE = env.bool('HTTPS', default=False)`,
      env: { HTTPS: 'on', HSTS_SECONDS: '31536000' },
      errors: [
        { messageId: 'offWhenMissing', line: 4 },
        { messageId: 'offWhenMissing', line: 5 },
        { messageId: 'offWhenMissing', line: 6 },
        { messageId: 'offWhenMissing', line: 8 },
        { messageId: 'offWhenMissing', line: 9 },
      ],
    },
    {
      name: 'the cookie flags need no SecurityMiddleware',
      code: `${OS}SECURE_SSL_REDIRECT = os.environ.get('HTTPS') == 'on'\nSESSION_COOKIE_SECURE = os.environ.get('HTTPS') == 'on'`,
      env: { HTTPS: 'on' },
      errors: [{ messageId: 'offWhenMissing', line: 3 }],
    },
    {
      name: 'a branch on the environment: the finding points at the setting when the default applies',
      code: `${OS}if os.environ.get('DJANGO_ENV') == 'production':\n    SESSION_COOKIE_SECURE = True`,
      env: { DJANGO_ENV: 'production' },
      errors: [{ messageId: 'offWhenMissing', line: 3 }],
    },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': `${OS}\n\nSECURE_SSL_REDIRECT = bool(os.environ.get('SSL_REDIRECT'))\n` },
      env: { SSL_REDIRECT: 'yes' },
      errors: [{ messageId: 'offWhenMissing', line: 4, file: 'mysite/base.py' }],
    },
    {
      name: 'a committed .env that the deployment does not override: off now',
      code: `${ENVIRON}environ.Env.read_env()\nCSRF_COOKIE_SECURE = env.bool('CSRF_COOKIE_SECURE', default=True)`,
      files: { 'mysite/.env': 'CSRF_COOKIE_SECURE=False\n' },
      errors: [{ messageId: 'offNow', line: 4 }],
    },
    {
      name: 'decouple with a False default',
      code: "from decouple import config\nCSRF_COOKIE_SECURE = config('CSRF_COOKIE_SECURE', default=False, cast=bool)",
      errors: [{ messageId: 'offNow', line: 2 }],
    },
  ],
});

describe('secure-flag-env-default messages', () => {
  it('names the setting, the fallback value and the variable', () => {
    const outcome = runRule(rule, { code: `${OS}${SM}SECURE_HSTS_SECONDS = int(os.environ.get('HSTS_SECONDS', '0'))`, env: { HSTS_SECONDS: '63072000' } });
    expect(outcome.findings.map((f) => [f.message, f.severity, f.setting])).toEqual([
      ['SECURE_HSTS_SECONDS falls back to 0 when the deployment omits HSTS_SECONDS', 'info', 'SECURE_HSTS_SECONDS'],
    ]);
  });

  it('says the protection is off now when the variable is not set', () => {
    const outcome = runRule(rule, { code: `${OS}SESSION_COOKIE_SECURE = os.environ.get('COOKIE_SECURE', '') == 'yes'` });
    expect(outcome.findings.map((f) => f.message)).toEqual(['SESSION_COOKIE_SECURE is False: the fallback used when COOKIE_SECURE is missing']);
  });
});
