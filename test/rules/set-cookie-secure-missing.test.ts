import { describe, expect, it } from 'vitest';
import rule from '../../rules/set-cookie-secure-missing.ts';
import { withCookie } from '../../rules/_content.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';
const NO_HTTP = 'https://shop.example:41289/';

/** The HTTPS site never answered: no hops, no pages, no cookies. */
const silent = live('bad-site', (o) => {
  o.https.hops = [];
  o.https.end = { kind: 'error', url: o.target.httpsUrl, error: { phase: 'tls', code: 'ECONNRESET', message: 'socket hang up' } };
  o.final = { reached: false, reason: 'error' };
  o.notFound.status = null;
  o.admin.status = null;
  o.cookies = [];
});

testRule(rule, {
  valid: [
    { name: 'good site', code: '', observation: live('good-site') },
    { name: 'no-http-listener site', code: '', observation: live('no-http-listener') },
    { name: 'no cookies behind a cross-host redirect', code: '', observation: live('cross-host-redirect') },
    { name: 'cookies set over plain HTTP are the redirect rules\' business', code: '', observation: live('bad-site', (o) => (o.cookies = o.cookies.filter((c) => c.url.startsWith('http:')))) },
    { name: 'a deletion (Max-Age=0) without Secure', code: '', observation: live('good-site', withCookie({ name: 'sessionid', maxAge: 0, valueLength: 0 })) },
    { name: 'a deletion (Expires in the past) without Secure', code: '', observation: live('good-site', withCookie({ name: 'messages', expires: '1970-01-01T00:00:00.000Z', valueLength: 0 })) },
    { name: 'a cookie with control characters is dropped by browsers', code: '', observation: live('good-site', withCookie({ name: 'x', notes: ['control-characters'] })) },
    { name: 'the HTTPS site never answered', code: '', observation: silent, status: 'skipped' },
    { name: 'no observation', code: '', status: 'skipped' },
  ],
  invalid: [
    {
      name: 'bad site: session and CSRF cookies',
      code: '',
      observation: live('bad-site'),
      errors: [
        { messageId: 'csrf', url: BAD },
        { messageId: 'session', url: BAD },
      ],
    },
    { name: 'another cookie', code: '', observation: live('good-site', withCookie({ name: 'cart', httpOnly: true })), errors: [{ messageId: 'other', url: GOOD }] },
    {
      name: 'one finding per name, at the first response that set it badly',
      code: '',
      observation: live('no-http-listener', (o) => {
        withCookie({ name: 'cart', url: `${NO_HTTP}secaudit-x`, step: 'not-found' })(o);
        withCookie({ name: 'cart', url: `${NO_HTTP}admin/login/`, step: 'admin' })(o);
      }),
      errors: [{ messageId: 'other', url: `${NO_HTTP}secaudit-x` }],
    },
    {
      name: 'SESSION_COOKIE_NAME names the session cookie; sessionid is then another cookie',
      code: "SESSION_COOKIE_NAME = 'shop_session'\nSESSION_COOKIE_SECURE = False",
      observation: live('good-site', (o) => {
        withCookie({ name: 'shop_session' })(o);
        withCookie({ name: 'sessionid' })(o);
      }),
      errors: [
        { messageId: 'other', url: GOOD },
        { messageId: 'session', url: GOOD, line: 2 },
      ],
    },
    {
      name: 'CSRF_USE_SESSIONS: csrftoken is not the CSRF cookie',
      code: 'CSRF_USE_SESSIONS = True',
      observation: live('good-site', withCookie({ name: 'csrftoken' })),
      errors: [{ messageId: 'other', url: GOOD }],
    },
    {
      name: 'an unresolved SESSION_COOKIE_NAME: every cookie is another cookie',
      code: "import os\nSESSION_COOKIE_NAME = os.environ['SESSION_COOKIE']",
      observation: live('good-site', withCookie({ name: 'sessionid' })),
      errors: [{ messageId: 'other', url: GOOD }],
    },
    {
      name: 'check --url: shown on CSRF_COOKIE_SECURE',
      code: 'DEBUG = False\nCSRF_COOKIE_SECURE = False',
      observation: live('good-site', withCookie({ name: 'csrftoken' })),
      errors: [{ messageId: 'csrf', url: GOOD, line: 2 }],
    },
  ],
});

describe('set-cookie-secure-missing severities and messages', () => {
  it("Django's cookies are errors, others warnings; the value never appears", () => {
    const outcome = runRule(rule, { code: '', observation: live('bad-site', withCookie({ name: 'cart' })) });
    expect(outcome.findings.map((f) => [f.severity, f.message])).toEqual([
      ['error', 'CSRF cookie csrftoken is set over HTTPS without Secure'],
      ['warning', 'cookie cart is set over HTTPS without Secure'],
      ['error', 'session cookie sessionid is set over HTTPS without Secure'],
    ]);
  });

  it('a hostile cookie name is cut to 60 characters', () => {
    const outcome = runRule(rule, { code: '', observation: live('good-site', withCookie({ name: 'x'.repeat(100) })) });
    expect(outcome.findings[0]?.message).toBe(`cookie ${'x'.repeat(59)}… is set over HTTPS without Secure`);
  });
});
