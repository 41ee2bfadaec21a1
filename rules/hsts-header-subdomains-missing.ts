import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { observed, quote, undecided } from './_live.ts';
import { TRUNCATED_HSTS, effectiveHsts, hstsResponse, setFinalHeader } from './_transport.ts';

export default defineRule({
  id: 'hsts-header-subdomains-missing',
  title: 'Strict-Transport-Security covers subdomains',
  kind: 'probe',
  severity: 'info',
  tags: ['deploy', 'hsts', 'https', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: 'Reports a valid Strict-Transport-Security header (the first of the final HTTPS response) without the includeSubDomains directive. A header with max-age=0 is skipped: it removes the policy, subdomains included (hsts-header-short reports it).',
    why: "Without includeSubDomains the policy protects only this exact host name. An attacker on the network can then lure the browser to a made-up http://anything.example.com/ and set or overwrite cookies for the parent domain from there (cookies are not isolated by scheme or subdomain), and every real subdomain starts over plain HTTP until it sends its own header. includeSubDomains is also required for the HSTS preload list.",
    severity: 'Info: the host itself is protected; whether every subdomain can be forced to HTTPS is a decision only the operator can make.',
    bad: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000', base: 'good-site', change: (o) => setFinalHeader(o, 'strict-transport-security', ['max-age=31536000']) },
    },
    good: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000; includeSubDomains', base: 'good-site', change: (o) => setFinalHeader(o, 'strict-transport-security', ['max-age=31536000; includeSubDomains']) },
    },
    fix: 'Make sure every subdomain (including internal ones reachable from browsers) serves HTTPS, then set SECURE_HSTS_INCLUDE_SUBDOMAINS = True (or add includeSubDomains in the proxy). Send it from the registrable domain (example.com), which browsers visit first.',
  },
  messages: {
    missing: { text: 'Strict-Transport-Security "{{value}}" has no includeSubDomains' },
  },
  hint: 'Add includeSubDomains (SECURE_HSTS_INCLUDE_SUBDOMAINS = True) once every subdomain serves HTTPS.',
  references: [
    'https://www.rfc-editor.org/rfc/rfc6797#section-6.1.2',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security',
    'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html',
    `${DOCS}/ref/settings/#secure-hsts-include-subdomains`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const response = hstsResponse(obs);
    if (isSkip(response)) return response;
    const hsts = effectiveHsts(response);
    if (hsts.kind === 'none') return skip('no Strict-Transport-Security header (reported by hsts-header-missing)');
    if (hsts.kind === 'truncated') return undecided(TRUNCATED_HSTS);
    if (!hsts.parse.valid) return skip('the Strict-Transport-Security header is invalid (reported by hsts-header-invalid)');
    if (hsts.parse.maxAge === 0) return skip('max-age=0 removes the policy (reported by hsts-header-short)');
    if (hsts.parse.includeSubDomains) return [];
    return [{ messageId: 'missing', at: { url: response.url, setting: 'SECURE_HSTS_INCLUDE_SUBDOMAINS' }, data: { value: quote(hsts.header.value) } }];
  },
});
