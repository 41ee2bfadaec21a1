import * as z from 'zod/mini';
import { LoadError } from '../engine/errors.ts';

/**
 * What `secaudit probe` saw of a live site: plain JSON (no live objects), header values capped at 1024
 * characters, no cookie values and no response bodies. Probe rules are pure functions of it, and recorded
 * observations (test/probe/observations/*.json) are validated against `observationSchema`.
 *
 * Change it only additively within a `version`.
 */
export const OBSERVATION_VERSION = 1;

/** Each header value is cut to this many characters: remote input is hostile (the Observatory caps at 1024 too). */
export const HEADER_VALUE_LIMIT = 1024;

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Where a network step stopped: before connecting, connecting, in the TLS handshake, waiting for headers, reading the body. */
export type NetworkPhase = 'dns' | 'connect' | 'tls' | 'headers' | 'body';

export interface NetworkError {
  readonly phase: NetworkPhase;
  /** `ECONNREFUSED`, `ERR_SSL_WRONG_VERSION_NUMBER`, `UND_ERR_HEADERS_OVERFLOW`, ...; `TIMEOUT` for the step timeout, `DEADLINE` for the overall one. */
  readonly code: string;
  /** One line, at most 200 characters. */
  readonly message: string;
}

/** A response header: lower-cased name, value cut to HEADER_VALUE_LIMIT; duplicates kept in order. Set-Cookie values are redacted. */
export interface Header {
  readonly name: string;
  readonly value: string;
  readonly truncated: boolean;
}

export interface ResponseObservation {
  readonly url: string;
  readonly status: number;
  /** The first Location header, resolved against `url` (as sent when it is not a URL); null without one. */
  readonly location: string | null;
  readonly headers: readonly Header[];
  /** Time from sending the request to the end of its (capped) body. */
  readonly ms: number;
}

/** Why a redirect chain stopped. */
export type ChainEnd =
  /** A response that is not a redirect (or a 3xx without Location) ended it: the last hop. */
  | { readonly kind: 'response' }
  /** The next Location is a URL already requested in this chain. */
  | { readonly kind: 'loop'; readonly url: string }
  /** More than `limit` redirects. */
  | { readonly kind: 'too-many-redirects'; readonly limit: number }
  /** The next Location is on another host: recorded, not followed (the probe only talks to the target host). */
  | { readonly kind: 'cross-host'; readonly url: string }
  /** The Location is not an http(s) URL. */
  | { readonly kind: 'bad-location'; readonly location: string }
  /** A request failed; `url` is the one that failed (the chain's start when `hops` is empty). */
  | { readonly kind: 'error'; readonly url: string; readonly error: NetworkError };

export interface RedirectObservation {
  readonly from: string;
  readonly to: string;
  readonly status: number;
  readonly sameHost: boolean;
  /** `upgrade` http→https, `downgrade` https→http. */
  readonly scheme: 'same' | 'upgrade' | 'downgrade';
}

export interface ChainObservation {
  readonly start: string;
  readonly hops: readonly ResponseObservation[];
  readonly end: ChainEnd;
  /** One per redirect response, including a last one that was not followed (cross-host, loop, limit). */
  readonly redirects: readonly RedirectObservation[];
  /** Some redirect in the chain points to an https URL. */
  readonly reachesHttps: boolean;
  /** The first https→http redirect. */
  readonly downgrade: RedirectObservation | null;
}

/**
 * The plain-HTTP chain's verdict: `redirects-to-https` (some redirect points to https), `redirects-without-https`,
 * `no-redirect` (the first response is not a redirect, e.g. 200 over plain HTTP), `no-listener` (connection
 * refused: nothing serves plain HTTP, a fact and not a failure), `unreachable` (any other failure before a response).
 */
export type HttpOutcome = 'redirects-to-https' | 'redirects-without-https' | 'no-redirect' | 'no-listener' | 'unreachable';

export interface HttpChainObservation extends ChainObservation {
  readonly outcome: HttpOutcome;
}

