import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, isTrue, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, describeValue, securityMiddleware, setting, sourceNote } from './_shared.ts';

export default defineRule({
  id: 'ssl-redirect-disabled',
  title: 'HTTP requests are redirected to HTTPS (SECURE_SSL_REDIRECT)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'https'],
  django: ['security.W008'],
  deployOnly: true,
  docs: {
    what: "Checks that SECURE_SSL_REDIRECT is True (Python `is True`) when SecurityMiddleware is enabled, as Django's security.W008 does. The string 'True' from an environment variable does not count.",
    why: 'If Django answers plain HTTP, credentials, session cookies and pages travel unencrypted. Unless a proxy or load balancer redirects every request to HTTPS, Django must do it.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_SSL_REDIRECT = 'True'\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_SSL_REDIRECT = True\n" },
    fix: 'Behind a TLS-terminating proxy also set SECURE_PROXY_SSL_HEADER, or the redirect loops.',
  },
  messages: {
    notTrue: { text: 'SECURE_SSL_REDIRECT is {{value}}{{source}}, not True', django: 'security.W008' },
  },
  hint: 'Set SECURE_SSL_REDIRECT = True, or make sure the proxy redirects all HTTP to HTTPS.',
  references: [`${DOCS}/ref/middleware/#ssl-redirect`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_SSL_REDIRECT');
    const fires = allHold(sm, not(isTrue(entry)));
    if (isUnknown(fires)) return fires;
    return !fires ? [] : [{ messageId: 'notTrue', at: entry, data: { value: describeValue(entry.value), source: sourceNote(entry.value) } }];
  },
});
