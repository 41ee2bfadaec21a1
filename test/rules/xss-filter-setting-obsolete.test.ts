import { describe, expect, it } from 'vitest';
import rule from '../../rules/xss-filter-setting-obsolete.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// SECURE_BROWSER_XSS_FILTER: removed in Django 4.0; before, SecurityMiddleware sent X-XSS-Protection when true.
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
const DJ32 = { major: 3, minor: 2 };

testRule(rule, {
  valid: [
    { name: 'not set', code: SM },
    { name: 'not set on Django 3.2', code: SM, django: DJ32 },
    { name: 'a lowercase variable is not a setting', code: 'secure_browser_xss_filter = True' },
    { name: 'Django 3.2: unknown value with SecurityMiddleware', code: `import os\n${SM}\nSECURE_BROWSER_XSS_FILTER = os.environ['XSS'] == '1'`, django: DJ32, status: 'unknown' },
  ],
  invalid: [
    { name: 'True on the newest Django', code: `${SM}\nSECURE_BROWSER_XSS_FILTER = True`, errors: [{ messageId: 'removed', line: 2 }] },
    { name: 'False is set too', code: 'SECURE_BROWSER_XSS_FILTER = False', errors: [{ messageId: 'removed', line: 1 }] },
    { name: 'any value, even an unknown one, on 4.0', code: "import os\nSECURE_BROWSER_XSS_FILTER = os.environ['XSS']", django: { major: 4, minor: 0 }, errors: [{ messageId: 'removed', line: 2 }] },
    { name: 'Django 3.2 sends the header', code: `${SM}\nSECURE_BROWSER_XSS_FILTER = True`, django: DJ32, errors: [{ messageId: 'sendsHeader', line: 2 }] },
    { name: 'Django 3.2 tests truthiness', code: `${SM}\nSECURE_BROWSER_XSS_FILTER = 'False'`, django: DJ32, errors: [{ messageId: 'sendsHeader', line: 2 }] },
    { name: 'Django 3.2, False', code: `${SM}\nSECURE_BROWSER_XSS_FILTER = False`, django: DJ32, errors: [{ messageId: 'unused', line: 2 }] },
    { name: 'Django 3.2 without SecurityMiddleware', code: 'SECURE_BROWSER_XSS_FILTER = True', django: DJ32, errors: [{ messageId: 'unused', line: 1 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSECURE_BROWSER_XSS_FILTER = True\n' },
      errors: [{ messageId: 'removed', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('xss-filter-setting-obsolete messages', () => {
  it('is info and says what happens', () => {
    const now = runRule(rule, { code: 'SECURE_BROWSER_XSS_FILTER = True' });
    expect(now.findings.map((f) => [f.message, f.severity])).toEqual([['SECURE_BROWSER_XSS_FILTER was removed in Django 4.0 and does nothing', 'info']]);
    const old = runRule(rule, { code: 'SECURE_BROWSER_XSS_FILTER = False' }, DJ32);
    expect(old.findings.map((f) => f.message)).toEqual(['SECURE_BROWSER_XSS_FILTER is False; obsolete, and removed in Django 4.0']);
  });
});
