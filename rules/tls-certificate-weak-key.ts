import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import { observed, undecided } from './_live.ts';
import { certRole, certificates, keyLabel, keyTooSmall, tlsUrl } from './_tls.ts';

const messages = {
  weakKey: { text: 'the {{certificate}} has a {{bits}}-bit {{type}} key (minimum {{minimum}})' },
} as const;

export default defineRule({
  id: 'tls-certificate-weak-key',
  title: 'Certificate keys are at least RSA 2048 or EC 256 bits',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'tls', 'certificate', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports each certificate of the chain whose public key is smaller than 2048 bits for RSA (and DSA) or 256 bits for elliptic curves (Ed25519 and Ed448 are fine). Unlike the signature and date checks, the root is included: its key signs the intermediates, so a weak root weakens every chain under it. A key whose type or size the probe could not read is reported as could-not-verify when no other key is weak.",
    why: "A 1024-bit RSA key gives about 80 bits of security, within reach of a well-funded attacker; whoever factors it can impersonate the site for as long as the certificate lives. The CA/Browser Forum has required 2048-bit RSA and P-256 keys for publicly trusted certificates since 2014, Mozilla removed the 1024-bit roots from its store in 2014 and 2015, and NIST disallowed 1024-bit RSA after 2013. Node at its default security level still accepts RSA 1024, so a private CA with small keys goes unnoticed by the verification alone.",
    severity: 'An error: the key no longer protects the site against a capable attacker, and public CAs do not issue such certificates.',
    bad: {
      settings: '',
      live: {
        shown: 'https://shop.example/\nCertificate: CN=shop.example\nPublic Key: RSA 1024 bits',
        base: 'good-site',
        change: (o) => {
          const leaf = o.tls.chain[0];
          if (leaf) leaf.keyBits = 1024;
        },
      },
    },
    good: {
      settings: '',
      live: { shown: 'https://shop.example/\nCertificate: CN=shop.example\nPublic Key: RSA 2048 bits', base: 'good-site' },
    },
    fix: 'Generate a new key (ECDSA P-256, or RSA 2048 or 3072) and have a new certificate issued for it: certbot --key-type ecdsa, or openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256. Revoke the old certificate.',
  },
  messages,
  hint: 'Issue a new certificate for an ECDSA P-256 or RSA 2048+ key (certbot --key-type ecdsa).',
  references: [
    'https://cabforum.org/working-groups/server/baseline-requirements/requirements/',
    'https://ssl-config.mozilla.org/',
    'https://csrc.nist.gov/pubs/sp/800/131/a/r2/final',
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
    for (const cert of chain) {
      const small = keyTooSmall(cert);
      if (small === null) unread ??= `the key size of the ${certRole(cert, chain)} (${keyLabel(cert)}) is not known`;
      else if (small) out.push({ messageId: 'weakKey', at, data: { certificate: certRole(cert, chain), bits: small.bits, type: keyLabel(cert), minimum: small.minimum } });
    }
    if (out.length === 0 && unread) return undecided(unread);
    return out;
  },
});
