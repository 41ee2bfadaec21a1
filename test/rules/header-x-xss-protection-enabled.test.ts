import rule from '../../rules/header-x-xss-protection-enabled.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const xss = (value: string) => live('good-site', (o) => setHeader(o, 'X-XSS-Protection', value));

testRule(rule, {
  valid: [
    { name: 'good site: no header', code: '', observation: live('good-site') },
    { name: '0', code: '', observation: xss('0') },
    { name: '0 with spaces', code: '', observation: xss(' 0 ') },
    { name: 'no final response', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
  ],
  invalid: [
    { name: '1; mode=block', code: '', observation: xss('1; mode=block'), errors: [{ messageId: 'enabled', url: GOOD }] },
    { name: '1', code: '', observation: xss('1') },
    { name: 'a report URI', code: '', observation: xss('1; report=https://r.example/xss'), errors: [{ messageId: 'enabled', url: GOOD }] },
    { name: 'garbage (old Chrome treated it as on)', code: '', observation: xss('yes') },
    {
      name: 'a second field that turns it on',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'X-XSS-Protection', '0');
        if (o.final.reached) o.final.response.headers.push({ name: 'x-xss-protection', value: '1; mode=block', truncated: false });
      }),
      errors: [{ messageId: 'enabled', url: GOOD }],
    },
  ].map((c) => ({ errors: [{ messageId: 'enabled', url: GOOD }], ...c })),
});
