import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import { observed, quote } from './_live.ts';
import { setChain } from './_transport.ts';

const messages = {
  downgrade: { text: '{{from}} redirects to plain HTTP: {{to}}' },
} as const;

export default defineRule({
  id: 'redirect-downgrade',
  title: 'No redirect leads from HTTPS back to plain HTTP',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'https', 'live', 'redirect'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports every redirect from an https:// URL to an http:// one in the chains that start at the site's http:// and https:// URLs, including the last redirect of a chain the probe did not follow (to another host). Each redirect is reported once, for the https:// URL that sends it.",
    why: 'A downgrade undoes HTTPS for the rest of the visit: the next request, its cookies without Secure and the page it returns travel in clear text and can be read and changed on the network. Browsers with HSTS for the target host upgrade it again, but first visits and other hosts are exposed. It usually comes from an application that builds absolute URLs from the scheme it sees behind a TLS proxy (Django without SECURE_PROXY_SSL_HEADER), or from a proxy rule that hard-codes http://.',
    severity: 'Error: visitors who arrived over HTTPS are sent to a plain-HTTP page.',
    bad: {
      settings: '',
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 302 Found\nLocation: http://shop.example/accounts/login/',
        base: 'good-site',
        change: (o) =>
          setChain(o, 'https', [
            { status: 302, location: 'http://shop.example/accounts/login/' },
            { status: 200, headers: [['content-type', 'text/html; charset=utf-8']] },
          ]),
      },
    },
    good: {
      settings: '',
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 302 Found\nLocation: /accounts/login/',
        base: 'good-site',
        change: (o) =>
          setChain(o, 'https', [
            { status: 302, location: '/accounts/login/' },
            { status: 200, headers: [['content-type', 'text/html; charset=utf-8']] },
          ]),
      },
    },
    fix: "Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https') (and make the proxy send X-Forwarded-Proto) so request.is_secure() and build_absolute_uri() see HTTPS; prefer relative Location headers; fix proxy rules that write http:// into Location (nginx proxy_redirect).",
  },
  messages,
  hint: 'Make every redirect from HTTPS point to an https:// URL (behind a TLS proxy: SECURE_PROXY_SSL_HEADER).',
  references: [
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    'https://hstspreload.org/#submission-requirements',
    'https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const findings: Emit<typeof messages>[] = [];
    const seen = new Set<string>();
    for (const r of [...obs.https.redirects, ...obs.http.redirects]) {
      if (r.scheme !== 'downgrade') continue;
      const key = `${r.from} ${r.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ messageId: 'downgrade', at: { url: r.from }, data: { from: quote(r.from), to: quote(r.to) } });
    }
    return findings;
  },
});
