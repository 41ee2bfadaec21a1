import rule from '../../rules/header-csp-unsafe.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation } from '../../src/probe/observation.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const csp = (...policies: string[]) =>
  live('good-site', (o: Mutable<Observation>) => {
    setHeader(o, 'Content-Security-Policy', null);
    if (o.final.reached) for (const value of policies) o.final.response.headers.push({ name: 'content-security-policy', value, truncated: false });
  });

testRule(rule, {
  valid: [
    { name: "good site: default-src 'self'", code: '', observation: live('good-site') },
    { name: 'a nonce neutralises unsafe-inline', code: '', observation: csp("script-src 'nonce-abc123' 'unsafe-inline'") },
    { name: 'a hash neutralises unsafe-inline', code: '', observation: csp("default-src 'self' 'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8=' 'unsafe-inline'") },
    { name: 'strict-dynamic ignores hosts, schemes and unsafe-inline', code: '', observation: csp("script-src 'strict-dynamic' 'nonce-abc' 'unsafe-inline' https: http: *") },
    { name: 'unsafe-inline only for styles', code: '', observation: csp("default-src 'self'; style-src 'self' 'unsafe-inline'") },
    { name: 'script-src overrides a loose default-src', code: '', observation: csp("default-src *; script-src 'self'") },
    { name: 'a second policy takes unsafe-inline away (intersection)', code: '', observation: csp("script-src 'self' 'unsafe-inline'", "script-src 'self'") },
    { name: 'the same, in one field separated by a comma', code: '', observation: csp("script-src 'self' 'unsafe-inline', script-src 'self'") },
    { name: 'a named host is fine', code: '', observation: csp("script-src 'self' https://cdn.example.com") },
    { name: 'report-only policies are not judged', code: '', observation: live('good-site', (o) => setHeader(o, 'Content-Security-Policy-Report-Only', "script-src * 'unsafe-eval'")) },
    { name: 'no policy (header-csp-missing reports it)', code: '', observation: live('bad-site') },
    { name: 'the first of two script-src directives wins', code: '', observation: csp("script-src 'self'; script-src 'unsafe-inline'") },
    {
      name: 'a policy cut by the probe',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'Content-Security-Policy', null);
        if (o.final.reached) o.final.response.headers.push({ name: 'content-security-policy', value: `script-src 'self' 'unsafe-inline' ${'https://a.example '.repeat(60)}`.slice(0, 1024), truncated: true });
      }),
      status: 'unknown',
    },
    { name: 'no final response', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
  ],
  invalid: [
    { name: 'unsafe-inline in script-src', code: '', observation: csp("default-src 'self'; script-src 'self' 'unsafe-inline'"), errors: [{ messageId: 'unsafeInline', url: GOOD }] },
    { name: 'keywords are case-insensitive', code: '', observation: csp("DEFAULT-SRC 'self' 'UNSAFE-INLINE'"), errors: [{ messageId: 'unsafeInline', url: GOOD }] },
    { name: 'unsafe-eval', code: '', observation: csp("script-src 'self' 'unsafe-eval'"), errors: [{ messageId: 'unsafeEval', url: GOOD }] },
    { name: 'strict-dynamic does not neutralise unsafe-eval', code: '', observation: csp("script-src 'strict-dynamic' 'nonce-abc' 'unsafe-eval'"), errors: [{ messageId: 'unsafeEval', url: GOOD }] },
    { name: 'a wildcard', code: '', observation: csp('script-src *'), errors: [{ messageId: 'anyHost', url: GOOD }] },
    { name: 'https: as the only restriction', code: '', observation: csp("default-src 'self' https:"), errors: [{ messageId: 'anyHost', url: GOOD }] },
    { name: 'http: (also matches https)', code: '', observation: csp("script-src 'self' http:"), errors: [{ messageId: 'anyHost', url: GOOD }] },
    { name: 'data:', code: '', observation: csp("script-src 'self' data:"), errors: [{ messageId: 'dataScheme', url: GOOD }] },
    { name: 'no script-src or default-src', code: '', observation: csp("frame-ancestors 'none'"), errors: [{ messageId: 'unrestricted', url: GOOD }] },
    {
      name: 'inline event handlers through script-src-attr',
      code: '',
      observation: csp("script-src 'self'; script-src-attr 'unsafe-inline'"),
      errors: [{ messageId: 'unsafeInline', url: GOOD }],
    },
    {
      name: 'every policy allows unsafe-inline, one of them by not restricting scripts',
      code: '',
      observation: csp("frame-ancestors 'none'", "default-src 'self' 'unsafe-inline'"),
      errors: [{ messageId: 'unsafeInline', url: GOOD }],
    },
    {
      name: 'any host in both policies, written differently',
      code: '',
      observation: csp('script-src *', "script-src 'self' https:"),
      errors: [{ messageId: 'anyHost', url: GOOD }],
    },
    {
      name: 'several risks in one policy, one finding each (report order: by message)',
      code: '',
      observation: csp("script-src data: 'unsafe-eval' * 'unsafe-inline'"),
      errors: [
        { messageId: 'unsafeEval', url: GOOD },
        { messageId: 'unsafeInline', url: GOOD },
        { messageId: 'anyHost', url: GOOD },
        { messageId: 'dataScheme', url: GOOD },
      ],
    },
    {
      name: 'check --url: shown on SECURE_CSP',
      code: "SECURE_CSP = {'script-src': [\"'self'\", \"'unsafe-eval'\"]}",
      observation: csp("script-src 'self' 'unsafe-eval'"),
      errors: [{ messageId: 'unsafeEval', url: GOOD, line: 1 }],
    },
  ],
});
