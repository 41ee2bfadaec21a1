import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, isTrue, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, describeValue, securityMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'content-type-nosniff-disabled',
  title: 'X-Content-Type-Options: nosniff is sent',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'headers'],
  django: ['security.W006'],
  deployOnly: true,
  docs: {
    what: "Checks that SECURE_CONTENT_TYPE_NOSNIFF is True (Python `is True`) when SecurityMiddleware is enabled, as Django's security.W006 does. The default has been True since Django 3.0.",
    why: 'Without nosniff a browser may guess that an uploaded file served as text/plain is HTML or JavaScript and run it, turning file uploads into cross-site scripting.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_CONTENT_TYPE_NOSNIFF = False\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_CONTENT_TYPE_NOSNIFF = True\n" },
  },
  messages: {
    notTrue: { text: 'SECURE_CONTENT_TYPE_NOSNIFF is {{value}}, not True; browsers may sniff types', django: 'security.W006' },
  },
  hint: 'Set SECURE_CONTENT_TYPE_NOSNIFF = True (or remove it: True is the default).',
  references: [`${DOCS}/ref/middleware/#x-content-type-options-nosniff`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_CONTENT_TYPE_NOSNIFF');
    const fires = allHold(sm, not(isTrue(entry)));
    if (isUnknown(fires)) return fires;
    return !fires ? [] : [{ messageId: 'notTrue', at: entry, data: { value: describeValue(entry.value) } }];
  },
});
