import { describe, expect, it } from 'vitest';
import rule from '../../rules/drift-referrer-policy.ts';
import { setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const MW = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
const SAME = `${MW}\nSECURE_REFERRER_POLICY = 'same-origin'`;
const GOOD = recorded('good-site');
const GOOD_URL = GOOD.final.reached ? GOOD.final.response.url : '';
const BAD = recorded('bad-site');
const BAD_URL = BAD.final.reached ? BAD.final.response.url : '';
const rp = (...values: string[]) => live('good-site', (o) => setFinalHeader(o, 'referrer-policy', values));

testRule(rule, {
  valid: [
    { name: 'good site sends same-origin', code: SAME, observation: live('good-site') },
    { name: "the default is 'same-origin' (Django 3.1+)", code: MW, observation: live('no-http-listener') },
    { name: 'a fallback list: the last valid token is the policy on both sides', code: `${MW}\nSECURE_REFERRER_POLICY = 'no-referrer, strict-origin-when-cross-origin'`, observation: rp('no-referrer,strict-origin-when-cross-origin') },
    { name: 'a list setting joined with commas', code: `${MW}\nSECURE_REFERRER_POLICY = ['origin', 'same-origin']`, observation: rp('same-origin') },
    { name: 'tokens are compared case-insensitively', code: SAME, observation: rp('Same-Origin') },
    { name: 'SECURE_REFERRER_POLICY = None: the settings rule reports it', code: `${MW}\nSECURE_REFERRER_POLICY = None`, observation: live('bad-site'), status: 'skipped' },
    { name: 'no SecurityMiddleware', code: "SECURE_REFERRER_POLICY = 'same-origin'", observation: live('bad-site'), status: 'skipped' },
    { name: 'the policy is not known', code: `import os\n${MW}\nSECURE_REFERRER_POLICY = os.environ['POLICY']`, observation: live('bad-site'), status: 'unknown' },
    { name: 'no final response', code: SAME, observation: live('cross-host-redirect'), status: 'skipped' },
    { name: 'no live site', code: SAME, status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: no header', code: SAME, observation: live('bad-site'), errors: [{ messageId: 'missing', url: BAD_URL, line: 2 }] },
    { name: 'another policy', code: SAME, observation: rp('unsafe-url'), errors: [{ messageId: 'differs', url: GOOD_URL, line: 2 }] },
    { name: "a proxy's second header wins (the last valid token)", code: SAME, observation: rp('same-origin', 'no-referrer-when-downgrade'), errors: [{ messageId: 'differs', url: GOOD_URL, line: 2 }] },
    { name: 'the default, no line of its own', code: MW, observation: rp('origin'), errors: [{ messageId: 'differs', url: GOOD_URL }] },
  ],
});

describe('drift-referrer-policy messages', () => {
  it('show both sides, the remote one quoted', () => {
    const outcome = runRule(rule, { code: SAME, observation: rp('same-origin', 'no-referrer-when-downgrade') });
    expect(outcome.findings.map((f) => f.message)).toEqual(["SECURE_REFERRER_POLICY gives 'same-origin', but the site sends 'same-origin, no-referrer-when-downgrade'"]);
  });
});
