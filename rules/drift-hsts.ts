import { type Emit, defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { DRIFT_SPLIT, expectedHsts, liveObservation, shownValue } from './_drift.ts';
import { finalResponse, quote, undecided } from './_live.ts';
import { DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';
import { TRUNCATED_HSTS, effectiveHsts, hstsResponse, setFinalHeader } from './_transport.ts';

const SETTINGS =
  "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n";

const messages = {
  missing: { text: 'SECURE_HSTS_SECONDS is {{seconds}}, but the site sends no HSTS header' },
  invalid: { text: "The site's HSTS header '{{live}}' is not the settings' '{{expected}}'" },
  maxAge: { text: 'SECURE_HSTS_SECONDS is {{seconds}}, but the site sends max-age={{live}}' },
  includeSubDomains: { text: "SECURE_HSTS_INCLUDE_SUBDOMAINS is {{value}}, but the site's HSTS {{state}} it" },
  preload: { text: "SECURE_HSTS_PRELOAD is {{value}}, but the site's HSTS {{state}} preload" },
} as const;

export default defineRule({
  id: 'drift-hsts',
  title: 'The site sends the HSTS header the settings produce',
  kind: 'cross',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https', 'drift', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: `When SecurityMiddleware is on and SECURE_HSTS_SECONDS is set, compares the header Django sends ("max-age=N", then "; includeSubDomains" and "; preload" when those settings are truthy, as SecurityMiddleware writes it) with the Strict-Transport-Security header of the final HTTPS page (the first one: browsers ignore the others, RFC 6797 §8.1): no header, an invalid one, or a different max-age, includeSubDomains or preload is reported, each at the setting it contradicts. When the https:// URL redirects to another host the rule skips: that redirect may come from a proxy for a host Django does not serve, so probe the other host. With SECURE_HSTS_SECONDS unset or 0 there is nothing to compare (hsts-seconds-missing reports the setting; hsts-header-missing the site). ${DRIFT_SPLIT}`,
    why: 'A header that differs from the settings means they do not control it: the audited values (and their checks) say nothing about the policy browsers really get, and a change to the settings will not change it.',
    severity: 'A warning: the header itself is judged by the hsts-header-* rules; this finding says the settings audited are not what the visitor gets.',
    bad: {
      settings: SETTINGS,
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8',
        base: 'good-site',
        change: (o) => setFinalHeader(o, 'strict-transport-security', []),
      },
    },
    good: {
      settings: SETTINGS,
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000; includeSubDomains; preload', base: 'good-site' },
    },
    fix: "Django sends the header only for requests it sees as HTTPS (request.is_secure()) and only when the response has none yet. Behind a proxy that ends TLS, set SECURE_PROXY_SSL_HEADER (and have the proxy set that header), or Django never sends HSTS. If the proxy sets its own Strict-Transport-Security, keep one source: drop the proxy's header or make the settings match it. Otherwise the site runs other settings than the ones audited.",
  },
  messages,
  hint: 'Make Django the only source of the header (SECURE_PROXY_SSL_HEADER behind a proxy) or align the settings.',
  references: [
    `${DOCS}/ref/middleware/#http-strict-transport-security`,
    `${DOCS}/ref/settings/#secure-proxy-ssl-header`,
    'https://www.rfc-editor.org/rfc/rfc6797#section-8.1',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = liveObservation(ctx);
    if (isSkip(obs)) return obs;
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const secondsEntry = setting(ctx, 'SECURE_HSTS_SECONDS');
    const subEntry = setting(ctx, 'SECURE_HSTS_INCLUDE_SUBDOMAINS');
    const preloadEntry = setting(ctx, 'SECURE_HSTS_PRELOAD');
    const expected = expectedHsts(secondsEntry, subEntry, preloadEntry);
    if (expected === null) return skip('SECURE_HSTS_SECONDS is not set: Django sends no HSTS (hsts-seconds-missing)');
    if (isUnknown(expected)) return expected;
    if (isUnknown(sm)) return sm;

    // A redirect to another host is not compared: Django may not serve this host name at all (a proxy's redirect).
    if (!obs.final.reached) {
      const none = finalResponse(obs);
      if (isSkip(none)) return none;
    }
    const response = hstsResponse(obs);
    if (isSkip(response)) return response;
    const live = effectiveHsts(response);
    const url = response.url;
    if (live.kind === 'none') return [{ messageId: 'missing', at: { url, setting: 'SECURE_HSTS_SECONDS' }, data: { seconds: expected.maxAge } }];
    if (live.kind === 'truncated') return undecided(TRUNCATED_HSTS);
    if (!live.parse.valid) {
      return [{ messageId: 'invalid', at: { url, setting: 'SECURE_HSTS_SECONDS' }, data: { live: quote(live.header.value), expected: expected.text } }];
    }
    const found: Emit<typeof messages>[] = [];
    if (live.parse.maxAge !== expected.maxAge) {
      found.push({ messageId: 'maxAge', at: { url, setting: 'SECURE_HSTS_SECONDS' }, data: { seconds: expected.maxAge, live: quote(String(live.parse.maxAge)) } });
    }
    if (live.parse.includeSubDomains !== expected.includeSubDomains) {
      found.push({
        messageId: 'includeSubDomains',
        at: { url, setting: 'SECURE_HSTS_INCLUDE_SUBDOMAINS' },
        data: { value: shownValue(subEntry), state: live.parse.includeSubDomains ? 'has' : 'lacks' },
      });
    }
    if (live.parse.preload !== expected.preload) {
      found.push({ messageId: 'preload', at: { url, setting: 'SECURE_HSTS_PRELOAD' }, data: { value: shownValue(preloadEntry), state: live.parse.preload ? 'has' : 'lacks' } });
    }
    return found;
  },
});
