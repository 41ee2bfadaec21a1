import rule from '../../rules/header-referrer-policy-weak.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';
const policy = (value: string) => live('good-site', (o) => setHeader(o, 'Referrer-Policy', value));

testRule(rule, {
  valid: [
    { name: 'good site: same-origin', code: '', observation: live('good-site') },
    { name: 'strict-origin-when-cross-origin', code: '', observation: policy('strict-origin-when-cross-origin') },
    { name: 'no-referrer', code: '', observation: policy('no-referrer') },
    { name: 'origin is not reported', code: '', observation: policy('origin') },
    { name: 'the last valid token wins over an earlier unsafe one', code: '', observation: policy('unsafe-url, strict-origin') },
    { name: 'an unknown token after a valid one is skipped', code: '', observation: policy('same-origin, some-future-policy') },
    { name: 'upper case', code: '', observation: policy('SAME-ORIGIN') },
    {
      name: 'duplicate fields join: the later field wins',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'Referrer-Policy', 'unsafe-url');
        if (o.final.reached) o.final.response.headers.push({ name: 'referrer-policy', value: 'no-referrer', truncated: false });
      }),
    },
    { name: 'no final response', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: no header', code: '', observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD }] },
    { name: 'unsafe-url', code: '', observation: policy('unsafe-url'), errors: [{ messageId: 'leaky', url: GOOD }] },
    { name: 'no-referrer-when-downgrade', code: '', observation: policy('no-referrer-when-downgrade'), errors: [{ messageId: 'leaky', url: GOOD }] },
    { name: 'a valid policy followed by a leaky one', code: '', observation: policy('strict-origin, unsafe-url, bogus'), errors: [{ messageId: 'leaky', url: GOOD }] },
    { name: 'only unknown tokens', code: '', observation: policy('strict, same_origin'), errors: [{ messageId: 'invalid', url: GOOD }] },
    { name: 'empty', code: '', observation: policy(''), errors: [{ messageId: 'invalid', url: GOOD }] },
    {
      name: 'check --url: shown on SECURE_REFERRER_POLICY',
      code: "SECURE_REFERRER_POLICY = 'unsafe-url'",
      observation: policy('unsafe-url'),
      errors: [{ messageId: 'leaky', url: GOOD, line: 1 }],
    },
  ],
});
