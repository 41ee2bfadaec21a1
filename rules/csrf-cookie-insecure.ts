import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, isTruthy, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, CSRF_MIDDLEWARE, DOCS, cookieFlagOn, describeValue, hasMiddleware, setting, sourceNote } from './_shared.ts';

export default defineRule({
  id: 'csrf-cookie-insecure',
  title: 'The CSRF cookie is HTTPS-only (CSRF_COOKIE_SECURE)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'cookies', 'csrf', 'https'],
  django: ['security.W016'],
  deployOnly: true,
  docs: {
    what: "Checks that CSRF_COOKIE_SECURE is True (`is True` since Django 4.1, truthy before) when CsrfViewMiddleware is enabled and the token is kept in a cookie (CSRF_USE_SESSIONS false), as Django's security.W016 does.",
    why: 'A CSRF cookie sent over plain HTTP can be read by a network attacker, who can then forge requests that pass the CSRF check.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.csrf.CsrfViewMiddleware']\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.csrf.CsrfViewMiddleware']\nCSRF_COOKIE_SECURE = True\n" },
  },
  messages: {
    notTrue: { text: 'CSRF_COOKIE_SECURE is {{value}}{{source}}, not True; CSRF cookie sent over HTTP', django: 'security.W016' },
  },
  hint: 'Set CSRF_COOKIE_SECURE = True.',
  references: [`${DOCS}/ref/settings/#csrf-cookie-secure`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const cm = hasMiddleware(ctx, CSRF_MIDDLEWARE);
    if (cm === false) return skip('CsrfViewMiddleware is not in MIDDLEWARE (reported by csrf-middleware-missing)');
    const sessions = isTruthy(setting(ctx, 'CSRF_USE_SESSIONS'));
    if (sessions === true) return skip('CSRF_USE_SESSIONS keeps the token in the session, not a cookie');
    const entry = setting(ctx, 'CSRF_COOKIE_SECURE');
    const fires = allHold(cm, not(sessions), not(cookieFlagOn(ctx, entry)));
    if (isUnknown(fires)) return fires;
    return !fires ? [] : [{ messageId: 'notTrue', at: entry, data: { value: describeValue(entry.value), source: sourceNote(entry.value) } }];
  },
});
