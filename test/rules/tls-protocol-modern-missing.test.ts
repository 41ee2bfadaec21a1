import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-protocol-modern-missing.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation, ProtocolObservation, TlsVersion } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const BAD = 'https://shop.example:41109/';
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
    { name: 'good site: TLS 1.2 and 1.3', code: '', observation: live('good-site') },
    { name: 'TLS 1.3 only', code: '', observation: live('no-http-listener') },
    { name: 'TLS 1.2 only', code: '', observation: live('good-site', set(['TLSv1.3'], REFUSED)) },
    { name: 'bad site: every version, the modern ones among them', code: '', observation: live('bad-site') },
    {
      name: 'TLS 1.2 refused, TLS 1.3 could not be offered by the local OpenSSL',
      code: '',
      observation: live('bad-site', (o) => {
        set(['TLSv1.2'], REFUSED)(o);
        set(['TLSv1.3'], NOT_TESTED)(o);
      }),
      status: 'unknown',
    },
    {
      name: 'nothing answered on the HTTPS port',
      code: '',
      observation: live('good-site', (o) => {
        const error = { phase: 'connect' as const, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:443' };
        Object.assign(o.tls, { handshake: null, error, chain: [], hostnameMatches: null });
        set(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], { status: 'error', error })(o);
      }),
      status: 'skipped',
    },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'only TLS 1.0 and 1.1', code: '', observation: live('bad-site', set(['TLSv1.2', 'TLSv1.3'], REFUSED)), errors: [{ messageId: 'legacyOnly', url: BAD }] },
    { name: 'only TLS 1.0', code: '', observation: live('bad-site', set(['TLSv1.1', 'TLSv1.2', 'TLSv1.3'], REFUSED)), errors: [{ messageId: 'legacyOnly', url: BAD }] },
    { name: 'no version completes a handshake', code: '', observation: live('good-site', set(['TLSv1.2', 'TLSv1.3'], REFUSED)), errors: [{ messageId: 'noneAccepted', url: GOOD }] },
  ],
});

describe('tls-protocol-modern-missing messages', () => {
  it('lists what the server does accept', () => {
    expect(runRule(rule, { code: '', observation: live('bad-site', set(['TLSv1.2', 'TLSv1.3'], REFUSED)) }).findings[0]?.message).toBe(
      'the server refuses TLS 1.2 and 1.3 and accepts only TLS 1.0 and TLS 1.1',
    );
  });

  it('says which version could not be tested', () => {
    const outcome = runRule(rule, {
      code: '',
      observation: live('bad-site', (o) => {
        set(['TLSv1.2'], REFUSED)(o);
        set(['TLSv1.3'], NOT_TESTED)(o);
      }),
    });
    expect(outcome.unknown?.reason).toBe('TLS 1.3 was not tested: the local OpenSSL cannot offer TLSv1.3 (it stopped before sending a ClientHello) (ERR_SSL_NO_PROTOCOLS_AVAILABLE)');
  });
});
