import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, decide, isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, requireDjango, securityMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'referrer-policy-missing',
  title: 'A Referrer-Policy is set (SECURE_REFERRER_POLICY)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'headers', 'privacy'],
  django: ['security.W022'],
  deployOnly: true,
  docs: {
    what: "Checks that SECURE_REFERRER_POLICY is not None when SecurityMiddleware is enabled, as Django's security.W022 does (Django 3.0+; the default is 'same-origin' since 3.1).",
    why: 'Without a policy, full URLs (with tokens or private paths in them) leak to other sites in the Referer header.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_REFERRER_POLICY = None\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_REFERRER_POLICY = 'same-origin'\n" },
  },
  messages: {
    none: { text: 'SECURE_REFERRER_POLICY is None; no Referrer-Policy header is sent', django: 'security.W022' },
  },
  hint: "Set SECURE_REFERRER_POLICY = 'same-origin' (or 'strict-origin-when-cross-origin').",
  references: [`${DOCS}/ref/middleware/#referrer-policy`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 3, 0, 'security.W022');
    if (gate) return gate;
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_REFERRER_POLICY');
    const fires = allHold(sm, decide(entry, (v) => (v.t === 'unresolved' ? null : v.t === 'none')));
    if (isUnknown(fires)) return fires;
    return fires ? [{ messageId: 'none', at: entry }] : [];
  },
});
