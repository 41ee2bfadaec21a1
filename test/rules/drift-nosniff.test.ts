import rule from '../../rules/drift-nosniff.ts';
import { setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const MW = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
const ON = `${MW}\nSECURE_CONTENT_TYPE_NOSNIFF = True`;
const GOOD = recorded('good-site');
const GOOD_URL = GOOD.final.reached ? GOOD.final.response.url : '';
const BAD = recorded('bad-site');
const BAD_URL = BAD.final.reached ? BAD.final.response.url : '';
const xcto = (...values: string[]) => live('good-site', (o) => setFinalHeader(o, 'x-content-type-options', values));

testRule(rule, {
  valid: [
    { name: 'good site sends nosniff', code: ON, observation: live('good-site') },
    { name: 'on by default (Django 3.0+)', code: MW, observation: live('no-http-listener') },
    { name: 'case-insensitive', code: ON, observation: xcto('NoSniff') },
    { name: 'only the first value counts', code: ON, observation: xcto('nosniff', 'sniff') },
    { name: 'SECURE_CONTENT_TYPE_NOSNIFF off: the settings rule reports it', code: `${MW}\nSECURE_CONTENT_TYPE_NOSNIFF = False`, observation: live('bad-site'), status: 'skipped' },
    { name: 'no SecurityMiddleware', code: 'SECURE_CONTENT_TYPE_NOSNIFF = True', observation: live('bad-site'), status: 'skipped' },
    { name: 'the flag is not known', code: `import os\n${MW}\nSECURE_CONTENT_TYPE_NOSNIFF = os.environ['NOSNIFF'] == '1'`, observation: live('bad-site'), status: 'unknown' },
    { name: 'no final response', code: ON, observation: live('cross-host-redirect'), status: 'skipped' },
    { name: 'no live site', code: ON, status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: no header', code: ON, observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD_URL, line: 2 }] },
    { name: 'on by default, no line of its own', code: MW, observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD_URL }] },
    { name: 'another value first', code: ON, observation: xcto('sniff', 'nosniff'), errors: [{ messageId: 'differs', url: GOOD_URL, line: 2 }] },
    { name: 'one field, nosniff second', code: ON, observation: xcto('none, nosniff'), errors: [{ messageId: 'differs', url: GOOD_URL, line: 2 }] },
  ],
});
