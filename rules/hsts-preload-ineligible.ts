import { type Emit, defineRule, isSkip, skip } from '../src/engine/rule.ts';
import type { Observation, ResponseObservation } from '../src/probe/observation.ts';
import { DOCS, formatDuration } from './_shared.ts';
import { observed, quote, undecided } from './_live.ts';
import { certName, isTrustAnchor, tlsUrl } from './_tls.ts';
import { TRUNCATED_HSTS, effectiveHsts, firstRedirect, hstsProblem, hstsResponse, setFinalHeader } from './_transport.ts';

// chromium/hstspreload: header.go oneYear (the Bulk1Year policy), redirects.go maxRedirects.
const ONE_YEAR = 31_536_000;
const MAX_REDIRECTS = 3;

const messages = {
  certificate: { text: 'preload needs a valid certificate; {{url}} is rejected ({{code}})' },
  sha1Certificate: { text: 'preload refuses a SHA-1 signed certificate in the chain: {{name}}' },
  redirectNoHeader: { text: 'the redirect at {{url}} has no Strict-Transport-Security; preload needs it' },
  multipleHeaders: { text: '{{url}} sends {{count}} Strict-Transport-Security headers; preload needs one' },
  invalidHeader: { text: 'preload needs a valid Strict-Transport-Security header: {{problem}}' },
  maxAgeShort: { text: 'max-age is {{seconds}} ({{duration}}); preload needs 31536000 (a year)' },
  noSubdomains: { text: 'Strict-Transport-Security at {{url}} lacks includeSubDomains' },
  noPreload: { text: 'Strict-Transport-Security at {{url}} lacks the preload directive' },
  httpNoRedirect: { text: '{{url}} does not redirect to HTTPS, which preload needs' },
  httpFirstHop: { text: 'preload needs {{url}} to go to HTTPS on the same host first, not {{to}}' },
  httpTargetHeader: { text: 'the HTTP redirect target {{url}} sends no preloadable HSTS: {{problem}}' },
  insecureRedirect: { text: 'preload refuses the redirect from {{from}} to plain HTTP: {{to}}' },
  tooManyRedirects: { text: '{{url}} redirects more than 3 times; preload follows at most 3' },
} as const;

type Finding = Emit<typeof messages>;

/** The first Strict-Transport-Security problem hstspreload.org reports as an error for this response, or null. */
function headerError(response: ResponseObservation): string | null {
  const hsts = effectiveHsts(response);
  if (hsts.kind === 'none') return 'no header';
  if (hsts.count > 1) return `${hsts.count} headers`;
  if (hsts.kind === 'truncated') return null;
  if (!hsts.parse.valid) return hstsProblem(hsts.parse);
  if (!hsts.parse.includeSubDomains) return 'no includeSubDomains';
  if (!hsts.parse.preload) return 'no preload';
  if (hsts.parse.maxAge < ONE_YEAR) return `max-age=${hsts.parse.maxAge}`;
  return null;
}

/** Does the response's (first) Strict-Transport-Security header ask for preloading? null: it cannot be read. */
function asksForPreload(response: ResponseObservation): boolean | null {
  const hsts = effectiveHsts(response);
  if (hsts.kind === 'truncated') return null;
  return hsts.kind === 'parsed' && hsts.parse.valid && hsts.parse.preload;
}

