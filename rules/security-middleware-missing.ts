import { defineRule } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, SECURITY_MIDDLEWARE, hasMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'security-middleware-missing',
  title: 'SecurityMiddleware is enabled',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'middleware', 'hsts', 'https'],
  django: ['security.W001'],
  deployOnly: true,
  docs: {
    what: "Checks that 'django.middleware.security.SecurityMiddleware' is in MIDDLEWARE, as Django's security.W001 does (exact dotted string).",
    why: 'SecurityMiddleware sends HSTS, X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy headers and performs the HTTPS redirect. Without it, SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT and the other SECURE_* settings do nothing.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.common.CommonMiddleware']\n" },
    good: { settings: "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.common.CommonMiddleware',\n]\n" },
    fix: 'Put SecurityMiddleware first in MIDDLEWARE (after a WhiteNoise-style middleware only if that one must come before everything).',
  },
  messages: {
    missing: { text: 'SecurityMiddleware is not in MIDDLEWARE; the SECURE_* settings have no effect', django: 'security.W001' },
  },
  hint: "Add 'django.middleware.security.SecurityMiddleware' at the top of MIDDLEWARE.",
  references: [`${DOCS}/ref/middleware/#module-django.middleware.security`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const present = hasMiddleware(ctx, SECURITY_MIDDLEWARE);
    if (isUnknown(present)) return present;
    return present ? [] : [{ messageId: 'missing', at: setting(ctx, 'MIDDLEWARE') }];
  },
});
