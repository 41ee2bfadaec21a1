import { defineRule } from '../src/engine/rule.ts';
import { allHold, anyHolds, decide, isTruthy, isUnknown, knownValue, not } from '../src/engine/settings.ts';
import { numberOf } from '../src/engine/values.ts';
import { DOCS, SESSIONS_APP, SESSION_MIDDLEWARE, hasApp, hasMiddleware, setting } from './_shared.ts';
import { formatDuration } from './_shared.ts';

// Django's default SESSION_COOKIE_AGE: two weeks.
const TWO_WEEKS = 1_209_600;

export default defineRule({
  id: 'session-cookie-age-long',
  title: 'Sessions last at most two weeks (SESSION_COOKIE_AGE)',
  kind: 'settings',
  severity: 'info',
  tags: ['deploy', 'cookies', 'sessions'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports a SESSION_COOKIE_AGE longer than Django's default of two weeks (1209600 seconds) when sessions are in use (the sessions app or SessionMiddleware) and SESSION_EXPIRE_AT_BROWSER_CLOSE is false (Django tests its truthiness). SESSION_COOKIE_AGE is both the cookie's Max-Age and how long the server accepts the session.",
    why: 'A stolen session cookie (from a shared computer, a backup, malware, a log) works until the session expires. OWASP recommends short idle and absolute timeouts, sized to how sensitive the application is; Django does not expire sessions on inactivity unless SESSION_SAVE_EVERY_REQUEST is used with a short age.',
    bad: { settings: "INSTALLED_APPS = ['django.contrib.sessions']\nSESSION_COOKIE_AGE = 60 * 60 * 24 * 365\n" },
    good: { settings: "INSTALLED_APPS = ['django.contrib.sessions']\nSESSION_COOKIE_AGE = 60 * 60 * 8\n" },
    fix: 'Pick the shortest lifetime users accept (hours for admin-heavy sites); offer "remember me" with request.session.set_expiry() per login instead of a long global age.',
    severity: 'Info: a long session is a product decision as much as a security one; it widens the window in which a stolen cookie works.',
  },
  messages: {
    long: { text: 'SESSION_COOKIE_AGE is {{seconds}} ({{duration}}), longer than two weeks' },
  },
  hint: 'Lower SESSION_COOKIE_AGE (Django defaults to two weeks) or use per-login set_expiry().',
  references: [
    `${DOCS}/ref/settings/#session-cookie-age`,
    `${DOCS}/topics/http/sessions/#browser-length-sessions-vs-persistent-sessions`,
    'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-expiration',
  ],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'SESSION_COOKIE_AGE');
    // A number of seconds; anything else breaks the session middleware, which is not this rule's question.
    const long = decide(entry, (v) => (v.t === 'int' || v.t === 'float' || v.t === 'bool' ? numberOf(v) > TWO_WEEKS : null));
    const used = anyHolds(hasApp(ctx, SESSIONS_APP), hasMiddleware(ctx, SESSION_MIDDLEWARE));
    const fires = allHold(used, long, not(isTruthy(setting(ctx, 'SESSION_EXPIRE_AT_BROWSER_CLOSE'))));
    if (isUnknown(fires)) return fires;
    if (!fires) return [];
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    const seconds = value.t === 'int' || value.t === 'float' ? value.v : 0;
    return [{ messageId: 'long', at: entry, data: { seconds, duration: formatDuration(seconds) } }];
  },
});
