import { defineRule } from '../src/engine/rule.ts';
import { quote, undecided } from './_live.ts';
import { DOCS } from './_shared.ts';
import { cookieRole, cookiesSeen, djangoCookieNames, firstBadPerName, storedCookies } from './_content.ts';
import { isUnknown } from '../src/engine/settings.ts';

export default defineRule({
  id: 'set-cookie-httponly-missing',
  title: "The live site's session cookie carries HttpOnly",
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'live', 'cookies'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Looks at every Set-Cookie the probe received and reports Django's session cookie (SESSION_COOKIE_NAME, `sessionid` when no settings are audited) when it is set without HttpOnly, once, at the first response that set it. Deletions are not reported. The CSRF cookie is deliberately not reported: Django leaves it readable by JavaScript (CSRF_COOKIE_HTTPONLY = False) so that AJAX code can copy the token into the X-CSRFToken header, and making it HttpOnly protects nothing (the token is also in every form). Other cookies are not judged either: many exist for scripts to read. When SESSION_COOKIE_NAME cannot be resolved and some cookie lacks HttpOnly, the result is could not verify.",
    why: "Without HttpOnly, any script running in the page can read the session cookie: one cross-site-scripting bug, or one compromised third-party script, sends `document.cookie` to the attacker, who then uses the session from anywhere until it expires. With HttpOnly the attacker has to act inside the victim's browser while they are on the page.",
    severity: 'Warning, as Django (security.W013 for SESSION_COOKIE_HTTPONLY) rates it: it needs an XSS bug to exploit, but then turns it into a persistent account takeover. The Observatory weighs it at −30.',
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: sessionid=<11 characters>; Path=/', base: 'bad-site' },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: sessionid=<32 characters>; HttpOnly; Path=/; SameSite=Lax; Secure\nSet-Cookie: csrftoken=<32 characters>; Path=/; SameSite=Lax; Secure', base: 'good-site' },
    },
    fix: 'Keep SESSION_COOKIE_HTTPONLY = True (the default); if a proxy rewrites cookies, make sure it keeps the attribute.',
  },
  messages: {
    session: { text: 'session cookie {{name}} lacks HttpOnly: scripts can read it' },
  },
  hint: "Keep SESSION_COOKIE_HTTPONLY = True (Django's default).",
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#httponly',
    'https://owasp.org/www-community/HttpOnly',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/settings/#session-cookie-httponly`,
    `${DOCS}/ref/settings/#csrf-cookie-httponly`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = cookiesSeen(ctx);
    if ('outcome' in obs) return obs;
    const names = djangoCookieNames(ctx);
    const bad = firstBadPerName(storedCookies(obs), (c) => !c.httpOnly);
    const session = bad.find((c) => cookieRole(names, c.name) === 'session');
    if (session) return [{ messageId: 'session', at: { url: session.url, setting: 'SESSION_COOKIE_HTTPONLY' }, data: { name: quote(session.name) } }];
    const unplaced = bad.find((c) => isUnknown(cookieRole(names, c.name)));
    if (unplaced && isUnknown(names.session)) return undecided(`SESSION_COOKIE_NAME is not known, and cookie ${quote(unplaced.name)} has no HttpOnly`);
    return [];
  },
});
