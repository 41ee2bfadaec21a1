import { type Mutable, type RuleContext, type Skip, skip } from '../src/engine/rule.ts';
import { type Unknown, isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import type { CookieObservation, Header, Observation, ResponseObservation } from '../src/probe/observation.ts';
import { finalResponse, observed, quote } from './_live.ts';

/**
 * Shared by the rules about what the live site sends (headers, cookies, Django's pages) and the rules that compare
 * it with the settings (drift-*). Everything here is a pure function of the observation (and the settings).
 */

// ---------------------------------------------------------------------------------------------------------------
// The page a browser ends up showing

export interface Page {
  readonly obs: Observation;
  readonly response: ResponseObservation;
}

/**
 * The final HTTPS response, or a skip: no observation, no final response, or a final response over plain HTTP
 * (an https→http downgrade, which the redirect rules report; the headers of that page protect nothing).
 */
export function finalPage(ctx: RuleContext): Page | Skip {
  const obs = observed(ctx);
  if ('outcome' in obs) return obs;
  const response = finalResponse(obs);
  if ('outcome' in response) return response;
  if (!response.url.startsWith('https:')) return skip('the HTTPS site ends on a plain-HTTP page (reported by the redirect rules)');
  return { obs, response };
}

/** The fields of one header, in order (names are lower-case in the observation). */
export function fields(response: ResponseObservation, name: string): readonly Header[] {
  const lower = name.toLowerCase();
  return response.headers.filter((h) => h.name === lower);
}

/** Every field of a header as sent (joined with ", "), quoted for a message. */
export function quoteHeader(response: ResponseObservation, name: string): string {
  const list = fields(response, name);
  return quote(list.map((h) => h.value).join(', '), list.some((h) => h.truncated));
}

// ---------------------------------------------------------------------------------------------------------------
// Header lists (Fetch "get, decode, and split")

export interface HeaderList {
  /** The values, trimmed of spaces and tabs; empty strings are kept (`a,,b` has three). */
  readonly values: readonly string[];
  /** Some field was cut by the probe: values may be missing at the end of that field, and its last one may be cut. */
  readonly truncated: boolean;
}

/**
 * Fetch's "get, decode, and split": the fields are joined with ", " and split on commas outside quoted strings;
 * quotes stay in the values. A header that is not there gives null.
 */
export function headerList(response: ResponseObservation, name: string): HeaderList | null {
  const list = fields(response, name);
  if (list.length === 0) return null;
  return { values: splitList(list.map((h) => h.value).join(', ')), truncated: list.some((h) => h.truncated) };
}

const isHttpTabOrSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

function trimHttp(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isHttpTabOrSpace(s[start])) start++;
  while (end > start && isHttpTabOrSpace(s[end - 1])) end--;
  return s.slice(start, end);
}

