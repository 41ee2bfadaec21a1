import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-protocol-legacy.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation, ProtocolObservation, TlsVersion } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';

const NOT_TESTED: ProtocolObservation = {
  status: 'not-tested',
  code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  reason: 'the local OpenSSL cannot offer TLSv1 (it stopped before sending a ClientHello)',
};
const TIMED_OUT: ProtocolObservation = { status: 'error', error: { phase: 'tls', code: 'TIMEOUT', message: 'timed out after 5000 ms' } };
const ACCEPTED: ProtocolObservation = { status: 'accepted', cipher: 'ECDHE-RSA-AES256-SHA' };

function protocol(version: TlsVersion, p: ProtocolObservation) {
  return (o: Mutable<Observation>): void => void (o.tls.protocols[version] = structuredClone(p) as Mutable<ProtocolObservation>);
}

/** Nothing answered on the HTTPS port. */
function unreachable(o: Mutable<Observation>): void {
  const error = { phase: 'connect' as const, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:443' };
  Object.assign(o.tls, { handshake: null, error, chain: [], hostnameMatches: null });
  for (const v of ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const) o.tls.protocols[v] = { status: 'error', error };
}

testRule(rule, {
  valid: [
    { name: 'good site: TLS 1.0 and 1.1 refused', code: '', observation: live('good-site') },
    { name: 'TLS 1.3 only', code: '', observation: live('no-http-listener') },
    { name: 'TLS 1.0 could not be offered by the local OpenSSL: never counted as refused', code: '', observation: live('good-site', protocol('TLSv1', NOT_TESTED)), status: 'unknown' },
    { name: 'the TLS 1.1 handshake timed out', code: '', observation: live('good-site', protocol('TLSv1.1', TIMED_OUT)), status: 'unknown' },
    { name: 'nothing answered on the HTTPS port', code: '', observation: live('good-site', unreachable), status: 'skipped' },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    {
      name: 'bad site: TLS 1.0 and 1.1 accepted, one finding each',
      code: '',
      observation: live('bad-site'),
      errors: [
        { messageId: 'legacy', url: BAD },
        { messageId: 'legacy', url: BAD },
      ],
    },
    { name: 'TLS 1.1 alone', code: '', observation: live('good-site', protocol('TLSv1.1', ACCEPTED)), errors: [{ messageId: 'legacy', url: GOOD }] },
    {
      name: 'TLS 1.0 accepted is reported even when TLS 1.1 could not be tested',
      code: '',
      observation: live('good-site', (o) => {
        protocol('TLSv1', ACCEPTED)(o);
        protocol('TLSv1.1', NOT_TESTED)(o);
      }),
      errors: [{ messageId: 'legacy', url: GOOD }],
    },
    {
      name: 'the server answered TLS 1.0 but Node would not finish the handshake (accepted, cipher unknown)',
      code: '',
      observation: live('good-site', protocol('TLSv1', { status: 'accepted', cipher: null })),
      errors: [{ messageId: 'legacy', url: GOOD }],
    },
    {
      name: 'the inspection handshake failed (a TLS 1.0-only server) but the pinned handshakes still answer',
      code: '',
      observation: live('bad-site', (o) => {
        Object.assign(o.tls, { handshake: null, error: { phase: 'tls', code: 'ERR_SSL_UNSUPPORTED_PROTOCOL', message: 'unsupported protocol' }, chain: [], hostnameMatches: null });
        protocol('TLSv1.1', { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' })(o);
      }),
      errors: [{ messageId: 'legacy', url: BAD }],
    },
  ],
});

describe('tls-protocol-legacy messages', () => {
  it('names the version and the cipher it got', () => {
    expect(runRule(rule, { code: '', observation: live('bad-site') }).findings.map((f) => f.message)).toEqual([
      'the server accepts TLS 1.0 (cipher ECDHE-RSA-AES256-SHA); RFC 8996 deprecates it',
      'the server accepts TLS 1.1 (cipher ECDHE-RSA-AES256-SHA); RFC 8996 deprecates it',
    ]);
    expect(runRule(rule, { code: '', observation: live('good-site', protocol('TLSv1', { status: 'accepted', cipher: null })) }).findings[0]?.message).toBe(
      'the server accepts TLS 1.0 (cipher unknown); RFC 8996 deprecates it',
    );
  });

  it('says which version was not tested and why', () => {
    expect(runRule(rule, { code: '', observation: live('good-site', protocol('TLSv1', NOT_TESTED)) }).unknown?.reason).toBe(
      'TLS 1.0 was not tested: the local OpenSSL cannot offer TLSv1 (it stopped before sending a ClientHello) (ERR_SSL_NO_PROTOCOLS_AVAILABLE)',
    );
    expect(runRule(rule, { code: '', observation: live('good-site', protocol('TLSv1.1', TIMED_OUT)) }).unknown?.reason).toBe(
      'the TLS 1.1 handshake ended without an answer (TIMEOUT in the handshake)',
    );
  });
});
