import { defineRule } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, allHold, isTruthy, isUnknown, not } from '../src/engine/settings.ts';
import { DEPLOY_CHECKLIST, DOCS, describeValue, securityMiddleware, setting } from './_shared.ts';
import { envFallback, listVariables } from './_env.ts';

/**
 * The protections a missing variable can switch off; the SecurityMiddleware ones do nothing without it.
 * SECURE_HSTS_PRELOAD is left out: preloading is an opt-in commitment, and False is a sound default for it.
 */
const FLAGS: readonly { readonly name: string; readonly needsSecurityMiddleware: boolean }[] = [
  { name: 'SECURE_SSL_REDIRECT', needsSecurityMiddleware: true },
  { name: 'SECURE_HSTS_SECONDS', needsSecurityMiddleware: true },
  { name: 'SECURE_HSTS_INCLUDE_SUBDOMAINS', needsSecurityMiddleware: true },
  { name: 'SESSION_COOKIE_SECURE', needsSecurityMiddleware: false },
  { name: 'CSRF_COOKIE_SECURE', needsSecurityMiddleware: false },
];

export default defineRule({
  id: 'secure-flag-env-default',
  title: 'HTTPS settings stay on when their environment variable is missing',
  kind: 'settings',
  severity: 'info',
  tags: ['deploy', 'https', 'cookies', 'hsts', 'environment'],
  django: [],
  deployOnly: true,
  docs: {
    what: 'For SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE, checks what the setting becomes when the deployment does not export the environment variable it is read from (the settings are evaluated again without it). It reports each setting that then turns its protection off, with Python truthiness as SecurityMiddleware and set_cookie use it. The HSTS and redirect settings are skipped when SecurityMiddleware is not enabled; settings not read from the environment, and variables without which Django would not start, are left alone. SECURE_HSTS_PRELOAD is not checked: preloading is a commitment to opt into, so False is a sound default.',
    why: 'A default of False means the HTTPS protections depend on every deployment exporting the right variables: a new environment or a renamed variable silently serves plain HTTP, drops HSTS and sends session and CSRF cookies over unencrypted connections. Safe defaults fail closed.',
    bad: {
      settings: "import os\nSESSION_COOKIE_SECURE = os.environ.get('SESSION_COOKIE_SECURE', 'False') == 'True'\n",
      env: { SESSION_COOKIE_SECURE: 'True' },
    },
    good: {
      settings: "import os\nSESSION_COOKIE_SECURE = os.environ.get('SESSION_COOKIE_SECURE', 'True') == 'True'\n",
      env: { SESSION_COOKIE_SECURE: 'True' },
    },
    fix: 'Default to the secure value and switch it off explicitly for local HTTP development.',
    severity: 'Info: while the deployment exports the variables nothing is wrong, and the Django checks (ssl-redirect-disabled, session-cookie-insecure, ...) report a protection that is actually off.',
  },
  messages: {
    offNow: { text: '{{setting}} is {{value}}: the fallback used when {{variable}} is missing' },
    offWhenMissing: { text: '{{setting}} falls back to {{value}} when the deployment omits {{variable}}' },
  },
  hint: 'Default these settings to the secure value; turn them off explicitly for local development.',
  references: [`${DOCS}/ref/settings/#secure-ssl-redirect`, `${DOCS}/ref/settings/#session-cookie-secure`, DEPLOY_CHECKLIST],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    const findings: Array<{ messageId: 'offNow' | 'offWhenMissing'; at: SettingEntry; data: { setting: string; value: string; variable: string } }> = [];
    let unknown: Unknown | null = null;
    for (const flag of FLAGS) {
      if (flag.needsSecurityMiddleware && sm === false) continue;
      const fb = envFallback(ctx, flag.name);
      if (isUnknown(fb)) {
        unknown ??= fb;
        continue;
      }
      if (fb.kind !== 'fallback') continue;
      const fires = allHold(flag.needsSecurityMiddleware ? sm : true, not(isTruthy(fb.without)));
      if (isUnknown(fires)) {
        unknown ??= fires;
        continue;
      }
      if (!fires) continue;
      const at = fb.without.origin ? fb.without : setting(ctx, flag.name);
      const data = { setting: flag.name, value: describeValue(fb.without.value), variable: listVariables(fb.variables) };
      findings.push({ messageId: fb.current ? 'offNow' : 'offWhenMissing', at, data });
    }
    if (findings.length === 0 && unknown) return unknown;
    return findings;
  },
});