/** The split step of "get, decode, and split" on a decoded value. */
export function splitList(input: string): string[] {
  const values: string[] = [];
  let position = 0;
  let temporary = '';
  for (;;) {
    const start = position;
    while (position < input.length && input[position] !== '"' && input[position] !== ',') position++;
    temporary += input.slice(start, position);
    if (position < input.length && input[position] === '"') {
      // An HTTP quoted string, kept with its quotes and escapes: a comma inside it does not split.
      const quoteStart = position;
      position++;
      for (;;) {
        while (position < input.length && input[position] !== '"' && input[position] !== '\\') position++;
        if (position >= input.length) break;
        const c = input[position];
        position++;
        if (c === '\\') {
          if (position >= input.length) break;
          position++;
        } else break;
      }
      temporary += input.slice(quoteStart, position);
      if (position < input.length) continue;
    }
    values.push(trimHttp(temporary));
    temporary = '';
    if (position >= input.length) return values;
    position++; // the comma
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Structured fields (RFC 8941), as far as an Item with a token needs it (Cross-Origin-Opener-Policy)

const LCALPHA = /^[a-z]$/;
const ALPHA = /^[A-Za-z]$/;
const DIGIT = /^[0-9]$/;
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;

/**
 * RFC 8941 §4.2 parsing of an Item: the bare item when it is a Token, `'not-token'` when the Item is valid but its
 * bare item is a String, Number, Byte Sequence or Boolean, and null when the field does not parse as an Item (then
 * the whole header is ignored).
 */
export function parseTokenItem(input: string): string | 'not-token' | null {
  let i = 0;
  const s = input;
  while (s[i] === ' ') i++;
  let end = s.length;
  while (end > i && s[end - 1] === ' ') end--;
  const text = s.slice(0, end);
  const bare = (): string | 'not-token' | null => {
    const c = text[i];
    if (c === undefined) return null;
    if (ALPHA.test(c) || c === '*') {
      const start = i;
      i++;
      while (i < text.length && (TCHAR.test(text[i]!) || text[i] === ':' || text[i] === '/')) i++;
      return text.slice(start, i);
    }
    if (c === '"') {
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined) return null;
        i++;
        if (d === '\\') {
          const e = text[i];
          if (e !== '"' && e !== '\\') return null;
          i++;
        } else if (d === '"') return 'not-token';
        else if (d.charCodeAt(0) < 0x20 || d.charCodeAt(0) > 0x7e) return null;
      }
    }
    if (c === '-' || DIGIT.test(c)) {
      if (c === '-') i++;
      const start = i;
      let dot = -1;
      while (i < text.length && (DIGIT.test(text[i]!) || (text[i] === '.' && dot < 0))) {
        if (text[i] === '.') dot = i;
        i++;
      }
      const digits = text.slice(start, i);
      if (digits === '' || digits.endsWith('.')) return null;
      if (dot < 0 ? digits.length > 15 : dot - start > 12 || i - dot - 1 > 3) return null;
      return 'not-token';
    }
    if (c === ':') {
      i++;
      while (i < text.length && /^[A-Za-z0-9+/=]$/.test(text[i]!)) i++;
      if (text[i] !== ':') return null;
      i++;
      return 'not-token';
    }
    if (c === '?') {
      i++;
      if (text[i] !== '0' && text[i] !== '1') return null;
      i++;
      return 'not-token';
    }
    return null;
  };
  const item = bare();
  if (item === null) return null;
  // Parameters: *( ";" *SP key [ "=" bare-item ] )
  while (text[i] === ';') {
    i++;
    while (text[i] === ' ') i++;
    const k = text[i];
    if (k === undefined || !(LCALPHA.test(k) || k === '*')) return null;
    while (i < text.length && (LCALPHA.test(text[i]!) || DIGIT.test(text[i]!) || '_-.*'.includes(text[i]!))) i++;
    if (text[i] === '=') {
      i++;
      if (bare() === null) return null;
    }
  }
  return i === text.length ? item : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Referrer-Policy

export const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'same-origin',
  'origin',
  'strict-origin',
  'origin-when-cross-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
] as const;
export type ReferrerPolicy = (typeof REFERRER_POLICIES)[number];

function isReferrerPolicy(token: string): token is ReferrerPolicy {
  return (REFERRER_POLICIES as readonly string[]).includes(token);
}

/**
 * The policy a browser applies from a list of tokens: the last valid one (Referrer Policy §8.1; unknown tokens are
 * skipped so new policies can be deployed with a fallback first). Compared case-insensitively, as Chromium and the
 * Observatory do. Null when no token is valid (the browser's default applies).
 */
export function effectiveReferrerPolicy(tokens: readonly string[]): ReferrerPolicy | null {
  let policy: ReferrerPolicy | null = null;
  for (const raw of tokens) {
    const token = raw.trim().toLowerCase();
    if (isReferrerPolicy(token)) policy = token;
  }
  return policy;
}

// ---------------------------------------------------------------------------------------------------------------
// Content-Security-Policy (CSP Level 3 §2.2 parsing, §6.7 directive fallback)

export interface CspPolicy {
  /** Directive name (lower-case) → source expressions as written; a repeated directive is ignored (§2.2.1). */
  readonly directives: ReadonlyMap<string, readonly string[]>;
  /** The text of the policy as sent. */
  readonly text: string;
  /** The probe cut the header inside this policy: directives after the cut are unknown. */
  readonly cut: boolean;
}

