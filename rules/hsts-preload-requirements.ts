import { defineRule, skip } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, allHold, isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { pyStr, unresolved } from '../src/engine/values.ts';
import { DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';
import { formatDuration, hstsMaxAge } from './_shared.ts';

// hstspreload.org's submission requirements (chromium/hstspreload header.go: hstsMinimumMaxAge = oneYear).
const ONE_YEAR = 31_536_000;

type Found =
  | { messageId: 'shortMaxAge'; at: SettingEntry; data: { seconds: number; duration: string } }
  | { messageId: 'noSubdomains'; at: SettingEntry; data?: undefined };

export default defineRule({
  id: 'hsts-preload-requirements',
  title: 'An HSTS preload request meets the preload list requirements',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https'],
  django: [],
  deployOnly: true,
  docs: {
    what: 'When SecurityMiddleware sends the `preload` directive (SECURE_HSTS_PRELOAD and SECURE_HSTS_SECONDS are true; the middleware tests truthiness), checks the header against the requirements of the HSTS preload list (hstspreload.org): a max-age of at least 31536000 seconds (one year) and includeSubDomains (SECURE_HSTS_INCLUDE_SUBDOMAINS true). The other requirements (a valid certificate, an HTTP to HTTPS redirect on the same host, every subdomain on HTTPS) cannot be seen in the settings.',
    why: 'A header that asks for preloading but does not qualify is rejected by hstspreload.org, and a domain already on the list that stops meeting the requirements can be removed from it: the site then believes its first visits are protected when they are not.',
    bad: {
      settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n",
    },
    good: {
      settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n",
    },
    fix: 'Preloading covers every subdomain and is slow to undo: make sure all of them serve HTTPS before setting includeSubDomains, a one-year max-age and preload.',
    severity: 'A warning: the site still sends HSTS, but the preload it asks for will not happen (or will be undone).',
  },
  messages: {
    shortMaxAge: { text: 'SECURE_HSTS_SECONDS is {{seconds}} ({{duration}}); HSTS preload needs a year' },
    noSubdomains: { text: 'SECURE_HSTS_INCLUDE_SUBDOMAINS is off; HSTS preload needs includeSubDomains' },
  },
  hint: 'For preloading set SECURE_HSTS_SECONDS = 31536000 and SECURE_HSTS_INCLUDE_SUBDOMAINS = True.',
  references: ['https://hstspreload.org/#submission-requirements', `${DOCS}/ref/middleware/#http-strict-transport-security`, `${DOCS}/ref/settings/#secure-hsts-preload`],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const preload = setting(ctx, 'SECURE_HSTS_PRELOAD');
    const secondsEntry = setting(ctx, 'SECURE_HSTS_SECONDS');
    const sent = allHold(sm, isTruthy(preload), isTruthy(secondsEntry));
    if (sent === false) return [];
    const findings: Found[] = [];
    let unknown: Unknown | null = null;

    const value = knownValue(secondsEntry);
    if (isUnknown(value)) unknown = value;
    else {
      const seconds = hstsMaxAge(value);
      if (seconds === null) unknown = unknownFor('SECURE_HSTS_SECONDS', unresolved(`SECURE_HSTS_SECONDS is ${pyStr(value)}, which is not a whole number of seconds`, '', secondsEntry.origin));
      else if (seconds < ONE_YEAR) findings.push({ messageId: 'shortMaxAge', at: secondsEntry, data: { seconds, duration: formatDuration(seconds) } });
    }

    const subdomains = setting(ctx, 'SECURE_HSTS_INCLUDE_SUBDOMAINS');
    const included = isTruthy(subdomains);
    if (isUnknown(included)) unknown ??= included;
    // Unset, the fix goes next to the preload request.
    else if (!included) findings.push({ messageId: 'noSubdomains', at: subdomains.origin ? subdomains : preload });

    if (findings.length === 0) return unknown ?? [];
    return isUnknown(sent) ? sent : findings;
  },
});
