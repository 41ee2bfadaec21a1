import { type RuleContext, defineRule, skip } from '../src/engine/rule.ts';
import { type SettingEntry, allHold, anyHolds, decide, isTruthy, isUnknown, knownValue, not } from '../src/engine/settings.ts';
import { FALSE, type Value, str } from '../src/engine/values.ts';
import { DOCS } from './_shared.ts';

const SMTP = 'django.core.mail.backends.smtp.EmailBackend';

/** Django's defaults for the mail settings (django/conf/global_settings.py). */
function mailSetting(ctx: RuleContext, name: string, fallback: Value): SettingEntry {
  return ctx.settings.get(name) ?? { name, value: fallback, origin: null, overridden: [] };
}

/**
 * Hosts mail never leaves the machine (or the compose network) for: loopback, an empty host (no connection), and
 * single-label names such as `postfix` or `mailpit`, which on docker-compose and Kubernetes networks name a relay
 * next to the application.
 */
function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === '' || h === 'localhost' || h === '::1' || h === '[::1]') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return !h.includes('.') && !h.includes(':');
}

export default defineRule({
  id: 'email-tls-missing',
  title: 'Mail to a remote SMTP server is sent over TLS',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'tls', 'email'],
  django: [],
  deployOnly: true,
  docs: {
    what: "With Django's SMTP backend (EMAIL_BACKEND's default), checks that mail to a remote EMAIL_HOST uses TLS: EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (implicit TLS, usually port 465) must be true; Django tests both with truthiness. EMAIL_HOST defaults to 'localhost'; loopback addresses and single-label names such as 'postfix' or 'mailpit' (a relay on the same docker-compose or Kubernetes network) count as local. The console, file, in-memory and dummy backends, and third-party backends that talk to an HTTP API, are skipped.",
    why: 'Without TLS, password-reset links, account activation tokens and everything else Django mails travel in clear to the relay, and when EMAIL_HOST_USER and EMAIL_HOST_PASSWORD are set the SMTP login does too. Anyone on the path can read the links and take over accounts, or capture the credentials and send mail as you.',
    severity: 'Warning: it takes a position on the network path to the mail server, but what leaks (reset links, SMTP credentials) leads straight to account takeover.',
    bad: { settings: "EMAIL_HOST = 'smtp.mailgun.org'\nEMAIL_PORT = 587\nEMAIL_HOST_USER = 'postmaster@mg.example.com'\n" },
    good: { settings: "EMAIL_HOST = 'smtp.mailgun.org'\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\nEMAIL_HOST_USER = 'postmaster@mg.example.com'\n" },
    fix: 'Use EMAIL_USE_TLS = True with port 587, or EMAIL_USE_SSL = True with port 465 (not both: Django refuses that).',
  },
  messages: {
    plain: { text: 'mail to {{host}} is sent without TLS (EMAIL_USE_TLS and EMAIL_USE_SSL are off)' },
    login: { text: 'the SMTP login to {{host}} is sent without TLS (EMAIL_USE_TLS/SSL are off)' },
  },
  hint: 'Set EMAIL_USE_TLS = True (port 587) or EMAIL_USE_SSL = True (port 465).',
  references: [`${DOCS}/ref/settings/#email-use-tls`, `${DOCS}/ref/settings/#email-use-ssl`, `${DOCS}/topics/email/#smtp-backend`],
  since: '0.1.0',
  check(ctx) {
    const backend = mailSetting(ctx, 'EMAIL_BACKEND', str(SMTP));
    const backendValue = knownValue(backend);
    if (!isUnknown(backendValue) && !(backendValue.t === 'str' && backendValue.v === SMTP) && backendValue.t !== 'unresolved') {
      return skip(`EMAIL_BACKEND is ${backendValue.t === 'str' ? backendValue.v : `a ${backendValue.t}`}, not Django's SMTP backend`);
    }
    const smtp = isUnknown(backendValue) ? backendValue : true;
    const hostEntry = mailSetting(ctx, 'EMAIL_HOST', str('localhost'));
    const remote = decide(hostEntry, (v) => (v.t === 'str' ? !isLocalHost(v.v) : v.t === 'none' ? false : null));
    const tls = mailSetting(ctx, 'EMAIL_USE_TLS', FALSE);
    const ssl = mailSetting(ctx, 'EMAIL_USE_SSL', FALSE);
    const fires = allHold(smtp, remote, not(anyHolds(isTruthy(tls), isTruthy(ssl))));
    if (isUnknown(fires)) return fires;
    if (!fires) return [];
    const hostValue = knownValue(hostEntry);
    const host = !isUnknown(hostValue) && hostValue.t === 'str' ? hostValue.v.trim() : 'EMAIL_HOST';
    // Django's SMTP backend logs in only when both a user and a password are set.
    const login = allHold(isTruthy(mailSetting(ctx, 'EMAIL_HOST_USER', str(''))), isTruthy(mailSetting(ctx, 'EMAIL_HOST_PASSWORD', str(''))));
    const at = ctx.settings.isSet('EMAIL_USE_TLS') ? tls : hostEntry;
    return [{ messageId: login === true ? 'login' : 'plain', at, data: { host } }];
  },
});
