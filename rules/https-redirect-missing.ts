import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { observed, quote, undecided } from './_live.ts';
import { describeStatus } from './_transport.ts';

const SETTING = 'SECURE_SSL_REDIRECT';

export default defineRule({
  id: 'https-redirect-missing',
  title: 'Plain HTTP redirects to HTTPS',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'https', 'live', 'redirect'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Requests the site's http:// URL and reports when it does not end on HTTPS: the first response is not a redirect (`noRedirect`: a page, an error page, or a 3xx without Location, served over plain HTTP), or the redirects never lead to an https:// URL (`endsOnHttp`). Nothing listening on the plain-HTTP port is not a finding: no page is served without TLS, browsers that type the bare name try HTTPS first or get a connection error, and both Mozilla's Observatory (redirection-not-needed-no-http) and hstspreload.org (only a warning) accept it. When plain HTTP cannot be reached for another reason (a timeout, a reset) the rule cannot verify. Redirect chains that loop or leave for another host are judged by redirect-loop and https-redirect-first-hop.",
    why: 'Every http:// link, bookmark and typed address reaches a site that answers over plain HTTP: the page, its cookies without Secure and any form a visitor submits cross the network in clear text, and an attacker on the network can change them (SSL stripping). Only a redirect to HTTPS moves the visitor onto the encrypted site, where HSTS can then keep them.',
    severity: 'Error: the site is served without TLS to everyone who arrives over http://.',
    bad: {
      settings: '',
      live: { shown: 'GET http://shop.example/\n\nHTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8', base: 'bad-site' },
    },
    good: {
      settings: '',
      live: { shown: 'GET http://shop.example/\n\nHTTP/1.1 301 Moved Permanently\nLocation: https://shop.example/', base: 'good-site' },
    },
    fix: "Redirect in the proxy that terminates TLS (nginx: a `listen 80` server with `return 301 https://$host$request_uri;`), or let Django do it with SECURE_SSL_REDIRECT = True (behind a proxy, also SECURE_PROXY_SSL_HEADER, or every request loops). Keep port 80 open for the redirect unless you have a reason to close it.",
  },
  messages: {
    noRedirect: { text: 'plain HTTP answers {{status}} instead of redirecting to HTTPS' },
    endsOnHttp: { text: 'plain HTTP redirects but never reaches HTTPS (ends at {{last}})' },
  },
  hint: 'Redirect every plain-HTTP request to https:// (SECURE_SSL_REDIRECT = True, or in the proxy).',
  references: [
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
    `${DOCS}/ref/settings/#secure-ssl-redirect`,
    `${DOCS}/howto/deployment/checklist/#https`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const { http } = obs;
    const at = { url: http.start, setting: SETTING };
    switch (http.outcome) {
      case 'redirects-to-https':
      case 'no-listener':
        return [];
      case 'unreachable':
        return undecided(
          http.end.kind === 'error'
            ? `${http.start} did not answer (${http.end.error.code} while ${http.end.error.phase === 'tls' ? 'in the TLS handshake' : http.end.error.phase})`
            : `${http.start} did not answer`,
        );
      case 'no-redirect': {
        const first = http.hops[0];
        if (!first) return undecided(`${http.start} gave no response`);
        // A redirect to a Location that is not an http(s) URL is not followed: redirect-loop reports it.
        if (http.end.kind === 'bad-location' && http.hops.length === 1) return skip(`${http.start} redirects to something that is not an http(s) URL (reported by redirect-loop)`);
        return [{ messageId: 'noRedirect', at, data: { status: describeStatus(first) } }];
      }
      case 'redirects-without-https': {
        const last = http.hops[http.hops.length - 1];
        switch (http.end.kind) {
          case 'response':
            return [{ messageId: 'endsOnHttp', at, data: { last: quote(last?.url ?? http.start) } }];
          case 'cross-host':
            return undecided(`${http.start} redirects to another host over plain HTTP (${quote(http.end.url)}), which the probe does not follow (see https-redirect-first-hop)`);
          case 'error':
            return undecided(`the redirects from ${http.start} stop at ${quote(http.end.url)}, which did not answer (${http.end.error.code})`);
          case 'loop':
          case 'too-many-redirects':
          case 'bad-location':
            return skip(`the redirects from ${http.start} do not end (reported by redirect-loop)`);
          default: {
            const never: never = http.end;
            return never;
          }
        }
      }
      default: {
        const never: never = http.outcome;
        return never;
      }
    }
  },
});
