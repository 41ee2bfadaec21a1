import { atLeast } from '../src/engine/django.ts';
import type { RuleContext, Skip } from '../src/engine/rule.ts';
import { skip } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, allHold, anyHolds, containsString, isTrue, isTruthy, isUnknown, knownValue, not, unknownFor } from '../src/engine/settings.ts';
import { type Unresolved, type Value, unresolved } from '../src/engine/values.ts';

export const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';
export const XFRAME_MIDDLEWARE = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
export const CSRF_MIDDLEWARE = 'django.middleware.csrf.CsrfViewMiddleware';
export const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';
export const SESSIONS_APP = 'django.contrib.sessions';
export const CSP_MIDDLEWARE = 'django.middleware.csp.ContentSecurityPolicyMiddleware';

export const DOCS = 'https://docs.djangoproject.com/en/stable';
export const CHECKS_DOCS = `${DOCS}/ref/checks/#security`;
export const DEPLOY_CHECKLIST = `${DOCS}/howto/deployment/checklist/`;

/** A setting the engine always knows (Django has a default for it). */
export function setting(ctx: RuleContext, name: string): SettingEntry {
  const entry = ctx.settings.get(name);
  if (entry) return entry;
  // Only settings without a Django default reach here: treat them as unset (Django's getattr default).
  return { name, value: unresolved(`${name} is not set and has no Django default`, name, null) as Unresolved, origin: null, overridden: [] };
}

/** `name in settings.MIDDLEWARE`, exact dotted strings as Django compares them. */
export function hasMiddleware(ctx: RuleContext, dotted: string): boolean | Unknown {
  return containsString(setting(ctx, 'MIDDLEWARE'), dotted);
}

export function hasApp(ctx: RuleContext, dotted: string): boolean | Unknown {
  return containsString(setting(ctx, 'INSTALLED_APPS'), dotted);
}

/**
 * Django's boolean cookie checks compare with `is True` since 4.1; earlier releases used truthiness.
 * Which one applies depends on the Django version being audited.
 */
export function cookieFlagOn(ctx: RuleContext, entry: SettingEntry): boolean | Unknown {
  return atLeast(ctx.django, 4, 1) ? isTrue(entry) : isTruthy(entry);
}

export const NO_SECURITY_MIDDLEWARE = 'SecurityMiddleware is not in MIDDLEWARE (reported by security-middleware-missing)';

/**
 * Whether SecurityMiddleware is on. Django's checks that depend on it pass when it is missing (W001 alone
 * reports that): a rule skips on `false`, and keeps `unknown` as one condition among the others, since a
 * passing setting decides the check whatever MIDDLEWARE holds.
 */
export function securityMiddleware(ctx: RuleContext): boolean | Unknown {
  return hasMiddleware(ctx, SECURITY_MIDDLEWARE);
}

/** Skips a rule for a Django version that does not have the check it mirrors. */
export function requireDjango(ctx: RuleContext, major: number, minor: number, id: string): Skip | null {
  return atLeast(ctx.django, major, minor) ? null : skip(`Django ${ctx.django.major}.${ctx.django.minor} has no ${id} check (added in ${major}.${minor})`);
}

/** Django's secret key test (`_check_secret_key`): long, varied, and not a startproject placeholder. */
export function weakSecretKey(ctx: RuleContext, key: Value): { weak: false } | { weak: true; why: string } | null {
  if (key.t === 'none') return { weak: true, why: 'it is None' };
  if (key.t !== 'str' && key.t !== 'bytes') return null;
  const chars = key.t === 'str' ? [...key.v] : [...key.v];
  if (chars.length === 0) return { weak: true, why: 'it is empty' };
  const unique = new Set(chars).size;
  if (chars.length < 50) return { weak: true, why: `it has ${chars.length} characters, fewer than 50` };
  if (unique < 5) return { weak: true, why: `it has ${unique} distinct characters, fewer than 5` };
  if (key.t === 'str' && atLeast(ctx.django, 3, 2) && key.v.startsWith('django-insecure-')) {
    return { weak: true, why: "it starts with 'django-insecure-', the startproject placeholder" };
  }
  return { weak: false };
}

export function describeValue(v: Value): string {
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'int':
    case 'float':
      return String(v.v);
    case 'str':
      return `'${v.v}'`;
    default:
      return `a ${v.t}`;
  }
}

