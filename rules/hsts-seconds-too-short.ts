import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { pyStr, unresolved } from '../src/engine/values.ts';
import { DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';
import { formatDuration, hstsMaxAge } from './_shared.ts';


// Mozilla's HTTP Observatory (mdn-http-observatory, strict-transport-security.js) passes max-age >= 15552000:
// 180 days, which it calls six months ("a lot of sites use 15552000").
const SIX_MONTHS = 15_552_000;

export default defineRule({
  id: 'hsts-seconds-too-short',
  title: 'HSTS lasts at least six months (SECURE_HSTS_SECONDS)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks that a SECURE_HSTS_SECONDS that turns HSTS on (a true value, with SecurityMiddleware enabled) is at least 15552000 seconds, the six months Mozilla's HTTP Observatory requires, and that it is not negative: Django's security.W004 only tests truthiness, so -1 and 60 pass it. SecurityMiddleware writes the value into the header as `max-age=%s`, so a digit string from the environment counts as its number. A float or a bool, which do not print as a whole number, cannot be judged.",
    why: 'HSTS only protects a browser while the policy it remembered has not expired. A max-age of minutes or days lapses between visits, so the next visit starts over plain HTTP and can be stripped; a negative max-age is invalid and browsers ignore the header (RFC 6797), so there is no HSTS at all.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 3600\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_HSTS_SECONDS = 31536000\n" },
    fix: 'A short max-age is the right way to start; once the site and its subdomains work over HTTPS, raise it to a year (31536000) or two.',
    severity: 'A warning: HSTS is on, but the protection lapses for visitors who come back less often than the max-age.',
  },
  messages: {
    short: { text: 'SECURE_HSTS_SECONDS is {{seconds}} ({{duration}}), under six months' },
    negative: { text: 'SECURE_HSTS_SECONDS is {{seconds}}: browsers ignore a negative max-age' },
  },
  hint: 'Raise SECURE_HSTS_SECONDS to 31536000 (a year) once the whole site works over HTTPS.',
  references: [
    `${DOCS}/ref/settings/#secure-hsts-seconds`,
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    'https://www.rfc-editor.org/rfc/rfc6797#section-6.1.1',
  ],
  since: '0.1.0',
  check(ctx) {
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_HSTS_SECONDS');
    const on = allHold(sm, isTruthy(entry));
    if (on === false) return skip('HSTS is off (reported by hsts-seconds-missing)');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    const seconds = hstsMaxAge(value);
    if (seconds === null) {
      return unknownFor('SECURE_HSTS_SECONDS', unresolved(`SECURE_HSTS_SECONDS is ${pyStr(value)}, which is not a whole number of seconds`, '', entry.origin));
    }
    if (seconds >= SIX_MONTHS) return [];
    // Only now does an unknown MIDDLEWARE matter: a long enough value passes whatever it holds.
    if (isUnknown(on)) return on;
    if (seconds < 0) return [{ messageId: 'negative', at: entry, data: { seconds } }];
    return [{ messageId: 'short', at: entry, data: { seconds, duration: formatDuration(seconds) } }];
  },
});
