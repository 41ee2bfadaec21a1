import { atLeast } from '../src/engine/django.ts';
import { defineRule } from '../src/engine/rule.ts';
import { allHold, isTruthy, isUnknown } from '../src/engine/settings.ts';
import { DOCS, describeValue, securityMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'xss-filter-setting-obsolete',
  title: 'No obsolete SECURE_BROWSER_XSS_FILTER setting',
  kind: 'settings',
  severity: 'info',
  tags: ['deploy', 'headers', 'xss'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports SECURE_BROWSER_XSS_FILTER whenever the settings set it. Django 4.0 removed the setting (SecurityMiddleware no longer sends X-XSS-Protection, and Django 3.0 had already dropped its check, security.W007), so on 4.0+ it does nothing. On older releases a true value with SecurityMiddleware enabled sends `X-XSS-Protection: 1; mode=block`.",
    why: "The setting suggests XSS protection that no current browser gives: Chrome removed its XSS Auditor in version 78, Edge retired its filter, Firefox never had one. Where the auditor still ran, `1; mode=block` could itself be abused to detect page content across sites (XS-leaks) and to block selected scripts. Cross-site scripting is mitigated by autoescaping and a Content-Security-Policy.",
    bad: { settings: 'SECURE_BROWSER_XSS_FILTER = True\n' },
    good: { settings: "SECURE_CSP = {'default-src': [\"'self'\"]}\n" },
    fix: "Delete the setting and send a Content-Security-Policy without 'unsafe-inline' scripts (SECURE_CSP on Django 6.0+, django-csp before). On Django < 4.0, set it to False or delete it so the header is not sent.",
    severity: 'Info: on Django 4.0+ the setting is dead configuration, and on older releases the header it sends only matters to browsers that are no longer supported.',
  },
  messages: {
    removed: { text: 'SECURE_BROWSER_XSS_FILTER was removed in Django 4.0 and does nothing' },
    sendsHeader: { text: "SECURE_BROWSER_XSS_FILTER sends the obsolete 'X-XSS-Protection: 1; mode=block'" },
    unused: { text: 'SECURE_BROWSER_XSS_FILTER is {{value}}; obsolete, and removed in Django 4.0' },
  },
  hint: 'Remove SECURE_BROWSER_XSS_FILTER and rely on a Content-Security-Policy against XSS.',
  references: [
    `${DOCS}/releases/4.0/#securitymiddleware-no-longer-sets-the-x-xss-protection-header`,
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-XSS-Protection',
    'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html#x-xss-protection',
    'https://xsleaks.dev/docs/attacks/browser-features/xss-filters/',
  ],
  since: '0.1.0',
  check(ctx) {
    if (!ctx.settings.isSet('SECURE_BROWSER_XSS_FILTER')) return [];
    const entry = setting(ctx, 'SECURE_BROWSER_XSS_FILTER');
    if (atLeast(ctx.django, 4, 0)) return [{ messageId: 'removed', at: entry }];
    // Django < 4.0: SecurityMiddleware sends the header when the setting is true.
    const sends = allHold(securityMiddleware(ctx), isTruthy(entry));
    if (isUnknown(sends)) return sends;
    if (sends) return [{ messageId: 'sendsHeader', at: entry }];
    return [{ messageId: 'unused', at: entry, data: { value: describeValue(entry.value) } }];
  },
});
