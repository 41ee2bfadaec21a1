import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, isTrue, isTruthy, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'hsts-include-subdomains-missing',
  title: 'HSTS covers subdomains (SECURE_HSTS_INCLUDE_SUBDOMAINS)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https'],
  django: ['security.W005'],
  deployOnly: true,
  docs: {
    what: "Checks that SECURE_HSTS_INCLUDE_SUBDOMAINS is True (Python `is True`) when HSTS is on, as Django's security.W005 does.",
    why: 'Without includeSubDomains an attacker can use an insecure subdomain (http://evil.example.com) to set cookies for your domain or phish users, and the site cannot join the browsers\u2019 HSTS preload list.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\n" },
    good: {
      settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\n",
    },
    fix: 'Only set it once every subdomain is served over HTTPS: browsers will refuse plain HTTP on all of them.',
  },
  messages: {
    notTrue: { text: 'SECURE_HSTS_INCLUDE_SUBDOMAINS is not True; HSTS does not cover subdomains', django: 'security.W005' },
  },
  hint: 'Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True when every subdomain serves HTTPS.',
  references: [`${DOCS}/ref/settings/#secure-hsts-include-subdomains`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const hsts = isTruthy(setting(ctx, 'SECURE_HSTS_SECONDS'));
    if (hsts === false) return skip('HSTS is off (reported by hsts-seconds-missing)');
    const entry = setting(ctx, 'SECURE_HSTS_INCLUDE_SUBDOMAINS');
    const fires = allHold(sm, hsts, not(isTrue(entry)));
    if (isUnknown(fires)) return fires;
    return fires ? [{ messageId: 'notTrue', at: entry }] : [];
  },
});
