import { defineRule } from '../src/engine/rule.ts';
import { allHold, anyHolds, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, SESSIONS_APP, SESSION_MIDDLEWARE, cookieFlagOn, describeValue, hasApp, hasMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'session-cookie-httponly-disabled',
  title: 'The session cookie is HttpOnly (SESSION_COOKIE_HTTPONLY)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'cookies', 'sessions', 'xss'],
  django: ['security.W013', 'security.W014', 'security.W015'],
  deployOnly: true,
  docs: {
    what: "Checks SESSION_COOKIE_HTTPONLY when sessions are in use, as Django's security.W013 (sessions app only), W014 (session middleware only) and W015 (both) do: it must be True (`is True` since Django 4.1, truthy before). True is the default.",
    why: 'Without HttpOnly, any script running in the page (an XSS bug, a compromised third-party script) can read the session cookie and send it away.',
    bad: {
      settings: "INSTALLED_APPS = ['django.contrib.sessions']\nMIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\nSESSION_COOKIE_HTTPONLY = False\n",
    },
    good: {
      settings: "INSTALLED_APPS = ['django.contrib.sessions']\nMIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\n",
    },
  },
  messages: {
    appOnly: { text: 'SESSION_COOKIE_HTTPONLY is {{value}}, not True (sessions app installed)', django: 'security.W013' },
    middlewareOnly: { text: 'SESSION_COOKIE_HTTPONLY is {{value}}, not True (SessionMiddleware on)', django: 'security.W014' },
    both: { text: 'SESSION_COOKIE_HTTPONLY is {{value}}, not True; scripts can read the session', django: 'security.W015' },
  },
  hint: 'Remove SESSION_COOKIE_HTTPONLY or set it to True (the default).',
  references: [`${DOCS}/ref/settings/#session-cookie-httponly`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'SESSION_COOKIE_HTTPONLY');
    const flagOn = cookieFlagOn(ctx, entry);
    const app = hasApp(ctx, SESSIONS_APP);
    const mw = hasMiddleware(ctx, SESSION_MIDDLEWARE);
    // Django fires when the flag is off and sessions are in use (app, middleware or both pick the id).
    const fires = allHold(not(flagOn), anyHolds(app, mw));
    if (isUnknown(fires)) return fires;
    if (!fires) return [];
    if (isUnknown(app)) return app;
    if (isUnknown(mw)) return mw;
    const data = { value: describeValue(entry.value) };
    if (app && mw) return [{ messageId: 'both', at: entry, data }];
    if (app) return [{ messageId: 'appOnly', at: entry, data }];
    return [{ messageId: 'middlewareOnly', at: entry, data }];
  },
});
