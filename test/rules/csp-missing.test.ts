import { describe, expect, it } from 'vitest';
import rule from '../../rules/csp-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const BUILTIN = "'django.middleware.csp.ContentSecurityPolicyMiddleware'";
const DJCSP = "'csp.middleware.CSPMiddleware'";
const SEC = "'django.middleware.security.SecurityMiddleware'";
const mw = (...items: string[]) => `MIDDLEWARE = [${items.join(', ')}]`;
const CSP_IMPORT = 'from django.utils.csp import CSP';
const D52 = { major: 5, minor: 2 } as const;

testRule(rule, {
  valid: [
    { name: "Django 6's middleware and SECURE_CSP", code: `${CSP_IMPORT}\n${mw(SEC, BUILTIN)}\nSECURE_CSP = {'default-src': [CSP.SELF]}` },
    { name: 'a single string value', code: `${mw(BUILTIN)}\nSECURE_CSP = {'default-src': "'self'"}` },
    { name: 'enforced and report-only together', code: `${mw(BUILTIN)}\nSECURE_CSP = {'default-src': ["'self'"]}\nSECURE_CSP_REPORT_ONLY = {'default-src': ["'none'"]}` },
    { name: 'django-csp 4.x', code: `${mw(SEC, DJCSP)}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'default-src': ["'self'"]}}` },
    { name: "django-csp 4.x without DIRECTIVES sends default-src 'self'", code: `${mw(DJCSP)}\nCONTENT_SECURITY_POLICY = {'EXCLUDE_URL_PREFIXES': ['/admin']}` },
    {
      name: 'django-csp 4.x with csp.constants (outside the project)',
      code: `from csp.constants import SELF, NONCE\n${mw(DJCSP)}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'default-src': [SELF], 'script-src': [SELF, NONCE]}}`,
    },
    { name: 'django-csp 3.x settings', code: `${mw(DJCSP)}\nCSP_DEFAULT_SRC = ("'self'",)\nCSP_SCRIPT_SRC = ("'self'", 'cdn.example.com')` },
    { name: 'django-csp on Django 5.2', code: `${mw(DJCSP)}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'default-src': ["'self'"]}}`, django: D52 },
    { name: 'the policy from the environment given', code: `import os\n${mw(BUILTIN)}\nSECURE_CSP = {'default-src': os.environ['CSP_DEFAULT'].split()}`, env: { CSP_DEFAULT: "'self'" } },
    { name: 'enforced even though another middleware is unknown', code: `import os\n${mw(BUILTIN, "os.environ['EXTRA_MIDDLEWARE']")}\nSECURE_CSP = {'default-src': ["'self'"]}` },
    { name: 'django-csp without any settings: 3.x and 4.x differ', code: mw(DJCSP), status: 'unknown' },
    { name: 'SECURE_CSP from a missing variable', code: `import os\n${mw(BUILTIN)}\nSECURE_CSP = {'default-src': os.environ['CSP_DEFAULT'].split()}`, status: 'unknown' },
    { name: 'MIDDLEWARE from a missing variable', code: `import os\nMIDDLEWARE = os.environ['MIDDLEWARE'].split(',')\nSECURE_CSP = {'default-src': ["'self'"]}`, status: 'unknown' },
    {
      name: 'both django-csp 3 and 4 settings',
      code: `${mw(DJCSP)}\nCSP_DEFAULT_SRC = ("'self'",)\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'default-src': ["'self'"]}}`,
      status: 'unknown',
    },
  ],
  invalid: [
    { name: 'no middleware, no policy', code: mw(SEC), errors: [{ messageId: 'missing', line: 1 }] },
    { name: 'MIDDLEWARE unset', code: 'DEBUG = False', errors: [{ messageId: 'missing', line: 1 }] },
    { name: "SECURE_CSP on Django 5.2 does nothing (no built-in middleware)", code: `${mw(SEC, BUILTIN)}\nSECURE_CSP = {'default-src': ["'self'"]}`, django: D52, errors: [{ messageId: 'missing', line: 1 }] },
    {
      name: 'report-only (Django 6)',
      code: `${mw(BUILTIN)}\nX = 1\nSECURE_CSP_REPORT_ONLY = {'default-src': ["'self'"], 'report-uri': '/csp-report/'}`,
      errors: [{ messageId: 'reportOnly', line: 3 }],
    },
    { name: 'report-only (django-csp 4)', code: `${mw(DJCSP)}\nCONTENT_SECURITY_POLICY_REPORT_ONLY = {'DIRECTIVES': {'default-src': ["'self'"]}}`, errors: [{ messageId: 'reportOnly', line: 2 }] },
    { name: 'report-only (django-csp 3)', code: `${mw(DJCSP)}\nCSP_DEFAULT_SRC = ("'self'",)\nCSP_REPORT_ONLY = True`, errors: [{ messageId: 'reportOnly', line: 3 }] },
    { name: 'SECURE_CSP without its middleware', code: `${mw(SEC)}\nSECURE_CSP = {'default-src': ["'self'"]}`, errors: [{ messageId: 'noMiddleware', line: 1 }] },
    { name: 'django-csp settings without its middleware', code: `${mw(SEC)}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'default-src': ["'self'"]}}`, errors: [{ messageId: 'noMiddleware', line: 1 }] },
    { name: 'the middleware with an empty SECURE_CSP (the default)', code: mw(SEC, BUILTIN), errors: [{ messageId: 'emptyPolicy', line: 1 }] },
    { name: 'directives that are all None render nothing', code: `${mw(BUILTIN)}\nSECURE_CSP = {'default-src': None, 'script-src': []}`, errors: [{ messageId: 'emptyPolicy', line: 2 }] },
    { name: 'django-csp with CONTENT_SECURITY_POLICY = None', code: `${mw(DJCSP)}\nCONTENT_SECURITY_POLICY = None`, errors: [{ messageId: 'emptyPolicy', line: 2 }] },
    {
      name: 'the production module removes the middleware',
      code: `from .base import *\nMIDDLEWARE = [m for m in MIDDLEWARE if 'csp' not in m]`,
      files: { 'mysite/base.py': `${mw(SEC, BUILTIN)}\nSECURE_CSP = {'default-src': ["'self'"]}\n` },
      errors: [{ messageId: 'noMiddleware', line: 2 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\n${mw(SEC)}\n` },
      errors: [{ messageId: 'missing', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('csp-missing: messages', () => {
  it('names the setting and the middleware', () => {
    expect(runRule(rule, { code: `${mw(SEC)}\nSECURE_CSP = {'default-src': ["'self'"]}` }).findings.map((f) => f.message)).toEqual([
      'SECURE_CSP is set but ContentSecurityPolicyMiddleware is not in MIDDLEWARE',
    ]);
    expect(runRule(rule, { code: mw(BUILTIN) }).findings.map((f) => f.message)).toEqual(['ContentSecurityPolicyMiddleware is in MIDDLEWARE but SECURE_CSP is empty: no header is sent']);
  });
  it('reports a report-only policy as info', () => {
    const outcome = runRule(rule, { code: `${mw(DJCSP)}\nCONTENT_SECURITY_POLICY_REPORT_ONLY = {'DIRECTIVES': {}}` });
    expect(outcome.findings.map((f) => [f.message, f.severity])).toEqual([['the Content-Security-Policy is report-only (CONTENT_SECURITY_POLICY_REPORT_ONLY): nothing is blocked', 'info']]);
  });
});
