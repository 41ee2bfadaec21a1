import rule from '../../rules/redirect-loop.ts';
import { setChain } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const HTTP = recorded('good-site').http.start;
const HTTPS = recorded('good-site').https.start;

testRule(rule, {
  valid: [
    { name: 'good-site', code: '', observation: live('good-site') },
    { name: 'bad-site: no redirects at all', code: '', observation: live('bad-site') },
    { name: 'nothing on port 80', code: '', observation: live('no-http-listener') },
    { name: 'a redirect to another host is not a loop', code: '', observation: live('cross-host-redirect') },
    {
      name: 'visiting the same path twice with a different query is not a loop',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 302, location: `${HTTPS}?a=1` }, { status: 302, location: `${HTTPS}?a=2` }, { status: 200 }])),
    },
  ],
  invalid: [
    {
      name: 'https://host/ redirects to itself (SECURE_SSL_REDIRECT behind a proxy): reported once, on the setting',
      code: 'SECURE_SSL_REDIRECT = True\n',
      observation: live('good-site', (o) => {
        setChain(o, 'https', [{ status: 301, location: HTTPS }], { kind: 'loop', url: HTTPS });
        setChain(o, 'http', [{ status: 301, location: HTTPS }, { status: 301, location: HTTPS }], { kind: 'loop', url: HTTPS });
      }),
      errors: [{ messageId: 'selfRedirect', url: HTTPS, line: 1 }],
    },
    {
      name: 'a two-step loop on HTTPS',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 302, location: `${HTTPS}a/` }, { status: 302, location: HTTPS }], { kind: 'loop', url: HTTPS })),
      errors: [{ messageId: 'loop', url: HTTPS }],
    },
    {
      name: 'a plain-HTTP self-redirect is not on SECURE_SSL_REDIRECT',
      code: 'SECURE_SSL_REDIRECT = True\n',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: HTTP }], { kind: 'loop', url: HTTP })),
      errors: [{ messageId: 'selfRedirect', url: HTTP }],
    },
    {
      name: 'more than 10 redirects',
      code: '',
      observation: live('good-site', (o) =>
        setChain(
          o,
          'https',
          Array.from({ length: 11 }, (_, i) => ({ status: 302, location: `${HTTPS}${i + 1}/` })),
          { kind: 'too-many-redirects', limit: 10 },
        ),
      ),
      errors: [{ messageId: 'tooMany', url: HTTPS }],
    },
    {
      name: 'a Location that is not an http(s) URL, in the plain-HTTP chain',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: 'ftp://shop.example/' }], { kind: 'bad-location', location: 'ftp://shop.example/' })),
      errors: [{ messageId: 'badLocation', url: HTTP }],
    },
    {
      name: 'each chain that fails on its own is reported for its start',
      code: '',
      observation: live('good-site', (o) => {
        setChain(o, 'https', [{ status: 301, location: 'javascript:void(0)' }], { kind: 'bad-location', location: 'javascript:void(0)' });
        setChain(o, 'http', [{ status: 301, location: `${HTTP}x/` }, { status: 301, location: HTTP }], { kind: 'loop', url: HTTP });
      }),
      errors: [
        { messageId: 'loop', url: HTTP },
        { messageId: 'badLocation', url: HTTPS },
      ],
    },
  ],
});
