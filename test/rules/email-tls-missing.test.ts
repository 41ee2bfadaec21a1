import { describe, expect, it } from 'vitest';
import rule from '../../rules/email-tls-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const HOST = "EMAIL_HOST = 'smtp.mailgun.org'";
const SECRET = 'smtp-Pa55word-xyz';

testRule(rule, {
  valid: [
    { name: "unset: EMAIL_HOST defaults to 'localhost'", code: 'DEBUG = False' },
    { name: 'STARTTLS', code: `${HOST}\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True` },
    { name: 'implicit TLS', code: `${HOST}\nEMAIL_PORT = 465\nEMAIL_USE_SSL = True` },
    { name: 'truthiness, as Django tests it', code: `${HOST}\nEMAIL_USE_TLS = 1` },
    { name: 'a local relay', code: "EMAIL_HOST = '127.0.0.1'" },
    { name: "a relay on the compose network ('postfix')", code: "EMAIL_HOST = 'postfix'" },
    { name: 'the console backend', code: `EMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'\n${HOST}`, status: 'skipped' },
    { name: 'an HTTP API backend (django-anymail)', code: `EMAIL_BACKEND = 'anymail.backends.mailgun.EmailBackend'\n${HOST}`, status: 'skipped' },
    { name: 'TLS from the environment given (django-environ)', code: `import environ\nenv = environ.Env()\n${HOST}\nEMAIL_USE_TLS = env.bool('EMAIL_USE_TLS', default=False)`, env: { EMAIL_USE_TLS: 'true' } },
    {
      name: 'django-environ email_url with smtp+tls',
      code: "import environ\nenv = environ.Env()\nvars().update(env.email_url('EMAIL_URL'))",
      env: { EMAIL_URL: 'smtp+tls://user:pw@smtp.mailgun.org:587' },
    },
    { name: 'TLS on decides even when the host is unknown', code: "import os\nEMAIL_HOST = os.environ['EMAIL_HOST']\nEMAIL_USE_TLS = True" },
    { name: 'the backend is unknown but the host is local', code: "import os\nEMAIL_BACKEND = os.environ['EMAIL_BACKEND']\nEMAIL_HOST = 'localhost'" },
    { name: 'the host from a missing variable', code: "import os\nEMAIL_HOST = os.environ['EMAIL_HOST']", status: 'unknown' },
    { name: 'the backend from a missing variable', code: `import os\nEMAIL_BACKEND = os.environ['EMAIL_BACKEND']\n${HOST}`, status: 'unknown' },
    { name: 'TLS depends on sys.argv', code: `import sys\n${HOST}\nEMAIL_USE_TLS = 'test' not in sys.argv`, status: 'unknown' },
  ],
  invalid: [
    { name: 'a remote host without TLS', code: HOST, errors: [{ messageId: 'plain', line: 1 }] },
    { name: 'EMAIL_USE_TLS explicitly off: the finding points there', code: `${HOST}\nEMAIL_PORT = 587\nEMAIL_USE_TLS = False`, errors: [{ messageId: 'plain', line: 3 }] },
    { name: 'the SMTP backend named explicitly', code: `EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n${HOST}`, errors: [{ messageId: 'plain', line: 2 }] },
    {
      name: 'with a user and a password the login goes in clear',
      code: `import os\n${HOST}\nEMAIL_HOST_USER = 'postmaster@mg.example.com'\nEMAIL_HOST_PASSWORD = os.environ['EMAIL_HOST_PASSWORD']`,
      env: { EMAIL_HOST_PASSWORD: SECRET },
      errors: [{ messageId: 'login', line: 2 }],
    },
    { name: 'a user without a password: Django does not log in', code: `${HOST}\nEMAIL_HOST_USER = 'postmaster@mg.example.com'`, errors: [{ messageId: 'plain', line: 1 }] },
    { name: 'a password that cannot be evaluated: the plain message', code: `import os\n${HOST}\nEMAIL_HOST_USER = 'u'\nEMAIL_HOST_PASSWORD = os.environ['EMAIL_HOST_PASSWORD']`, errors: [{ messageId: 'plain', line: 2 }] },
    { name: 'a private IP address', code: "EMAIL_HOST = '10.0.0.25'", errors: [{ messageId: 'plain', line: 1 }] },
    { name: 'from the environment given', code: "import os\nEMAIL_HOST = os.environ.get('EMAIL_HOST', 'localhost')", env: { EMAIL_HOST: 'smtp.sendgrid.net' }, errors: [{ messageId: 'plain', line: 2 }] },
    {
      name: 'django-environ email_url with plain smtp',
      code: "import environ\nenv = environ.Env()\nvars().update(env.email_url('EMAIL_URL'))",
      env: { EMAIL_URL: 'smtp://smtp.mailgun.org:25' },
      errors: [{ messageId: 'plain', line: 3 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\n${HOST}\n` },
      errors: [{ messageId: 'plain', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'TLS switched off in the production module',
      code: 'from .base import *\nEMAIL_USE_TLS = False',
      files: { 'mysite/base.py': `${HOST}\nEMAIL_USE_TLS = True\n` },
      errors: [{ messageId: 'plain', line: 2 }],
    },
  ],
});

describe('email-tls-missing: messages', () => {
  it('names the host, never the password', () => {
    const outcome = runRule(rule, { code: `${HOST}\nEMAIL_HOST_USER = 'u'\nEMAIL_HOST_PASSWORD = '${SECRET}'` });
    expect(outcome.findings.map((f) => f.message)).toEqual(['the SMTP login to smtp.mailgun.org is sent without TLS (EMAIL_USE_TLS/SSL are off)']);
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
    expect(runRule(rule, { code: HOST }).findings.map((f) => f.message)).toEqual(['mail to smtp.mailgun.org is sent without TLS (EMAIL_USE_TLS and EMAIL_USE_SSL are off)']);
  });
});
