import { defineRule, isSkip } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { observed, quote } from './_live.ts';
import { firstRedirect, noFirstRedirect, setChain } from './_transport.ts';

export default defineRule({
  id: 'https-redirect-first-hop',
  title: 'The first redirect from plain HTTP goes to HTTPS on the same host',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'https', 'hsts', 'live', 'redirect'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Looks at the first redirect the site's http:// URL answers with and reports when it does not go straight to https:// on the same host name (the port may change): it stays on plain HTTP (`staysOnHttp`), it goes to another host over HTTPS (`otherHost`, e.g. http://example.com → https://www.example.com), or both (`otherHostHttp`). What happens after the first hop is not judged here (redirect-downgrade and redirect-loop look at the whole chain). When plain HTTP does not redirect at all, https-redirect-missing reports it and this rule is skipped.",
    why: "HSTS is recorded per host name, from an HTTPS response of that host. A first hop that stays on plain HTTP is one more request an attacker can rewrite; a first hop to another host means the browser never sees an HTTPS response from the name the visitor typed, so that name never gets HSTS and every later visit to it starts over plain HTTP again. That is why hstspreload.org refuses sites whose first redirect is not to HTTPS on the same host (redirects.http.first_redirect.insecure, redirects.http.www_first), and why the Observatory deducts for an off-host first redirect.",
    severity: 'A warning: the visitor does end on HTTPS, but the host they typed never gets HSTS protection (or one more plain-HTTP hop is exposed).',
    bad: {
      settings: '',
      live: {
        shown: 'GET http://shop.example/\n\nHTTP/1.1 301 Moved Permanently\nLocation: https://www.shop.example/',
        base: 'good-site',
        change: (o) => setChain(o, 'http', [{ status: 301, location: 'https://www.shop.example/' }], { kind: 'cross-host', url: 'https://www.shop.example/' }),
      },
    },
    good: {
      settings: '',
      live: { shown: 'GET http://shop.example/\n\nHTTP/1.1 301 Moved Permanently\nLocation: https://shop.example/', base: 'good-site' },
    },
    fix: 'Redirect http://example.com to https://example.com first (same host), and only then to https://www.example.com if you prefer www. With Django alone, SecurityMiddleware redirects before CommonMiddleware adds www (PREPEND_WWW) when it comes first in MIDDLEWARE; leave SECURE_SSL_HOST unset unless it is the same host.',
  },
  messages: {
    staysOnHttp: { text: 'the first redirect from {{from}} stays on plain HTTP: {{to}}' },
    otherHost: { text: 'the first redirect from {{from}} goes to another host: {{to}}' },
    otherHostHttp: { text: 'the first redirect from {{from}} goes to another host over HTTP: {{to}}' },
  },
  hint: 'Redirect http://host/ to https://host/ (the same host) first; add www or other hosts after that.',
  references: [
    'https://hstspreload.org/#submission-requirements',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    'https://www.rfc-editor.org/rfc/rfc6797#section-7.2',
    `${DOCS}/ref/settings/#secure-ssl-host`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const first = firstRedirect(obs.http);
    if (!first) return noFirstRedirect(obs);
    const data = { from: first.from, to: quote(first.to) };
    const https = first.scheme === 'upgrade';
    if (https && first.sameHost) return [];
    if (!first.sameHost) {
      // Django's own redirect goes to SECURE_SSL_HOST when it is set.
      const at = { url: obs.http.start, setting: 'SECURE_SSL_HOST' };
      return [https ? { messageId: 'otherHost', at, data } : { messageId: 'otherHostHttp', at, data }];
    }
    return [{ messageId: 'staysOnHttp', at: { url: obs.http.start, setting: 'SECURE_SSL_REDIRECT' }, data }];
  },
});
