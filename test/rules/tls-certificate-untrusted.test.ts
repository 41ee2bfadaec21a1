import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-certificate-untrusted.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const BAD = 'https://shop.example:41109/';

function rejected(code: string, message: string, trust: 'bundled-roots' | 'custom-ca' = 'custom-ca') {
  return (o: Mutable<Observation>): void => {
    o.tls.verification = { status: 'rejected', trust, code, message };
  };
}

/** The good site's leaf alone, self-signed (what a default nginx snakeoil certificate looks like). */
function selfSigned(o: Mutable<Observation>): void {
  const leaf = o.tls.chain[0]!;
  Object.assign(leaf, { issuer: leaf.subject, selfSigned: true });
  o.tls.chain = [leaf];
  o.tls.verification = { status: 'rejected', trust: 'bundled-roots', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' };
}

function sha1Leaf(o: Mutable<Observation>): void {
  Object.assign(o.tls.chain[0]!, { signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' });
}

testRule(rule, {
  valid: [
    { name: 'good site: trusted by the --ca certificates', code: '', observation: live('good-site') },
    { name: "trusted by Node's bundled roots", code: '', observation: live('good-site', (o) => void (o.tls.verification = { status: 'trusted', trust: 'bundled-roots' })) },
    { name: 'bad site: rejected only for the expired leaf (tls-certificate-expired)', code: '', observation: live('bad-site'), status: 'skipped' },
    {
      name: 'rejected as not yet valid, and the leaf is: tls-certificate-expired',
      code: '',
      observation: live('good-site', (o) => {
        Object.assign(o.tls.chain[0]!, { validFrom: '2026-12-01T00:00:00.000Z', notYetValid: true });
        rejected('CERT_NOT_YET_VALID', 'certificate is not yet valid')(o);
      }),
      status: 'skipped',
    },
    {
      name: 'rejected for the host name, and the names do not match: tls-certificate-hostname-mismatch',
      code: '',
      observation: live('good-site', (o) => {
        o.tls.hostnameMatches = false;
        rejected('ERR_TLS_CERT_ALTNAME_INVALID', "Host: shop.example. is not in the cert's altnames: DNS:other.test")(o);
      }),
      status: 'skipped',
    },
    {
      name: 'UNSPECIFIED for a SHA-1 leaf: tls-certificate-weak-signature',
      code: '',
      observation: live('good-site', (o) => {
        sha1Leaf(o);
        rejected('UNSPECIFIED', 'CA signature digest algorithm too weak')(o);
      }),
      status: 'skipped',
    },
    {
      name: 'UNSPECIFIED for a 512-bit key: tls-certificate-weak-key',
      code: '',
      observation: live('good-site', (o) => {
        o.tls.chain[0]!.keyBits = 512;
        rejected('UNSPECIFIED', 'EE certificate key too weak')(o);
      }),
      status: 'skipped',
    },
    {
      name: 'the verification handshake ended without a verdict',
      code: '',
      observation: live('good-site', (o) => {
        o.tls.verification = { status: 'error', trust: 'custom-ca', error: { phase: 'tls', code: 'ECONNRESET', message: 'socket hang up' } };
      }),
      status: 'unknown',
    },
    {
      name: 'the handshake failed: no certificate to judge',
      code: '',
      observation: live('good-site', (o) => {
        const error = { phase: 'tls' as const, code: 'ECONNRESET', message: 'socket hang up' };
        Object.assign(o.tls, { handshake: null, error, chain: [], hostnameMatches: null, verification: { status: 'error', trust: 'custom-ca', error } });
      }),
      status: 'skipped',
    },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'self-signed', code: '', observation: live('good-site', selfSigned), errors: [{ messageId: 'rejected', url: GOOD }] },
    {
      name: 'the intermediate is not sent',
      code: '',
      observation: live('good-site', rejected('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', 'bundled-roots')),
      errors: [{ messageId: 'rejected', url: GOOD }],
    },
    {
      name: 'expired and from an unknown CA: OpenSSL names the CA first, and that is this rule\'s finding',
      code: '',
      observation: live('bad-site', rejected('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'bundled-roots')),
      errors: [{ messageId: 'rejected', url: BAD }],
    },
    {
      name: 'CERT_HAS_EXPIRED although no certificate the server sent has expired (an expired root in the store)',
      code: '',
      observation: live('good-site', rejected('CERT_HAS_EXPIRED', 'certificate has expired')),
      errors: [{ messageId: 'rejected', url: GOOD }],
    },
    {
      name: "Node says the name does not match where the browsers' check says it does",
      code: '',
      observation: live('good-site', rejected('ERR_TLS_CERT_ALTNAME_INVALID', "Host: shop.example. is not in the cert's altnames: DNS:shop.example")),
      errors: [{ messageId: 'rejected', url: GOOD }],
    },
    {
      name: 'UNSPECIFIED for another reason than a weak digest, with a SHA-1 leaf',
      code: '',
      observation: live('good-site', (o) => {
        sha1Leaf(o);
        rejected('UNSPECIFIED', 'invalid or inconsistent certificate extension')(o);
      }),
      errors: [{ messageId: 'rejected', url: GOOD }],
    },
    {
      name: 'UNSPECIFIED for a weak digest on the root only (not a fact tls-certificate-weak-signature reports)',
      code: '',
      observation: live('good-site', (o) => {
        Object.assign(o.tls.chain[1]!, { signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' });
        rejected('UNSPECIFIED', 'CA signature digest algorithm too weak')(o);
      }),
      errors: [{ messageId: 'rejected', url: GOOD }],
    },
    {
      name: 'UNSPECIFIED without OpenSSL text',
      code: '',
      observation: live('good-site', rejected('UNSPECIFIED', 'UNSPECIFIED')),
      errors: [{ messageId: 'rejected', url: GOOD }],
    },
    {
      name: 'an IPv6 literal host is bracketed in the URL',
      code: '',
      observation: live('good-site', (o) => {
        selfSigned(o);
        Object.assign(o.tls, { host: '::1', port: 8443 });
      }),
      errors: [{ messageId: 'rejected', url: 'https://[::1]:8443/' }],
    },
  ],
});

describe('tls-certificate-untrusted messages', () => {
  const message = (observation: Observation): string | undefined => runRule(rule, { code: '', observation }).findings[0]?.message;

  it('explains the code in words and names what the chain was checked against', () => {
    expect(message(live('good-site', selfSigned))).toBe("the certificate chain is not trusted by Node's Mozilla roots: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)");
    expect(message(live('good-site', rejected('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')))).toBe(
      'the certificate chain is not trusted by the --ca certificates: the issuing CA is unknown, or the server does not send the intermediate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    );
  });

  it("quotes OpenSSL's text for an error Node does not name", () => {
    expect(message(live('good-site', rejected('UNSPECIFIED', 'invalid or inconsistent certificate extension')))).toBe(
      'the certificate chain is not trusted by the --ca certificates: invalid or inconsistent certificate extension (UNSPECIFIED)',
    );
    expect(message(live('good-site', rejected('UNSPECIFIED', 'UNSPECIFIED')))).toBe(
      'the certificate chain is not trusted by the --ca certificates: for a reason Node does not name (UNSPECIFIED)',
    );
  });

  it('cuts a long unknown code (remote-influenced text) to 60 characters', () => {
    const code = `X${'Y'.repeat(100)}`;
    expect(message(live('good-site', rejected(code, code)))).toBe(`the certificate chain is not trusted by the --ca certificates: for the reason ${code.slice(0, 59)}…`);
  });

  it('says why it could not decide', () => {
    const outcome = runRule(rule, {
      code: '',
      observation: live('good-site', (o) => {
        o.tls.verification = { status: 'error', trust: 'custom-ca', error: { phase: 'tls', code: 'TIMEOUT', message: 'timed out after 5000 ms' } };
      }),
    });
    expect(outcome.unknown?.reason).toBe('the verification handshake ended without a verdict (TIMEOUT in the handshake)');
  });
});
