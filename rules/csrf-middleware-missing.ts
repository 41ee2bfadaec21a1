import { defineRule } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, CSRF_MIDDLEWARE, DOCS, hasMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'csrf-middleware-missing',
  title: 'CsrfViewMiddleware is enabled',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'middleware', 'csrf'],
  django: ['security.W003'],
  deployOnly: true,
  docs: {
    what: "Checks that 'django.middleware.csrf.CsrfViewMiddleware' is in MIDDLEWARE, as Django's security.W003 does.",
    why: "Django's cross-site request forgery protection runs in this middleware. Without it every unsafe request (POST, PUT, DELETE) is accepted from any origin unless each view protects itself with @csrf_protect.",
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n" },
    good: { settings: "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.csrf.CsrfViewMiddleware',\n]\n" },
  },
  messages: {
    missing: { text: 'CsrfViewMiddleware is not in MIDDLEWARE; CSRF protection is off', django: 'security.W003' },
  },
  hint: "Add 'django.middleware.csrf.CsrfViewMiddleware' to MIDDLEWARE.",
  references: [`${DOCS}/ref/csrf/`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const present = hasMiddleware(ctx, CSRF_MIDDLEWARE);
    if (isUnknown(present)) return present;
    return present ? [] : [{ messageId: 'missing', at: setting(ctx, 'MIDDLEWARE') }];
  },
});
