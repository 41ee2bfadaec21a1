import rule from '../../rules/https-redirect-temporary.ts';
import { setChain } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const HTTP = recorded('good-site').http.start;
const HTTPS = recorded('good-site').https.start;
const firstHop = (status: number) => live('good-site', (o) => setChain(o, 'http', [{ status, location: HTTPS }, { status: 200 }]));

testRule(rule, {
  valid: [
    { name: '301 (good-site)', code: '', observation: live('good-site') },
    { name: '308', code: '', observation: firstHop(308) },
    {
      name: 'only the first redirect is judged: 301 then 302 on HTTPS',
      code: '',
      observation: live('good-site', (o) => setChain(o, 'http', [{ status: 301, location: HTTPS }, { status: 302, location: `${HTTPS}en/` }, { status: 200 }])),
    },
    { name: 'no redirect', code: '', status: 'skipped', observation: live('bad-site') },
    { name: 'nothing on port 80', code: '', status: 'skipped', observation: live('no-http-listener') },
  ],
  invalid: [
    { name: '302 Found', code: '', observation: firstHop(302), errors: [{ messageId: 'temporary', url: HTTP }] },
    { name: '307 Temporary Redirect', code: '', observation: firstHop(307), errors: [{ messageId: 'temporary', url: HTTP }] },
    { name: '303 See Other', code: '', observation: firstHop(303), errors: [{ messageId: 'temporary', url: HTTP }] },
  ],
});
