import rule from '../../rules/hsts-header-subdomains-missing.ts';
import { setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const HTTPS = recorded('good-site').https.start;
const sts = (values: string[], truncated = false) => live('good-site', (o) => setFinalHeader(o, 'strict-transport-security', values, truncated));

testRule(rule, {
  valid: [
    { name: 'good-site', code: '', observation: live('good-site') },
    { name: 'any case', code: '', observation: sts(['max-age=31536000; includesubdomains']) },
    { name: 'no header', code: '', status: 'skipped', observation: live('bad-site') },
    { name: 'cross-host-redirect: no header on the redirect', code: '', status: 'skipped', observation: live('cross-host-redirect') },
    { name: 'an invalid header', code: '', status: 'skipped', observation: sts(['includeSubDomains']) },
    { name: 'max-age=0 removes the policy', code: '', status: 'skipped', observation: sts(['max-age=0']) },
    { name: 'a truncated header', code: '', status: 'unknown', observation: sts(['max-age=31536000; x'], true) },
  ],
  invalid: [
    { name: 'no-http-listener: the first header has none (the second does)', code: '', observation: live('no-http-listener'), errors: [{ messageId: 'missing', url: recorded('no-http-listener').https.start }] },
    {
      name: 'shown on SECURE_HSTS_INCLUDE_SUBDOMAINS',
      code: 'SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False\n',
      observation: sts(['max-age=31536000; preload']),
      errors: [{ messageId: 'missing', url: HTTPS, line: 2 }],
    },
  ],
});
