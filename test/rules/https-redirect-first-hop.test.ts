import { describe, expect, it } from 'vitest';
import rule from '../../rules/https-redirect-first-hop.ts';
import { setChain } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const good = recorded('good-site');
const HTTP = good.http.start;
const HTTPS = good.https.start;

testRule(rule, {
  valid: [
    { name: 'http://host/ → https://host/ (good-site)', code: '', observation: live('good-site') },
    { name: 'the same host, then another one over HTTPS (cross-host-redirect)', code: '', observation: live('cross-host-redirect') },
    {
      name: 'the port may change; the path may too',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 308, location: `https://shop.example/accounts/` }, { status: 200 }])),
    },
    { name: 'no redirect at all is https-redirect-missing\'s', code: '', status: 'skipped', observation: live('bad-site') },
    { name: 'nothing on port 80', code: '', status: 'skipped', observation: live('no-http-listener') },
  ],
  invalid: [
    {
      name: 'to www over HTTPS first',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'https://www.shop.example/' }], { kind: 'cross-host', url: 'https://www.shop.example/' })),
      errors: [{ messageId: 'otherHost', url: HTTP }],
    },
    {
      name: 'to www over plain HTTP first',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'http://www.shop.example/' }], { kind: 'cross-host', url: 'http://www.shop.example/' })),
      errors: [{ messageId: 'otherHostHttp', url: HTTP }],
    },
    {
      name: 'a plain-HTTP hop on the same host before HTTPS',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: '/en/' }, { status: 301, location: HTTPS }, { status: 200 }])),
      errors: [{ messageId: 'staysOnHttp', url: HTTP }],
    },
    {
      name: 'the host name compares case-insensitively (URL parsing lower-cases it); another host is on SECURE_SSL_HOST',
      code: "SECURE_SSL_HOST = 'secure.shop.example'\n",
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'https://SECURE.shop.example/' }], { kind: 'cross-host', url: 'https://secure.shop.example/' })),
      errors: [{ messageId: 'otherHost', url: HTTP, line: 1 }],
    },
  ],
});

describe('https-redirect-first-hop messages', () => {
  it('quotes a long Location cut to 60 characters', () => {
    const to = `https://www.shop.example/${'a'.repeat(100)}`;
    const outcome = runRule(rule, { code: '', observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: to }], { kind: 'cross-host', url: to })) });
    expect(outcome.findings.map((f) => f.message)).toEqual([`the first redirect from ${HTTP} goes to another host: ${to.slice(0, 59)}…`]);
  });
});
