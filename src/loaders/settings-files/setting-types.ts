/**
 * The Python type of each Django setting, for reading a bare `.env` as settings: a value is cast the way
 * the django-environ getter for that type would (`env.bool`, `env.int`, `env.list`, `env.tuple`, `env.str`).
 *
 * Source: Django's settings reference (docs/ref/settings.txt) and django/conf/global_settings.py, Django 6.0,
 * plus a few settings older releases still read (SECURE_BROWSER_XSS_FILTER ≤ 3.2, USE_L10N ≤ 4.2,
 * FORMS_URLFIELD_ASSUME_HTTPS 5.x). Settings documented as "integer or None" are `int` here, because
 * `env.int` is what reads them; an empty value then fails as `int('')` does.
 *
 * `structured` settings are dicts, lists of dicts or lists of tuples (DATABASES, LOGGING, ...): a plain
 * env value cannot be cast to them without knowing how the settings module parses it (django-environ has
 * `env.db()`, `env.json()`, `env.dict()`, each with its own format), so they stay unknown.
 */
export type SettingType = 'bool' | 'int' | 'list' | 'tuple' | 'str' | 'structured';

const BOOL = [
  'APPEND_SLASH',
  'CSRF_COOKIE_HTTPONLY',
  'CSRF_COOKIE_SECURE',
  'CSRF_USE_SESSIONS',
  'DEBUG',
  'DEBUG_PROPAGATE_EXCEPTIONS',
  'EMAIL_USE_LOCALTIME',
  'EMAIL_USE_SSL',
  'EMAIL_USE_TLS',
  'FORMS_URLFIELD_ASSUME_HTTPS',
  'LANGUAGE_COOKIE_HTTPONLY',
  'LANGUAGE_COOKIE_SECURE',
  'PREPEND_WWW',
  'SECURE_BROWSER_XSS_FILTER',
  'SECURE_CONTENT_TYPE_NOSNIFF',
  'SECURE_HSTS_INCLUDE_SUBDOMAINS',
  'SECURE_HSTS_PRELOAD',
  'SECURE_SSL_REDIRECT',
  'SESSION_COOKIE_HTTPONLY',
  'SESSION_COOKIE_SECURE',
  'SESSION_EXPIRE_AT_BROWSER_CLOSE',
  'SESSION_SAVE_EVERY_REQUEST',
  'USE_I18N',
  'USE_L10N',
  'USE_THOUSAND_SEPARATOR',
  'USE_TZ',
  'USE_X_FORWARDED_HOST',
  'USE_X_FORWARDED_PORT',
];

const INT = [
  'CACHE_MIDDLEWARE_SECONDS',
  'CSRF_COOKIE_AGE',
  'DATA_UPLOAD_MAX_MEMORY_SIZE',
  'DATA_UPLOAD_MAX_NUMBER_FIELDS',
  'DATA_UPLOAD_MAX_NUMBER_FILES',
  'EMAIL_PORT',
  'EMAIL_TIMEOUT',
  'FILE_UPLOAD_DIRECTORY_PERMISSIONS',
  'FILE_UPLOAD_MAX_MEMORY_SIZE',
  'FILE_UPLOAD_PERMISSIONS',
  'FIRST_DAY_OF_WEEK',
  'LANGUAGE_COOKIE_AGE',
  'NUMBER_GROUPING',
  'PASSWORD_RESET_TIMEOUT',
  'SECURE_HSTS_SECONDS',
  'SESSION_COOKIE_AGE',
];

const LIST = [
  'ADMINS',
  'ALLOWED_HOSTS',
  'AUTHENTICATION_BACKENDS',
  'CSRF_TRUSTED_ORIGINS',
  'DATABASE_ROUTERS',
  'DATE_INPUT_FORMATS',
  'DATETIME_INPUT_FORMATS',
  'DISALLOWED_USER_AGENTS',
  'FILE_UPLOAD_HANDLERS',
  'FIXTURE_DIRS',
  'IGNORABLE_404_URLS',
  'INSTALLED_APPS',
  'INTERNAL_IPS',
  'LANGUAGES_BIDI',
  'LOCALE_PATHS',
  'MANAGERS',
  'MIDDLEWARE',
  'PASSWORD_HASHERS',
  'SECRET_KEY_FALLBACKS',
  'SECURE_REDIRECT_EXEMPT',
  'SILENCED_SYSTEM_CHECKS',
  'STATICFILES_DIRS',
  'STATICFILES_FINDERS',
  'TEST_NON_SERIALIZED_APPS',
  'TIME_INPUT_FORMATS',
];

