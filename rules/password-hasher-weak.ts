import { atLeast } from '../src/engine/django.ts';
import { defineRule } from '../src/engine/rule.ts';
import { isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS } from './_shared.ts';

const PREFIX = 'django.contrib.auth.hashers.';

interface WeakHasher {
  readonly what: string;
  readonly removedIn: readonly [number, number] | null;
}
/**
 * Django's hashers that are one fast pass over the password, and the release that dropped them: SHA1, UnsaltedSHA1
 * and UnsaltedMD5 were deprecated in 4.2 and removed in 5.1, Crypt deprecated in 4.1 and removed in 5.0 (Django's
 * deprecation timeline). MD5PasswordHasher is still shipped, for fast test suites.
 */
const WEAK: ReadonlyMap<string, WeakHasher> = new Map<string, WeakHasher>([
  ['MD5PasswordHasher', { what: 'one round of salted MD5', removedIn: null }],
  ['SHA1PasswordHasher', { what: 'one round of salted SHA-1', removedIn: [5, 1] }],
  ['UnsaltedMD5PasswordHasher', { what: 'unsalted MD5', removedIn: [5, 1] }],
  ['UnsaltedSHA1PasswordHasher', { what: 'unsalted SHA-1', removedIn: [5, 1] }],
  ['CryptPasswordHasher', { what: 'DES crypt(3), which reads 8 characters', removedIn: [5, 0] }],
]);

export default defineRule({
  id: 'password-hasher-weak',
  title: 'New passwords are hashed with a slow algorithm (PASSWORD_HASHERS)',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'auth', 'passwords', 'crypto'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks the first entry of PASSWORD_HASHERS, the hasher Django uses for every new or changed password: it must not be MD5PasswordHasher, SHA1PasswordHasher, UnsaltedMD5PasswordHasher, UnsaltedSHA1PasswordHasher or CryptPasswordHasher from django.contrib.auth.hashers. Weak hashers further down the list are fine: Django only uses them to check old hashes, and upgrades those to the first hasher at the next login. On Django 5.0+ (Crypt) and 5.1+ (SHA1 and the unsalted ones) the class no longer exists, which is reported too. When PASSWORD_HASHERS is not set, Django's default starts with PBKDF2.",
    why: 'These hashers cost one hash computation per guess: a leaked user table can be tried against billions of candidate passwords per second on one GPU, and unsalted hashes fall to precomputed tables at once. PBKDF2, Argon2, bcrypt and scrypt are deliberately slow.',
    severity: 'Error: every password stored from now on can be cracked quickly once the database leaks, and the fix is a one-line settings change.',
    bad: { settings: "PASSWORD_HASHERS = [\n    'django.contrib.auth.hashers.MD5PasswordHasher',\n    'django.contrib.auth.hashers.PBKDF2PasswordHasher',\n]\n" },
    good: { settings: "PASSWORD_HASHERS = [\n    'django.contrib.auth.hashers.PBKDF2PasswordHasher',\n    'django.contrib.auth.hashers.MD5PasswordHasher',\n]\n" },
    fix: 'Put PBKDF2PasswordHasher (or Argon2PasswordHasher) first and keep the old hasher later in the list, so existing hashes are upgraded as users log in. MD5PasswordHasher first is a common speed-up for test settings: keep it out of the production module.',
  },
  messages: {
    weak: { text: 'PASSWORD_HASHERS[0] is {{hasher}}: new passwords get {{what}}' },
    removed: { text: 'PASSWORD_HASHERS[0] is {{hasher}}, which Django {{version}} no longer has' },
  },
  hint: 'Put PBKDF2PasswordHasher or Argon2PasswordHasher first; keep weak hashers only further down.',
  references: [
    `${DOCS}/topics/auth/passwords/#how-django-stores-passwords`,
    `${DOCS}/topics/auth/passwords/#password-upgrading`,
    `${DOCS}/ref/settings/#password-hashers`,
    'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
  ],
  since: '0.1.0',
  check(ctx) {
    // Not set: Django's default list starts with PBKDF2PasswordHasher.
    const entry = ctx.settings.get('PASSWORD_HASHERS');
    if (!entry) return [];
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    if (value.t !== 'list' && value.t !== 'tuple') return unknownFor(entry.name, unresolved(`PASSWORD_HASHERS is a ${value.t}, not a list`, '', entry.origin));
    const first = value.items[0];
    if (first === undefined) return value.partial ? unknownFor(entry.name, value.partial, entry.origin) : [];
    if (first.t !== 'str') return unknownFor(entry.name, first.t === 'unresolved' ? first : unresolved(`PASSWORD_HASHERS[0] is a ${first.t}, not a dotted path`, '', entry.origin));
    const name = first.v.startsWith(PREFIX) ? first.v.slice(PREFIX.length) : null;
    const weak = name !== null ? WEAK.get(name) : undefined;
    if (!name || !weak) return [];
    if (weak.removedIn && atLeast(ctx.django, weak.removedIn[0], weak.removedIn[1])) {
      return [{ messageId: 'removed', at: entry, data: { hasher: name, version: `${ctx.django.major}.${ctx.django.minor}` } }];
    }
    return [{ messageId: 'weak', at: entry, data: { hasher: name, what: weak.what } }];
  },
});
