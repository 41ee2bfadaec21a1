import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import type { ChainObservation } from '../src/probe/observation.ts';
import { DOCS } from './_shared.ts';
import { observed, quote } from './_live.ts';
import { joinsHttpsChain, setChain } from './_transport.ts';

const messages = {
  loop: { text: 'the redirects from {{start}} loop back to {{url}}' },
  selfRedirect: { text: '{{url}} redirects to itself (a proxy hiding HTTPS from Django?)' },
  tooMany: { text: '{{start}} redirects more than {{limit}} times' },
  badLocation: { text: '{{url}} redirects to {{location}}, which is not an http(s) URL' },
} as const;

type Finding = Emit<typeof messages>;

function judge(chain: ChainObservation, https: boolean): Finding | null {
  const last = chain.hops[chain.hops.length - 1];
  switch (chain.end.kind) {
    case 'loop':
      // Django redirecting an HTTPS request to the very same URL is SECURE_SSL_REDIRECT behind a proxy that does not
      // tell it the request was HTTPS (SECURE_PROXY_SSL_HEADER): the finding belongs on that setting.
      if (last && last.url === chain.end.url) {
        return { messageId: 'selfRedirect', at: https ? { url: chain.start, setting: 'SECURE_SSL_REDIRECT' } : { url: chain.start }, data: { url: quote(last.url) } };
      }
      return { messageId: 'loop', at: { url: chain.start }, data: { start: chain.start, url: quote(chain.end.url) } };
    case 'too-many-redirects':
      return { messageId: 'tooMany', at: { url: chain.start }, data: { start: chain.start, limit: chain.end.limit } };
    case 'bad-location':
      return { messageId: 'badLocation', at: { url: chain.start }, data: { url: quote(last?.url ?? chain.start), location: quote(chain.end.location) } };
    case 'response':
    case 'cross-host':
    case 'error':
      return null;
    default: {
      const never: never = chain.end;
      return never;
    }
  }
}

export default defineRule({
  id: 'redirect-loop',
  title: 'Redirects from the site end',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'https', 'live', 'redirect'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Follows the redirects from the site's http:// and https:// URLs (on the same host, at most 10) and reports a chain that never ends: a redirect back to a URL already visited (`loop`; `selfRedirect` when a URL redirects to itself), more redirects than the probe follows (`tooMany`), or a Location that is not an http(s) URL (`badLocation`, e.g. `javascript:` or `ftp://`). When the http:// chain runs into the https:// one and ends the same way, the finding is reported once, for the https:// URL.",
    why: 'Browsers give up after about 20 redirects (ERR_TOO_MANY_REDIRECTS) and do not follow a Location they cannot load: the site does not open at all. The classic Django cause is SECURE_SSL_REDIRECT behind a proxy that terminates TLS and passes requests on as plain HTTP without SECURE_PROXY_SSL_HEADER: Django believes every request is HTTP and redirects https://host/ to https://host/ forever.',
    severity: 'Error: the pages behind the loop cannot be opened.',
    bad: {
      settings: '',
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 301 Moved Permanently\nLocation: https://shop.example/',
        base: 'good-site',
        change: (o) => setChain(o, 'https', [{ status: 301, location: o.https.start }], { kind: 'loop', url: o.https.start }),
      },
    },
    good: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK', base: 'good-site' },
    },
    fix: "Behind nginx or a load balancer that terminates TLS, send X-Forwarded-Proto and set SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https'), or let the proxy do the HTTPS redirect and set SECURE_SSL_REDIRECT = False. Check that the proxy and the application do not redirect to each other's preferred form (www and bare domain, trailing slashes).",
  },
  messages,
  hint: 'Follow the chain with curl -sIL and break the cycle (behind a TLS proxy: SECURE_PROXY_SSL_HEADER).',
  references: [
    `${DOCS}/ref/settings/#secure-proxy-ssl-header`,
    `${DOCS}/ref/middleware/#ssl-redirect`,
    'https://www.rfc-editor.org/rfc/rfc9110#section-15.4',
    'https://hstspreload.org/#submission-requirements',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const findings: Finding[] = [];
    const https = judge(obs.https, true);
    if (https) findings.push(https);
    if (!(https && joinsHttpsChain(obs))) {
      const http = judge(obs.http, false);
      if (http) findings.push(http);
    }
    return findings;
  },
});
