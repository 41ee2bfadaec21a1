import rule from '../../rules/redirect-downgrade.ts';
import { setChain } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const HTTP = recorded('good-site').http.start;
const HTTPS = recorded('good-site').https.start;
const login = `${HTTPS}accounts/login/`;

testRule(rule, {
  valid: [
    { name: 'good-site', code: '', observation: live('good-site') },
    { name: 'bad-site', code: '', observation: live('bad-site') },
    { name: 'no-http-listener', code: '', observation: live('no-http-listener') },
    { name: 'cross-host-redirect (HTTPS to HTTPS)', code: '', observation: live('cross-host-redirect') },
    {
      name: 'a relative Location stays on HTTPS',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 302, location: '/accounts/login/' }, { status: 200 }])),
    },
    {
      name: 'plain HTTP to plain HTTP before the upgrade is not a downgrade',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: `${HTTP}en/` }, { status: 301, location: HTTPS }, { status: 200 }])),
    },
  ],
  invalid: [
    {
      name: 'https://host/ → http://host/accounts/login/',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 302, location: login.replace('https:', 'http:') }, { status: 200 }])),
      errors: [{ messageId: 'downgrade', url: HTTPS }],
    },
    {
      name: 'a downgrade to another host (recorded, not followed) is reported',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 301, location: 'http://www.shop.example/' }], { kind: 'cross-host', url: 'http://www.shop.example/' })),
      errors: [{ messageId: 'downgrade', url: HTTPS }],
    },
    {
      name: 'the same redirect in both chains is reported once; a later one in the HTTP chain too',
      code: '',
      observation: live('good-site', (o) => {
        setChain(o, 'https', [{ status: 302, location: login }, { status: 302, location: 'http://shop.example/x/' }, { status: 200 }]);
        setChain(o, 'http', [
          { status: 301, location: HTTPS },
          { status: 302, location: login },
          { status: 302, location: 'http://shop.example/x/' },
          { status: 301, location: `${HTTPS}y/` },
          { status: 302, location: 'http://shop.example/z/' },
          { status: 200 },
        ]);
      }),
      errors: [
        { messageId: 'downgrade', url: login },
        { messageId: 'downgrade', url: `${HTTPS}y/` },
      ],
    },
  ],
});
