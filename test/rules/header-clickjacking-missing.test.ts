import { describe, expect, it } from 'vitest';
import rule from '../../rules/header-clickjacking-missing.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation } from '../../src/probe/observation.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';

function add(o: Mutable<Observation>, name: string, value: string, truncated = false): void {
  if (o.final.reached) o.final.response.headers.push({ name, value, truncated });
}

testRule(rule, {
  valid: [
    { name: 'good site: DENY and frame-ancestors none', code: '', observation: live('good-site') },
    { name: 'SAMEORIGIN, any case', code: '', observation: live('bad-site', (o) => setHeader(o, 'X-Frame-Options', 'sameOrigin')) },
    { name: 'the same value twice', code: '', observation: live('bad-site', (o) => setHeader(o, 'X-Frame-Options', 'DENY, deny')) },
    { name: 'frame-ancestors alone', code: '', observation: live('bad-site', (o) => setHeader(o, 'Content-Security-Policy', "frame-ancestors 'self' https://partner.example")) },
    {
      name: 'frame-ancestors makes browsers ignore an invalid X-Frame-Options',
      code: '',
      observation: live('bad-site', (o) => {
        setHeader(o, 'Content-Security-Policy', "frame-ancestors 'none'");
        setHeader(o, 'X-Frame-Options', 'ALLOWALL');
      }),
    },
    {
      name: 'one restrictive policy is enough (policies intersect)',
      code: '',
      observation: live('bad-site', (o) => {
        setHeader(o, 'Content-Security-Policy', 'frame-ancestors *');
        add(o, 'content-security-policy', "default-src 'self'; frame-ancestors 'self'");
      }),
    },
    {
      name: 'a cut CSP with X-Frame-Options DENY',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'Content-Security-Policy', null);
        add(o, 'content-security-policy', `default-src 'self'; img-src ${'https://img.example '.repeat(50)}`.slice(0, 1024), true);
      }),
    },
    {
      name: 'a cut CSP without frame-ancestors and no X-Frame-Options',
      code: '',
      observation: live('bad-site', (o) => add(o, 'content-security-policy', `default-src 'self'; img-src ${'https://img.example '.repeat(50)}`.slice(0, 1024), true)),
      status: 'unknown',
    },
    { name: 'report-only frame-ancestors does not protect, X-Frame-Options does', code: '', observation: live('good-site', (o) => setHeader(o, 'Content-Security-Policy', null)) },
    { name: 'no final response', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: neither header', code: '', observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD }] },
    { name: 'ALLOW-FROM is obsolete', code: '', observation: live('bad-site', (o) => setHeader(o, 'X-Frame-Options', 'ALLOW-FROM https://partner.example')), errors: [{ messageId: 'invalid', url: BAD }] },
    { name: 'conflicting values are ignored', code: '', observation: live('bad-site', (o) => setHeader(o, 'X-Frame-Options', 'DENY, SAMEORIGIN')), errors: [{ messageId: 'invalid', url: BAD }] },
    {
      name: 'conflicting duplicate fields',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'Content-Security-Policy', null);
        add(o, 'x-frame-options', 'SAMEORIGIN');
      }),
      errors: [{ messageId: 'invalid', url: GOOD }],
    },
    {
      name: 'report-only frame-ancestors protects nothing',
      code: '',
      observation: live('bad-site', (o) => setHeader(o, 'Content-Security-Policy-Report-Only', "frame-ancestors 'none'")),
      errors: [{ messageId: 'missing', url: BAD }],
    },
    {
      name: 'frame-ancestors * overrides X-Frame-Options DENY',
      code: '',
      observation: live('good-site', (o) => setHeader(o, 'Content-Security-Policy', "default-src 'self'; frame-ancestors *")),
      errors: [{ messageId: 'anyAncestor', url: GOOD }],
    },
    {
      name: 'a scheme source admits every site',
      code: '',
      observation: live('bad-site', (o) => setHeader(o, 'Content-Security-Policy', 'FRAME-ANCESTORS https:')),
      errors: [{ messageId: 'anyAncestor', url: BAD }],
    },
    {
      name: 'check --url: shown on X_FRAME_OPTIONS',
      code: "X_FRAME_OPTIONS = 'ALLOWALL'",
      observation: live('bad-site', (o) => setHeader(o, 'X-Frame-Options', 'ALLOWALL')),
      errors: [{ messageId: 'invalid', url: BAD, line: 1 }],
    },
  ],
});

describe('header-clickjacking-missing quotes remote values safely', () => {
  const message = (change: (o: Mutable<Observation>) => void) => runRule(rule, { code: '', observation: live('bad-site', change) }).findings.map((f) => f.message);

  it('cuts a long value to 60 characters with an ellipsis', () => {
    expect(message((o) => setHeader(o, 'X-Frame-Options', `ALLOW-FROM https://${'a'.repeat(100)}.example`))).toEqual([`X-Frame-Options 'ALLOW-FROM https://${'a'.repeat(40)}…' is ignored by browsers`]);
  });

  it('marks a value the probe already cut, and blanks control characters', () => {
    expect(message((o) => add(o, 'x-frame-options', 'ALLOW-FROM\thttps://a.example', true))).toEqual(["X-Frame-Options 'ALLOW-FROM https://a.example…' is ignored by browsers"]);
  });
});
