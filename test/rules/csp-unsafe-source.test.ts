import { describe, expect, it } from 'vitest';
import rule from '../../rules/csp-unsafe-source.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const BUILTIN = "MIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware']";
const DJCSP = "MIDDLEWARE = ['csp.middleware.CSPMiddleware']";
const CSP = 'from django.utils.csp import CSP';
const secureCsp = (directives: string) => `${CSP}\n${BUILTIN}\nSECURE_CSP = {${directives}}`;
const csp4 = (directives: string) => `from csp.constants import SELF, NONCE, UNSAFE_INLINE, UNSAFE_EVAL, STRICT_DYNAMIC\n${DJCSP}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {${directives}}}`;

testRule(rule, {
  valid: [
    { name: 'self and a nonce', code: secureCsp("'default-src': [CSP.SELF], 'script-src': [CSP.SELF, CSP.NONCE]") },
    { name: "'unsafe-inline' next to a hash is ignored by browsers", code: secureCsp("'script-src': [CSP.SELF, \"'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8='\", CSP.UNSAFE_INLINE]") },
    { name: "the strict CSP with fallbacks for old browsers", code: secureCsp("'script-src': [CSP.NONCE, CSP.STRICT_DYNAMIC, 'https:', CSP.UNSAFE_INLINE], 'object-src': [CSP.NONE]") },
    { name: "a fixed nonce (bad practice, but 'unsafe-inline' is ignored)", code: secureCsp("'script-src': [\"'nonce-abc123'\", CSP.UNSAFE_INLINE]") },
    { name: 'default-src is not consulted for scripts when script-src is set', code: secureCsp("'default-src': [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL], 'script-src': [CSP.SELF]") },
    {
      name: 'script-src only governs eval when script-src-elem and script-src-attr are set',
      code: secureCsp("'script-src-elem': [CSP.SELF], 'script-src-attr': [CSP.NONE], 'script-src': [CSP.SELF, CSP.UNSAFE_INLINE, 'https:']"),
    },
    { name: "'unsafe-eval' in script-src-elem is not consulted for eval", code: secureCsp("'script-src-elem': [CSP.SELF, CSP.UNSAFE_EVAL], 'script-src': [CSP.SELF]") },
    { name: 'style-src is not about scripts', code: secureCsp("'default-src': [CSP.SELF], 'style-src': [CSP.SELF, CSP.UNSAFE_INLINE], 'img-src': [CSP.SELF, 'data:', 'https:']") },
    { name: 'a directive set to None is not sent', code: secureCsp("'default-src': [CSP.SELF], 'script-src': None") },
    { name: 'report-only policies block nothing and are not checked', code: `${BUILTIN}\nSECURE_CSP = {'default-src': [\"'self'\"]}\nSECURE_CSP_REPORT_ONLY = {'script-src': [\"'unsafe-inline'\"]}` },
    { name: 'no policy at all (csp-missing reports that)', code: 'DEBUG = False' },
    { name: 'a policy without its middleware is not sent', code: "SECURE_CSP = {'script-src': [\"'unsafe-inline'\"]}" },
    { name: 'django-csp 4 with csp.constants', code: csp4("'default-src': [SELF], 'script-src': [SELF, NONCE]") },
    { name: 'django-csp 4 strict-dynamic', code: csp4("'script-src': [NONCE, STRICT_DYNAMIC, UNSAFE_INLINE, 'https:']") },
    { name: 'django-csp without settings: default-src self or nothing', code: DJCSP },
    { name: 'django-csp 3 report-only', code: `${DJCSP}\nCSP_SCRIPT_SRC = (\"'self'\", \"'unsafe-inline'\")\nCSP_REPORT_ONLY = True` },
    {
      name: 'two middlewares: the one further down sets the header',
      code: "MIDDLEWARE = ['csp.middleware.CSPMiddleware', 'django.middleware.csp.ContentSecurityPolicyMiddleware']\nSECURE_CSP = {'default-src': [\"'self'\"]}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'script-src': [\"'unsafe-inline'\"]}}",
    },
    { name: 'from the environment given', code: `import os\n${BUILTIN}\nSECURE_CSP = {'script-src': os.environ['SCRIPT_SRC'].split()}`, env: { SCRIPT_SRC: "'self' cdn.example.com" } },
    { name: 'script-src from a missing variable', code: `import os\n${BUILTIN}\nSECURE_CSP = {'script-src': os.environ['SCRIPT_SRC'].split()}`, status: 'unknown' },
    { name: 'a source from a module outside the project', code: `from company.csp import CDN\n${BUILTIN}\nSECURE_CSP = {'script-src': [\"'self'\", CDN]}`, status: 'unknown' },
    {
      name: 'two middlewares in an order that is not known',
      code: "import os\nMIDDLEWARE = ['csp.middleware.CSPMiddleware', 'django.middleware.csp.ContentSecurityPolicyMiddleware', os.environ['MORE']]\nSECURE_CSP = {'default-src': [\"'self'\"]}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'script-src': [\"'unsafe-inline'\"]}}",
      status: 'unknown',
    },
    { name: 'the middleware may or may not be on', code: `import os\nMIDDLEWARE = os.environ['MIDDLEWARE'].split(',')\nSECURE_CSP = {'script-src': [\"'unsafe-inline'\"]}`, status: 'unknown' },
  ],
  invalid: [
    { name: "'unsafe-inline' in script-src", code: secureCsp("'default-src': [CSP.SELF], 'script-src': [CSP.SELF, CSP.UNSAFE_INLINE]"), errors: [{ messageId: 'unsafe', line: 3 }] },
    {
      name: 'one finding per source, in default-src when nothing replaces it',
      code: secureCsp("'default-src': [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL, 'https:', 'data:']"),
      errors: [
        { messageId: 'unsafe', line: 3 },
        { messageId: 'unsafe', line: 3 },
        { messageId: 'unsafe', line: 3 },
        { messageId: 'unsafe', line: 3 },
      ],
    },
    { name: "'unsafe-inline' next to the lazy nonce", code: secureCsp("'script-src': [CSP.SELF, CSP.NONCE, CSP.UNSAFE_INLINE]"), errors: [{ messageId: 'inlineLazyNonce', line: 3 }] },
    { name: 'a wildcard', code: secureCsp("'script-src': ['*']"), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'http: scheme', code: secureCsp("'script-src': [CSP.SELF, 'http:']"), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'https: with a nonce but no strict-dynamic', code: secureCsp("'script-src': [CSP.NONCE, 'https:']"), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'a single string value is split like the header', code: secureCsp("'script-src': \"'self' 'unsafe-eval'\""), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'keywords are case-insensitive', code: secureCsp("'Script-Src': [\"'UNSAFE-INLINE'\"]"), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'script-src-attr allows inline handlers', code: secureCsp("'script-src': [CSP.SELF], 'script-src-attr': [CSP.UNSAFE_INLINE]"), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'a Python set', code: secureCsp("'script-src': {CSP.SELF, CSP.UNSAFE_EVAL}"), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'django-csp 4 with csp.constants', code: csp4("'script-src': [SELF, UNSAFE_EVAL]"), errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'django-csp 4 lazy nonce', code: csp4("'script-src': [SELF, NONCE, UNSAFE_INLINE]"), errors: [{ messageId: 'inlineLazyNonce', line: 3 }] },
    { name: 'django-csp 3 CSP_SCRIPT_SRC', code: `${DJCSP}\nCSP_DEFAULT_SRC = (\"'self'\",)\nCSP_SCRIPT_SRC = (\"'self'\", \"'unsafe-inline'\")`, errors: [{ messageId: 'unsafe', line: 3 }] },
    { name: 'django-csp 3 adds the nonce to default-src (CSP_INCLUDE_NONCE_IN)', code: `${DJCSP}\nCSP_DEFAULT_SRC = (\"'self'\", \"'unsafe-inline'\")`, errors: [{ messageId: 'inlineLazyNonce', line: 2 }] },
    {
      name: 'two middlewares: django-csp further down wins',
      code: "MIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware', 'csp.middleware.CSPMiddleware']\nSECURE_CSP = {'default-src': [\"'self'\"]}\nCONTENT_SECURITY_POLICY = {'DIRECTIVES': {'script-src': [\"'unsafe-inline'\"]}}",
      errors: [{ messageId: 'unsafe', line: 3 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `${BUILTIN}\nX = 1\nSECURE_CSP = {'script-src': ["'self'", "'unsafe-inline'"]}\n` },
      errors: [{ messageId: 'unsafe', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'loosened in the production module',
      code: `from .base import *\nSECURE_CSP = {**SECURE_CSP, 'script-src': [*SECURE_CSP['script-src'], "'unsafe-eval'"]}`,
      files: { 'mysite/base.py': `${BUILTIN}\nSECURE_CSP = {'script-src': ["'self'"]}\n` },
      errors: [{ messageId: 'unsafe', line: 2 }],
    },
  ],
});

describe('csp-unsafe-source: messages', () => {
  it('names the setting, the directive, the source and what it allows', () => {
    const outcome = runRule(rule, { code: secureCsp("'default-src': [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL, 'https:']") });
    expect(outcome.findings.map((f) => f.message)).toEqual([
      "SECURE_CSP: default-src allows 'unsafe-eval', so strings run as code (eval)",
      "SECURE_CSP: default-src allows 'unsafe-inline', so injected inline scripts run",
      'SECURE_CSP: default-src allows https:, so scripts load from any HTTPS host',
    ]);
    expect(runRule(rule, { code: `${DJCSP}\nCSP_SCRIPT_SRC = ('*',)` }).findings.map((f) => f.message)).toEqual(['CSP_SCRIPT_SRC: script-src allows *, so scripts load from any host']);
    expect(runRule(rule, { code: csp4("'script-src': [NONCE, UNSAFE_INLINE]") }).findings.map((f) => f.message)).toEqual([
      "CONTENT_SECURITY_POLICY: script-src allows 'unsafe-inline' on pages that use no nonce",
    ]);
  });
});
