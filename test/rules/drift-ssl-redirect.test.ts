import rule from '../../rules/drift-ssl-redirect.ts';
import { setChain } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const MW = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
const ON = `${MW}\nSECURE_SSL_REDIRECT = True`;
const BAD_HTTP = recorded('bad-site').http.start;

testRule(rule, {
  valid: [
    { name: 'good site: plain HTTP redirects to HTTPS', code: ON, observation: live('good-site') },
    { name: 'the redirect reaches HTTPS, then another host', code: ON, observation: live('cross-host-redirect') },
    { name: 'nothing listens on plain HTTP', code: ON, observation: live('no-http-listener'), status: 'skipped' },
    { name: 'no SecurityMiddleware', code: 'SECURE_SSL_REDIRECT = True', observation: live('bad-site'), status: 'skipped' },
    { name: 'SECURE_SSL_REDIRECT off: ssl-redirect-disabled reports it', code: `${MW}\nSECURE_SSL_REDIRECT = False`, observation: live('bad-site'), status: 'skipped' },
    { name: 'SECURE_SSL_REDIRECT from a variable that was not given', code: `import os\n${MW}\nSECURE_SSL_REDIRECT = os.environ['SSL'] == '1'`, observation: live('bad-site'), status: 'unknown' },
    { name: 'SECURE_REDIRECT_EXEMPT exempts the root path', code: `${ON}\nSECURE_REDIRECT_EXEMPT = [r'^$']`, observation: live('bad-site'), status: 'skipped' },
    { name: 'a Python-only named group is not evaluated', code: `${ON}\nSECURE_REDIRECT_EXEMPT = [r'^(?P<page>health)/$']`, observation: live('bad-site'), status: 'unknown' },
    { name: "Python's \\Z is not read as JavaScript's literal Z", code: `${ON}\nSECURE_REDIRECT_EXEMPT = [r'^\\Z']`, observation: live('bad-site'), status: 'unknown' },
    {
      name: 'plain HTTP answers 403: not traceable to Django',
      code: ON,
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 403 }])),
      status: 'unknown',
    },
    {
      name: 'plain HTTP redirects to another plain-HTTP host',
      code: ON,
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'http://www.shop.example/' }], { kind: 'cross-host', url: 'http://www.shop.example/' })),
      status: 'unknown',
    },
    {
      name: 'the plain-HTTP request failed',
      code: ON,
      observation: live('good-site', (o) =>
        setChain(o, 'http', [], { kind: 'error', url: o.http.start, error: { phase: 'headers', code: 'TIMEOUT', message: 'no response headers within 10 s' } }),
      ),
      status: 'skipped',
    },
    { name: 'no live site', code: ON, status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: plain HTTP answers 200', code: ON, observation: live('bad-site'), errors: [{ messageId: 'answered', url: BAD_HTTP, line: 2 }] },
    { name: "the middleware uses truthiness: 'on' redirects", code: `${MW}\nSECURE_SSL_REDIRECT = 'on'`, observation: live('bad-site'), errors: [{ messageId: 'answered', url: BAD_HTTP, line: 2 }] },
    {
      name: 'exempt patterns that do not match the root path',
      code: `${ON}\nSECURE_REDIRECT_EXEMPT = [r'^health/$', r'^api/']`,
      observation: live('bad-site'),
      errors: [{ messageId: 'answered', url: BAD_HTTP, line: 2 }],
    },
  ],
});
