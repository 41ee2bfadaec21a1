import { type Emit, defineRule, skip } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, allHold, anyHolds, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Value, list, unresolved } from '../src/engine/values.ts';
import { DOCS, hasApp } from './_shared.ts';

const AUTH_APP = 'django.contrib.auth';
const AUTH_APP_CONFIG = 'django.contrib.auth.apps.AuthConfig';
const PREFIX = 'django.contrib.auth.password_validation.';
const MIN_LENGTH = `${PREFIX}MinimumLengthValidator`;
/** Django's own validators: none of them limits the length except MinimumLengthValidator. */
const BUILTIN = new Set([`${PREFIX}UserAttributeSimilarityValidator`, MIN_LENGTH, `${PREFIX}CommonPasswordValidator`, `${PREFIX}NumericPasswordValidator`]);
/** MinimumLengthValidator's default `min_length`, also the NIST SP 800-63B floor. */
const DEFAULT_MIN = 8;

const messages = {
  none: { text: 'AUTH_PASSWORD_VALIDATORS is empty: any password is accepted' },
  short: { text: 'MinimumLengthValidator min_length is {{length}}, below 8' },
  noMinimum: { text: 'AUTH_PASSWORD_VALIDATORS has no MinimumLengthValidator: any length passes' },
} as const;

type Verdict = { readonly kind: 'ok' } | { readonly kind: 'none' } | { readonly kind: 'short'; readonly length: number } | { readonly kind: 'noMinimum' };

/** The `min_length` one MinimumLengthValidator entry enforces, or why it cannot be known. */
function minLengthOf(options: Value | undefined, origin: SettingEntry['origin']): number | Value {
  if (options === undefined) return DEFAULT_MIN;
  if (options.t === 'unresolved') return options;
  if (options.t !== 'dict') return unresolved(`MinimumLengthValidator OPTIONS is a ${options.t}, not a dict`, '', origin);
  const min = options.entries.get('s:min_length')?.value;
  if (min === undefined) return options.partial ?? DEFAULT_MIN;
  if (min.t === 'int' || min.t === 'float') return min.v;
  if (min.t === 'bool') return min.v ? 1 : 0;
  return min.t === 'unresolved' ? min : unresolved(`min_length is a ${min.t}, not a number`, '', origin);
}

/** What AUTH_PASSWORD_VALIDATORS enforces: every validator applies, so the longest minimum is the one that counts. */
function assess(entry: SettingEntry): Verdict | Unknown {
  const v = knownValue(entry);
  if (isUnknown(v)) return v;
  if (v.t !== 'list' && v.t !== 'tuple') return unknownFor(entry.name, unresolved(`AUTH_PASSWORD_VALIDATORS is a ${v.t}, not a list`, '', entry.origin));
  if (v.items.length === 0) return v.partial ? unknownFor(entry.name, v.partial, entry.origin) : { kind: 'none' };
  let unclear: Value | null = v.partial ?? null;
  let custom = false;
  const minimums: number[] = [];
  for (const item of v.items) {
    if (item.t !== 'dict') {
      unclear ??= item.t === 'unresolved' ? item : unresolved(`a validator is a ${item.t}, not a dict`, '', entry.origin);
      continue;
    }
    const name = item.entries.get('s:NAME')?.value;
    if (name === undefined || name.t !== 'str') {
      unclear ??= name?.t === 'unresolved' ? name : (item.partial ?? unresolved('a validator has no NAME string', '', entry.origin));
      continue;
    }
    if (name.v !== MIN_LENGTH) {
      if (!BUILTIN.has(name.v)) custom = true;
      continue;
    }
    const min = minLengthOf(item.entries.get('s:OPTIONS')?.value, entry.origin);
    if (typeof min === 'number') minimums.push(min);
    else unclear ??= min;
  }
  const longest = minimums.length > 0 ? Math.max(...minimums) : null;
  if (longest !== null && longest >= DEFAULT_MIN) return { kind: 'ok' };
  if (unclear) return unknownFor(entry.name, unclear, entry.origin);
  if (longest !== null) return { kind: 'short', length: longest };
  // A validator of the project's own may well enforce a length: only Django's own are known not to.
  return custom ? { kind: 'ok' } : { kind: 'noMinimum' };
}

export default defineRule({
  id: 'password-validation-weak',
  title: 'Passwords must meet a minimum policy (AUTH_PASSWORD_VALIDATORS)',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'auth', 'passwords'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When django.contrib.auth is installed, checks AUTH_PASSWORD_VALIDATORS: it must not be empty (Django's default is an empty list; only the startproject template fills it in), and the longest MinimumLengthValidator `OPTIONS['min_length']` must be at least 8, the validator's own default. When the list holds only Django's built-in validators and none of them is MinimumLengthValidator, passwords of any length pass. A validator of the project's own is assumed to do its job.",
    why: 'Without validators, the admin, the password-change and reset forms and createsuperuser accept "1" or "password" as a password, and those are the first guesses of every credential-stuffing and brute-force run. Validators run where Django calls validate_password (its auth forms and management commands), not on User.set_password().',
    severity: 'Warning: a weak password policy makes account takeover much easier, but it is not exploitable on its own; rate limiting, MFA or an external identity provider can make it moot.',
    bad: { settings: "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes']\nAUTH_PASSWORD_VALIDATORS = [\n    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator', 'OPTIONS': {'min_length': 6}},\n]\n" },
    good: {
      settings:
        "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes']\nAUTH_PASSWORD_VALIDATORS = [\n    {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'},\n    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator', 'OPTIONS': {'min_length': 12}},\n    {'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'},\n    {'NAME': 'django.contrib.auth.password_validation.NumericPasswordValidator'},\n]\n",
    },
    fix: 'Start from the four validators the startproject template lists, with min_length 12 or more for accounts that use only a password.',
  },
  messages,
  hint: "Add Django's four password validators, with MinimumLengthValidator min_length of 8 or more.",
  references: [
    `${DOCS}/topics/auth/passwords/#module-django.contrib.auth.password_validation`,
    `${DOCS}/ref/settings/#auth-password-validators`,
    'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#implement-proper-password-strength-controls',
    'https://pages.nist.gov/800-63-4/sp800-63b.html',
  ],
  since: '0.1.0',
  check(ctx) {
    const app = anyHolds(hasApp(ctx, AUTH_APP), hasApp(ctx, AUTH_APP_CONFIG));
    if (app === false) return skip('django.contrib.auth is not in INSTALLED_APPS');
    const entry = ctx.settings.get('AUTH_PASSWORD_VALIDATORS') ?? { name: 'AUTH_PASSWORD_VALIDATORS', value: list([]), origin: null, overridden: [] };
    const verdict = assess(entry);
    const weak = isUnknown(verdict) ? verdict : verdict.kind !== 'ok';
    const fires = allHold(app, weak);
    if (isUnknown(fires)) return fires;
    if (!fires || isUnknown(verdict)) return [];
    const out: Emit<typeof messages>[] = [];
    if (verdict.kind === 'none') out.push({ messageId: 'none', at: entry });
    else if (verdict.kind === 'short') out.push({ messageId: 'short', at: entry, data: { length: verdict.length } });
    else if (verdict.kind === 'noMinimum') out.push({ messageId: 'noMinimum', at: entry });
    return out;
  },
});
