import { defineRule } from '../src/engine/rule.ts';
import { isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { CHECKS_DOCS, DEPLOY_CHECKLIST, DOCS, setting, weakSecretKey } from './_shared.ts';

export default defineRule({
  id: 'secret-key-weak',
  title: 'SECRET_KEY is long and random',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'secrets', 'crypto'],
  django: ['security.W009'],
  deployOnly: true,
  docs: {
    what: "Checks SECRET_KEY the way Django's security.W009 does: it must be set, have at least 50 characters and 5 distinct characters, and (Django 3.2+) must not start with 'django-insecure-', the prefix startproject puts on the key it generates. The key itself is never printed: only its length and where it is set.",
    why: 'SECRET_KEY signs sessions, password-reset links, CSRF tokens and signed cookies. A short or guessable key lets an attacker forge them: log in as any user, reset any password.',
    bad: { settings: "SECRET_KEY = 'django-insecure-j3#k!x9w2@v8q1r5t7y0u4i6o3p2a9s8d7f6g5h4j3k2l1'\n" },
    good: { settings: "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n", env: { DJANGO_SECRET_KEY: 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4' } },
    fix: 'Generate a key with `python -c "from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())"` and read it from the environment.',
  },
  messages: {
    weak: { text: 'SECRET_KEY is weak: {{why}}', django: 'security.W009' },
  },
  hint: 'Generate a new random key of 50+ characters and read it from the environment.',
  references: [`${DOCS}/ref/settings/#secret-key`, DEPLOY_CHECKLIST, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'SECRET_KEY');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    const verdict = weakSecretKey(ctx, value);
    if (verdict === null) return unknownFor('SECRET_KEY', unresolved('SECRET_KEY is not a string', '', entry.origin));
    return verdict.weak ? [{ messageId: 'weak', at: entry, data: { why: verdict.why } }] : [];
  },
});
