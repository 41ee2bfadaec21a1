import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { DRIFT_SPLIT, liveObservation, redirectExempt, runtimeFlag, shownValue } from './_drift.ts';
import { quote, undecided } from './_live.ts';
import { DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';
import { setChain } from './_transport.ts';

const SETTINGS = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_SSL_REDIRECT = True\n";

/** Django's request.path: the URL's path, percent-decoded. */
function requestPath(url: string): string {
  const path = new URL(url).pathname;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export default defineRule({
  id: 'drift-ssl-redirect',
  title: 'Plain HTTP is redirected as SECURE_SSL_REDIRECT says',
  kind: 'cross',
  severity: 'warning',
  tags: ['deploy', 'https', 'drift', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: `When SecurityMiddleware is on and SECURE_SSL_REDIRECT is on (Python truthiness, as the middleware reads it), reports a plain-HTTP request to the site's http:// URL that is answered with a 2xx page instead of a redirect: Django would have answered it with a 301 to https://, unless SECURE_REDIRECT_EXEMPT exempts the path (the patterns are evaluated; one that uses Python-only regular expression syntax makes the rule unknown). Nothing listening on plain HTTP is not drift (the https-redirect-* rules judge it), and any other answer (an error, a redirect that never reaches HTTPS) cannot be traced to Django, so the rule says it cannot tell. ${DRIFT_SPLIT} Here: https-redirect-missing reports the plain-HTTP page; ssl-redirect-disabled reports the setting.`,
    why: 'The settings promise that Django redirects every plain-HTTP request, but something answers plain HTTP without asking Django (a proxy serving the site on port 80 itself, another virtual host) or Django runs without that setting: the audited settings do not protect the first request.',
    severity: "A warning: the plain-HTTP page itself is https-redirect-missing's finding; this one says the setting audited is not what answers.",
    bad: {
      settings: SETTINGS,
      live: {
        shown: 'GET http://shop.example/\n\nHTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8',
        base: 'good-site',
        change: (o) => setChain(o, 'http', [{ status: 200, headers: [['content-type', 'text/html; charset=utf-8']] }]),
      },
    },
    good: {
      settings: SETTINGS,
      live: { shown: 'GET http://shop.example/\n\nHTTP/1.1 301 Moved Permanently\nLocation: https://shop.example/', base: 'good-site' },
    },
    fix: 'If a proxy serves plain HTTP itself, make it redirect to HTTPS (or pass the request on to Django). If the proxy forwards plain HTTP and HTTPS to Django alike, check that SECURE_PROXY_SSL_HEADER matches the header the proxy sets for HTTPS only. Otherwise the site runs other settings than the ones audited.',
  },
  messages: {
    answered: { text: 'SECURE_SSL_REDIRECT is {{value}}, but http:// answers {{status}}, no redirect' },
  },
  hint: 'Find what answers plain HTTP without Django (the proxy), or audit the settings the site runs with.',
  references: [`${DOCS}/ref/middleware/#ssl-redirect`, `${DOCS}/ref/settings/#secure-redirect-exempt`, `${DOCS}/ref/settings/#secure-proxy-ssl-header`],
  since: '0.1.0',
  check(ctx) {
    const obs = liveObservation(ctx);
    if (isSkip(obs)) return obs;
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_SSL_REDIRECT');
    const on = runtimeFlag(entry);
    if (on === false) return skip('SECURE_SSL_REDIRECT is off (ssl-redirect-disabled)');
    if (isUnknown(on)) return on;
    if (isUnknown(sm)) return sm;

    const { http } = obs;
    switch (http.outcome) {
      case 'no-listener':
        return skip('nothing listens on plain HTTP: no request reaches SECURE_SSL_REDIRECT');
      case 'unreachable':
        return skip('the plain-HTTP request failed');
      case 'redirects-to-https':
        return [];
      case 'redirects-without-https':
        return undecided(`plain HTTP redirects, but never to HTTPS (to ${quote(http.redirects[0]?.to ?? '?')}): not SecurityMiddleware's redirect, but what answered is not known`);
      case 'no-redirect':
        break;
      default: {
        const never: never = http.outcome;
        return never;
      }
    }
    const first = http.hops[0];
    if (!first) return skip('the plain-HTTP request got no response');
    if (first.status < 200 || first.status >= 300) return undecided(`plain HTTP answers ${first.status} without a redirect: an error page does not show who answered`);
    const exempt = redirectExempt(setting(ctx, 'SECURE_REDIRECT_EXEMPT'), requestPath(first.url));
    if (isUnknown(exempt)) return exempt;
    if (exempt) return skip(`SECURE_REDIRECT_EXEMPT exempts ${new URL(first.url).pathname} from the redirect`);
    return [{ messageId: 'answered', at: { url: http.start, setting: 'SECURE_SSL_REDIRECT' }, data: { value: shownValue(entry), status: first.status } }];
  },
});