/** The end of the HTTPS chain: the response a browser would show, or why there is none. */
export type FinalObservation =
  | { readonly reached: true; readonly response: ResponseObservation }
  | { readonly reached: false; readonly reason: Exclude<ChainEnd['kind'], 'response'> };

export const COOKIE_NOTES = [
  /** No `=` in the name-value pair: RFC 6265 ignores the cookie, browsers (RFC 6265bis) store it with an empty name. */
  'nameless',
  /** An Expires attribute that is not a cookie-date: ignored. */
  'invalid-expires',
  /** A Max-Age that is not an integer: ignored. */
  'invalid-max-age',
  /** A SameSite value other than Strict, Lax or None: ignored. */
  'invalid-samesite',
  /** A Path that does not start with `/`: the default path applies. */
  'invalid-path',
  /** `Domain=` with an empty value: ignored. */
  'empty-domain',
  /** An attribute given more than once: the last one counts. */
  'duplicate-attribute',
  /** An attribute browsers do not know (see `unknownAttributes`). */
  'unknown-attribute',
  /** Control characters in the header: browsers reject the whole cookie. */
  'control-characters',
] as const;
export type CookieNote = (typeof COOKIE_NOTES)[number];

export type ProbeStep = 'http' | 'https' | 'not-found' | 'admin';

/** A Set-Cookie header, parsed as RFC 6265 §5.2 says browsers do; never the value, only its length. */
export interface CookieObservation {
  /** Which request's response set it, and its URL. */
  readonly step: ProbeStep;
  readonly url: string;
  readonly name: string;
  readonly valueLength: number;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  /** null when absent or invalid (see `notes`). */
  readonly sameSite: 'Strict' | 'Lax' | 'None' | null;
  /** Lower-cased, leading dot removed. */
  readonly domain: string | null;
  readonly path: string | null;
  /** ISO 8601. */
  readonly expires: string | null;
  readonly maxAge: number | null;
  /** Attribute names as written, in order. */
  readonly attributes: readonly string[];
  readonly unknownAttributes: readonly string[];
  readonly notes: readonly CookieNote[];
}

/** Text that only Django's debug pages contain (django/views/templates/technical_404.html, technical_500.html). */
export const DEBUG_MARKERS = [
  /** "seeing this error because you have <code>DEBUG = True</code>": the footer of both pages. */
  'debug-true-explanation',
  /** "Using the URLconf defined in <code>": technical 404 with URL patterns. */
  'urlconf-list',
  /** "<title>Page not found at ": technical 404. */
  'not-found-title',
  /** "Django Version:</th>": technical 500's summary table. */
  'django-version-row',
  /** '<h3 id="settings-info">Settings</h3>': technical 500 lists the settings. */
  'settings-table',
  /** 'value="Django Dpaste Agent"': technical 500's copy-and-paste traceback form. */
  'dpaste-form',
] as const;
export type DebugMarker = (typeof DEBUG_MARKERS)[number];

/** Text of Django's admin login page (django/contrib/admin/templates/admin/login.html, base_site.html). */
export const ADMIN_MARKERS = [
  /** '<form ... id="login-form"'. */
  'login-form',
  /** A link to admin/css/login.css or admin/css/base.css. */
  'admin-stylesheet',
  /** '<h1 id="site-name">' (or the div of older releases): the admin branding. */
  'site-name',
  /** The default site_header / site_title: "Django administration", "Django site admin". */
  'default-branding',
  /** A csrfmiddlewaretoken hidden input. */
  'csrf-token-field',
] as const;
export type AdminMarker = (typeof ADMIN_MARKERS)[number];

export interface PageObservation {
  readonly url: string;
  readonly status: number | null;
  readonly location: string | null;
  readonly contentType: string | null;
  /** Bytes read, at most 256 KiB. */
  readonly bodyBytes: number;
  readonly bodyTruncated: boolean;
  readonly error: NetworkError | null;
}

/** A random path (`/secaudit-<hex>`) on the HTTPS origin. */
export interface NotFoundObservation extends PageObservation {
  readonly markers: readonly DebugMarker[];
  /** Which Django debug page it is, if any. */
  readonly debugPage: 'technical-404' | 'technical-500' | null;
}

