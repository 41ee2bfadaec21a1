import { type Mutable, type Skip, skip } from '../src/engine/rule.ts';
import { type HstsParse, parseStrictTransportSecurity } from '../src/probe/hsts.ts';
import type {
  ChainEnd,
  ChainObservation,
  Header,
  Observation,
  RedirectObservation,
  ResponseObservation,
} from '../src/probe/observation.ts';
import { finalResponse } from './_live.ts';

/** Shared by the transport rules about the live site: redirects and HSTS (and observation builders for their examples). */

// ---------------------------------------------------------------------------------------------------------------
// Redirects

/** The redirect the chain's first response made, if it made one (the chain starts with a redirect). */
export function firstRedirect(chain: ChainObservation): RedirectObservation | null {
  const first = chain.redirects[0];
  const start = chain.hops[0];
  return first && start && first.from === start.url ? first : null;
}

/** Why a plain-HTTP chain has no first redirect to judge (for rules about that redirect). */
export function noFirstRedirect(obs: Observation): Skip {
  const { http } = obs;
  switch (http.outcome) {
    case 'no-listener':
      return skip('nothing listens on the plain-HTTP port');
    case 'unreachable':
      return skip(`${http.start} did not answer`);
    default:
      return skip(`${http.start} does not redirect (reported by https-redirect-missing)`);
  }
}

/** The status line words for a response that did not redirect. */
export function describeStatus(response: ResponseObservation): string {
  return [301, 302, 303, 307, 308].includes(response.status) && response.location === null ? `${response.status} without a Location` : String(response.status);
}

/**
 * The http:// chain runs into the https:// one when it reaches the HTTPS start URL (the probe joins them), and then
 * ends exactly as it does: a broken ending is the HTTPS chain's, reported once.
 */
export function joinsHttpsChain(obs: Observation): boolean {
  const { http, https } = obs;
  const lastHttp = http.hops[http.hops.length - 1];
  const lastHttps = https.hops[https.hops.length - 1];
  return (
    http.hops.some((h) => h.url === https.start) &&
    lastHttp !== undefined &&
    lastHttps !== undefined &&
    lastHttp.url === lastHttps.url &&
    JSON.stringify(http.end) === JSON.stringify(https.end)
  );
}

// ---------------------------------------------------------------------------------------------------------------
// HSTS

/**
 * The HTTPS response of the target host whose Strict-Transport-Security header browsers keep, or why there is none:
 * the final response, or, when the https:// URL redirects to another host, that redirect (the only response the
 * browser gets from this host name, so the only place its policy can come from).
 */
export function hstsResponse(obs: Observation): ResponseObservation | Skip {
  if (!obs.final.reached && obs.final.reason === 'cross-host') {
    const last = obs.https.hops[obs.https.hops.length - 1];
    if (last && last.url.startsWith('https:')) return last;
  }
  const response = finalResponse(obs);
  if ('outcome' in response) return response;
  // A header over plain HTTP is ignored (RFC 6797 §8.1); the https→http redirect is redirect-downgrade's finding.
  if (!response.url.startsWith('https:')) return skip('the HTTPS site ends on plain HTTP (reported by redirect-downgrade)');
  return response;
}

export type HstsHeader =
  | { readonly kind: 'none' }
  /** The first header was cut at the probe's 1024 characters: what follows the cut is not known. */
  | { readonly kind: 'truncated'; readonly header: Header; readonly count: number }
  | { readonly kind: 'parsed'; readonly header: Header; readonly parse: HstsParse; readonly count: number };

/**
 * The Strict-Transport-Security header a browser acts on: the first one (RFC 6797 §8.1 "process only the first
 * such header field"; Firefox's nsHttpHeaderArray drops the later ones when it reads the response).
 */
export function effectiveHsts(response: ResponseObservation): HstsHeader {
  const all = response.headers.filter((h) => h.name === 'strict-transport-security');
  const first = all[0];
  if (!first) return { kind: 'none' };
  if (first.truncated) return { kind: 'truncated', header: first, count: all.length };
  return { kind: 'parsed', header: first, parse: parseStrictTransportSecurity(first.value), count: all.length };
}

export const TRUNCATED_HSTS = 'the Strict-Transport-Security header is longer than the 1024 characters the probe keeps';

