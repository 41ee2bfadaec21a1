import rule from '../../rules/drift-cookie-secure.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const BOTH = 'SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True';
const BAD_HTTP = recorded('bad-site').http.start;
const GOOD_ADMIN = recorded('good-site').admin.url;

testRule(rule, {
  valid: [
    { name: 'good site: both cookies Secure', code: BOTH, observation: live('good-site') },
    { name: 'no-http-listener: the session cookie is Secure, no CSRF cookie', code: BOTH, observation: live('no-http-listener') },
    { name: "flags off (Django's defaults): the settings rules report them", code: 'DEBUG = False', observation: live('bad-site'), status: 'skipped' },
    { name: 'CSRF_USE_SESSIONS: there is no CSRF cookie to compare', code: 'CSRF_USE_SESSIONS = True\nCSRF_COOKIE_SECURE = True', observation: live('bad-site'), status: 'skipped' },
    { name: 'the probed pages set no cookie', code: BOTH, observation: live('cross-host-redirect'), status: 'skipped' },
    {
      name: 'a custom SESSION_COOKIE_NAME the site did not set: sessionid is not Django\'s session cookie',
      code: "SESSION_COOKIE_NAME = 'shop_session'\nSESSION_COOKIE_SECURE = True",
      observation: live('bad-site'),
      status: 'skipped',
    },
    {
      name: "a deletion without Secure (Django's delete_cookie) does not count",
      code: BOTH,
      observation: live('good-site', (o) => {
        const first = o.cookies[0]!;
        o.cookies.push({ ...first, step: 'admin', secure: false, maxAge: 0, expires: '1970-01-01T00:00:00.000Z', attributes: ['expires', 'Max-Age', 'Path'] });
      }),
    },
    { name: 'the flag depends on a variable that was not given', code: "import os\nSESSION_COOKIE_SECURE = os.environ['SECURE'] == '1'", observation: live('bad-site'), status: 'unknown' },
    { name: 'an unknown flag does not matter when the cookie is Secure', code: "import os\nSESSION_COOKIE_SECURE = os.environ['SECURE'] == '1'", observation: live('good-site') },
    { name: 'the session cookie name is not known', code: "import os\nSESSION_COOKIE_NAME = os.environ['COOKIE']\nSESSION_COOKIE_SECURE = True", observation: live('bad-site'), status: 'unknown' },
    { name: 'no live site', code: BOTH, status: 'skipped' },
  ],
  invalid: [
    {
      name: 'bad site: both cookies without Secure (first seen on the plain-HTTP page)',
      code: BOTH,
      observation: live('bad-site'),
      errors: [
        { messageId: 'session', url: BAD_HTTP, line: 1 },
        { messageId: 'csrf', url: BAD_HTTP, line: 2 },
      ],
    },
    {
      name: "the middleware uses truthiness: 'yes' is on, so Django would send Secure",
      code: "SESSION_COOKIE_SECURE = 'yes'",
      observation: live('bad-site'),
      errors: [{ messageId: 'session', url: BAD_HTTP, line: 1 }],
    },
    {
      name: 'a custom SESSION_COOKIE_NAME',
      code: "SESSION_COOKIE_NAME = 'shop_session'\nSESSION_COOKIE_SECURE = True",
      observation: live('bad-site', (o) => {
        for (const c of o.cookies) if (c.name === 'sessionid') c.name = 'shop_session';
      }),
      errors: [{ messageId: 'session', url: BAD_HTTP, line: 2 }],
    },
    {
      name: 'only the admin page sets the CSRF cookie without Secure',
      code: BOTH,
      observation: live('good-site', (o) => {
        for (const c of o.cookies) if (c.step === 'admin' && c.name === 'csrftoken') c.secure = false;
      }),
      errors: [{ messageId: 'csrf', url: GOOD_ADMIN, line: 2 }],
    },
  ],
});
