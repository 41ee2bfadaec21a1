import { describe, expect, it } from 'vitest';
import { isSecretSetting, maskLiterals, mayHoldSecrets } from '../../src/engine/settings.ts';

describe('which settings are secret', () => {
  it.each(['SECRET_KEY', 'SECRET_KEY_FALLBACKS', 'EMAIL_HOST_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_API_KEY', 'GITHUB_TOKEN', 'SIGNING_KEYS', 'DB_PASSWD'])(
    '%s is',
    (name) => expect(isSecretSetting(name)).toBe(true),
  );

  it.each(['PASSWORD_HASHERS', 'AUTH_PASSWORD_VALIDATORS', 'PASSWORD_RESET_TIMEOUT', 'DEBUG', 'ALLOWED_HOSTS', 'CSRF_COOKIE_NAME'])(
    '%s is not (it names classes or numbers, which reports must be able to show)',
    (name) => expect(isSecretSetting(name)).toBe(false),
  );

  it('connection settings may hold secrets in their source text', () => {
    expect(['DATABASES', 'CACHES', 'LOGGING', 'DATABASE_URL', 'SENTRY_DSN', 'EMAIL_HOST_USER'].map(mayHoldSecrets)).toEqual([true, true, true, true, true, true]);
    expect(mayHoldSecrets('PASSWORD_HASHERS')).toBe(false);
  });

  it('masks every string literal of source text', () => {
    expect(maskLiterals(`env("DB_PASSWORD", default='hunter2') + f"x{y}" + """a'b"""`)).toBe(`env("***", default='***') + f"***" + """***"""`);
  });
});
