import { type Emit, defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { type Unknown, isUnknown } from '../src/engine/settings.ts';
import { djangoCookieNames, firstBadPerName, storedCookies } from './_content.ts';
import { DRIFT_SPLIT, liveObservation, runtimeFlag, shownValue } from './_drift.ts';
import { quote } from './_live.ts';
import { DOCS, setting } from './_shared.ts';

const SETTINGS = 'SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\n';

const messages = {
  session: { text: 'SESSION_COOKIE_SECURE is {{value}}, but the site set {{name}} without Secure' },
  csrf: { text: 'CSRF_COOKIE_SECURE is {{value}}, but the site set {{name}} without Secure' },
} as const;

export default defineRule({
  id: 'drift-cookie-secure',
  title: 'The session and CSRF cookies are Secure on the site as the settings say',
  kind: 'cross',
  severity: 'warning',
  tags: ['deploy', 'cookies', 'sessions', 'csrf', 'drift', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: `When SESSION_COOKIE_SECURE (or CSRF_COOKIE_SECURE) is on in the settings, looks for the cookie named by SESSION_COOKIE_NAME (CSRF_COOKIE_NAME) among every Set-Cookie the probe saw, and reports it when it came without the Secure attribute, once per cookie, at the setting. The flags are read with Python truthiness, as Django uses them when it sets the cookie (\`secure=settings.SESSION_COOKIE_SECURE or None\`), not with the \`is True\` of its checks. Deletions (an expired cookie; Django's delete_cookie() sends them without Secure) do not count, and with CSRF_USE_SESSIONS there is no CSRF cookie. When the probed pages set neither cookie there is nothing to compare and the rule skips. One rule covers both cookies because the cause is the same (the flags are set by the same settings module) and each finding is anchored at its own setting. ${DRIFT_SPLIT} Here: set-cookie-secure-missing reports a cookie without Secure; session-cookie-insecure and csrf-cookie-insecure report the settings.`,
    why: 'Django adds Secure to these cookies whenever the setting is on, so a cookie without it was set by other settings (another module or environment) or rewritten by something in front of Django: the settings audited are not what protects the session.',
    severity: 'A warning: the cookie itself is set-cookie-secure-missing\'s finding; this one says that the audited settings do not describe the site.',
    bad: {
      settings: SETTINGS,
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nSet-Cookie: sessionid=…; Path=/\nSet-Cookie: csrftoken=…; expires=Thu, 01 Jan 2037 00:00:00 GMT; Path=/; SameSite=None',
        base: 'bad-site',
      },
    },
    good: {
      settings: SETTINGS,
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nSet-Cookie: sessionid=…; expires=…; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure\nSet-Cookie: csrftoken=…; expires=…; Max-Age=31449600; Path=/; SameSite=Lax; Secure',
        base: 'good-site',
      },
    },
    fix: 'Check which settings module and environment the application server really loads, and whether a proxy rewrites Set-Cookie (e.g. nginx proxy_cookie_flags or a load balancer adding its own cookie of the same name).',
  },
  messages,
  hint: 'Audit the settings the site runs with, or stop the proxy from rewriting the cookie.',
  references: [`${DOCS}/ref/settings/#session-cookie-secure`, `${DOCS}/ref/settings/#csrf-cookie-secure`, 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#secure'],
  since: '0.1.0',
  check(ctx) {
    const obs = liveObservation(ctx);
    if (isSkip(obs)) return obs;
    const names = djangoCookieNames(ctx);
    const cookies = storedCookies(obs);
    const roles = [
      { messageId: 'session', setting: 'SESSION_COOKIE_SECURE', name: names.session },
      { messageId: 'csrf', setting: 'CSRF_COOKIE_SECURE', name: names.csrf },
    ] as const;
    const found: Emit<typeof messages>[] = [];
    let unknown: Unknown | null = null;
    let flagged = false;
    let compared = false;
    for (const role of roles) {
      const entry = setting(ctx, role.setting);
      const flag = runtimeFlag(entry);
      if (flag === false || role.name === null) continue;
      flagged = true;
      if (isUnknown(role.name)) {
        // Any cookie without Secure could be the one with the unknown name.
        if (cookies.length > 0) compared = true;
        if (cookies.some((c) => !c.secure)) unknown ??= role.name;
        continue;
      }
      const name = role.name;
      const mine = cookies.filter((c) => c.name === name);
      if (mine.length === 0) continue;
      compared = true;
      const bad = firstBadPerName(mine, (c) => !c.secure)[0];
      if (!bad) continue;
      if (isUnknown(flag)) {
        unknown ??= flag;
        continue;
      }
      found.push({ messageId: role.messageId, at: { url: bad.url, setting: role.setting }, data: { value: shownValue(entry), name: quote(bad.name) } });
    }
    if (found.length > 0) return found;
    if (unknown) return unknown;
    if (!flagged) return skip('SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE are off (session-cookie-insecure, csrf-cookie-insecure)');
    if (!compared) return skip('the probed pages set no session or CSRF cookie: nothing to compare');
    return [];
  },
});
