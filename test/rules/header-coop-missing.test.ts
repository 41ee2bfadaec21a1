import rule from '../../rules/header-coop-missing.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';
const coop = (value: string) => live('good-site', (o) => setHeader(o, 'Cross-Origin-Opener-Policy', value));

testRule(rule, {
  valid: [
    { name: 'good site: same-origin', code: '', observation: live('good-site') },
    { name: 'same-origin-allow-popups', code: '', observation: coop('same-origin-allow-popups') },
    { name: 'noopener-allow-popups', code: '', observation: coop('noopener-allow-popups') },
    { name: 'an explicit unsafe-none is a choice', code: '', observation: coop('unsafe-none') },
    { name: 'with a report-to parameter', code: '', observation: coop('same-origin; report-to="coop"') },
    { name: 'no final response', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: no header', code: '', observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD }] },
    { name: 'tokens are case-sensitive', code: '', observation: coop('Same-Origin'), errors: [{ messageId: 'invalid', url: GOOD }] },
    { name: 'a quoted string is not a token', code: '', observation: coop('"same-origin"'), errors: [{ messageId: 'invalid', url: GOOD }] },
    { name: 'an unknown token', code: '', observation: coop('same-site'), errors: [{ messageId: 'invalid', url: GOOD }] },
    {
      name: 'two fields combine into a list, which is not an item',
      code: '',
      observation: live('good-site', (o) => {
        if (o.final.reached) o.final.response.headers.push({ name: 'cross-origin-opener-policy', value: 'same-origin', truncated: false });
      }),
      errors: [{ messageId: 'invalid', url: GOOD }],
    },
    {
      name: 'check --url: shown on SECURE_CROSS_ORIGIN_OPENER_POLICY',
      code: 'DEBUG = False\nSECURE_CROSS_ORIGIN_OPENER_POLICY = None',
      observation: live('bad-site'),
      errors: [{ messageId: 'missing', url: BAD, line: 2 }],
    },
  ],
});
