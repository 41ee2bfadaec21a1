import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, decide, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, describeValue, requireDjango, securityMiddleware, setting } from './_shared.ts';

const VALID = new Set(['same-origin', 'same-origin-allow-popups', 'unsafe-none']);

export default defineRule({
  id: 'cross-origin-opener-policy-invalid',
  title: 'SECURE_CROSS_ORIGIN_OPENER_POLICY is valid',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'headers'],
  django: ['security.E024'],
  deployOnly: true,
  docs: {
    what: "Checks that SECURE_CROSS_ORIGIN_OPENER_POLICY is None or exactly one of 'same-origin', 'same-origin-allow-popups', 'unsafe-none' (no stripping, case-sensitive) when SecurityMiddleware is enabled, as Django 4.0+'s security.E024 does.",
    why: 'An invalid Cross-Origin-Opener-Policy is ignored by browsers, so windows you open (or that open you) stay in your browsing context group, exposed to cross-window attacks such as XS-Leaks.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same_origin'\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin'\n" },
  },
  messages: {
    invalid: { text: 'SECURE_CROSS_ORIGIN_OPENER_POLICY is {{value}}, not a valid policy', django: 'security.E024' },
  },
  hint: "Use 'same-origin' (the default), 'same-origin-allow-popups' or 'unsafe-none'.",
  references: [`${DOCS}/ref/middleware/#cross-origin-opener-policy`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 4, 0, 'security.E024');
    if (gate) return gate;
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_CROSS_ORIGIN_OPENER_POLICY');
    const fires = allHold(sm, not(decide(entry, (v) => (v.t === 'unresolved' ? null : v.t === 'none' || (v.t === 'str' && VALID.has(v.v))))));
    if (isUnknown(fires)) return fires;
    return !fires ? [] : [{ messageId: 'invalid', at: entry, data: { value: describeValue(entry.value) } }];
  },
});