/** What is wrong with an invalid header, in words. */
export function hstsProblem(parse: Extract<HstsParse, { valid: false }>): string {
  switch (parse.error) {
    case 'syntax':
      return parse.directive ? `the ${parse.directive} directive is malformed` : 'it is not a list of directives';
    case 'missing-max-age':
      return 'it has no max-age';
    case 'invalid-max-age':
      return 'max-age is not a whole number of seconds';
    case 'duplicate-directive':
      return `${parse.directive ?? 'a directive'} appears twice`;
    case 'unexpected-value':
      return `${parse.directive ?? 'a directive'} takes no value`;
    default: {
      const never: never = parse.error;
      return never;
    }
  }
}

/** Six months, as the Observatory counts it: 180 days ("15768000 is six months, but a lot of sites use 15552000"). */
export const SIX_MONTHS = 15_552_000;

// ---------------------------------------------------------------------------------------------------------------
// Building observations, for documentation examples and tests

/** One response of a chain to build: its URL defaults to where the previous hop redirected (or the chain's start). */
export interface HopSpec {
  readonly url?: string;
  readonly status: number;
  readonly location?: string;
  /** Other headers, lower-case names. */
  readonly headers?: readonly (readonly [string, string])[];
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Replaces a chain of a (mutable copy of an) observation with these hops and this ending, and recomputes what the
 * probe derives from them (redirects, reachesHttps, downgrade; the plain-HTTP outcome; the final response).
 */
export function setChain(o: Mutable<Observation>, which: 'http' | 'https', specs: readonly HopSpec[], end: ChainEnd = { kind: 'response' }): void {
  const chain = o[which];
  const hops: Mutable<ResponseObservation>[] = [];
  const redirects: Mutable<RedirectObservation>[] = [];
  let url = chain.start;
  for (const spec of specs) {
    url = spec.url ?? url;
    const headers: Mutable<Header>[] = (spec.headers ?? []).map(([name, value]) => ({ name, value, truncated: false }));
    let location: string | null = null;
    if (spec.location !== undefined) {
      headers.unshift({ name: 'location', value: spec.location, truncated: false });
      location = new URL(spec.location, url).href;
    }
    hops.push({ url, status: spec.status, location, headers, ms: 1 });
    if (location !== null && REDIRECT_STATUSES.has(spec.status)) {
      const from = new URL(url);
      const to = new URL(location);
      if (to.protocol === 'http:' || to.protocol === 'https:') {
        const scheme = from.protocol === to.protocol ? 'same' : to.protocol === 'https:' ? 'upgrade' : 'downgrade';
        redirects.push({ from: url, to: location, status: spec.status, sameHost: from.hostname === to.hostname, scheme });
      }
      url = location;
    }
  }
  chain.hops = hops;
  chain.end = structuredClone(end) as Mutable<ChainEnd>;
  chain.redirects = redirects;
  chain.reachesHttps = redirects.some((r) => r.to.startsWith('https:'));
  chain.downgrade = redirects.find((r) => r.scheme === 'downgrade') ?? null;
  if (which === 'http') {
    const first = redirects[0];
    o.http.outcome =
      hops.length === 0
        ? end.kind === 'error' && end.error.code === 'ECONNREFUSED'
          ? 'no-listener'
          : 'unreachable'
        : first === undefined || first.from !== hops[0]?.url
          ? 'no-redirect'
          : o.http.reachesHttps
            ? 'redirects-to-https'
            : 'redirects-without-https';
  } else {
    const last = hops[hops.length - 1];
    o.final = end.kind === 'response' && last ? { reached: true, response: structuredClone(last) } : { reached: false, reason: end.kind === 'response' ? 'error' : end.kind };
  }
}

/**
 * Sets a header of the final HTTPS response (every value given, in order; none removes it), wherever that response
 * appears: the final response and the hops of both chains with its URL.
 */
export function setFinalHeader(o: Mutable<Observation>, name: string, values: readonly string[], truncated = false): void {
  if (!o.final.reached) throw new Error('the observation has no final response');
  const url = o.final.response.url;
  const lower = name.toLowerCase();
  const change = (r: Mutable<ResponseObservation>): void => {
    r.headers = [...r.headers.filter((h) => h.name !== lower), ...values.map((value) => ({ name: lower, value, truncated }))];
  };
  change(o.final.response);
  for (const hop of [...o.https.hops, ...o.http.hops]) if (hop.url === url) change(hop);
}
