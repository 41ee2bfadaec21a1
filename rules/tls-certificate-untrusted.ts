import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { observed, undecided } from './_live.ts';
import {
  OPENSSL_WEAK_DIGEST,
  OPENSSL_WEAK_KEYS,
  PHASE_WORDS,
  certificates,
  checkedCertificates,
  describeRejection,
  keyTooSmall,
  tlsUrl,
  weakSignature,
} from './_tls.ts';

const messages = {
  rejected: { text: 'the certificate chain is not trusted by {{trust}}: {{reason}}' },
} as const;

const TRUST_WORDS = { 'bundled-roots': "Node's Mozilla roots", 'custom-ca': 'the --ca certificates' } as const;

export default defineRule({
  id: 'tls-certificate-untrusted',
  title: 'The certificate chain is trusted',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'tls', 'certificate', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports a certificate chain that Node's TLS verification rejects, against its bundled Mozilla roots (what browsers trust) or, with --ca, only the given certificates, and says why in words: self-signed, issued by an unknown CA or missing its intermediate, revoked, not meant for servers. Node names a fixed list of OpenSSL's errors and reports every other one as UNSPECIFIED; the message then quotes OpenSSL's own text. One root cause is reported once: a rejection only because a certificate expired or is not valid yet is tls-certificate-expired's finding, one for the host name is tls-certificate-hostname-mismatch's, and an UNSPECIFIED one for a SHA-1 signature or a too-small key (OpenSSL 3 refuses both at its default security level) is tls-certificate-weak-signature's or tls-certificate-weak-key's. OpenSSL stops at the first error in the order build chain, check trust, check key and digest strength, check dates, so an expired certificate from an unknown CA is reported here as well as by tls-certificate-expired.",
    why: "Browsers show a full-page warning instead of the site when the chain does not lead to a root they trust, and most visitors leave. Those who click through learn to ignore the warning, and an attacker with a network position can then present their own certificate unnoticed. API clients (requests, curl, mobile apps) refuse the connection outright. A missing intermediate is the classic partial failure: desktop browsers that cached it work, fresh clients and scripts do not.",
    severity: 'An error: browsers refuse the site, so every visitor is turned away or taught to click through warnings.',
    bad: {
      settings: '',
      live: {
        shown: 'https://shop.example/\nCertificate: CN=shop.example, issued by CN=shop.example (self-signed)\nVerification: DEPTH_ZERO_SELF_SIGNED_CERT',
        base: 'good-site',
        change: (o) => {
          const leaf = o.tls.chain[0];
          if (leaf) Object.assign(leaf, { issuer: leaf.subject, selfSigned: true });
          o.tls.chain = leaf ? [leaf] : [];
          o.tls.verification = { status: 'rejected', trust: 'bundled-roots', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' };
        },
      },
    },
    good: {
      settings: '',
      live: { shown: 'https://shop.example/\nCertificate: CN=shop.example, issued by CN=secaudit test RSA CA\nVerification: trusted', base: 'good-site' },
    },
    fix: "Serve the full chain (the leaf followed by its intermediates: fullchain.pem with certbot, `ssl_certificate` pointing at it in nginx) from a CA that browsers trust, e.g. Let's Encrypt. For a site signed by a private CA, pass that CA with --ca so secaudit checks against it.",
  },
  messages,
  hint: 'Serve the leaf plus its intermediates from a publicly trusted CA (e.g. certbot fullchain.pem).',
  references: [
    'https://nodejs.org/api/tls.html#x509-certificate-error-codes',
    'https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS',
    'https://www.rfc-editor.org/rfc/rfc5280#section-6',
    'https://hstspreload.org/',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const chain = certificates(obs);
    if (isSkip(chain)) return chain;
    const { verification } = obs.tls;
    if (verification.status === 'trusted') return [];
    if (verification.status === 'error') {
      return undecided(`the verification handshake ended without a verdict (${verification.error.code} ${PHASE_WORDS[verification.error.phase]})`);
    }
    const { code, message } = verification;
    const checked = checkedCertificates(chain);
    // One root cause, one finding: the rejections another certificate rule reports as a fact it observed itself.
    if (code === 'CERT_HAS_EXPIRED' && checked.some((c) => c.expired)) return skip('the chain is rejected because a certificate expired (reported by tls-certificate-expired)');
    if (code === 'CERT_NOT_YET_VALID' && checked.some((c) => c.notYetValid)) return skip('the chain is rejected because a certificate is not valid yet (reported by tls-certificate-expired)');
    if ((code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') && obs.tls.hostnameMatches === false) {
      return skip('the chain is rejected for the host name (reported by tls-certificate-hostname-mismatch)');
    }
    if (code === 'UNSPECIFIED' && message === OPENSSL_WEAK_DIGEST && checked.some((c) => weakSignature(c) === true)) {
      return skip('the chain is rejected for a SHA-1 or MD5 signature (reported by tls-certificate-weak-signature)');
    }
    if (code === 'UNSPECIFIED' && OPENSSL_WEAK_KEYS.has(message) && chain.some((c) => keyTooSmall(c))) {
      return skip('the chain is rejected for a too-small key (reported by tls-certificate-weak-key)');
    }
    return [{ messageId: 'rejected', at: { url: tlsUrl(obs.tls) }, data: { trust: TRUST_WORDS[verification.trust], reason: describeRejection(code, message) } }];
  },
});
