import { isIP } from 'node:net';
import { defineRule, isSkip } from '../src/engine/rule.ts';
import { observed, quote, undecided } from './_live.ts';
import { certificates, tlsUrl } from './_tls.ts';

const messages = {
  mismatch: { text: 'the certificate is for {{names}}, not {{host}}' },
  commonNameOnly: { text: 'the certificate names {{host}} only in its Common Name; browsers ignore it' },
  noNames: { text: 'the certificate lists no subjectAltName, so it is not valid for {{host}}' },
} as const;

/** The names of a leaf, for a message: the first three, then how many more (the list is remote input). */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return quote(shown) + more;
}

/** RFC 6125 §6.4 as browsers apply it: case-insensitive, a `*` only as the whole left-most label. */
function nameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

export default defineRule({
  id: 'tls-certificate-hostname-mismatch',
  title: "The certificate covers the site's host name",
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'tls', 'certificate', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports a leaf certificate whose subjectAltName does not cover the host the site was probed as (a DNS name, or an IP address for an IP literal), the way browsers check it: wildcards cover exactly one label, and the subject's Common Name is not looked at. Node's own check still falls back to the Common Name when a certificate has no DNS names, so a Common-Name-only certificate passes Node's verification and is reported here as its own case. The probe's verdict is judged on its own, whatever the chain's trust.",
    why: "A browser refuses a certificate that is not for the host in the address bar with a full-page warning (NET::ERR_CERT_COMMON_NAME_INVALID), exactly as for an untrusted one: the usual causes are a certificate issued for www. only or the bare domain only, a new domain that was never added, or a default certificate of the load balancer answering for a host it does not know (SNI). Chrome 58 and Firefox 48 stopped reading the Common Name, so old certificates without subjectAltName fail everywhere.",
    severity: 'An error: browsers refuse the site for every visitor.',
    bad: {
      settings: '',
      live: {
        shown: 'https://shop.example/\nCertificate: CN=www.shop.example\nSubject Alternative Name: DNS:www.shop.example',
        base: 'good-site',
        change: (o) => {
          const leaf = o.tls.chain[0];
          if (leaf) Object.assign(leaf, { subject: 'CN=www.shop.example', commonName: 'www.shop.example', dnsNames: ['www.shop.example'] });
          o.tls.hostnameMatches = false;
        },
      },
    },
    good: {
      settings: '',
      live: { shown: 'https://shop.example/\nCertificate: CN=shop.example\nSubject Alternative Name: DNS:shop.example', base: 'good-site' },
    },
    fix: 'Request a certificate that lists every host name the site answers to (the bare domain and www., or a wildcard for one level of subdomains), and make sure the TLS terminator selects it for this name (SNI: nginx `server_name`).',
  },
  messages,
  hint: 'Issue the certificate for every host name the site serves (subjectAltName), e.g. certbot -d example.com -d www.example.com.',
  references: [
    'https://www.rfc-editor.org/rfc/rfc6125#section-6.4',
    'https://www.rfc-editor.org/rfc/rfc9110#section-4.3.4',
    'https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS',
    'https://nodejs.org/api/tls.html#tlscheckserveridentityhostname-cert',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const chain = certificates(obs);
    if (isSkip(chain)) return chain;
    const { tls } = obs;
    if (tls.hostnameMatches === null) return undecided("the leaf certificate's names could not be read");
    if (tls.hostnameMatches) return [];
    const leaf = chain[0];
    const at = { url: tlsUrl(tls) };
    const host = quote(tls.host);
    if (!leaf) return undecided('the server sent no leaf certificate');
    const names = isIP(tls.host) === 0 ? leaf.dnsNames : leaf.ipAddresses;
    if (names.length > 0) return [{ messageId: 'mismatch', at, data: { names: listNames(names), host } }];
    if (isIP(tls.host) === 0 && leaf.dnsNames.length === 0 && leaf.ipAddresses.length === 0 && leaf.commonName !== null && nameCovers(leaf.commonName, tls.host)) {
      return [{ messageId: 'commonNameOnly', at, data: { host } }];
    }
    // IP literals against DNS-only certificates, or the other way round: list what it does name.
    const other = [...leaf.dnsNames, ...leaf.ipAddresses];
    if (other.length > 0) return [{ messageId: 'mismatch', at, data: { names: listNames(other), host } }];
    return [{ messageId: 'noNames', at, data: { host } }];
  },
});
