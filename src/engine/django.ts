import {
  type Value,
  FALSE,
  NONE,
  TRUE,
  int,
  list,
  str,
  strDict,
} from './values.ts';

export interface DjangoVersion {
  readonly major: number;
  readonly minor: number;
}

/** The newest Django release whose checks secaudit mirrors (security.W027 arrived in 6.1). */
export const NEWEST_DJANGO: DjangoVersion = { major: 6, minor: 1 };

export function parseDjangoVersion(text: string): DjangoVersion | null {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function formatDjangoVersion(v: DjangoVersion): string {
  return `${v.major}.${v.minor}`;
}

export function atLeast(v: DjangoVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * Django's `global_settings` values that the checks depend on, for a given Django version.
 * A setting missing from the settings module has this value at run time.
 */
export function djangoDefaults(v: DjangoVersion): ReadonlyMap<string, Value> {
  const d = new Map<string, Value>([
    ['DEBUG', FALSE],
    ['ALLOWED_HOSTS', list([])],
    ['SECRET_KEY', str('')],
    ['MIDDLEWARE', list([])],
    ['INSTALLED_APPS', list([])],
    ['X_FRAME_OPTIONS', str(atLeast(v, 3, 0) ? 'DENY' : 'SAMEORIGIN')],
    ['SECURE_CONTENT_TYPE_NOSNIFF', atLeast(v, 3, 0) ? TRUE : FALSE],
    ['SECURE_REFERRER_POLICY', atLeast(v, 3, 1) ? str('same-origin') : NONE],
    ['SECURE_HSTS_SECONDS', int(0)],
    ['SECURE_HSTS_INCLUDE_SUBDOMAINS', FALSE],
    ['SECURE_HSTS_PRELOAD', FALSE],
    ['SECURE_SSL_REDIRECT', FALSE],
    ['SECURE_SSL_HOST', NONE],
    ['SECURE_PROXY_SSL_HEADER', NONE],
    ['SECURE_REDIRECT_EXEMPT', list([])],
    ['SESSION_COOKIE_SECURE', FALSE],
    ['SESSION_COOKIE_HTTPONLY', TRUE],
    ['SESSION_COOKIE_SAMESITE', str('Lax')],
    ['SESSION_COOKIE_AGE', int(60 * 60 * 24 * 7 * 2)],
    ['SESSION_EXPIRE_AT_BROWSER_CLOSE', FALSE],
    ['CSRF_COOKIE_SECURE', FALSE],
    ['CSRF_COOKIE_HTTPONLY', FALSE],
    ['CSRF_COOKIE_SAMESITE', str('Lax')],
    ['CSRF_USE_SESSIONS', FALSE],
    ['CSRF_TRUSTED_ORIGINS', list([])],
    ['CSRF_FAILURE_VIEW', str('django.views.csrf.csrf_failure')],
    ['SILENCED_SYSTEM_CHECKS', list([])],
    ['CACHES', strDict([['default', strDict([['BACKEND', str('django.core.cache.backends.locmem.LocMemCache')]])]])],
    ['MEDIA_ROOT', str('')],
    ['STATIC_ROOT', NONE],
    ['STATICFILES_DIRS', list([])],
    ['TEMPLATES', list([])],
    ['AUTH_PASSWORD_VALIDATORS', list([])],
  ]);
  if (atLeast(v, 4, 0)) d.set('SECURE_CROSS_ORIGIN_OPENER_POLICY', str('same-origin'));
  if (atLeast(v, 4, 1)) d.set('SECRET_KEY_FALLBACKS', list([]));
  if (atLeast(v, 6, 0)) {
    d.set('SECURE_CSP', strDict([]));
    d.set('SECURE_CSP_REPORT_ONLY', strDict([]));
  }
  if (!atLeast(v, 4, 0)) d.set('SECURE_BROWSER_XSS_FILTER', FALSE);
  return d;
}
