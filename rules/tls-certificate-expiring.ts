import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import { observed } from './_live.ts';
import { certRole, certificates, checkedCertificates, day, inDays, msFromObservation, tlsUrl } from './_tls.ts';

const messages = {
  expiring: { text: 'the {{certificate}} expires on {{date}} ({{when}})' },
} as const;

const DAY_MS = 86_400_000;

export default defineRule({
  id: 'tls-certificate-expiring',
  title: 'No certificate of the chain expires soon',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'tls', 'certificate', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: 'Reports each certificate the server sends (the leaf and every intermediate, not the root) that is valid now and expires within --cert-warn-days days (default 30) of the probe. Certificates that have already expired are tls-certificate-expired\'s finding.',
    why: "Automated renewal fails silently more often than it fails loudly: a changed DNS record, a firewall in front of the HTTP-01 challenge, a renewal that works but a TLS terminator that was never reloaded. Let's Encrypt certificates live 90 days and certbot renews them 30 days before the end, so a certificate with under 30 days left means renewal is already failing; testssl.sh warns at 60 days and calls under 30 days high severity. Noticing it a few weeks ahead costs a fix; noticing it when it expires costs an outage.",
    severity: 'A warning: nothing is broken yet, but the site goes down on a known date unless someone acts.',
    bad: {
      settings: '',
      live: {
        shown: 'https://shop.example/\nCertificate: CN=shop.example\nNot After: 2026-12-01 (10 days after the probe)',
        base: 'good-site',
        change: (o) => {
          const leaf = o.tls.chain[0];
          if (leaf) Object.assign(leaf, { validTo: new Date(Date.parse(o.observedAt) + 10 * DAY_MS).toISOString(), daysLeft: 10 });
        },
      },
    },
    good: {
      settings: '',
      live: { shown: 'https://shop.example/\nCertificate: CN=shop.example\nNot After: 2027-11-21 (364 days left)', base: 'good-site' },
    },
    fix: 'Run the renewal by hand (certbot renew --dry-run shows why it fails), fix the cause, reload the TLS terminator, and alert on renewal failures.',
  },
  messages,
  hint: 'Renew now and check why automatic renewal has not (certbot renew --dry-run).',
  references: [
    'https://letsencrypt.org/docs/integration-guide/',
    'https://eff-certbot.readthedocs.io/en/stable/using.html#automated-renewals',
    'https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5',
    'https://testssl.sh/',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const chain = certificates(obs);
    if (isSkip(chain)) return chain;
    const at = { url: tlsUrl(obs.tls) };
    const limit = ctx.certWarnDays * DAY_MS;
    const out: Emit<typeof messages>[] = [];
    for (const cert of checkedCertificates(chain)) {
      if (cert.expired) continue; // tls-certificate-expired
      const left = msFromObservation(obs, cert.validTo);
      if (left < limit) out.push({ messageId: 'expiring', at, data: { certificate: certRole(cert, chain), date: day(cert.validTo), when: inDays(left) } });
    }
    return out;
  },
});
