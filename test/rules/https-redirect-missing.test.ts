import rule from '../../rules/https-redirect-missing.ts';
import { setChain } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const good = recorded('good-site');
const HTTP = good.http.start;
const HTTPS = good.https.start;

testRule(rule, {
  valid: [
    { name: 'plain HTTP answers 301 to https://', code: '', observation: live('good-site') },
    { name: 'nothing listens on the plain-HTTP port: not a finding', code: '', observation: live('no-http-listener') },
    { name: 'redirects to HTTPS on another host (https-redirect-first-hop judges it)', code: '', observation: live('cross-host-redirect') },
    {
      name: 'two plain-HTTP hops, then HTTPS',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: `${HTTP}home/` }, { status: 301, location: HTTPS }, { status: 200 }])),
    },
    {
      name: 'a timeout on plain HTTP cannot decide',
      code: '',
      status: 'unknown',
      observation: live('good-site', (o) => setChain(o, 'http', [], { kind: 'error', url: HTTP, error: { phase: 'headers', code: 'TIMEOUT', message: 'no response in 5 s' } })),
    },
    {
      name: 'a redirect to a javascript: URL is redirect-loop\'s',
      code: '',
      status: 'skipped',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'javascript:alert(1)' }], { kind: 'bad-location', location: 'javascript:alert(1)' })),
    },
    {
      name: 'an http:// loop is redirect-loop\'s',
      code: '',
      status: 'skipped',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: HTTP }], { kind: 'loop', url: HTTP })),
    },
    {
      name: 'plain HTTP redirects to another host over HTTP: not followed, cannot decide',
      code: '',
      status: 'unknown',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'http://www.shop.example/' }], { kind: 'cross-host', url: 'http://www.shop.example/' })),
    },
  ],
  invalid: [
    { name: 'plain HTTP answers 200 (bad-site)', code: '', observation: live('bad-site'), errors: [{ messageId: 'noRedirect', url: recorded('bad-site').http.start }] },
    {
      name: 'a 301 without Location is not a redirect',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301 }])),
      errors: [{ messageId: 'noRedirect', url: HTTP }],
    },
    {
      name: 'a 403 over plain HTTP',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 403 }])),
      errors: [{ messageId: 'noRedirect', url: HTTP }],
    },
    {
      name: 'redirects that stay on plain HTTP',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: `${HTTP}en/` }, { status: 200 }])),
      errors: [{ messageId: 'endsOnHttp', url: HTTP }],
    },
    {
      name: 'the finding is shown on SECURE_SSL_REDIRECT when the settings set it',
      code: 'SECURE_SSL_REDIRECT = False\n',
      observation: live('bad-site'),
      errors: [{ messageId: 'noRedirect', url: recorded('bad-site').http.start, line: 1 }],
    },
  ],
});
