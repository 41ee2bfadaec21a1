import rule from '../../rules/drift-x-frame-options.ts';
import { setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const MW = "MIDDLEWARE = ['django.middleware.clickjacking.XFrameOptionsMiddleware']";
const DENY = `${MW}\nX_FRAME_OPTIONS = 'DENY'`;
const GOOD = recorded('good-site');
const GOOD_URL = GOOD.final.reached ? GOOD.final.response.url : '';
const BAD = recorded('bad-site');
const BAD_URL = BAD.final.reached ? BAD.final.response.url : '';
const xfo = (...values: string[]) => live('good-site', (o) => setFinalHeader(o, 'x-frame-options', values));

testRule(rule, {
  valid: [
    { name: 'good site sends DENY', code: DENY, observation: live('good-site') },
    { name: 'no-http-listener sends DENY', code: DENY, observation: live('no-http-listener') },
    { name: "the default is 'DENY' (Django 3.0+)", code: MW, observation: live('good-site') },
    { name: 'the middleware upper-cases the setting', code: `${MW}\nX_FRAME_OPTIONS = 'deny'`, observation: live('good-site') },
    { name: 'values are case-insensitive', code: DENY, observation: xfo('deny') },
    { name: 'the same value twice is one value', code: DENY, observation: xfo('DENY', 'DENY') },
    { name: 'SAMEORIGIN in both', code: `${MW}\nX_FRAME_OPTIONS = 'SAMEORIGIN'`, observation: xfo('SAMEORIGIN') },
    { name: 'no XFrameOptionsMiddleware', code: "X_FRAME_OPTIONS = 'DENY'", observation: live('bad-site'), status: 'skipped' },
    { name: 'MIDDLEWARE is not known', code: "import os\nMIDDLEWARE = os.environ['MW'].split(',')", observation: live('bad-site'), status: 'unknown' },
    { name: 'X_FRAME_OPTIONS is not known', code: `import os\n${MW}\nX_FRAME_OPTIONS = os.environ['XFO']`, observation: live('bad-site'), status: 'unknown' },
    { name: 'no final response', code: DENY, observation: live('cross-host-redirect'), status: 'skipped' },
    { name: 'no live site', code: DENY, status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: no header although the middleware is on', code: DENY, observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD_URL, line: 1 }] },
    { name: 'the site sends SAMEORIGIN', code: DENY, observation: xfo('SAMEORIGIN'), errors: [{ messageId: 'differs', url: GOOD_URL, line: 2 }] },
    { name: 'a proxy adds a second, different value', code: DENY, observation: xfo('DENY', 'SAMEORIGIN'), errors: [{ messageId: 'differs', url: GOOD_URL, line: 2 }] },
    { name: 'one field with two values', code: DENY, observation: xfo('DENY, SAMEORIGIN'), errors: [{ messageId: 'differs', url: GOOD_URL, line: 2 }] },
    {
      name: "Django 2.2's default was 'SAMEORIGIN' (no line of its own)",
      code: MW,
      django: { major: 2, minor: 2 },
      observation: live('good-site'),
      errors: [{ messageId: 'differs', url: GOOD_URL }],
    },
  ],
});