/** `/admin/login/` on the HTTPS origin. */
export interface AdminLoginObservation extends PageObservation {
  readonly markers: readonly AdminMarker[];
  /** The login form plus the admin's stylesheet or branding. */
  readonly djangoAdmin: boolean;
}

export interface CertificateObservation {
  /** Distinguished names, one line (`CN=good.test, O=Example`). */
  readonly subject: string;
  readonly issuer: string;
  readonly commonName: string | null;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  /** ISO 8601. */
  readonly validFrom: string;
  readonly validTo: string;
  /** Whole days from `observedAt` to `validTo`, rounded down; negative once expired. */
  readonly daysLeft: number;
  readonly expired: boolean;
  readonly notYetValid: boolean;
  /** Upper-case hex. */
  readonly serialNumber: string;
  readonly fingerprint256: string;
  /** `rsa`, `ec`, `ed25519`, `rsa-pss`, ... as Node names them. */
  readonly keyType: string;
  /** RSA/DSA modulus bits; the curve's size for EC. */
  readonly keyBits: number | null;
  /** OpenSSL's curve name (`prime256v1`) for EC keys. */
  readonly curve: string | null;
  /** OpenSSL's name (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`), or the dotted OID when unknown. */
  readonly signatureAlgorithm: string;
  /** `sha1`, `sha256`, ... ; null when the algorithm names no separate hash (Ed25519) or is unknown. */
  readonly signatureHash: string | null;
  readonly selfSigned: boolean;
  readonly isCA: boolean;
}

/** The chain checked as Node checks it: against its bundled Mozilla roots, or only the `--ca` certificates. */
export type VerificationObservation =
  | { readonly status: 'trusted'; readonly trust: 'bundled-roots' | 'custom-ca' }
  /** `code`: CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID, ... */
  | { readonly status: 'rejected'; readonly trust: 'bundled-roots' | 'custom-ca'; readonly code: string; readonly message: string }
  /** The verification handshake itself failed (timeout, reset): no verdict. */
  | { readonly status: 'error'; readonly trust: 'bundled-roots' | 'custom-ca'; readonly error: NetworkError };

/**
 * One handshake pinned to one version. `not-tested`: the local OpenSSL could not even offer that version
 * (it failed before sending a ClientHello), so nothing is known about the server.
 */
export type ProtocolObservation =
  | { readonly status: 'accepted'; readonly cipher: string | null }
  | { readonly status: 'refused'; readonly code: string }
  | { readonly status: 'not-tested'; readonly code: string; readonly reason: string }
  | { readonly status: 'error'; readonly error: NetworkError };

export interface TlsObservation {
  readonly host: string;
  readonly port: number;
  /** The first handshake (certificate inspection, any certificate accepted); null when it failed. */
  readonly handshake: { readonly protocol: string; readonly cipher: string; readonly alpn: string | null } | null;
  readonly error: NetworkError | null;
  /** The certificates the server sent, leaf first (plus the root when Node found it in the trust store). */
  readonly chain: readonly CertificateObservation[];
  /** The leaf's names cover the host as browsers check it (subjectAltName only, no Common Name fallback). */
  readonly hostnameMatches: boolean | null;
  readonly verification: VerificationObservation;
  readonly protocols: { readonly [V in TlsVersion]: ProtocolObservation };
}

export interface ConnectionObservation {
  readonly host: string;
  readonly port: number;
  readonly address: string;
  /** `resolve`: from --resolve; `dns`: looked up; `literal`: the host is an IP address. */
  readonly via: 'resolve' | 'dns' | 'literal';
}

export interface Observation {
  readonly version: typeof OBSERVATION_VERSION;
  /** The `now` of the probe, ISO 8601: `daysLeft` counts from it. */
  readonly observedAt: string;
  readonly target: { readonly input: string; readonly host: string; readonly httpUrl: string; readonly httpsUrl: string };
  /** Every address the probe connected to (or tried). */
  readonly connections: readonly ConnectionObservation[];
  readonly http: HttpChainObservation;
  readonly https: ChainObservation;
  readonly final: FinalObservation;
  /** Every Set-Cookie of every response, in order. */
  readonly cookies: readonly CookieObservation[];
  readonly notFound: NotFoundObservation;
  readonly admin: AdminLoginObservation;
  readonly tls: TlsObservation;
  /** Wall time per step, ms, in start order; `total` last. */
  readonly timings: readonly { readonly step: string; readonly ms: number }[];
}

