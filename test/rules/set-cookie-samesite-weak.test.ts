import rule from '../../rules/set-cookie-samesite-weak.ts';
import { withCookie } from '../../rules/_content.ts';
import { live } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const HTTP = 'http://shop.example:33215/';

testRule(rule, {
  valid: [
    { name: 'good site: Lax', code: '', observation: live('good-site') },
    { name: 'Strict', code: '', observation: live('good-site', withCookie({ name: 'prefs', secure: true, sameSite: 'Strict' })) },
    { name: 'no-http-listener site', code: '', observation: live('no-http-listener') },
    { name: 'a deletion with SameSite=None', code: '', observation: live('good-site', withCookie({ name: 'csrftoken', sameSite: 'None', maxAge: 0 })) },
    { name: 'a nameless cookie is not a cookie to judge', code: '', observation: live('good-site', withCookie({ name: '', notes: ['nameless'] })) },
    { name: 'no observation', code: '', status: 'skipped' },
  ],
  invalid: [
    {
      name: 'bad site: csrftoken None, sessionid without SameSite, first over plain HTTP',
      code: '',
      observation: live('bad-site'),
      errors: [
        { messageId: 'none', url: HTTP },
        { messageId: 'missing', url: HTTP },
      ],
    },
    {
      name: 'an invalid SameSite value is ignored by browsers',
      code: '',
      observation: live('good-site', withCookie({ name: 'sessionid', secure: true, notes: ['invalid-samesite'] })),
      errors: [{ messageId: 'missing', url: GOOD }],
    },
    { name: 'another cookie with SameSite=None', code: '', observation: live('good-site', withCookie({ name: 'embed', secure: true, sameSite: 'None' })), errors: [{ messageId: 'other', url: GOOD }] },
    { name: 'another cookie without SameSite', code: '', observation: live('good-site', withCookie({ name: 'cart', secure: true })), errors: [{ messageId: 'other', url: GOOD }] },
    {
      name: 'check --url: shown on CSRF_COOKIE_SAMESITE',
      code: "CSRF_COOKIE_SAMESITE = 'None'",
      observation: live('good-site', withCookie({ name: 'csrftoken', secure: true, sameSite: 'None' })),
      errors: [{ messageId: 'none', url: GOOD, line: 1 }],
    },
  ],
});
