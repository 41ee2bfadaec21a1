import { type Emit, defineRule, skip } from '../src/engine/rule.ts';
import { isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Value, unresolved } from '../src/engine/values.ts';
import { DOCS, SECURITY_MIDDLEWARE, setting } from './_shared.ts';

const WHITENOISE = 'whitenoise.middleware.WhiteNoiseMiddleware';

const messages = {
  notAfterSecurity: { text: 'WhiteNoise is MIDDLEWARE[{{index}}], not directly after SecurityMiddleware' },
  beforeSecurity: { text: 'WhiteNoiseMiddleware comes before SecurityMiddleware in MIDDLEWARE' },
  notFirst: { text: 'WhiteNoise is MIDDLEWARE[{{index}}]; with no SecurityMiddleware it goes first' },
} as const;

function isText(v: Value, text: string): boolean {
  return v.t === 'str' && v.v === text;
}

export default defineRule({
  id: 'whitenoise-middleware-order',
  title: 'WhiteNoiseMiddleware comes right after SecurityMiddleware',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'middleware', 'static-files'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When MIDDLEWARE lists whitenoise.middleware.WhiteNoiseMiddleware, checks that it sits directly after django.middleware.security.SecurityMiddleware, or first when SecurityMiddleware is not used, as WhiteNoise's documentation requires. Only the first WhiteNoiseMiddleware entry counts. A MIDDLEWARE list with unknown entries is reported as not verifiable.",
    why: "Middleware runs top-down on requests. Below SecurityMiddleware, WhiteNoise answers static requests before the session, authentication, CSRF and project middleware do any (wasted) work; above it, static responses miss the HTTPS redirect and the HSTS, nosniff and Referrer-Policy headers. Middleware that returns early or rewrites paths above WhiteNoise (a login-required gate, a locale redirect) can also break or gate static files. WhiteNoise's docs warn to ignore third-party advice to go above it.",
    severity: 'Warning: static files still get served in the wrong place, but they lose security headers or pay for middleware they do not need, and early-returning middleware can break them.',
    bad: {
      settings:
        "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.contrib.sessions.middleware.SessionMiddleware',\n    'whitenoise.middleware.WhiteNoiseMiddleware',\n    'django.middleware.common.CommonMiddleware',\n]\n",
    },
    good: {
      settings:
        "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'whitenoise.middleware.WhiteNoiseMiddleware',\n    'django.contrib.sessions.middleware.SessionMiddleware',\n    'django.middleware.common.CommonMiddleware',\n]\n",
    },
  },
  messages,
  hint: 'Move WhiteNoiseMiddleware to directly after SecurityMiddleware (or to the top of MIDDLEWARE).',
  references: ['https://whitenoise.readthedocs.io/en/stable/django.html#enable-whitenoise', `${DOCS}/ref/middleware/#middleware-ordering`, `${DOCS}/topics/http/middleware/`],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'MIDDLEWARE');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    if (value.t !== 'list' && value.t !== 'tuple') return unknownFor(entry.name, unresolved(`MIDDLEWARE is a ${value.t}, not a list`, '', entry.origin));
    const items = value.items;
    const whitenoise = items.findIndex((v) => isText(v, WHITENOISE));
    // Unknown entries hide positions (and maybe WhiteNoise itself): nothing can be said about the order.
    const hidden = value.partial ?? items.find((v) => v.t === 'unresolved' || v.t === 'object');
    if (hidden) return unknownFor(entry.name, hidden.t === 'unresolved' ? hidden : unresolved('MIDDLEWARE holds an object that is not evaluated', '', entry.origin), entry.origin);
    if (whitenoise < 0) return skip(`${WHITENOISE} is not in MIDDLEWARE`);
    const security = items.findIndex((v) => isText(v, SECURITY_MIDDLEWARE));
    const out: Emit<typeof messages>[] = [];
    if (security < 0) {
      if (whitenoise !== 0) out.push({ messageId: 'notFirst', at: entry, data: { index: whitenoise } });
    } else if (whitenoise < security) out.push({ messageId: 'beforeSecurity', at: entry });
    else if (whitenoise !== security + 1) out.push({ messageId: 'notAfterSecurity', at: entry, data: { index: whitenoise } });
    return out;
  },
});
