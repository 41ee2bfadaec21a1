import rule from '../../rules/set-cookie-httponly-missing.ts';
import { withCookie } from '../../rules/_content.ts';
import { live } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';

testRule(rule, {
  valid: [
    { name: 'good site: the CSRF cookie may be readable by scripts', code: '', observation: live('good-site') },
    { name: 'a custom CSRF cookie name without HttpOnly', code: "CSRF_COOKIE_NAME = 'xsrf'", observation: live('good-site', withCookie({ name: 'xsrf', secure: true })) },
    { name: 'other cookies are not judged', code: '', observation: live('good-site', withCookie({ name: 'theme', secure: true })) },
    { name: 'a deletion of the session cookie', code: '', observation: live('good-site', withCookie({ name: 'sessionid', maxAge: 0 })) },
    {
      name: 'an unresolved SESSION_COOKIE_NAME, but every cookie is HttpOnly',
      code: "import os\nSESSION_COOKIE_NAME = os.environ['SESSION_COOKIE']",
      observation: live('no-http-listener'),
    },
    {
      name: 'an unresolved SESSION_COOKIE_NAME and a cookie without HttpOnly',
      code: "import os\nSESSION_COOKIE_NAME = os.environ['SESSION_COOKIE']",
      observation: live('good-site', withCookie({ name: 'shop_session', secure: true })),
      status: 'unknown',
    },
    { name: 'no cookies behind a cross-host redirect', code: '', observation: live('cross-host-redirect') },
    { name: 'no observation', code: '', status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: first set over plain HTTP', code: '', observation: live('bad-site'), errors: [{ messageId: 'session', url: 'http://shop.example:33215/' }] },
    {
      name: 'a custom session cookie name',
      code: "SESSION_COOKIE_NAME = 'shop_session'",
      observation: live('good-site', withCookie({ name: 'shop_session', secure: true })),
      errors: [{ messageId: 'session', url: GOOD }],
    },
    {
      name: 'check --url: shown on SESSION_COOKIE_HTTPONLY',
      code: 'DEBUG = False\nSESSION_COOKIE_HTTPONLY = False',
      observation: live('good-site', withCookie({ name: 'sessionid', secure: true, sameSite: 'Lax' })),
      errors: [{ messageId: 'session', url: GOOD, line: 2 }],
    },
  ],
});
