import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-protocol-13-missing.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation, ProtocolObservation, TlsVersion } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';

const REFUSED: ProtocolObservation = { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' };
const NOT_TESTED: ProtocolObservation = {
  status: 'not-tested',
  code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  reason: 'the local OpenSSL cannot offer TLSv1.3 (it stopped before sending a ClientHello)',
};

function set(versions: readonly TlsVersion[], p: ProtocolObservation) {
  return (o: Mutable<Observation>): void => {
    for (const v of versions) o.tls.protocols[v] = structuredClone(p) as Mutable<ProtocolObservation>;
  };
}

testRule(rule, {
  valid: [
    { name: 'good site: TLS 1.3 accepted', code: '', observation: live('good-site') },
    { name: 'TLS 1.3 only', code: '', observation: live('no-http-listener') },
    { name: 'bad site: TLS 1.3 among the others', code: '', observation: live('bad-site') },
    { name: 'TLS 1.3 could not be offered by the local OpenSSL: never counted as refused', code: '', observation: live('good-site', set(['TLSv1.3'], NOT_TESTED)), status: 'unknown' },
    {
      name: 'TLS 1.2 refused too: tls-protocol-modern-missing reports the server',
      code: '',
      observation: live('good-site', set(['TLSv1.2', 'TLSv1.3'], REFUSED)),
      status: 'skipped',
    },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'TLS 1.2 only', code: '', observation: live('good-site', set(['TLSv1.3'], REFUSED)), errors: [{ messageId: 'missing', url: GOOD }] },
    {
      name: 'TLS 1.3 refused while TLS 1.2 could not be tested: the refusal is still a fact',
      code: '',
      observation: live('good-site', (o) => {
        set(['TLSv1.3'], REFUSED)(o);
        set(['TLSv1.2'], { status: 'error', error: { phase: 'tls', code: 'TIMEOUT', message: 'timed out after 5000 ms' } })(o);
      }),
      errors: [{ messageId: 'missing', url: GOOD }],
    },
  ],
});

describe('tls-protocol-13-missing', () => {
  it('is information only', () => {
    const outcome = runRule(rule, { code: '', observation: live('good-site', set(['TLSv1.3'], REFUSED)) });
    expect(outcome.findings.map((f) => [f.severity, f.message])).toEqual([['info', 'the server refuses TLS 1.3, the current version of TLS']]);
  });
});
