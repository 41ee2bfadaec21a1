import { defineRule, isSkip } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { observed } from './_live.ts';
import { firstRedirect, noFirstRedirect, setChain } from './_transport.ts';

/** 301 Moved Permanently and 308 Permanent Redirect (RFC 9110 §15.4): browsers may cache them. */
const PERMANENT: ReadonlySet<number> = new Set([301, 308]);

export default defineRule({
  id: 'https-redirect-temporary',
  title: 'The redirect from plain HTTP is permanent (301 or 308)',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'https', 'live', 'redirect'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports a first redirect from the site's http:// URL that is temporary: 302 Found, 303 See Other or 307 Temporary Redirect instead of 301 Moved Permanently or 308 Permanent Redirect. Only the first redirect of the plain-HTTP chain is judged; whether it goes to the right place is https-redirect-first-hop's question.",
    why: 'A temporary redirect tells browsers and search engines that the http:// address is still the real one: browsers do not cache it, so every typed or bookmarked http:// visit makes a fresh plain-HTTP request an attacker can answer instead, and search engines keep indexing (and linking to) the http:// URLs. A permanent redirect is cached and moves links and rankings to the https:// URL. Django\'s SECURE_SSL_REDIRECT answers 301; a temporary one usually comes from a proxy or a load balancer rule.',
    severity: 'A warning: visitors still reach HTTPS, but each http:// visit stays exposed instead of being remembered.',
    bad: {
      settings: '',
      live: {
        shown: 'GET http://shop.example/\n\nHTTP/1.1 302 Found\nLocation: https://shop.example/',
        base: 'good-site',
        change: (o) => {
          const https = o.https.hops[0];
          setChain(o, 'http', [{ status: 302, location: o.https.start }, ...(https ? [{ status: https.status, headers: https.headers.map((h) => [h.name, h.value] as const) }] : [])]);
        },
      },
    },
    good: {
      settings: '',
      live: { shown: 'GET http://shop.example/\n\nHTTP/1.1 301 Moved Permanently\nLocation: https://shop.example/', base: 'good-site' },
    },
    fix: 'nginx: `return 301 https://$host$request_uri;` (not `rewrite ... redirect`, which answers 302). Cloud load balancers usually offer "301" or "308" as the redirect code.',
  },
  messages: {
    temporary: { text: 'the first redirect from {{from}} is temporary ({{status}}); use 301 or 308' },
  },
  hint: 'Answer plain HTTP with 301 Moved Permanently (or 308) to the https:// URL.',
  references: [
    'https://www.rfc-editor.org/rfc/rfc9110#section-15.4',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Redirections',
    `${DOCS}/ref/middleware/#ssl-redirect`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const first = firstRedirect(obs.http);
    if (!first) return noFirstRedirect(obs);
    if (PERMANENT.has(first.status)) return [];
    return [{ messageId: 'temporary', at: { url: obs.http.start }, data: { from: first.from, status: first.status } }];
  },
});
