import { type Emit, defineRule } from '../src/engine/rule.ts';
import { quote } from './_live.ts';
import { DOCS } from './_shared.ts';
import { cookiesSeen, djangoCookieNames, firstBadPerName, knownRole, storedCookies, withCookie } from './_content.ts';

const messages = {
  none: { text: '{{name}} is SameSite=None: browsers send it on cross-site requests' },
  missing: { text: '{{name}} has no valid SameSite; Firefox and Safari send it cross-site' },
  other: { text: 'cookie {{name}} is {{how}}: sent on cross-site requests', severity: 'info' },
} as const;

export default defineRule({
  id: 'set-cookie-samesite-weak',
  title: 'Cookies the live site sets are SameSite Lax or Strict',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'live', 'cookies', 'csrf'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Looks at every Set-Cookie the probe received and reports each cookie name whose SameSite is `None`, or that has no SameSite attribute (or an invalid value, which browsers ignore), once, at the first response that set it. Django's session and CSRF cookies are warnings shown on SESSION_COOKIE_SAMESITE and CSRF_COOKIE_SAMESITE (names from SESSION_COOKIE_NAME and CSRF_COOKIE_NAME, `sessionid` and `csrftoken` when no settings are audited); other cookies are info, because a third-party embed may really need SameSite=None. Deletions are not reported. This is the live counterpart of cookie-samesite-weak, which reads the settings.",
    why: "SameSite keeps the browser from attaching a cookie to requests another site starts: with Lax or Strict, a forged form post or a cross-site fetch arrives without the session, which stops CSRF even on a view that lacks Django's protection and blocks many cross-site leaks. `None` turns that off. No attribute is not safe either: Chrome treats it as Lax (with a two-minute exception for top-level POSTs), but Firefox and Safari still send such cookies cross-site.",
    severity: "Warning for the session and CSRF cookies: Django's CSRF tokens still protect forms, so this removes a second line of defence, as the Observatory's −20 reflects. Info for other cookies, whose purpose the probe cannot know.",
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: csrftoken=<32 characters>; Path=/; SameSite=None; Secure', base: 'good-site', change: withCookie({ name: 'csrftoken', secure: true, sameSite: 'None', path: '/', attributes: ['Path', 'SameSite', 'Secure'] }) },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: csrftoken=<32 characters>; Path=/; SameSite=Lax; Secure', base: 'good-site' },
    },
    fix: "Keep SESSION_COOKIE_SAMESITE and CSRF_COOKIE_SAMESITE at 'Lax' (Django's default) or 'Strict'; give your own cookies samesite='Lax' in set_cookie(). If an embed on another site really needs a cookie, give that flow its own cookie rather than loosening the session.",
  },
  messages,
  hint: "Send SameSite=Lax (Django's default) or Strict; keep SameSite=None for cookies a cross-site embed needs.",
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#samesitesamesite-value',
    'https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#name-the-samesite-attribute',
    'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#samesite-cookie-attribute',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/settings/#session-cookie-samesite`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = cookiesSeen(ctx);
    if ('outcome' in obs) return obs;
    const names = djangoCookieNames(ctx);
    const out: Emit<typeof messages>[] = [];
    for (const c of firstBadPerName(storedCookies(obs), (c) => c.sameSite === null || c.sameSite === 'None')) {
      const role = knownRole(names, c.name);
      const name = quote(c.name);
      if (role === 'other') {
        out.push({ messageId: 'other', at: { url: c.url }, data: { name, how: c.sameSite === 'None' ? 'SameSite=None' : 'without SameSite' } });
        continue;
      }
      const at = { url: c.url, setting: role === 'session' ? 'SESSION_COOKIE_SAMESITE' : 'CSRF_COOKIE_SAMESITE' };
      out.push(c.sameSite === 'None' ? { messageId: 'none', at, data: { name } } : { messageId: 'missing', at, data: { name } });
    }
    return out;
  },
});
