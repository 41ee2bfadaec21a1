import { expect, it } from 'vitest';
import rule from '../../rules/set-cookie-prefix-invalid.ts';
import { withCookie } from '../../rules/_content.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const host = { secure: true, path: '/' } as const;

testRule(rule, {
  valid: [
    { name: 'good site: no prefixed cookies', code: '', observation: live('good-site') },
    { name: 'a proper __Host- cookie', code: '', observation: live('good-site', withCookie({ name: '__Host-sessionid', ...host })) },
    { name: 'a proper __Secure- cookie with a Domain', code: '', observation: live('good-site', withCookie({ name: '__Secure-id', secure: true, domain: 'shop.example', path: '/app' })) },
    { name: 'the prefix must start the name', code: '', observation: live('good-site', withCookie({ name: 'my__Host-id' })) },
    { name: 'a cookie with control characters is dropped anyway', code: '', observation: live('good-site', withCookie({ name: '__Host-id', notes: ['control-characters'] })) },
    { name: 'bad site', code: '', observation: live('bad-site') },
    { name: 'no observation', code: '', status: 'skipped' },
  ],
  invalid: [
    { name: '__Secure- without Secure', code: '', observation: live('good-site', withCookie({ name: '__Secure-id', path: '/' })), errors: [{ messageId: 'secure', url: GOOD }] },
    { name: '__Host- without Secure', code: '', observation: live('good-site', withCookie({ name: '__Host-id', path: '/' })), errors: [{ messageId: 'host', url: GOOD }] },
    { name: '__Host- with a Domain', code: '', observation: live('good-site', withCookie({ name: '__Host-id', ...host, domain: 'shop.example' })), errors: [{ messageId: 'host', url: GOOD }] },
    { name: '__Host- with another Path', code: '', observation: live('good-site', withCookie({ name: '__Host-id', secure: true, path: '/app' })), errors: [{ messageId: 'host', url: GOOD }] },
    { name: '__Host- without a Path attribute', code: '', observation: live('good-site', withCookie({ name: '__Host-id', secure: true })), errors: [{ messageId: 'host', url: GOOD }] },
    { name: 'the prefix is matched case-insensitively', code: '', observation: live('good-site', withCookie({ name: '__host-id', path: '/' })), errors: [{ messageId: 'host', url: GOOD }] },
    {
      name: 'a rejected deletion counts (the old cookie stays)',
      code: '',
      observation: live('good-site', withCookie({ name: '__Secure-id', maxAge: 0, valueLength: 0 })),
      errors: [{ messageId: 'secure', url: GOOD }],
    },
    {
      name: 'check --url: a prefixed SESSION_COOKIE_NAME is shown on that setting',
      code: "SESSION_COOKIE_NAME = '__Host-sessionid'\nSESSION_COOKIE_DOMAIN = 'shop.example'",
      observation: live('good-site', withCookie({ name: '__Host-sessionid', ...host, domain: 'shop.example' })),
      errors: [{ messageId: 'host', url: GOOD, line: 1 }],
    },
  ],
});

it('names what breaks the __Host- rules', () => {
  const messages = (cookie: Parameters<typeof withCookie>[0]) => runRule(rule, { code: '', observation: live('good-site', withCookie(cookie)) }).findings.map((f) => f.message);
  expect(messages({ name: '__Host-a', path: '/' })).toEqual(['__Host-a breaks the __Host- rules (no Secure): browsers reject it']);
  expect(messages({ name: '__Host-a', ...host, domain: 'shop.example' })).toEqual(['__Host-a breaks the __Host- rules (Domain=shop.example): browsers reject it']);
  expect(messages({ name: '__Host-a', secure: true, path: '/app' })).toEqual(['__Host-a breaks the __Host- rules (Path=/app): browsers reject it']);
  expect(messages({ name: '__Host-a', secure: true })).toEqual(['__Host-a breaks the __Host- rules (no Path=/): browsers reject it']);
});
