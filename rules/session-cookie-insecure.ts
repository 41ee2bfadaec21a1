import { defineRule } from '../src/engine/rule.ts';
import { allHold, anyHolds, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, SESSIONS_APP, SESSION_MIDDLEWARE, cookieFlagOn, describeValue, hasApp, hasMiddleware, setting, sourceNote } from './_shared.ts';

export default defineRule({
  id: 'session-cookie-insecure',
  title: 'The session cookie is HTTPS-only (SESSION_COOKIE_SECURE)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'cookies', 'sessions', 'https'],
  django: ['security.W010', 'security.W011', 'security.W012'],
  deployOnly: true,
  docs: {
    what: "Checks SESSION_COOKIE_SECURE when sessions are in use, as Django's security.W010 (sessions app only), W011 (session middleware only) and W012 (both) do: it must be True (`is True` since Django 4.1, truthy before).",
    why: 'Without the Secure flag the browser also sends the session cookie over plain HTTP, where anyone on the network can read it and take over the session.',
    bad: {
      settings: "INSTALLED_APPS = ['django.contrib.sessions']\nMIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\nSESSION_COOKIE_SECURE = 'True'\n",
    },
    good: {
      settings: "INSTALLED_APPS = ['django.contrib.sessions']\nMIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\nSESSION_COOKIE_SECURE = True\n",
    },
  },
  messages: {
    appOnly: { text: 'SESSION_COOKIE_SECURE is {{value}}{{source}}, not True (sessions app installed)', django: 'security.W010' },
    middlewareOnly: { text: 'SESSION_COOKIE_SECURE is {{value}}{{source}}, not True (SessionMiddleware on)', django: 'security.W011' },
    both: { text: 'SESSION_COOKIE_SECURE is {{value}}{{source}}, not True; sent over plain HTTP', django: 'security.W012' },
  },
  hint: 'Set SESSION_COOKIE_SECURE = True.',
  references: [`${DOCS}/ref/settings/#session-cookie-secure`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'SESSION_COOKIE_SECURE');
    const flagOn = cookieFlagOn(ctx, entry);
    const app = hasApp(ctx, SESSIONS_APP);
    const mw = hasMiddleware(ctx, SESSION_MIDDLEWARE);
    // Django fires when the flag is off and sessions are in use (app, middleware or both pick the id).
    const fires = allHold(not(flagOn), anyHolds(app, mw));
    if (isUnknown(fires)) return fires;
    if (!fires) return [];
    if (isUnknown(app)) return app;
    if (isUnknown(mw)) return mw;
    const data = { value: describeValue(entry.value), source: sourceNote(entry.value) };
    if (app && mw) return [{ messageId: 'both', at: entry, data }];
    if (app) return [{ messageId: 'appOnly', at: entry, data }];
    return [{ messageId: 'middlewareOnly', at: entry, data }];
  },
});