export interface CspPolicies {
  /** Enforced (or report-only) policies with at least one directive, in header order. */
  readonly policies: readonly CspPolicy[];
  /** A header was cut: policies after the cut are not known (for enforced policies they can only restrict more). */
  readonly truncated: boolean;
}

const DIRECTIVE_NAME = /^[A-Za-z0-9-]+$/;
const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/** CSP3 "parse a serialized CSP": `;`-separated directives, names lower-cased, the first of a repeated name wins. */
export function parseCspPolicy(text: string, cut = false): CspPolicy {
  const directives = new Map<string, string[]>();
  for (const token of text.split(';')) {
    const parts = token.trim().split(ASCII_WHITESPACE).filter((p) => p !== '');
    const [rawName, ...sources] = parts;
    if (rawName === undefined || !DIRECTIVE_NAME.test(rawName)) continue;
    const name = rawName.toLowerCase();
    if (directives.has(name)) continue;
    directives.set(name, sources);
  }
  return { directives, text: text.trim(), cut };
}

/**
 * The policies of every Content-Security-Policy (or -Report-Only) header: each field is a comma-separated list of
 * policies (`1#serialized-policy`), and policies without any directive are dropped (CSP3 §4.1 "parse a response's
 * Content Security Policies").
 */
export function cspPolicies(response: ResponseObservation, header: 'content-security-policy' | 'content-security-policy-report-only'): CspPolicies {
  const policies: CspPolicy[] = [];
  let truncated = false;
  for (const field of fields(response, header)) {
    const texts = field.value.split(',');
    texts.forEach((text, i) => {
      const policy = parseCspPolicy(text, field.truncated && i === texts.length - 1);
      if (policy.directives.size > 0 || policy.cut) policies.push(policy);
    });
    if (field.truncated) truncated = true;
  }
  return { policies, truncated };
}

/** The first directive of a fallback list that the policy has (CSP3 §6.8.3 "get the effective directive"). */
export function effectiveDirective(policy: CspPolicy, fallback: readonly string[]): { readonly name: string; readonly sources: readonly string[] } | null {
  for (const name of fallback) {
    const sources = policy.directives.get(name);
    if (sources) return { name, sources };
  }
  return null;
}

export const SCRIPT_ELEM_FALLBACK = ['script-src-elem', 'script-src', 'default-src'] as const;
export const SCRIPT_ATTR_FALLBACK = ['script-src-attr', 'script-src', 'default-src'] as const;
/** eval() and new Function() are checked against script-src, then default-src. */
export const SCRIPT_EVAL_FALLBACK = ['script-src', 'default-src'] as const;

/** A source list's keywords and schemes are case-insensitive (CSP3 §2.3.1). */
export function lowerSources(sources: readonly string[]): string[] {
  return sources.map((s) => s.toLowerCase());
}

/** A nonce or hash source: it makes browsers ignore 'unsafe-inline' (CSP3 §6.7.3.2 "allow all inline"). */
export function isNonceOrHash(source: string): boolean {
  return /^'(nonce|sha256|sha384|sha512)-[A-Za-z0-9+/_-]+={0,2}'$/i.test(source);
}

/** A host source whose host is `*`: any host (`*`, `https://*`, `*:443`, or any of them with a path). */
export function isAnyHost(source: string): boolean {
  if (source === '*') return true;
  const afterScheme = source.includes('://') ? source.slice(source.indexOf('://') + 3) : source;
  const host = afterScheme.split(/[:/]/)[0];
  return host === '*';
}

/** The enforced policies (Content-Security-Policy; report-only never blocks anything). */
export function enforcedCsp(response: ResponseObservation): CspPolicies {
  return cspPolicies(response, 'content-security-policy');
}

/** A scheme source such as `https:` (CSP3 `scheme-source`): every host of that scheme. */
export function isSchemeOnly(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:$/i.test(source);
}

/** The name of the last directive of a policy (where a cut policy may have lost sources). */
export function lastDirective(policy: CspPolicy): string | null {
  let last: string | null = null;
  for (const name of policy.directives.keys()) last = name;
  return last;
}

