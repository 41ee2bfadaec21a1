import { describe, expect, it } from 'vitest';
import rule from '../../rules/drift-hsts.ts';
import { setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const MW = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
// Line 2: SECURE_HSTS_SECONDS, line 3: SECURE_HSTS_INCLUDE_SUBDOMAINS, line 4: SECURE_HSTS_PRELOAD.
const FULL = `${MW}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True`;
const SUBS = `${MW}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True`;
const GOOD = recorded('good-site');
const GOOD_URL = GOOD.final.reached ? GOOD.final.response.url : '';
const LISTENERLESS = recorded('no-http-listener');
const LISTENERLESS_URL = LISTENERLESS.final.reached ? LISTENERLESS.final.response.url : '';
const hsts = (...values: string[]) => live('good-site', (o) => setFinalHeader(o, 'strict-transport-security', values));

testRule(rule, {
  valid: [
    { name: 'the good site sends what the settings say', code: FULL, observation: live('good-site') },
    { name: 'directive names are case-insensitive and max-age may be quoted', code: FULL, observation: hsts('MAX-AGE="31536000"; includesubdomains; PRELOAD') },
    { name: 'a second header after the first is ignored by browsers', code: FULL, observation: hsts('max-age=31536000; includeSubDomains; preload', 'max-age=0') },
    { name: "SECURE_HSTS_SECONDS as a string prints the same ('max-age=%s')", code: `${MW}\nSECURE_HSTS_SECONDS = '31536000'\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True`, observation: live('good-site') },
    {
      name: "the middleware uses truthiness: the string 'False' adds includeSubDomains",
      code: `${MW}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = 'False'\nSECURE_HSTS_PRELOAD = 1`,
      observation: live('good-site'),
    },
    { name: 'no SecurityMiddleware: Django sends nothing to compare', code: 'SECURE_HSTS_SECONDS = 31536000', observation: hsts(), status: 'skipped' },
    { name: 'SECURE_HSTS_SECONDS unset', code: MW, observation: hsts(), status: 'skipped' },
    { name: 'SECURE_HSTS_SECONDS = 0', code: `${MW}\nSECURE_HSTS_SECONDS = 0`, observation: live('good-site'), status: 'skipped' },
    { name: 'SECURE_HSTS_SECONDS from a variable that was not given', code: `import os\n${MW}\nSECURE_HSTS_SECONDS = int(os.environ['HSTS'])`, observation: hsts(), status: 'unknown' },
    { name: 'a float prints as 31536000.0: not compared', code: `${MW}\nSECURE_HSTS_SECONDS = 31536000.0`, observation: live('good-site'), status: 'unknown' },
    {
      name: 'the header was cut by the probe',
      code: FULL,
      observation: live('good-site', (o) => setFinalHeader(o, 'strict-transport-security', [`max-age=31536000; ${'x'.repeat(1000)}`], true)),
      status: 'unknown',
    },
    {
      name: 'no final HTTPS response',
      code: FULL,
      observation: live('good-site', (o) => {
        o.final = { reached: false, reason: 'error' };
      }),
      status: 'skipped',
    },
    { name: 'the https:// URL redirects to another host: not compared', code: FULL, observation: live('cross-host-redirect'), status: 'skipped' },
    { name: 'no live site', code: FULL, status: 'skipped' },
  ],
  invalid: [
    { name: 'the site sends no HSTS', code: FULL, observation: hsts(), errors: [{ messageId: 'missing', url: GOOD_URL, line: 2 }] },
    {
      name: 'no-http-listener: the first of two headers is max-age=300 without includeSubDomains',
      code: SUBS,
      observation: live('no-http-listener'),
      errors: [
        { messageId: 'maxAge', url: LISTENERLESS_URL, line: 2 },
        { messageId: 'includeSubDomains', url: LISTENERLESS_URL, line: 3 },
      ],
    },
    { name: 'the site lacks preload', code: FULL, observation: hsts('max-age=31536000; includeSubDomains'), errors: [{ messageId: 'preload', url: GOOD_URL, line: 4 }] },
    {
      name: 'the site adds preload and includeSubDomains the settings leave at their defaults (no line of their own)',
      code: `${MW}\nSECURE_HSTS_SECONDS = 31536000`,
      observation: live('good-site'),
      errors: [
        { messageId: 'includeSubDomains', url: GOOD_URL },
        { messageId: 'preload', url: GOOD_URL },
      ],
    },
    { name: 'an invalid header (a directive twice)', code: FULL, observation: hsts('max-age=31536000; max-age=1'), errors: [{ messageId: 'invalid', url: GOOD_URL, line: 2 }] },
  ],
});

describe('drift-hsts messages', () => {
  it('quote the remote header cut to 60 characters', () => {
    const outcome = runRule(rule, { code: FULL, observation: hsts(`max-age=31536000; includeSubDomains; preload; ${'a=b; '.repeat(20)}x=`) });
    expect(outcome.findings.map((f) => f.message)).toEqual([
      "The site's HSTS header 'max-age=31536000; includeSubDomains; preload; a=b; a=b; a=b…' is not the settings' 'max-age=31536000; includeSubDomains; preload'",
    ]);
  });
  it('say what the settings and the site have', () => {
    const outcome = runRule(rule, { code: SUBS, observation: live('no-http-listener') });
    expect(outcome.findings.map((f) => f.message)).toEqual([
      'SECURE_HSTS_SECONDS is 31536000, but the site sends max-age=300',
      "SECURE_HSTS_INCLUDE_SUBDOMAINS is True, but the site's HSTS lacks it",
    ]);
  });
});
