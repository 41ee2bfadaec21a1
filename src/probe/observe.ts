import { parseSetCookie, redactSetCookie } from './cookies.ts';
import { DerError } from './der.ts';
import { adminMarkers, debugMarkers } from './django-pages.ts';
import {
  HEADER_VALUE_LIMIT,
  OBSERVATION_VERSION,
  TLS_VERSIONS,
  type CertificateObservation,
  type ChainEnd,
  type ChainObservation,
  type CookieObservation,
  type FinalObservation,
  type Header,
  type HttpOutcome,
  type Observation,
  type PageObservation,
  type ProbeStep,
  type ProtocolObservation,
  type RedirectObservation,
  type ResponseObservation,
  type TlsObservation,
  type VerificationObservation,
} from './observation.ts';
import type { RawChain, RawHandshake, RawPage, RawProbe, RawResponse, RawTls } from './raw.ts';
import { describeCertificate, hostnameMatches } from './x509.ts';

/**
 * Turns what the network steps saw into an Observation: caps remote strings, replaces cookie values by their
 * length, parses Set-Cookie and certificates, and names what the chains and handshakes mean. Pure: the same
 * RawProbe and `now` give the same Observation.
 */
export function observe(raw: RawProbe, now: Date): Observation {
  const cookies: CookieObservation[] = [];
  const httpChain = observeChain(raw.http, 'http', cookies);
  const https = observeChain(raw.https, 'https', cookies);
  const notFoundPage = observePage(raw.notFound, 'not-found', cookies);
  const adminPage = observePage(raw.admin, 'admin', cookies);
  return {
    version: OBSERVATION_VERSION,
    observedAt: now.toISOString(),
    target: { input: raw.target.input, host: raw.target.host, httpUrl: raw.httpUrl, httpsUrl: raw.httpsUrl },
    connections: [...raw.connections].sort((a, b) => compare(a.host, b.host) || a.port - b.port || compare(a.address, b.address)),
    http: { ...httpChain, outcome: httpOutcome(raw.http, httpChain) },
    https,
    final: finalOf(https),
    cookies,
    notFound: { ...notFoundPage, ...debugMarkers(raw.notFound.body) },
    admin: { ...adminPage, ...adminMarkers(raw.admin.body) },
    tls: observeTls(raw.tls, now),
    timings: raw.timings,
  };
}

/** Code-unit order (localeCompare would load ICU's collator: 15 ms at start-up, for host names). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Remote text, capped: "code against malicious headers". */
function cap(text: string): { value: string; truncated: boolean } {
  return text.length > HEADER_VALUE_LIMIT ? { value: text.slice(0, HEADER_VALUE_LIMIT), truncated: true } : { value: text, truncated: false };
}

const capped = (text: string): string => cap(text).value;

function observeResponse(raw: RawResponse, step: ProbeStep, cookies: CookieObservation[]): ResponseObservation {
  const headers: Header[] = raw.headers.map(([name, value]) => {
    if (name === 'set-cookie') {
      const parsed = parseSetCookie(value);
      if (parsed) {
        cookies.push({
          step,
          url: capped(raw.url),
          name: capped(parsed.name),
          valueLength: parsed.valueLength,
          secure: parsed.secure,
          httpOnly: parsed.httpOnly,
          partitioned: parsed.partitioned,
          sameSite: parsed.sameSite,
          domain: parsed.domain === null ? null : capped(parsed.domain),
          path: parsed.path === null ? null : capped(parsed.path),
          expires: parsed.expires === null ? null : parsed.expires.toISOString(),
          maxAge: parsed.maxAge === null ? null : Math.max(Math.min(parsed.maxAge, Number.MAX_SAFE_INTEGER), -Number.MAX_SAFE_INTEGER),
          attributes: parsed.attributes.map(capped),
          unknownAttributes: parsed.unknownAttributes.map(capped),
          notes: parsed.notes,
        });
      }
      return { name, ...cap(redactSetCookie(value)) };
    }
    return { name, ...cap(value) };
  });
  return { url: capped(raw.url), status: raw.status, location: locationOf(raw), headers, ms: raw.ms };
}

