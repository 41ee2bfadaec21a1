import { describe, expect, it } from 'vitest';
import rule from '../../rules/hsts-header-invalid.ts';
import { setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const HTTPS = recorded('good-site').https.start;
const STS = 'strict-transport-security';
const sts = (values: string[], truncated = false) => live('good-site', (o) => setFinalHeader(o, STS, values, truncated));

testRule(rule, {
  valid: [
    { name: 'good-site', code: '', observation: live('good-site') },
    { name: 'no header is hsts-header-missing\'s', code: '', observation: live('bad-site') },
    { name: 'directive names are case-insensitive', code: '', observation: sts(['MAX-AGE=31536000; INCLUDESUBDOMAINS; Preload']) },
    { name: 'max-age may be quoted; spaces around = and ;', code: '', observation: sts(['max-age = "31536000" ; includeSubDomains ;']) },
    { name: 'unknown directives are ignored', code: '', observation: sts(['max-age=31536000; report-uri="https://r.example/"']) },
    { name: 'a truncated header cannot be judged', code: '', status: 'unknown', observation: sts(['max-age=31536000; x'], true) },
  ],
  invalid: [
    { name: 'no-http-listener: two headers', code: '', observation: live('no-http-listener'), errors: [{ messageId: 'multiple', url: recorded('no-http-listener').https.start }] },
    { name: 'a directive twice', code: '', observation: sts(['max-age=31536000; includeSubDomains; max-age=300']), errors: [{ messageId: 'invalid', url: HTTPS }] },
    { name: 'no max-age', code: '', observation: sts(['includeSubDomains; preload']), errors: [{ messageId: 'invalid', url: HTTPS }] },
    { name: 'an empty header', code: '', observation: sts(['']), errors: [{ messageId: 'invalid', url: HTTPS }] },
    { name: 'max-age in days', code: '', observation: sts(['max-age=365d']), errors: [{ messageId: 'invalid', url: HTTPS }] },
    { name: 'a comma instead of a semicolon', code: '', observation: sts(['max-age=31536000, includeSubDomains']), errors: [{ messageId: 'invalid', url: HTTPS }] },
    { name: 'includeSubDomains with a value', code: '', observation: sts(['max-age=31536000; includeSubDomains=true']), errors: [{ messageId: 'invalid', url: HTTPS }] },
    {
      name: 'two headers, the first invalid: both findings, on SECURE_HSTS_SECONDS',
      code: 'SECURE_HSTS_SECONDS = 31536000\n',
      observation: sts(['max-age=abc', 'max-age=31536000']),
      errors: [
        { messageId: 'invalid', url: HTTPS, line: 1 },
        { messageId: 'multiple', url: HTTPS, line: 1 },
      ],
    },
    { name: 'two headers, the first truncated', code: '', observation: sts(['max-age=31536000; x', 'max-age=1'], true), errors: [{ messageId: 'multiple', url: HTTPS }] },
  ],
});

describe('hsts-header-invalid messages', () => {
  it('says what is wrong and quotes the header cut to 60 characters', () => {
    const value = `max-age=31536000; includeSubDomains; ${'x'.repeat(40)}; max-age=1`;
    const outcome = runRule(rule, { code: '', observation: sts([value]) });
    expect(outcome.findings.map((f) => f.message)).toEqual([`browsers ignore Strict-Transport-Security "${value.slice(0, 59)}…": max-age appears twice`]);
  });
});