/** ` (from DJANGO_DEBUG in .env.production:3)` for a value read from the environment, else ''. */
export function sourceNote(v: Value): string {
  if (!('src' in v) || !v.src) return '';
  const { envVar, definedAt, defaulted } = v.src;
  if (defaulted) return ` (default of ${v.src.via}, ${envVar} is not set)`;
  return definedAt ? ` (from ${envVar} in ${definedAt.file}:${definedAt.line})` : ` (from ${envVar})`;
}

/**
 * Django's session cookie checks (W010-W012, W013-W015): they fire when the cookie flag is off and sessions are
 * in use; the sessions app alone, the middleware alone, or both pick the message.
 */
export function sessionCookieFlag(ctx: RuleContext, name: string): Unknown | { readonly entry: SettingEntry; readonly uses: 'appOnly' | 'middlewareOnly' | 'both' | null } {
  const entry = setting(ctx, name);
  const app = hasApp(ctx, SESSIONS_APP);
  const mw = hasMiddleware(ctx, SESSION_MIDDLEWARE);
  const fires = allHold(not(cookieFlagOn(ctx, entry)), anyHolds(app, mw));
  if (isUnknown(fires)) return fires;
  if (!fires) return { entry, uses: null };
  if (isUnknown(app)) return app;
  if (isUnknown(mw)) return mw;
  return { entry, uses: app && mw ? 'both' : app ? 'appOnly' : 'middlewareOnly' };
}

/**
 * The max-age SecurityMiddleware sends for a SECURE_HSTS_SECONDS value ("max-age=%s" % value), when it is a
 * whole number; null for values that do not print as one (a float prints "31536000.0", True prints "True").
 */
export function hstsMaxAge(v: Value): number | null {
  if (v.t === 'int') return v.v;
  if (v.t === 'str' && /^-?\d+$/.test(v.v)) return Number(v.v);
  return null;
}

/** "8 hours", "30 days", "182.5 days". */
export function formatDuration(seconds: number): string {
  const units: readonly [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (Math.abs(seconds) >= size) {
      const n = Math.round((seconds / size) * 10) / 10;
      return `${n} ${name}${Math.abs(n) === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${Math.abs(seconds) === 1 ? '' : 's'}`;
}

/** What Django trusts from a proxy (SECURE_PROXY_SSL_HEADER): the META key and the value that means HTTPS. */
export interface ProxySslHeader {
  readonly metaKey: string;
  readonly secure: string;
  /** The request header that becomes `metaKey` (`HTTP_X_FORWARDED_PROTO` ← X-Forwarded-Proto), or null for a key no header produces. */
  readonly header: string | null;
}

/**
 * WSGI servers put a request header into META as `HTTP_` + the name upper-cased with `-` as `_`. The reverse is
 * unique up to case, which HTTP ignores. A name with underscores is not mapped back: nginx drops such client headers
 * by default and gunicorn (22+) drops them too.
 */
export function headerForMetaKey(metaKey: string): string | null {
  if (!metaKey.startsWith('HTTP_') || metaKey.length === 5) return null;
  return metaKey
    .slice(5)
    .split('_')
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join('-');
}

/** SECURE_PROXY_SSL_HEADER as Django reads it: null when falsy (Django ignores it), unknown unless a pair of strings. */
export function proxySslHeader(ctx: RuleContext): ProxySslHeader | Unknown | null {
  const entry = setting(ctx, 'SECURE_PROXY_SSL_HEADER');
  const on = isTruthy(entry);
  if (isUnknown(on)) return on;
  if (!on) return null;
  const value = knownValue(entry);
  if (isUnknown(value)) return value;
  const pair = value.t === 'tuple' || value.t === 'list' ? value : null;
  if (!pair || pair.partial || pair.items.length !== 2) {
    return unknownFor(entry.name, unresolved('SECURE_PROXY_SSL_HEADER is not a pair (Django raises ImproperlyConfigured)', '', entry.origin), entry.origin);
  }
  const [key, secure] = pair.items;
  if (key?.t !== 'str' || secure?.t !== 'str') return unknownFor(entry.name, (key?.t === 'str' ? secure : key) ?? value, entry.origin);
  return { metaKey: key.v, secure: secure.v, header: headerForMetaKey(key.v) };
}