/** What a policy lets scripts do that a strict policy would not. */
export type ScriptRisk = 'unrestricted' | 'unsafe-inline' | 'unsafe-eval' | 'any-host' | 'data';

export interface ScriptGrant {
  /** The directive that grants it (as written in the policy, lower-case); null for `unrestricted`. */
  readonly directive: string | null;
  /** The source expression as sent (`'unsafe-inline'`, `https:`, `*`); null for `unrestricted`. */
  readonly source: string | null;
}

/**
 * The script risks one policy allows, by CSP Level 3's rules: <script> elements are checked against
 * script-src-elem → script-src → default-src, event-handler attributes against script-src-attr → script-src →
 * default-src, eval() against script-src → default-src. A nonce or hash source, or 'strict-dynamic', makes browsers
 * ignore 'unsafe-inline' (§6.7.3.2); 'strict-dynamic' also makes them ignore host and scheme sources (§8.2). With
 * neither script-src nor default-src, eval and inline event handlers are not restricted at all: `unrestricted`.
 */
export function scriptGrants(policy: CspPolicy): ReadonlyMap<ScriptRisk, ScriptGrant> {
  const grants = new Map<ScriptRisk, ScriptGrant>();
  const evaluated = effectiveDirective(policy, SCRIPT_EVAL_FALLBACK);
  if (evaluated === null) {
    grants.set('unrestricted', { directive: null, source: null });
    return grants;
  }
  const elem = effectiveDirective(policy, SCRIPT_ELEM_FALLBACK) ?? evaluated;
  const attr = effectiveDirective(policy, SCRIPT_ATTR_FALLBACK) ?? evaluated;
  const strictDynamic = (sources: readonly string[]) => lowerSources(sources).includes("'strict-dynamic'");
  const find = (sources: readonly string[], pick: (lower: string) => boolean) => sources.find((s) => pick(s.toLowerCase())) ?? null;
  for (const d of [elem, attr]) {
    const inline = find(d.sources, (s) => s === "'unsafe-inline'");
    if (inline !== null && !d.sources.some(isNonceOrHash) && !strictDynamic(d.sources) && !grants.has('unsafe-inline')) {
      grants.set('unsafe-inline', { directive: d.name, source: inline });
    }
  }
  const unsafeEval = find(evaluated.sources, (s) => s === "'unsafe-eval'");
  if (unsafeEval !== null) grants.set('unsafe-eval', { directive: evaluated.name, source: unsafeEval });
  if (!strictDynamic(elem.sources)) {
    // `*` matches every http(s) URL; `http:` also matches https URLs (CSP3 §6.7.2.8): both allow any host.
    const anyHost = find(elem.sources, (s) => isAnyHost(s) || s === 'https:' || s === 'http:');
    if (anyHost !== null) grants.set('any-host', { directive: elem.name, source: anyHost });
    const data = find(elem.sources, (s) => s === 'data:');
    if (data !== null) grants.set('data', { directive: elem.name, source: data });
  }
  return grants;
}

/**
 * The script risks of several enforced policies together: a script runs only if every policy allows it, so a risk
 * counts only when each policy grants it (a policy without script-src or default-src grants everything). The grant
 * shown is the first policy's that names a directive; `unrestricted` only when no policy restricts scripts.
 */
export function combinedScriptGrants(policies: readonly CspPolicy[]): Map<ScriptRisk, ScriptGrant> {
  const each = policies.map(scriptGrants);
  const out = new Map<ScriptRisk, ScriptGrant>();
  if (each.length === 0) return out;
  if (each.every((g) => g.has('unrestricted'))) {
    out.set('unrestricted', { directive: null, source: null });
    return out;
  }
  for (const risk of ['unsafe-inline', 'unsafe-eval', 'any-host', 'data'] as const) {
    if (!each.every((g) => g.has('unrestricted') || g.has(risk))) continue;
    const shown = each.map((g) => g.get(risk)).find((g) => g !== undefined);
    if (shown) out.set(risk, shown);
  }
  return out;
}

