import { defineRule } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, describeValue, sessionCookieFlag, sourceNote } from './_shared.ts';

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
    const r = sessionCookieFlag(ctx, 'SESSION_COOKIE_SECURE');
    if (isUnknown(r)) return r;
    return r.uses ? [{ messageId: r.uses, at: r.entry, data: { value: describeValue(r.entry.value), source: sourceNote(r.entry.value) } }] : [];
  },
});
