import { defineRule, isSkip } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { observed } from './_live.ts';
import { effectiveHsts, hstsResponse, setFinalHeader } from './_transport.ts';

export default defineRule({
  id: 'hsts-header-missing',
  title: 'The site sends Strict-Transport-Security',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: 'Reports a final HTTPS response (the page the https:// URL ends on after same-host redirects) without a Strict-Transport-Security header; when the https:// URL redirects to another host, the redirect is the only response of this host name a browser sees, so the header must be on the redirect. A header that is present but invalid is hsts-header-invalid\'s finding; a header sent only over plain HTTP does not count, because browsers ignore it there (RFC 6797 §8.1). Browsers also ignore the header when the certificate has errors: the tls-certificate-* rules report those.',
    why: 'Without HSTS, every visit that starts from an http:// link, a bookmark or a typed bare domain makes a plain-HTTP request first, and an attacker on the network can answer it instead of your redirect (SSL stripping) and keep the visitor on a plain-HTTP copy of the site. With HSTS the browser remembers to use HTTPS for the host and never makes that request.',
    severity: "A warning, as Django's security.W004 is: the site works, but visitors' first request of each visit can be intercepted.",
    bad: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8', base: 'good-site', change: (o) => setFinalHeader(o, 'strict-transport-security', []) },
    },
    good: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000; includeSubDomains', base: 'good-site', change: (o) => setFinalHeader(o, 'strict-transport-security', ['max-age=31536000; includeSubDomains']) },
    },
    fix: 'Django sends the header from SecurityMiddleware when SECURE_HSTS_SECONDS is set. If the settings set it and the site still does not send it, the response does not pass through Django (a proxy serves it, or strips the header), or the deployed settings are not the ones audited. Start with a small max-age and raise it to a year once every page and subdomain works over HTTPS.',
  },
  messages: {
    missing: { text: 'the site sends no Strict-Transport-Security header' },
  },
  hint: 'Send Strict-Transport-Security: max-age=31536000 (SECURE_HSTS_SECONDS = 31536000, or in the proxy).',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security',
    'https://www.rfc-editor.org/rfc/rfc6797',
    'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html',
    `${DOCS}/ref/middleware/#http-strict-transport-security`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const response = hstsResponse(obs);
    if (isSkip(response)) return response;
    if (effectiveHsts(response).kind !== 'none') return [];
    return [{ messageId: 'missing', at: { url: response.url, setting: 'SECURE_HSTS_SECONDS' } }];
  },
});
