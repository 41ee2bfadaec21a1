import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, isTruthy, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'hsts-seconds-missing',
  title: 'HSTS is enabled (SECURE_HSTS_SECONDS)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https'],
  django: ['security.W004'],
  deployOnly: true,
  docs: {
    what: "Checks that SECURE_HSTS_SECONDS is set to a true value when SecurityMiddleware is enabled, as Django's security.W004 does. Like Django, it tests truthiness only: 60 passes (see hsts-seconds-too-short for small values).",
    why: 'Without Strict-Transport-Security a browser that types the bare domain or follows an http:// link makes one plain-HTTP request first, which an attacker on the network can intercept and redirect (SSL stripping).',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 0\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\n" },
    fix: 'Start with a short value (3600) while you confirm every page and subdomain works over HTTPS, then raise it to a year.',
  },
  messages: {
    notSet: { text: 'SECURE_HSTS_SECONDS is {{value}}; no Strict-Transport-Security header is sent', django: 'security.W004' },
  },
  hint: 'Set SECURE_HSTS_SECONDS = 31536000 once the whole site works over HTTPS.',
  references: [`${DOCS}/ref/middleware/#http-strict-transport-security`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_HSTS_SECONDS');
    const fires = allHold(sm, not(isTruthy(entry)));
    if (isUnknown(fires)) return fires;
    if (!fires) return [];
    const value = entry.value.t === 'int' ? String(entry.value.v) : entry.origin ? 'not a positive number' : 'not set';
    return [{ messageId: 'notSet', at: entry, data: { value } }];
  },
});