/** What hstspreload.org checks of the header on the first HTTPS response (it does not follow redirects there). */
function checkHeader(base: ResponseObservation): Finding[] | string {
  const url = base.url;
  const hsts = effectiveHsts(base);
  // Only a redirect can lack the header here: the preload request came from the page it leads to.
  if (hsts.kind === 'none') return [{ messageId: 'redirectNoHeader', at: { url }, data: { url } }];
  if (hsts.count > 1) return [{ messageId: 'multipleHeaders', at: { url, setting: 'SECURE_HSTS_SECONDS' }, data: { url, count: hsts.count } }];
  if (hsts.kind === 'truncated') return TRUNCATED_HSTS;
  if (!hsts.parse.valid) return [{ messageId: 'invalidHeader', at: { url, setting: 'SECURE_HSTS_SECONDS' }, data: { problem: hstsProblem(hsts.parse) } }];
  const findings: Finding[] = [];
  const { maxAge, includeSubDomains, preload } = hsts.parse;
  if (maxAge < ONE_YEAR) findings.push({ messageId: 'maxAgeShort', at: { url, setting: 'SECURE_HSTS_SECONDS' }, data: { seconds: maxAge, duration: formatDuration(maxAge) } });
  if (!includeSubDomains) findings.push({ messageId: 'noSubdomains', at: { url, setting: 'SECURE_HSTS_INCLUDE_SUBDOMAINS' }, data: { url } });
  if (!preload) findings.push({ messageId: 'noPreload', at: { url, setting: 'SECURE_HSTS_PRELOAD' }, data: { url } });
  return findings;
}

/** The plain-HTTP redirects as hstspreload.org wants them: absent (nothing on port 80) or first to https://host/. */
function checkHttp(obs: Observation, headerOk: boolean): Finding[] | string {
  const { http } = obs;
  const at = { url: http.start, setting: 'SECURE_SSL_REDIRECT' };
  switch (http.outcome) {
    case 'no-listener':
      // hstspreload.org: "redirects.http.does_not_exist" is only a warning.
      return [];
    case 'unreachable':
      return `${http.start} did not answer, so the redirect from HTTP could not be checked`;
    case 'no-redirect':
      return http.end.kind === 'bad-location' ? [] : [{ messageId: 'httpNoRedirect', at, data: { url: http.start } }];
    case 'redirects-to-https':
    case 'redirects-without-https':
      break;
    default: {
      const never: never = http.outcome;
      return never;
    }
  }
  const first = firstRedirect(http);
  if (!first) return [];
  if (first.scheme !== 'upgrade' || !first.sameHost) {
    return [{ messageId: 'httpFirstHop', at: first.sameHost ? at : { url: http.start, setting: 'SECURE_SSL_HOST' }, data: { url: http.start, to: quote(first.to) } }];
  }
  // redirects.http.first_redirect.no_hsts, reported only when the HTTPS response itself qualifies (as hstspreload does).
  const target = http.hops[1];
  if (headerOk && target && target.url === first.to && target.url !== obs.https.hops[0]?.url) {
    const problem = headerError(target);
    if (problem !== null) return [{ messageId: 'httpTargetHeader', at: { url: target.url, setting: 'SECURE_HSTS_SECONDS' }, data: { url: quote(target.url), problem } }];
  }
  return [];
}

