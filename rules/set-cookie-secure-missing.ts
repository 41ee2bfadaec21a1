import { type Emit, defineRule } from '../src/engine/rule.ts';
import { quote } from './_live.ts';
import { DOCS } from './_shared.ts';
import { cookiesSeen, djangoCookieNames, firstBadPerName, knownRole, setOverHttps, storedCookies } from './_content.ts';

const messages = {
  session: { text: 'session cookie {{name}} is set over HTTPS without Secure' },
  csrf: { text: 'CSRF cookie {{name}} is set over HTTPS without Secure' },
  other: { text: 'cookie {{name}} is set over HTTPS without Secure', severity: 'warning' },
} as const;

export default defineRule({
  id: 'set-cookie-secure-missing',
  title: 'Cookies the live site sets over HTTPS carry Secure',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'live', 'cookies'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Looks at every Set-Cookie the probe received from an https:// URL (the start page, the redirects, a random 404 path and /admin/login/) and reports each cookie name set without the Secure attribute, once, at the first response that set it. Django's session cookie (SESSION_COOKIE_NAME, `sessionid` when no settings are audited) and CSRF cookie (CSRF_COOKIE_NAME, `csrftoken`; none with CSRF_USE_SESSIONS) are errors shown on SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE; other cookies are warnings. Deletions (Max-Age=0 or an Expires in the past, which Django's delete_cookie() sends without Secure) are not reported; cookies set over plain HTTP are the redirect rules' business. When SESSION_COOKIE_NAME cannot be resolved, every cookie is treated as an other cookie.",
    why: "A cookie without Secure is also sent over plain HTTP. One http:// request (a link, an image, a typed address before HSTS applies) is enough for anyone on the network path, such as a café Wi-Fi or a hostile proxy, to read the session cookie and take over the account, or to read and overwrite the CSRF cookie. HSTS narrows this but does not cover a first visit or an expired policy.",
    severity: 'Error for the session and CSRF cookies, as the Observatory weighs a session cookie without Secure (−40, its heaviest cookie penalty): a passive network observer gets the session. Warning for other cookies, whose content the probe cannot judge.',
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: sessionid=<11 characters>; Path=/', base: 'bad-site' },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: sessionid=<32 characters>; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure', base: 'good-site' },
    },
    fix: "Set SESSION_COOKIE_SECURE = True and CSRF_COOKIE_SECURE = True in the production settings; for cookies set by your own views, pass secure=True to set_cookie() (or let a proxy add Secure to every cookie, e.g. nginx proxy_cookie_flags ~ secure).",
  },
  messages,
  hint: 'Set SESSION_COOKIE_SECURE = True and CSRF_COOKIE_SECURE = True; pass secure=True to set_cookie().',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#secure',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/06-Session_Management_Testing/02-Testing_for_Cookies_Attributes',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/settings/#session-cookie-secure`,
    `${DOCS}/ref/settings/#csrf-cookie-secure`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = cookiesSeen(ctx);
    if ('outcome' in obs) return obs;
    const names = djangoCookieNames(ctx);
    const out: Emit<typeof messages>[] = [];
    for (const c of firstBadPerName(storedCookies(obs).filter(setOverHttps), (c) => !c.secure)) {
      const role = knownRole(names, c.name);
      const data = { name: quote(c.name) };
      if (role === 'session') out.push({ messageId: 'session', at: { url: c.url, setting: 'SESSION_COOKIE_SECURE' }, data });
      else if (role === 'csrf') out.push({ messageId: 'csrf', at: { url: c.url, setting: 'CSRF_COOKIE_SECURE' }, data });
      else out.push({ messageId: 'other', at: { url: c.url }, data });
    }
    return out;
  },
});
