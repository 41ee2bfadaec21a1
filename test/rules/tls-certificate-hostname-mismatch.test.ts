import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-certificate-hostname-mismatch.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { CertificateObservation, Observation } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';

/** The good site's leaf with other names, and the probe's verdict on them. */
function leafNames(names: Partial<Pick<CertificateObservation, 'commonName' | 'dnsNames' | 'ipAddresses' | 'subject'>>, matches: boolean | null) {
  return (o: Mutable<Observation>): void => {
    Object.assign(o.tls.chain[0]!, names);
    o.tls.hostnameMatches = matches;
  };
}

testRule(rule, {
  valid: [
    { name: 'good site: DNS:shop.example', code: '', observation: live('good-site') },
    { name: 'bad site: the expired certificate still names the host', code: '', observation: live('bad-site') },
    { name: 'a wildcard that covers the host (the probe matched it)', code: '', observation: live('good-site', leafNames({ dnsNames: ['*.example', 'example'] }, true)) },
    { name: 'the leaf could not be read', code: '', observation: live('good-site', leafNames({}, null)), status: 'unknown' },
    {
      name: 'the handshake failed',
      code: '',
      observation: live('good-site', (o) => {
        Object.assign(o.tls, { handshake: null, error: { phase: 'tls', code: 'ECONNRESET', message: 'socket hang up' }, chain: [], hostnameMatches: null });
      }),
      status: 'skipped',
    },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'issued for www. only', code: '', observation: live('good-site', leafNames({ subject: 'CN=www.shop.example', commonName: 'www.shop.example', dnsNames: ['www.shop.example'] }, false)), errors: [{ messageId: 'mismatch', url: GOOD }] },
    { name: 'a wildcard does not cover the bare domain', code: '', observation: live('good-site', leafNames({ dnsNames: ['*.shop.example'] }, false)), errors: [{ messageId: 'mismatch', url: GOOD }] },
    {
      name: 'the Common Name names the host but there is no subjectAltName (Node would accept it, browsers do not)',
      code: '',
      observation: live('good-site', leafNames({ dnsNames: [] }, false)),
      errors: [{ messageId: 'commonNameOnly', url: GOOD }],
    },
    {
      name: 'neither a subjectAltName nor a matching Common Name',
      code: '',
      observation: live('good-site', leafNames({ subject: 'CN=localhost', commonName: 'localhost', dnsNames: [] }, false)),
      errors: [{ messageId: 'noNames', url: GOOD }],
    },
    {
      name: 'an IP literal against a DNS-only certificate',
      code: '',
      observation: live('good-site', (o) => {
        leafNames({}, false)(o);
        o.tls.host = '127.0.0.1';
      }),
      errors: [{ messageId: 'mismatch', url: 'https://127.0.0.1:35359/' }],
    },
    {
      name: 'an IP literal against a certificate for another address',
      code: '',
      observation: live('good-site', (o) => {
        leafNames({ ipAddresses: ['10.0.0.1'] }, false)(o);
        o.tls.host = '127.0.0.1';
      }),
      errors: [{ messageId: 'mismatch', url: 'https://127.0.0.1:35359/' }],
    },
    {
      name: 'a load balancer default certificate with many names',
      code: '',
      observation: live('good-site', leafNames({ dnsNames: ['a.example', 'b.example', 'c.example', 'd.example', 'e.example'] }, false)),
      errors: [{ messageId: 'mismatch', url: GOOD }],
    },
  ],
});

describe('tls-certificate-hostname-mismatch messages', () => {
  const message = (change: (o: Mutable<Observation>) => void): string | undefined => runRule(rule, { code: '', observation: live('good-site', change) }).findings[0]?.message;

  it('lists the names the certificate has (three, then a count)', () => {
    expect(message(leafNames({ dnsNames: ['www.shop.example'] }, false))).toBe('the certificate is for www.shop.example, not shop.example');
    expect(message(leafNames({ dnsNames: ['a.example', 'b.example', 'c.example', 'd.example', 'e.example'] }, false))).toBe(
      'the certificate is for a.example, b.example, c.example and 2 more, not shop.example',
    );
  });

  it('cuts remote names to 60 characters', () => {
    const long = `${'x'.repeat(70)}.example`;
    expect(message(leafNames({ dnsNames: [long] }, false))).toBe(`the certificate is for ${'x'.repeat(59)}…, not shop.example`);
  });

  it('names the Common Name case', () => {
    expect(message(leafNames({ dnsNames: [] }, false))).toBe('the certificate names shop.example only in its Common Name; browsers ignore it');
    expect(message(leafNames({ dnsNames: [], commonName: 'SHOP.example.' }, false))).toBe('the certificate names shop.example only in its Common Name; browsers ignore it');
  });
});
