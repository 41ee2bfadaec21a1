import { defineRule } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, describeValue, sessionCookieFlag } from './_shared.ts';

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
    const r = sessionCookieFlag(ctx, 'SESSION_COOKIE_HTTPONLY');
    if (isUnknown(r)) return r;
    return r.uses ? [{ messageId: r.uses, at: r.entry, data: { value: describeValue(r.entry.value) } }] : [];
  },
});