/** How a site's enforced policies treat being framed (CSP3 frame-ancestors). */
export type FrameAncestors =
  /** Some enforced policy restricts framing: X-Frame-Options is then ignored (HTML "X-Frame-Options" processing). */
  | { readonly kind: 'restricted' }
  /** Every frame-ancestors directive allows any site (`*`, `https:`); X-Frame-Options is still ignored. */
  | { readonly kind: 'any'; readonly source: string }
  /** No enforced policy has frame-ancestors: X-Frame-Options decides. */
  | { readonly kind: 'absent' }
  /** A header was cut where frame-ancestors is or may be. */
  | { readonly kind: 'unknown' };

export function frameAncestors(response: ResponseObservation): FrameAncestors {
  const { policies } = enforcedCsp(response);
  let any: string | null = null;
  let uncertain = false;
  for (const p of policies) {
    const sources = p.directives.get('frame-ancestors');
    if (p.cut && (sources === undefined || lastDirective(p) === 'frame-ancestors')) {
      uncertain = true;
      continue;
    }
    if (sources === undefined) continue;
    const open = sources.find((s) => isAnyHost(s) || isSchemeOnly(s));
    if (open === undefined) return { kind: 'restricted' };
    any ??= open;
  }
  if (uncertain) return { kind: 'unknown' };
  return any === null ? { kind: 'absent' } : { kind: 'any', source: any };
}

// ---------------------------------------------------------------------------------------------------------------
// Cookies

/** Cookies a browser keeps: not rejected outright, not nameless, and not a deletion (expired when set). */
export function storedCookies(obs: Observation): CookieObservation[] {
  const now = Date.parse(obs.observedAt);
  return obs.cookies.filter((c) => {
    // Control characters make browsers drop the whole Set-Cookie (RFC 6265bis §5.7 step 1).
    if (c.notes.includes('control-characters') || c.notes.includes('nameless')) return false;
    return !isDeletion(c, now);
  });
}

/**
 * A Set-Cookie that deletes the cookie: Max-Age ≤ 0 (it wins over Expires), or an Expires in the past. Django's
 * delete_cookie() sends these without Secure (only __Secure-/__Host- names and SameSite=None get it), so they must
 * not count as the cookie "arriving without Secure".
 */
export function isDeletion(c: CookieObservation, now: number): boolean {
  if (c.maxAge !== null) return c.maxAge <= 0;
  return c.expires !== null && Date.parse(c.expires) <= now;
}

/** Set over HTTPS: the response that set it came from an https:// URL. */
export function setOverHttps(c: CookieObservation): boolean {
  return c.url.startsWith('https:');
}

/**
 * The first cookie of each name for which `bad` holds, in observation order: one finding per cookie name, at the
 * first response that set it badly.
 */
export function firstBadPerName(cookies: readonly CookieObservation[], bad: (c: CookieObservation) => boolean): CookieObservation[] {
  const seen = new Set<string>();
  const out: CookieObservation[] = [];
  for (const c of cookies) {
    if (seen.has(c.name) || !bad(c)) continue;
    seen.add(c.name);
    out.push(c);
  }
  return out;
}

export interface DjangoCookieNames {
  /** SESSION_COOKIE_NAME, or Unknown when the settings cannot say. */
  readonly session: string | Unknown;
  /** CSRF_COOKIE_NAME; null with CSRF_USE_SESSIONS (the token lives in the session, there is no cookie). */
  readonly csrf: string | null | Unknown;
}

/** A string setting with a default Django does not list in global_settings for secaudit: unset means the default. */
function stringSetting(ctx: RuleContext, name: string, fallback: string): string | Unknown {
  const entry = ctx.settings.get(name);
  if (!entry) return fallback;
  const v = knownValue(entry);
  if (isUnknown(v)) return v;
  if (v.t === 'str') return v.v;
  return unknownFor(name, unresolved(`${name} is a ${v.t}, not a cookie name`, '', entry.origin), entry.origin);
}

