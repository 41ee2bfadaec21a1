import rule from '../../rules/header-nosniff-missing.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';

testRule(rule, {
  valid: [
    { name: 'good site: nosniff', code: '', observation: live('good-site') },
    { name: 'value case does not matter', code: '', observation: live('bad-site', (o) => setHeader(o, 'X-Content-Type-Options', 'NoSniff')) },
    { name: 'nosniff first in a list', code: '', observation: live('bad-site', (o) => setHeader(o, 'X-Content-Type-Options', 'nosniff, foo')) },
    {
      name: 'a second field after nosniff',
      code: '',
      observation: live('good-site', (o) => {
        if (o.final.reached) o.final.response.headers.push({ name: 'x-content-type-options', value: 'nosniff', truncated: false });
      }),
    },
    { name: 'no final response (cross-host redirect)', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
    { name: 'no observation at all', code: 'DEBUG = False', status: 'skipped' },
    {
      name: 'the HTTPS site ends on plain HTTP',
      code: '',
      observation: live('bad-site', (o) => {
        if (o.final.reached) o.final.response.url = 'http://shop.example:33215/';
      }),
      status: 'skipped',
    },
  ],
  invalid: [
    { name: 'bad site: no header', code: '', observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD }] },
    { name: 'a misspelling', code: '', observation: live('good-site', (o) => setHeader(o, 'X-Content-Type-Options', 'no-sniff')), errors: [{ messageId: 'invalid', url: GOOD }] },
    { name: 'nosniff is not the first value', code: '', observation: live('good-site', (o) => setHeader(o, 'X-Content-Type-Options', 'foo, nosniff')), errors: [{ messageId: 'invalid', url: GOOD }] },
    {
      name: 'two fields: the first one counts',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'X-Content-Type-Options', '');
        if (o.final.reached) o.final.response.headers.push({ name: 'x-content-type-options', value: 'nosniff', truncated: false });
      }),
      errors: [{ messageId: 'invalid', url: GOOD }],
    },
    {
      name: 'check --url: shown on SECURE_CONTENT_TYPE_NOSNIFF',
      code: 'DEBUG = False\nSECURE_CONTENT_TYPE_NOSNIFF = False',
      observation: live('bad-site'),
      errors: [{ messageId: 'missing', url: BAD, line: 2 }],
    },
  ],
});
