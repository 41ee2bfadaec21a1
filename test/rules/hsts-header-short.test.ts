import { describe, expect, it } from 'vitest';
import rule from '../../rules/hsts-header-short.ts';
import { setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const HTTPS = recorded('good-site').https.start;
const sts = (values: string[], truncated = false) => live('good-site', (o) => setFinalHeader(o, 'strict-transport-security', values, truncated));

testRule(rule, {
  valid: [
    { name: 'a year (good-site)', code: '', observation: live('good-site') },
    { name: 'exactly 15552000 (180 days, the Observatory\'s threshold)', code: '', observation: sts(['max-age=15552000']) },
    { name: 'a quoted max-age', code: '', observation: sts(['max-age="63072000"']) },
    { name: 'only the first header counts', code: '', observation: sts(['max-age=31536000', 'max-age=60']) },
    { name: 'no header', code: '', status: 'skipped', observation: live('bad-site') },
    { name: 'an invalid header', code: '', status: 'skipped', observation: sts(['max-age=60; max-age=60']) },
    { name: 'a truncated header', code: '', status: 'unknown', observation: sts(['max-age=60; x'], true) },
  ],
  invalid: [
    { name: 'no-http-listener: the first of two headers says 300', code: '', observation: live('no-http-listener'), errors: [{ messageId: 'short', url: recorded('no-http-listener').https.start }] },
    { name: 'one second short of 180 days', code: '', observation: sts(['max-age=15551999; includeSubDomains']), errors: [{ messageId: 'short', url: HTTPS }] },
    { name: 'max-age=0 forgets the policy', code: 'SECURE_HSTS_SECONDS = 0\n', observation: sts(['max-age=0']), errors: [{ messageId: 'zero', url: HTTPS, line: 1 }] },
    { name: 'max-age=000 is zero too', code: '', observation: sts(['MAX-AGE=000']), errors: [{ messageId: 'zero', url: HTTPS }] },
  ],
});

describe('hsts-header-short messages', () => {
  it('gives the seconds and a duration', () => {
    const outcome = runRule(rule, { code: '', observation: sts(['max-age=86400']) });
    expect(outcome.findings.map((f) => f.message)).toEqual(['Strict-Transport-Security max-age is 86400 (1 day); use 6 months+']);
  });
});
