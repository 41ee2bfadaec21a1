import { describe, expect, it } from 'vitest';
import rule from '../../rules/csrf-trusted-origins-insecure.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// CsrfViewMiddleware (4.0+): exact origins, or '*' entries whose netloc.lstrip('*') is an is_same_domain pattern.
const DJ32 = { major: 3, minor: 2 };

testRule(rule, {
  valid: [
    "CSRF_TRUSTED_ORIGINS = ['https://example.com', 'https://www.example.com']",
    { name: 'not set', code: 'DEBUG = False' },
    { name: 'a wildcard over your own domain', code: "CSRF_TRUSTED_ORIGINS = ['https://*.example.com', 'https://*.example.co.uk:8443']" },
    { name: 'your own app on a platform', code: "CSRF_TRUSTED_ORIGINS = ['https://myapp.herokuapp.com']" },
    { name: 'loopback over http', code: "CSRF_TRUSTED_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:8000', 'http://[::1]:8000', 'http://app.localhost', 'http://*.localhost']" },
    { name: "'https://*' matches nothing in Django", code: "CSRF_TRUSTED_ORIGINS = ['https://*']" },
    { name: "an upper-case 'HTTP://' exact entry never equals an Origin header", code: "CSRF_TRUSTED_ORIGINS = ['HTTP://example.com']" },
    { name: 'a tuple', code: "CSRF_TRUSTED_ORIGINS = ('https://example.com',)" },
    { name: 'Django 3.2 host names', code: "CSRF_TRUSTED_ORIGINS = ['example.com', '.example.com']", django: DJ32 },
    { name: 'from the environment', code: "import os\nCSRF_TRUSTED_ORIGINS = os.environ['ORIGINS'].split(',')", env: { ORIGINS: 'https://a.example.com,https://b.example.com' } },
    { name: 'a required variable that is not exported', code: "import os\nCSRF_TRUSTED_ORIGINS = os.environ['ORIGINS'].split(',')", status: 'unknown' },
    { name: 'an unknown entry', code: "import os\nCSRF_TRUSTED_ORIGINS = ['https://example.com', os.environ['ORIGIN']]", status: 'unknown' },
  ],
  invalid: [
    { name: 'plain http', code: "CSRF_TRUSTED_ORIGINS = ['http://example.com']", errors: [{ messageId: 'httpOrigin', line: 1 }] },
    { name: 'plain http wildcard over your domain', code: "CSRF_TRUSTED_ORIGINS = ['HTTP://*.example.com']", errors: [{ messageId: 'httpOrigin', line: 1 }] },
    { name: 'http on a LAN address', code: "CSRF_TRUSTED_ORIGINS = ['http://192.168.1.10:8000']", errors: [{ messageId: 'httpOrigin', line: 1 }] },
    { name: 'a top-level domain', code: "CSRF_TRUSTED_ORIGINS = ['https://*.com']", errors: [{ messageId: 'broad', line: 1 }] },
    { name: 'a platform domain', code: "CSRF_TRUSTED_ORIGINS = ['https://*.herokuapp.com']", errors: [{ messageId: 'broad', line: 1 }] },
    { name: 'several stars are stripped', code: "CSRF_TRUSTED_ORIGINS = ['https://**.vercel.app']", errors: [{ messageId: 'broad', line: 1 }] },
    { name: 'a port does not change the suffix', code: "CSRF_TRUSTED_ORIGINS = ['https://*.co.uk:443']", errors: [{ messageId: 'broad', line: 1 }] },
    { name: "'*' has no scheme", code: "CSRF_TRUSTED_ORIGINS = ['*']", errors: [{ messageId: 'noScheme', line: 1 }] },
    { name: 'a pre-4.0 host name', code: "CSRF_TRUSTED_ORIGINS = ['example.com', '.example.com']", errors: [{ messageId: 'noScheme', line: 1 }, { messageId: 'noScheme', line: 1 }] },
    { name: 'Django 3.2: a suffix host pattern', code: "CSRF_TRUSTED_ORIGINS = ['.herokuapp.com']", django: DJ32, errors: [{ messageId: 'broad', line: 1 }] },
    {
      name: 'one finding per entry',
      code: "CSRF_TRUSTED_ORIGINS = [\n    'https://example.com',\n    'http://example.com',\n    'https://*.netlify.app',\n]",
      // Same line: sorted by message.
      errors: [
        { messageId: 'broad', line: 1 },
        { messageId: 'httpOrigin', line: 1 },
      ],
    },
    { name: 'a bad entry next to an unknown one still fires', code: "import os\nCSRF_TRUSTED_ORIGINS = [os.environ['ORIGIN'], 'http://example.com']", errors: [{ messageId: 'httpOrigin', line: 2 }] },
    {
      name: 'from the environment default',
      code: "import os\nCSRF_TRUSTED_ORIGINS = os.environ.get('ORIGINS', 'http://example.com').split(',')",
      errors: [{ messageId: 'httpOrigin', line: 2 }],
    },
    {
      name: 'extended in the settings',
      code: "from .base import *\nCSRF_TRUSTED_ORIGINS += ['http://staging.example.com']",
      files: { 'mysite/base.py': "CSRF_TRUSTED_ORIGINS = ['https://example.com']\n" },
      errors: [{ messageId: 'httpOrigin', line: 2 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': "DEBUG = True\nCSRF_TRUSTED_ORIGINS = ['https://*.github.io']\n" },
      errors: [{ messageId: 'broad', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('csrf-trusted-origins-insecure messages', () => {
  it('names the entry', () => {
    const outcome = runRule(rule, { code: "CSRF_TRUSTED_ORIGINS = ['http://example.com', 'https://*.com', 'example.com']" });
    expect(outcome.findings.map((f) => [f.message, f.severity])).toEqual([
      ["CSRF_TRUSTED_ORIGINS entry 'example.com' has no scheme (Django's 4_0.E001)", 'warning'],
      ["CSRF_TRUSTED_ORIGINS entry 'https://*.com' matches sites under a public suffix", 'warning'],
      ["CSRF_TRUSTED_ORIGINS trusts 'http://example.com' over plain HTTP", 'warning'],
    ]);
  });
});
