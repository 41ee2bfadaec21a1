import rule from '../../rules/header-csp-missing.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';

testRule(rule, {
  valid: [
    { name: 'good site', code: '', observation: live('good-site') },
    { name: 'header name case does not matter to the probe (names are lower-cased)', code: '', observation: live('bad-site', (o) => setHeader(o, 'CONTENT-SECURITY-POLICY', "script-src 'self'")) },
    {
      name: 'an empty field next to a real policy',
      code: '',
      observation: live('good-site', (o) => {
        if (o.final.reached) o.final.response.headers.push({ name: 'content-security-policy', value: '', truncated: false });
      }),
    },
    {
      name: 'enforced and report-only together',
      code: '',
      observation: live('good-site', (o) => setHeader(o, 'Content-Security-Policy-Report-Only', "script-src 'self'")),
    },
    { name: 'no final response', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: no policy', code: '', observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD }] },
    {
      name: 'report-only does not count',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'Content-Security-Policy', null);
        setHeader(o, 'Content-Security-Policy-Report-Only', "default-src 'self'");
      }),
      errors: [{ messageId: 'reportOnly', url: GOOD }],
    },
    { name: 'a header without directives', code: '', observation: live('good-site', (o) => setHeader(o, 'Content-Security-Policy', ' ; ,')), errors: [{ messageId: 'empty', url: GOOD }] },
    { name: 'a directive name with bad characters is dropped', code: '', observation: live('good-site', (o) => setHeader(o, 'Content-Security-Policy', "default_src 'self'")), errors: [{ messageId: 'empty', url: GOOD }] },
    {
      name: 'check --url: shown on SECURE_CSP',
      code: "SECURE_CSP = {'default-src': [\"'self'\"]}",
      observation: live('bad-site'),
      errors: [{ messageId: 'missing', url: BAD, line: 1 }],
    },
  ],
});
