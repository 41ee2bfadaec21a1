import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import { observed } from './_live.ts';
import { certRole, certificates, checkedCertificates, day, daysAgo, inDays, msFromObservation, tlsUrl } from './_tls.ts';

const messages = {
  expired: { text: 'the {{certificate}} expired on {{date}} ({{ago}})' },
  notYetValid: { text: 'the {{certificate}} is not valid until {{date}} ({{when}})' },
} as const;

export default defineRule({
  id: 'tls-certificate-expired',
  title: 'Every certificate of the chain is within its validity period',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'tls', 'certificate', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports each certificate the server sends (the leaf and every intermediate) that has expired or is not valid yet at the time of the probe, with its date. The root a chain ends in is left out: clients check their own copy of it, not the one a server sends. Each certificate is judged on its dates alone, so an expired certificate is reported even when the chain is also untrusted for another reason (tls-certificate-untrusted reports that one; Node's verdict names only the first problem OpenSSL finds).",
    why: "Browsers refuse an expired certificate with a full-page warning (NET::ERR_CERT_DATE_INVALID), API clients refuse the connection, and the site is effectively down until a new certificate is installed. An expired intermediate breaks the chain just the same, even when the leaf is fresh: a server that keeps serving an old intermediate after its CA moved on fails the day that intermediate ends. A certificate that is not valid yet means the server or the CA has the wrong clock, or a new certificate was deployed too early.",
    severity: 'An error: every browser refuses the site.',
    bad: {
      settings: '',
      live: { shown: 'https://shop.example/\nCertificate: CN=shop.example\nNot After: 2026-11-11 (expired 10 days before the probe)', base: 'bad-site' },
    },
    good: {
      settings: '',
      live: { shown: 'https://shop.example/\nCertificate: CN=shop.example\nNot After: 2027-11-21 (364 days left)', base: 'good-site' },
    },
    fix: 'Renew the certificate and reload the TLS terminator (certbot renew runs from a timer; check that it still does and that the reload hook restarts nginx). Serve the current intermediate with it. For a certificate not valid yet, check the server clock (NTP).',
  },
  messages,
  hint: 'Renew the certificate, serve the current intermediates, and automate renewal (certbot renew).',
  references: [
    'https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5',
    'https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS',
    'https://letsencrypt.org/docs/integration-guide/',
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
    for (const cert of checkedCertificates(chain)) {
      const certificate = certRole(cert, chain);
      if (cert.expired) out.push({ messageId: 'expired', at, data: { certificate, date: day(cert.validTo), ago: daysAgo(-msFromObservation(obs, cert.validTo)) } });
      else if (cert.notYetValid) out.push({ messageId: 'notYetValid', at, data: { certificate, date: day(cert.validFrom), when: inDays(msFromObservation(obs, cert.validFrom)) } });
    }
    return out;
  },
});
