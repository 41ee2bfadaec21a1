import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, isTrue, isTruthy, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'hsts-preload-missing',
  title: 'HSTS preload is requested (SECURE_HSTS_PRELOAD)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https'],
  django: ['security.W021'],
  deployOnly: true,
  docs: {
    what: "Checks that SECURE_HSTS_PRELOAD is True (Python `is True`) when HSTS is on, as Django's security.W021 does.",
    why: 'HSTS only protects a browser after its first visit. The preload directive lets the domain be built into browsers (hstspreload.org), so even the first request is HTTPS.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\n" },
    good: {
      settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_PRELOAD = True\n",
    },
    fix: 'Preloading is hard to undo: submit the domain to hstspreload.org only when you are sure it will stay HTTPS-only.',
  },
  messages: {
    notTrue: { text: 'SECURE_HSTS_PRELOAD is not True; the site cannot join the HSTS preload list', django: 'security.W021' },
  },
  hint: 'Set SECURE_HSTS_PRELOAD = True, then submit the domain at hstspreload.org.',
  references: [`${DOCS}/ref/settings/#secure-hsts-preload`, 'https://hstspreload.org/', CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const hsts = isTruthy(setting(ctx, 'SECURE_HSTS_SECONDS'));
    if (hsts === false) return skip('HSTS is off (reported by hsts-seconds-missing)');
    const entry = setting(ctx, 'SECURE_HSTS_PRELOAD');
    const fires = allHold(sm, hsts, not(isTrue(entry)));
    if (isUnknown(fires)) return fires;
    return fires ? [{ messageId: 'notTrue', at: entry }] : [];
  },
});