// ---------------------------------------------------------------------------------------------------------------
// The schema: validates recorded observations at the boundary. Built on first use: a probe never needs it, and
// building it costs about 14 ms of start-up.
function buildSchema() {

  const nonNegative = z.number().check(z.minimum(0));
  const count = z.int().check(z.minimum(0));
  const port = z.int().check(z.minimum(1), z.maximum(65535));
  const iso = z.iso.datetime({ offset: false });
  const networkError = z.strictObject({
    phase: z.enum(['dns', 'connect', 'tls', 'headers', 'body']),
    code: z.string().check(z.minLength(1)),
    message: z.string().check(z.maxLength(200)),
  });
  const header = z.strictObject({
    name: z.string().check(z.minLength(1), z.regex(/^[^A-Z]*$/, 'header names are lower-case')),
    value: z.string().check(z.maxLength(HEADER_VALUE_LIMIT)),
    truncated: z.boolean(),
  });
  const response = z.strictObject({
    url: z.string(),
    status: z.int().check(z.minimum(100), z.maximum(999)),
    location: z.nullable(z.string()),
    headers: z.array(header),
    ms: nonNegative,
  });
  const chainEnd = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('response') }),
    z.strictObject({ kind: z.literal('loop'), url: z.string() }),
    z.strictObject({ kind: z.literal('too-many-redirects'), limit: count }),
    z.strictObject({ kind: z.literal('cross-host'), url: z.string() }),
    z.strictObject({ kind: z.literal('bad-location'), location: z.string() }),
    z.strictObject({ kind: z.literal('error'), url: z.string(), error: networkError }),
  ]);
  const redirect = z.strictObject({
    from: z.string(),
    to: z.string(),
    status: z.int(),
    sameHost: z.boolean(),
    scheme: z.enum(['same', 'upgrade', 'downgrade']),
  });
  const chainShape = {
    start: z.string(),
    hops: z.array(response),
    end: chainEnd,
    redirects: z.array(redirect),
    reachesHttps: z.boolean(),
    downgrade: z.nullable(redirect),
  };
  const chain = z.strictObject(chainShape);
  const httpChain = z.strictObject({
    ...chainShape,
    outcome: z.enum(['redirects-to-https', 'redirects-without-https', 'no-redirect', 'no-listener', 'unreachable']),
  });
  const final = z.discriminatedUnion('reached', [
    z.strictObject({ reached: z.literal(true), response }),
    z.strictObject({ reached: z.literal(false), reason: z.enum(['loop', 'too-many-redirects', 'cross-host', 'bad-location', 'error']) }),
  ]);
  const cookie = z.strictObject({
    step: z.enum(['http', 'https', 'not-found', 'admin']),
    url: z.string(),
    name: z.string(),
    valueLength: count,
    secure: z.boolean(),
    httpOnly: z.boolean(),
    partitioned: z.boolean(),
    sameSite: z.nullable(z.enum(['Strict', 'Lax', 'None'])),
    domain: z.nullable(z.string()),
    path: z.nullable(z.string()),
    expires: z.nullable(iso),
    maxAge: z.nullable(z.int()),
    attributes: z.array(z.string()),
    unknownAttributes: z.array(z.string()),
    notes: z.array(z.enum(COOKIE_NOTES)),
  });
  const pageShape = {
    url: z.string(),
    status: z.nullable(z.int()),
    location: z.nullable(z.string()),
    contentType: z.nullable(z.string()),
    bodyBytes: count,
    bodyTruncated: z.boolean(),
    error: z.nullable(networkError),
  };
  const notFound = z.strictObject({
    ...pageShape,
    markers: z.array(z.enum(DEBUG_MARKERS)),
    debugPage: z.nullable(z.enum(['technical-404', 'technical-500'])),
  });
  const admin = z.strictObject({ ...pageShape, markers: z.array(z.enum(ADMIN_MARKERS)), djangoAdmin: z.boolean() });
  const certificate = z.strictObject({
    subject: z.string(),
    issuer: z.string(),
    commonName: z.nullable(z.string()),
    dnsNames: z.array(z.string()),
    ipAddresses: z.array(z.string()),
    validFrom: iso,
    validTo: iso,
    daysLeft: z.int(),
    expired: z.boolean(),
    notYetValid: z.boolean(),
    serialNumber: z.string().check(z.regex(/^[0-9A-F]*$/)),
    fingerprint256: z.string().check(z.regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)),
    keyType: z.string(),
    keyBits: z.nullable(count),
    curve: z.nullable(z.string()),
    signatureAlgorithm: z.string(),
    signatureHash: z.nullable(z.string()),
    selfSigned: z.boolean(),
    isCA: z.boolean(),
  });
  const trust = z.enum(['bundled-roots', 'custom-ca']);
  const verification = z.discriminatedUnion('status', [
    z.strictObject({ status: z.literal('trusted'), trust }),
    z.strictObject({ status: z.literal('rejected'), trust, code: z.string(), message: z.string() }),
    z.strictObject({ status: z.literal('error'), trust, error: networkError }),
  ]);
  const protocol = z.discriminatedUnion('status', [
    z.strictObject({ status: z.literal('accepted'), cipher: z.nullable(z.string()) }),
    z.strictObject({ status: z.literal('refused'), code: z.string() }),
    z.strictObject({ status: z.literal('not-tested'), code: z.string(), reason: z.string() }),
    z.strictObject({ status: z.literal('error'), error: networkError }),
  ]);
  const tls = z.strictObject({
    host: z.string(),
    port,
    handshake: z.nullable(z.strictObject({ protocol: z.string(), cipher: z.string(), alpn: z.nullable(z.string()) })),
    error: z.nullable(networkError),
    chain: z.array(certificate),
    hostnameMatches: z.nullable(z.boolean()),
    verification,
    protocols: z.strictObject({ TLSv1: protocol, 'TLSv1.1': protocol, 'TLSv1.2': protocol, 'TLSv1.3': protocol }),
  });

  return z.strictObject({
    version: z.literal(OBSERVATION_VERSION),
    observedAt: iso,
    target: z.strictObject({ input: z.string(), host: z.string(), httpUrl: z.string(), httpsUrl: z.string() }),
    connections: z.array(
      z.strictObject({ host: z.string(), port, address: z.string(), via: z.enum(['resolve', 'dns', 'literal']) }),
    ),
    http: httpChain,
    https: chain,
    final,
    cookies: z.array(cookie),
    notFound,
    admin,
    tls,
    timings: z.array(z.strictObject({ step: z.string(), ms: nonNegative })),
  });
}

let schema: ReturnType<typeof buildSchema> | null = null;

export function observationSchema(): ReturnType<typeof buildSchema> {
  schema ??= buildSchema();
  return schema;
}

/** The schema and the hand-written type above must describe the same JSON (checked by the compiler). */
type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
type SchemaObservation = DeepReadonly<z.infer<ReturnType<typeof buildSchema>>>;
const schemaMatchesType: [SchemaObservation] extends [Observation]
  ? [Observation] extends [SchemaObservation]
    ? true
    : false
  : false = true;
void schemaMatchesType;

/** Validates recorded JSON (`source` names it in the error); the message names the first wrong field. */
export function parseObservation(json: unknown, source: string): Observation {
  const result = observationSchema().safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  throw new LoadError(
    `${source} is not a secaudit observation (version ${OBSERVATION_VERSION}): ${where}: ${issue?.message ?? 'invalid'}`,
    'record it again with the current secaudit (see test/probe/observations/README.md)',
  );
}

/** Every value of a header (by lower-case name), in order. */
export function headerValues(headers: readonly Header[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter((h) => h.name === lower).map((h) => h.value);
}
