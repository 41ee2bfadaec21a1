import { atLeast } from '../src/engine/django.ts';
import { defineRule } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, allHold, anyHolds, decide, isTruthy, isUnknown, knownValue, not } from '../src/engine/settings.ts';
import { type Value, truthy } from '../src/engine/values.ts';
import { DOCS, SESSIONS_APP, SESSION_MIDDLEWARE, describeValue, hasApp, hasMiddleware, setting } from './_shared.ts';

type Weakness = 'ok' | 'none' | 'missing' | 'invalid';

/**
 * What Django's HttpResponse.set_cookie does with a samesite value: a false value sends no attribute; a true one
 * must be 'lax', 'none' or 'strict' in any case ('none' from Django 3.1), or set_cookie raises ValueError
 * (AttributeError for a value without .lower()).
 */
function classify(v: Value, noneAllowed: boolean): Weakness | null {
  if (v.t === 'unresolved') return null;
  if (v.t === 'str') {
    const lower = v.v.toLowerCase();
    if (v.v === '') return 'missing';
    if (lower === 'lax' || lower === 'strict') return 'ok';
    if (lower === 'none') return noneAllowed ? 'none' : 'invalid';
    return 'invalid';
  }
  const t = truthy(v);
  if (t === null) return null;
  return t ? 'invalid' : 'missing';
}

type Found =
  | { messageId: 'none'; at: SettingEntry; data: { setting: string } }
  | { messageId: 'missing' | 'invalid'; at: SettingEntry; data: { setting: string; value: string } };

export default defineRule({
  id: 'cookie-samesite-weak',
  title: "The session and CSRF cookies are SameSite 'Lax' or 'Strict'",
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'cookies', 'csrf'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks SESSION_COOKIE_SAMESITE (when sessions are in use: the sessions app or SessionMiddleware, as Django's session checks decide) and CSRF_COOKIE_SAMESITE (unless CSRF_USE_SESSIONS keeps the token in the session) the way HttpResponse.set_cookie uses them: 'Lax' and 'Strict' in any case are fine; the string 'None' (Django 3.1+) sends `SameSite=None`; None, False or '' send no SameSite attribute; anything else makes set_cookie raise an error on every response that sets the cookie. One finding per cookie.",
    why: "SameSite keeps the browser from attaching the cookie to requests that other sites start, which blocks most cross-site request forgery and cross-site leaks even when a view forgets its CSRF protection. 'None' turns that off on purpose; no attribute leaves it to the browser (Chrome treats it as Lax, Firefox and Safari send the cookie cross-site).",
    bad: { settings: "INSTALLED_APPS = ['django.contrib.sessions']\nSESSION_COOKIE_SAMESITE = 'None'\n" },
    good: { settings: "INSTALLED_APPS = ['django.contrib.sessions']\nSESSION_COOKIE_SAMESITE = 'Lax'\nCSRF_COOKIE_SAMESITE = 'Strict'\n" },
    fix: "Keep Django's default 'Lax'. If a cross-site embed really needs the cookie, 'None' also requires SESSION_COOKIE_SECURE/CSRF_COOKIE_SECURE (browsers reject SameSite=None without Secure); prefer a separate cookie or token for that flow.",
    severity: 'A warning: CSRF tokens still protect forms, but SameSite is the defence for everything that lacks one.',
  },
  messages: {
    none: { text: "{{setting}} is 'None': the cookie is sent with cross-site requests" },
    missing: { text: '{{setting}} is {{value}}: no SameSite attribute, so browsers decide' },
    invalid: { text: '{{setting}} is {{value}}, which set_cookie rejects with an error' },
  },
  hint: "Use 'Lax' (Django's default) or 'Strict' for the session and CSRF cookies.",
  references: [
    `${DOCS}/ref/settings/#session-cookie-samesite`,
    `${DOCS}/ref/settings/#csrf-cookie-samesite`,
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#samesitesamesite-value',
    'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#samesite-cookie-attribute',
  ],
  since: '0.1.0',
  check(ctx) {
    const noneAllowed = atLeast(ctx.django, 3, 1);
    const cookies: readonly [string, boolean | Unknown][] = [
      ['SESSION_COOKIE_SAMESITE', anyHolds(hasApp(ctx, SESSIONS_APP), hasMiddleware(ctx, SESSION_MIDDLEWARE))],
      // With CSRF_USE_SESSIONS the token lives in the session and there is no CSRF cookie.
      ['CSRF_COOKIE_SAMESITE', not(isTruthy(setting(ctx, 'CSRF_USE_SESSIONS')))],
    ];
    const findings: Found[] = [];
    let unknown: Unknown | null = null;
    for (const [name, used] of cookies) {
      const entry = setting(ctx, name);
      const weak = decide(entry, (v) => {
        const c = classify(v, noneAllowed);
        return c === null ? null : c !== 'ok';
      });
      const fires = allHold(used, weak);
      if (isUnknown(fires)) {
        unknown ??= fires;
        continue;
      }
      if (!fires) continue;
      const value = knownValue(entry);
      const kind = isUnknown(value) ? null : classify(value, noneAllowed);
      if (isUnknown(value) || kind === null || kind === 'ok') {
        // Weak in every branch of an unknown condition, but not in the same way.
        unknown ??= isUnknown(value) ? value : null;
        continue;
      }
      if (kind === 'none') findings.push({ messageId: 'none', at: entry, data: { setting: name } });
      else findings.push({ messageId: kind, at: entry, data: { setting: name, value: describeValue(value) } });
    }
    if (findings.length === 0 && unknown) return unknown;
    return findings;
  },
});