// A 2-tuple ('HTTP_X_FORWARDED_PROTO', 'https'): env.tuple reads "HTTP_X_FORWARDED_PROTO,https".
const TUPLE = ['SECURE_PROXY_SSL_HEADER'];

const STRUCTURED = [
  'ABSOLUTE_URL_OVERRIDES',
  'AUTH_PASSWORD_VALIDATORS',
  'CACHES',
  'DATABASES',
  'LANGUAGES',
  'LOGGING',
  'MESSAGE_TAGS',
  'MIGRATION_MODULES',
  'SECURE_CSP',
  'SECURE_CSP_REPORT_ONLY',
  'SERIALIZATION_MODULES',
  'STORAGES',
  'TASKS',
  'TEMPLATES',
];

// String settings, listed so that a `DJANGO_`-prefixed key can be recognised as one (see dotenv.ts).
const STR = [
  'AUTH_USER_MODEL',
  'CSRF_COOKIE_DOMAIN',
  'CSRF_COOKIE_NAME',
  'CSRF_COOKIE_PATH',
  'CSRF_COOKIE_SAMESITE',
  'CSRF_FAILURE_VIEW',
  'CSRF_HEADER_NAME',
  'DEFAULT_AUTO_FIELD',
  'DEFAULT_CHARSET',
  'DEFAULT_FROM_EMAIL',
  'EMAIL_BACKEND',
  'EMAIL_FILE_PATH',
  'EMAIL_HOST',
  'EMAIL_HOST_PASSWORD',
  'EMAIL_HOST_USER',
  'EMAIL_SSL_CERTFILE',
  'EMAIL_SSL_KEYFILE',
  'EMAIL_SUBJECT_PREFIX',
  'FORCE_SCRIPT_NAME',
  'LANGUAGE_CODE',
  'LOGIN_REDIRECT_URL',
  'LOGIN_URL',
  'LOGOUT_REDIRECT_URL',
  'MEDIA_ROOT',
  'MEDIA_URL',
  'ROOT_URLCONF',
  'SECRET_KEY',
  'SECURE_CROSS_ORIGIN_OPENER_POLICY',
  'SECURE_REFERRER_POLICY',
  'SECURE_SSL_HOST',
  'SERVER_EMAIL',
  'SESSION_COOKIE_DOMAIN',
  'SESSION_COOKIE_NAME',
  'SESSION_COOKIE_PATH',
  'SESSION_COOKIE_SAMESITE',
  'SESSION_ENGINE',
  'STATIC_ROOT',
  'STATIC_URL',
  'TIME_ZONE',
  'WSGI_APPLICATION',
  'X_FRAME_OPTIONS',
];

const TABLE = new Map<string, SettingType>([
  ...BOOL.map((n) => [n, 'bool'] as const),
  ...INT.map((n) => [n, 'int'] as const),
  ...LIST.map((n) => [n, 'list'] as const),
  ...TUPLE.map((n) => [n, 'tuple'] as const),
  ...STRUCTURED.map((n) => [n, 'structured'] as const),
  ...STR.map((n) => [n, 'str'] as const),
]);

/** The type of a setting; `str` for names Django does not define (a project's own settings). */
export function settingType(name: string): SettingType {
  return TABLE.get(name) ?? 'str';
}

/** Whether Django defines the setting (as far as this table knows). */
export function isKnownDjangoSetting(name: string): boolean {
  return TABLE.has(name);
}

/** For tests: every setting of a type. */
export function settingsOfType(type: SettingType): readonly string[] {
  return [...TABLE].filter(([, t]) => t === type).map(([n]) => n);
}