/** The first Location, resolved against the request URL (as sent when it does not parse). */
function locationOf(raw: RawResponse): string | null {
  const location = raw.headers.find(([n]) => n === 'location')?.[1];
  if (location === undefined) return null;
  try {
    const url = new URL(location, raw.url);
    url.hash = '';
    return capped(url.href);
  } catch {
    return capped(location);
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function observeChain(raw: RawChain, step: ProbeStep, cookies: CookieObservation[]): ChainObservation {
  const hops = raw.hops.map((h) => observeResponse(h, step, cookies));
  const redirects: RedirectObservation[] = [];
  for (const hop of raw.hops) {
    const location = hop.headers.find(([n]) => n === 'location')?.[1];
    if (!REDIRECT_STATUSES.has(hop.status) || location === undefined) continue;
    let to: URL;
    try {
      to = new URL(location, hop.url);
    } catch {
      continue;
    }
    if (to.protocol !== 'http:' && to.protocol !== 'https:') continue;
    to.hash = '';
    const from = new URL(hop.url);
    const scheme = from.protocol === to.protocol ? 'same' : to.protocol === 'https:' ? 'upgrade' : 'downgrade';
    redirects.push({ from: capped(hop.url), to: capped(to.href), status: hop.status, sameHost: from.hostname === to.hostname, scheme });
  }
  return {
    start: capped(raw.start),
    hops,
    end: capEnd(raw.end),
    redirects,
    reachesHttps: redirects.some((r) => r.to.startsWith('https:')),
    downgrade: redirects.find((r) => r.scheme === 'downgrade') ?? null,
  };
}

function capEnd(end: ChainEnd): ChainEnd {
  switch (end.kind) {
    case 'response':
    case 'too-many-redirects':
      return end;
    case 'loop':
    case 'cross-host':
      return { kind: end.kind, url: capped(end.url) };
    case 'bad-location':
      return { kind: end.kind, location: capped(end.location) };
    case 'error':
      return { kind: end.kind, url: capped(end.url), error: end.error };
    default: {
      const never: never = end;
      return never;
    }
  }
}

function httpOutcome(raw: RawChain, chain: ChainObservation): HttpOutcome {
  if (raw.hops.length === 0) {
    return raw.end.kind === 'error' && raw.end.error.code === 'ECONNREFUSED' ? 'no-listener' : 'unreachable';
  }
  const first = chain.redirects[0];
  if (first === undefined || first.from !== chain.hops[0]!.url) return 'no-redirect';
  return chain.reachesHttps ? 'redirects-to-https' : 'redirects-without-https';
}

function finalOf(chain: ChainObservation): FinalObservation {
  const last = chain.hops[chain.hops.length - 1];
  if (chain.end.kind === 'response' && last) return { reached: true, response: last };
  return { reached: false, reason: chain.end.kind === 'response' ? 'error' : chain.end.kind };
}

function observePage(raw: RawPage, step: ProbeStep, cookies: CookieObservation[]): PageObservation {
  const response = raw.response ? observeResponse(raw.response, step, cookies) : null;
  const contentType = response?.headers.find((h) => h.name === 'content-type')?.value ?? null;
  return {
    url: capped(raw.url),
    status: response?.status ?? null,
    location: response?.location ?? null,
    contentType,
    bodyBytes: raw.bodyBytes,
    bodyTruncated: raw.bodyTruncated,
    error: raw.error,
  };
}

/** Failures of OpenSSL before a ClientHello leaves: this side cannot offer the version, the server was never asked. */
const LOCAL_REFUSALS = new Set(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_NO_CIPHERS_AVAILABLE', 'ERR_TLS_INVALID_PROTOCOL_VERSION']);
/**
 * The server answered with this version (ServerHello, ServerKeyExchange) and the local OpenSSL refused to finish
 * the handshake: the version is accepted by the server.
 */
const ACCEPTED_BUT_UNFINISHED = new Set(['ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED']);

export function classifyProtocol(version: string, raw: RawHandshake): ProtocolObservation {
  if (raw.ok) return { status: 'accepted', cipher: raw.cipher };
  const { error } = raw;
  if (LOCAL_REFUSALS.has(error.code)) {
    return {
      status: 'not-tested',
      code: error.code,
      reason: `the local OpenSSL cannot offer ${version} (it stopped before sending a ClientHello)`,
    };
  }
  if (ACCEPTED_BUT_UNFINISHED.has(error.code)) return { status: 'accepted', cipher: null };
  // The server refused the handshake (an alert, a different version, a hang-up): a refusal. A timeout is not an answer.
  if (error.phase === 'tls' && error.code !== 'TIMEOUT' && error.code !== 'DEADLINE') return { status: 'refused', code: error.code };
  return { status: 'error', error };
}

function observeTls(raw: RawTls, now: Date): TlsObservation {
  const chain: CertificateObservation[] = [];
  let leafMatches: boolean | null = null;
  if (raw.inspect.ok) {
    for (const [i, b64] of raw.inspect.chain.entries()) {
      const der = Buffer.from(b64, 'base64');
      try {
        chain.push(describeCertificate(der, now));
        if (i === 0) leafMatches = hostnameMatches(der, raw.host);
      } catch (err) {
        // Node's TLS accepted it, so this only drops a certificate secaudit's reader cannot follow.
        if (!(err instanceof DerError)) throw err;
      }
    }
  }
  let verification: VerificationObservation;
  if (!raw.inspect.ok) verification = { status: 'error', trust: raw.trust, error: raw.inspect.error };
  else if (raw.inspect.authorized) verification = { status: 'trusted', trust: raw.trust };
  else {
    const code = raw.inspect.authorizationError ?? 'UNKNOWN';
    const message = !raw.verify.ok && raw.verify.error.code === code ? raw.verify.error.message : code;
    verification = { status: 'rejected', trust: raw.trust, code, message };
  }
  const protocols = Object.fromEntries(TLS_VERSIONS.map((v) => [v, classifyProtocol(v, raw.protocols[v])])) as TlsObservation['protocols'];
  return {
    host: raw.host,
    port: raw.port,
    handshake: raw.inspect.ok
      ? { protocol: raw.inspect.protocol ?? 'unknown', cipher: raw.inspect.cipher ?? 'unknown', alpn: raw.inspect.alpn }
      : null,
    error: raw.inspect.ok ? null : raw.inspect.error,
    chain,
    hostnameMatches: leafMatches,
    verification,
    protocols,
  };
}
