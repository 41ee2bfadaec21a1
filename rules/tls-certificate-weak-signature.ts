import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import { observed, quote, undecided } from './_live.ts';
import { certRole, certificates, checkedCertificates, tlsUrl, weakSignature } from './_tls.ts';

const messages = {
  weakSignature: { text: 'the {{certificate}} is signed with {{algorithm}}, a broken hash' },
} as const;

export default defineRule({
  id: 'tls-certificate-weak-signature',
  title: 'No certificate of the chain is signed with SHA-1 or MD5',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'tls', 'certificate', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports each certificate the server sends (the leaf and every intermediate) whose signature uses SHA-1, MD5 (or MD2, MD4). The root a chain ends in is left out: a trust anchor is trusted because it is in the client's store, and its self-signature is never relied on (hstspreload.org's SHA-1 check leaves it out the same way). A signature whose hash the probe does not read (RSASSA-PSS names it in parameters; an unknown algorithm) is could-not-verify when nothing else is weak. OpenSSL 3 (Node 18 and later) rejects such chains at its default security level with an error Node calls UNSPECIFIED; tls-certificate-untrusted leaves that rejection to this rule.",
    why: "A certificate signature is only as strong as its hash: with a collision, an attacker gets a CA to sign one certificate and transfers the signature to another (done with MD5 against a real CA in 2008; SHAttered produced a SHA-1 collision in 2017, and chosen-prefix SHA-1 collisions cost tens of thousands of dollars since 2020). Chrome, Firefox and Safari reject SHA-1 certificates outright since 2017, and hstspreload.org refuses them.",
    severity: 'An error: browsers refuse SHA-1 and MD5 certificates, so the site does not load.',
    bad: {
      settings: '',
      live: {
        shown: 'https://shop.example/\nCertificate: CN=shop.example\nSignature Algorithm: sha1WithRSAEncryption',
        base: 'good-site',
        change: (o) => {
          const leaf = o.tls.chain[0];
          if (leaf) Object.assign(leaf, { signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' });
          o.tls.verification = { status: 'rejected', trust: 'custom-ca', code: 'UNSPECIFIED', message: 'CA signature digest algorithm too weak' };
        },
      },
    },
    good: {
      settings: '',
      live: { shown: 'https://shop.example/\nCertificate: CN=shop.example\nSignature Algorithm: sha256WithRSAEncryption', base: 'good-site' },
    },
    fix: 'Have the certificate reissued; every public CA signs with SHA-256 or stronger. For a private CA, reissue the intermediate and the leaves with SHA-256 (openssl x509 -sha256, or the CA tool\'s default digest).',
  },
  messages,
  hint: 'Reissue the certificate (and any SHA-1 intermediate) signed with SHA-256 or stronger.',
  references: [
    'https://shattered.io/',
    'https://hstspreload.org/',
    'https://www.rfc-editor.org/rfc/rfc6194',
    'https://security.googleblog.com/2014/09/gradually-sunsetting-sha-1.html',
    'https://testssl.sh/',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const chain = certificates(obs);
    if (isSkip(chain)) return chain;
    const at = { url: tlsUrl(obs.tls) };
    const out: Emit<typeof messages>[] = [];
    let unread: string | null = null;
    for (const cert of checkedCertificates(chain)) {
      const weak = weakSignature(cert);
      if (weak === null) unread ??= `the signature hash of the ${certRole(cert, chain)} (${quote(cert.signatureAlgorithm)}) is not known`;
      else if (weak) out.push({ messageId: 'weakSignature', at, data: { certificate: certRole(cert, chain), algorithm: quote(cert.signatureAlgorithm) } });
    }
    if (out.length === 0 && unread) return undecided(unread);
    return out;
  },
});