export default defineRule({
  id: 'hsts-preload-ineligible',
  title: 'A site that asks for HSTS preloading meets the preload list requirements',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When the site's Strict-Transport-Security header contains `preload` (on the first HTTPS response or the final one), checks what hstspreload.org's eligibility test checks and lists every requirement that is not met, with the error codes of chromium/hstspreload: a certificate that verifies (`certificate`) and no SHA-1 signature below the root (`sha1Certificate`); on the first response of https://host/ (not following redirects: a redirect must carry the header itself) exactly one header (`redirectNoHeader` when a redirect lacks it, `multipleHeaders`), valid (`invalidHeader`), with max-age of at least 31536000 (`maxAgeShort`), includeSubDomains (`noSubdomains`) and preload (`noPreload`); http://host/ redirecting (`httpNoRedirect`) first to HTTPS on the same host (`httpFirstHop`), whose page also qualifies (`httpTargetHeader`); no redirect to plain HTTP (`insecureRedirect`) and at most 3 redirects (`tooManyRedirects`) in either chain. Nothing on the plain-HTTP port is accepted, as hstspreload.org accepts it. Not checked (the probe talks to one host only and has no public-suffix list): that the host is a registrable domain, that www and every other subdomain serve HTTPS, and the cipher-suite warning. A header with a directive given twice is reported as invalid here, where hstspreload.org only warns: browsers ignore such a header.",
    why: "The preload directive asks browsers' makers to hard-code HTTPS for the domain and all its subdomains. A site that asks but does not qualify is refused by hstspreload.org, and a preloaded domain that stops qualifying can be removed from the list: its first visits are then unprotected while its operators believe they are, and removal takes months to reach browsers.",
    severity: 'A warning, like hsts-preload-requirements: the site still sends HSTS, but the preloading it asks for will not happen or may be undone.',
    bad: {
      settings: '',
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=15768000; preload',
        base: 'good-site',
        change: (o) => setFinalHeader(o, 'strict-transport-security', ['max-age=15768000; preload']),
      },
    },
    good: {
      settings: '',
      live: {
        shown: 'GET http://shop.example/\n\nHTTP/1.1 301 Moved Permanently\nLocation: https://shop.example/\n\nGET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000; includeSubDomains; preload',
        base: 'good-site',
      },
    },
    fix: 'Only ask for preloading once every subdomain serves HTTPS, then send `max-age=31536000; includeSubDomains; preload` on every HTTPS response, redirects included (Django: SECURE_HSTS_SECONDS = 31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS = True, SECURE_HSTS_PRELOAD = True), and redirect http://example.com straight to https://example.com. If you do not mean to preload, remove the directive (SECURE_HSTS_PRELOAD = False).',
  },
  messages,
  hint: 'Send max-age=31536000; includeSubDomains; preload on https://host/ and redirect HTTP there first.',
  references: [
    'https://hstspreload.org/#submission-requirements',
    'https://github.com/chromium/hstspreload',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security#preloading_strict_transport_security',
    `${DOCS}/ref/settings/#secure-hsts-preload`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const base = obs.https.hops[0];
    if (!base) return skip('the HTTPS request failed');
    const final = hstsResponse(obs);
    const asks = [asksForPreload(base), isSkip(final) ? false : asksForPreload(final)];
    if (!asks.includes(true)) return asks.includes(null) ? undecided(TRUNCATED_HSTS) : [];

    const findings: Finding[] = [];
    const notes: string[] = [];
    const add = (result: Finding[] | string): void => {
      if (typeof result === 'string') notes.push(result);
      else findings.push(...result);
    };

    const { tls } = obs;
    if (tls.verification.status === 'rejected') findings.push({ messageId: 'certificate', at: { url: tlsUrl(tls) }, data: { url: tlsUrl(tls), code: tls.verification.code } });
    else if (tls.verification.status === 'error') notes.push(`the certificate could not be verified (${tls.verification.error.code})`);
    tls.chain.forEach((cert, index) => {
      if (!isTrustAnchor(cert, index) && cert.signatureHash === 'sha1') findings.push({ messageId: 'sha1Certificate', at: { url: tlsUrl(tls) }, data: { name: certName(cert) } });
    });

    const header = checkHeader(base);
    add(header);
    add(checkHttp(obs, Array.isArray(header) && header.length === 0));

    const seen = new Set<string>();
    for (const chain of [obs.http, obs.https]) {
      for (const r of chain.redirects) {
        if (r.scheme !== 'downgrade' || seen.has(`${r.from} ${r.to}`)) continue;
        seen.add(`${r.from} ${r.to}`);
        findings.push({ messageId: 'insecureRedirect', at: { url: r.from }, data: { from: quote(r.from), to: quote(r.to) } });
      }
      const endless = chain.end.kind === 'loop' || chain.end.kind === 'too-many-redirects';
      if (endless || chain.redirects.length > MAX_REDIRECTS) findings.push({ messageId: 'tooManyRedirects', at: { url: chain.start }, data: { url: chain.start } });
    }

    if (findings.length === 0 && notes.length > 0) return undecided(notes.join('; '));
    return findings;
  },
});
