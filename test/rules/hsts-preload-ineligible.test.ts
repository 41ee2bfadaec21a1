import { describe, expect, it } from 'vitest';
import rule from '../../rules/hsts-preload-ineligible.ts';
import { type HopSpec, setChain, setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// hstspreload.org: valid certificate; HTTP → HTTPS on the same host first; one header on https://host/ (a redirect
// there must carry it) with max-age >= 31536000, includeSubDomains, preload; no insecure redirect; at most 3.
const good = recorded('good-site');
const HTTP = good.http.start;
const HTTPS = good.https.start;
const STS = 'strict-transport-security';
const PRELOAD = 'max-age=31536000; includeSubDomains; preload';
const withSts = (value: string): NonNullable<HopSpec['headers']> => [[STS, value]];
const sts = (values: string[], truncated = false) => live('good-site', (o) => setFinalHeader(o, STS, values, truncated));
/** https://host/ redirects (with `first` as its header, if any) to /en/, which sends the preload header. */
const redirectFirst = (first: string | null) =>
  live('good-site', (o) =>
    setChain(o, 'https', [
      { status: 301, location: `${HTTPS}en/`, ...(first === null ? {} : { headers: withSts(first) }) },
      { status: 200, headers: withSts(PRELOAD) },
    ]),
  );

testRule(rule, {
  valid: [
    { name: 'good-site qualifies', code: '', observation: live('good-site') },
    { name: 'no preload requested (bad-site)', code: '', observation: live('bad-site') },
    { name: 'no preload requested (cross-host-redirect)', code: '', observation: live('cross-host-redirect') },
    { name: 'nothing on port 80 is accepted', code: '', observation: live('no-http-listener', (o) => setFinalHeader(o, STS, [PRELOAD])) },
    { name: 'directives in any case, two years', code: '', observation: sts(['MAX-AGE=63072000; INCLUDESUBDOMAINS; PRELOAD']) },
    { name: 'a redirect that carries the header itself', code: '', observation: redirectFirst(PRELOAD) },
    { name: 'an invalid header asks for nothing (hsts-header-invalid)', code: '', observation: sts(['max-age=60; preload; preload']) },
    { name: 'a truncated header cannot be read', code: '', status: 'unknown', observation: sts([`${PRELOAD}; x`], true) },
    {
      name: 'plain HTTP timed out and everything else qualifies',
      code: '',
      status: 'unknown',
      observation: live('good-site', (o) => setChain(o, 'http', [], { kind: 'error', url: HTTP, error: { phase: 'connect', code: 'TIMEOUT', message: 'no answer in 5 s' } })),
    },
    {
      name: 'the certificate check itself failed',
      code: '',
      status: 'unknown',
      observation: live('good-site', (o) => {
        o.tls.verification = { status: 'error', trust: 'custom-ca', error: { phase: 'tls', code: 'ECONNRESET', message: 'reset' } };
      }),
    },
    {
      name: 'the HTTPS request failed',
      code: '',
      status: 'skipped',
      observation: live('good-site', (o) => setChain(o, 'https', [], { kind: 'error', url: HTTPS, error: { phase: 'connect', code: 'ECONNREFUSED', message: 'refused' } })),
    },
  ],
  invalid: [
    {
      name: 'bad-site asking for preload: expired certificate, no redirect from HTTP',
      code: '',
      observation: live('bad-site', (o) => setFinalHeader(o, STS, [PRELOAD])),
      errors: [
        { messageId: 'httpNoRedirect', url: recorded('bad-site').http.start },
        { messageId: 'certificate', url: recorded('bad-site').https.start },
      ],
    },
    {
      name: 'a SHA-1 signed leaf (a SHA-1 root is not counted)',
      code: '',
      observation: live('good-site', (o) => {
        for (const cert of o.tls.chain) cert.signatureHash = 'sha1';
      }),
      errors: [{ messageId: 'sha1Certificate', url: HTTPS }],
    },
    {
      name: 'six months, no includeSubDomains: each on its setting',
      code: 'SECURE_HSTS_SECONDS = 15768000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSECURE_HSTS_PRELOAD = True\n',
      observation: sts(['max-age=15768000; preload']),
      errors: [
        { messageId: 'maxAgeShort', url: HTTPS, line: 1 },
        { messageId: 'noSubdomains', url: HTTPS, line: 2 },
      ],
    },
    { name: 'max-age=0', code: '', observation: sts(['max-age=0; includeSubDomains; preload']), errors: [{ messageId: 'maxAgeShort', url: HTTPS }] },
    { name: 'two headers', code: '', observation: sts([PRELOAD, PRELOAD]), errors: [{ messageId: 'multipleHeaders', url: HTTPS }] },
    { name: 'the redirect at https://host/ has no header', code: '', observation: redirectFirst(null), errors: [{ messageId: 'redirectNoHeader', url: HTTPS }] },
    { name: 'the redirect has a header without preload', code: '', observation: redirectFirst('max-age=31536000; includeSubDomains'), errors: [{ messageId: 'noPreload', url: HTTPS }] },
    { name: 'the redirect has an invalid header', code: '', observation: redirectFirst('max-age=31536000; includeSubDomains; preload=yes'), errors: [{ messageId: 'invalidHeader', url: HTTPS }] },
    {
      name: 'HTTP goes to www first',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'https://www.shop.example/' }], { kind: 'cross-host', url: 'https://www.shop.example/' })),
      errors: [{ messageId: 'httpFirstHop', url: HTTP }],
    },
    {
      name: 'HTTP stays on HTTP for one hop',
      code: 'SECURE_SSL_REDIRECT = False\n',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: '/en/' }, { status: 301, location: HTTPS }, { status: 200, headers: withSts(PRELOAD) }])),
      errors: [{ messageId: 'httpFirstHop', url: HTTP, line: 1 }],
    },
    {
      name: 'HTTP redirects to an HTTPS page without the preload header',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: `${HTTPS}home/` }, { status: 200, headers: withSts('max-age=31536000') }])),
      errors: [{ messageId: 'httpTargetHeader', url: `${HTTPS}home/` }],
    },
    {
      name: 'https://host/ (with the header) redirects to plain HTTP',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 302, location: 'http://shop.example/login/', headers: withSts(PRELOAD) }, { status: 200 }])),
      errors: [{ messageId: 'insecureRedirect', url: HTTPS }],
    },
    {
      name: 'four redirects on HTTPS',
      code: '',
      observation: live('good-site', (o) =>
        setChain(o, 'https', [
          ...['a/', 'b/', 'c/', 'd/'].map((p) => ({ status: 302, location: `${HTTPS}${p}`, headers: withSts(PRELOAD) })),
          { status: 200, headers: withSts(PRELOAD) },
        ]),
      ),
      errors: [{ messageId: 'tooManyRedirects', url: HTTPS }],
    },
  ],
});

describe('hsts-preload-ineligible messages', () => {
  it('names the duration and what preload needs', () => {
    const outcome = runRule(rule, { code: '', observation: sts(['max-age=15768000; includeSubDomains; preload']) });
    expect(outcome.findings.map((f) => f.message)).toEqual(['max-age is 15768000 (182.5 days); preload needs 31536000 (a year)']);
  });
});