/** The names of Django's session and CSRF cookies (Django's defaults when no project was audited). */
export function djangoCookieNames(ctx: RuleContext): DjangoCookieNames {
  const session = stringSetting(ctx, 'SESSION_COOKIE_NAME', 'sessionid');
  const useSessions = ctx.settings.get('CSRF_USE_SESSIONS');
  const inSession = useSessions ? isTruthy(useSessions) : false;
  const csrf = isUnknown(inSession) ? inSession : inSession ? null : stringSetting(ctx, 'CSRF_COOKIE_NAME', 'csrftoken');
  return { session, csrf };
}

export type CookieRole = 'session' | 'csrf' | 'other';

/** Which of Django's cookies this is; Unknown when a name it could be is not known. */
export function cookieRole(names: DjangoCookieNames, name: string): CookieRole | Unknown {
  if (typeof names.session === 'string' && names.session === name) return 'session';
  if (typeof names.csrf === 'string' && names.csrf === name) return 'csrf';
  if (isUnknown(names.session)) return names.session;
  if (names.csrf !== null && isUnknown(names.csrf)) return names.csrf;
  return 'other';
}

/** The role of a cookie, with a name that cannot be placed (SESSION_COOKIE_NAME unresolved) counted as another cookie. */
export function knownRole(names: DjangoCookieNames, name: string): CookieRole {
  const role = cookieRole(names, name);
  return isUnknown(role) ? 'other' : role;
}

/**
 * The observation, when the HTTPS site answered at least once (so its cookies were seen), or a skip: without an
 * HTTPS response, "no cookie is insecure" would be a pass on nothing.
 */
export function cookiesSeen(ctx: RuleContext): Observation | Skip {
  const obs = observed(ctx);
  if ('outcome' in obs) return obs;
  const answered = obs.https.hops.length > 0 || obs.notFound.status !== null || obs.admin.status !== null;
  return answered ? obs : skip('the HTTPS site sent no response, so its cookies are not known');
}

// ---------------------------------------------------------------------------------------------------------------
// Server / X-Powered-By product tokens (RFC 9110 §10.2.4: product *( RWS ( product / comment ) ))

/**
 * The products of a Server-like header that carry a version: `name/version` with a digit in the version, or a bare
 * token that starts with a digit (`Django 4.2`). Comments in parentheses are skipped (`(Ubuntu)`).
 */
export function versionedProducts(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    const c = value[i]!;
    if (c === ' ' || c === '\t' || c === ',' || c === ';') {
      i++;
      continue;
    }
    if (c === '(') {
      let depth = 0;
      while (i < value.length) {
        const d = value[i]!;
        if (d === '\\') i++;
        else if (d === '(') depth++;
        else if (d === ')') {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
        i++;
      }
      continue;
    }
    const start = i;
    while (i < value.length && !' \t(,;'.includes(value[i]!)) i++;
    const product = value.slice(start, i);
    const slash = product.indexOf('/');
    const version = slash < 0 ? '' : product.slice(slash + 1);
    if (/[0-9]/.test(version) || (slash < 0 && /^[0-9]/.test(product))) out.push(product);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Documentation examples

/** An example's change: replace (or with null remove) a header of the final response, as the site would send it. */
export function withHeaders(headers: Readonly<Record<string, string | null>>): (o: Mutable<Observation>) => void {
  return (o) => {
    if (!o.final.reached) return;
    const names = new Set(Object.keys(headers).map((n) => n.toLowerCase()));
    const kept = o.final.response.headers.filter((h) => !names.has(h.name));
    for (const [name, value] of Object.entries(headers)) if (value !== null) kept.push({ name: name.toLowerCase(), value, truncated: false });
    o.final.response.headers = kept;
  };
}

/** An example's change: the final HTTPS response also sets this cookie (attributes as the parser would record them). */
export function withCookie(cookie: Partial<Mutable<CookieObservation>> & { readonly name: string }): (o: Mutable<Observation>) => void {
  return (o) => {
    o.cookies.push({
      step: 'https',
      url: o.target.httpsUrl,
      valueLength: 32,
      secure: false,
      httpOnly: false,
      partitioned: false,
      sameSite: null,
      domain: null,
      path: null,
      expires: null,
      maxAge: null,
      attributes: [],
      unknownAttributes: [],
      notes: [],
      ...cookie,
    });
  };
}
