import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-certificate-expired.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';

/** Puts an intermediate (a copy of the good site's CA, no longer self-signed) between the leaf and the root. */
function withIntermediate(dates: { validTo: string; expired: boolean }) {
  return (o: Mutable<Observation>): void => {
    const root = o.tls.chain[1]!;
    const intermediate = { ...structuredClone(root), subject: 'CN=secaudit test intermediate', selfSigned: false, ...dates };
    o.tls.chain[0]!.issuer = intermediate.subject;
    o.tls.chain = [o.tls.chain[0]!, intermediate, root];
  };
}

function notYetValidLeaf(o: Mutable<Observation>): void {
  Object.assign(o.tls.chain[0]!, { validFrom: '2026-12-01T00:00:00.000Z', notYetValid: true });
}

testRule(rule, {
  valid: [
    { name: 'good site: valid for 364 more days', code: '', observation: live('good-site') },
    { name: 'cross-host redirect: the certificate is still judged, and is valid', code: '', observation: live('cross-host-redirect') },
    {
      name: "an expired root the server sends is the client's trust anchor, not checked here",
      code: '',
      observation: live('good-site', (o) => Object.assign(o.tls.chain[1]!, { validTo: '2026-11-01T00:00:00.000Z', expired: true })),
    },
    {
      name: 'the handshake failed',
      code: '',
      observation: live('bad-site', (o) => {
        Object.assign(o.tls, { handshake: null, error: { phase: 'tls', code: 'ECONNRESET', message: 'socket hang up' }, chain: [], hostnameMatches: null });
      }),
      status: 'skipped',
    },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'bad site: the leaf expired 10 days before the probe', code: '', observation: live('bad-site'), errors: [{ messageId: 'expired', url: BAD }] },
    {
      name: 'expired and untrusted for another reason: each fact is judged on its own',
      code: '',
      observation: live('bad-site', (o) => {
        o.tls.verification = { status: 'rejected', trust: 'bundled-roots', code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', message: 'unable to get local issuer certificate' };
      }),
      errors: [{ messageId: 'expired', url: BAD }],
    },
    { name: 'not valid yet', code: '', observation: live('good-site', notYetValidLeaf), errors: [{ messageId: 'notYetValid', url: GOOD }] },
    {
      name: 'an expired intermediate behind a valid leaf',
      code: '',
      observation: live('good-site', withIntermediate({ validTo: '2026-11-20T00:00:00.000Z', expired: true })),
      errors: [{ messageId: 'expired', url: GOOD }],
    },
    {
      name: 'an expired leaf and an expired intermediate: one finding each',
      code: '',
      observation: live('bad-site', withIntermediate({ validTo: '2026-11-20T00:00:00.000Z', expired: true })),
      errors: [
        { messageId: 'expired', url: BAD },
        { messageId: 'expired', url: BAD },
      ],
    },
    {
      name: 'an expired self-signed leaf is the certificate itself, not a trust anchor',
      code: '',
      observation: live('bad-site', (o) => {
        const leaf = o.tls.chain[0]!;
        Object.assign(leaf, { issuer: leaf.subject, selfSigned: true });
        o.tls.chain = [leaf];
      }),
      errors: [{ messageId: 'expired', url: BAD }],
    },
  ],
});

describe('tls-certificate-expired messages', () => {
  const messages = (observation: Observation): string[] => runRule(rule, { code: '', observation }).findings.map((f) => f.message);

  it('gives the date and how long ago, counted from the probe', () => {
    expect(messages(live('bad-site'))).toEqual(['the certificate "CN=shop.example" expired on 2026-11-11 (10 days ago)']);
    expect(messages(live('good-site', notYetValidLeaf))).toEqual(['the certificate "CN=shop.example" is not valid until 2026-12-01 (in 9 days)']);
  });

  it('names the intermediate', () => {
    expect(messages(live('bad-site', withIntermediate({ validTo: '2026-11-21T12:00:00.000Z', expired: true })))).toEqual([
      'the certificate "CN=shop.example" expired on 2026-11-11 (10 days ago)',
      'the intermediate certificate "CN=secaudit test intermediate" expired on 2026-11-21 (less than a day ago)',
    ]);
  });
});
