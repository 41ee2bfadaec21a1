import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-certificate-expiring.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const DAY = 86_400_000;

/** The good site's certificate `index` ends `days` after the probe. */
function endsIn(days: number, index = 0) {
  return (o: Mutable<Observation>): void => {
    Object.assign(o.tls.chain[index]!, { validTo: new Date(Date.parse(o.observedAt) + days * DAY).toISOString(), daysLeft: Math.floor(days) });
  };
}

function withIntermediate(days: number) {
  return (o: Mutable<Observation>): void => {
    const root = o.tls.chain[1]!;
    const intermediate = { ...structuredClone(root), subject: 'CN=secaudit test intermediate', selfSigned: false };
    o.tls.chain = [o.tls.chain[0]!, intermediate, root];
    endsIn(days, 1)(o);
  };
}

testRule(rule, {
  valid: [
    { name: 'good site: 364 days left', code: '', observation: live('good-site') },
    { name: '40 days left with the default 30-day warning', code: '', observation: live('good-site', endsIn(40)) },
    { name: 'exactly 30 days left is not within 30 days', code: '', observation: live('good-site', endsIn(30)) },
    { name: '10 days left, warnings turned off (--cert-warn-days 0)', code: '', observation: live('good-site', endsIn(10)), certWarnDays: 0 },
    { name: 'bad site: already expired (tls-certificate-expired)', code: '', observation: live('bad-site') },
    { name: 'a root that ends soon is the client\'s trust anchor', code: '', observation: live('good-site', endsIn(5, 1)) },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: '10 days left', code: '', observation: live('good-site', endsIn(10)), errors: [{ messageId: 'expiring', url: GOOD }] },
    { name: '29.5 days left', code: '', observation: live('good-site', endsIn(29.5)), errors: [{ messageId: 'expiring', url: GOOD }] },
    { name: '40 days left with --cert-warn-days 60', code: '', observation: live('good-site', endsIn(40)), certWarnDays: 60, errors: [{ messageId: 'expiring', url: GOOD }] },
    { name: 'an intermediate ends first', code: '', observation: live('good-site', withIntermediate(12)), errors: [{ messageId: 'expiring', url: GOOD }] },
    {
      name: 'leaf and intermediate: one finding each',
      code: '',
      observation: live('good-site', (o) => {
        withIntermediate(12)(o);
        endsIn(3)(o);
      }),
      errors: [
        { messageId: 'expiring', url: GOOD },
        { messageId: 'expiring', url: GOOD },
      ],
    },
  ],
});

describe('tls-certificate-expiring messages', () => {
  const messages = (observation: Observation): string[] => runRule(rule, { code: '', observation }).findings.map((f) => f.message);

  it('gives the date and the days left', () => {
    expect(messages(live('good-site', endsIn(10)))).toEqual(['the certificate "CN=shop.example" expires on 2026-12-01 (in 10 days)']);
    expect(messages(live('good-site', endsIn(1)))).toEqual(['the certificate "CN=shop.example" expires on 2026-11-22 (in 1 day)']);
    expect(messages(live('good-site', endsIn(0.5)))).toEqual(['the certificate "CN=shop.example" expires on 2026-11-22 (within a day)']);
    expect(messages(live('good-site', withIntermediate(12)))).toEqual(['the intermediate certificate "CN=secaudit test intermediate" expires on 2026-12-03 (in 12 days)']);
  });
});
