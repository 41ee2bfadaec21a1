import { atLeast } from '../src/engine/django.ts';
import { defineRule } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import type { Value } from '../src/engine/values.ts';
import { DEPLOY_CHECKLIST, DOCS } from './_shared.ts';

/*
 * Placeholder words. Long ones (6+ letters) count anywhere in the key once separators are dropped ("change-me",
 * "CHANGE_ME" and "changeme" are the same). Short ones count only as a whole word between separators (trailing
 * digits ignored: "test123"), so "my-test-key" matches but a random "...aTESTb..." does not. Estimated chance
 * that a random 50-character key matches: about 1e-6 (mostly "-dev-"); the test runs 20,000 random keys.
 */
const LONG_WORDS = ['changeme', 'changethis', 'secret', 'insecure', 'placeholder', 'replace', 'example', 'sample', 'password', 'qwerty', 'testing'];
const SHORT_WORDS = new Set(['test', 'todo', 'demo', 'dummy', 'fake', 'temp', 'dev', 'local', 'default']);
/** What people put between words; '+', '=', '@'... also appear in random keys, so they do not separate words. */
const SEPARATORS = /[\s\-_.]+/;
/** The usual "xxxxxxxx" filler: a whole word of four or more x's, or six in a row anywhere. */
const X_WORD = /^x{4,}$/;
const X_RUN = /x{6,}/;
/** startproject's prefix: secret-key-weak reports it (security.W009), so it is not a placeholder word here. */
const STARTPROJECT_PREFIX = 'django-insecure-';

type Why = 'word' | 'repeated' | 'pattern';

function hasPlaceholderWord(key: string): boolean {
  const lower = key.toLowerCase();
  const joined = lower.replace(/[\s\-_.]+/g, '');
  if (LONG_WORDS.some((w) => joined.includes(w)) || X_RUN.test(lower)) return true;
  return lower
    .split(SEPARATORS)
    .map((word) => word.replace(/\d+$/, ''))
    .some((word) => SHORT_WORDS.has(word) || X_WORD.test(word));
}

/** At least half of the key is one character. */
function mostlyOneCharacter(chars: readonly string[]): boolean {
  const counts = new Map<string, number>();
  let max = 0;
  for (const c of chars) {
    const n = (counts.get(c) ?? 0) + 1;
    counts.set(c, n);
    if (n > max) max = n;
  }
  return max * 2 >= chars.length;
}

/** A short unit repeated at least three times ('abcabcabc...'), or mostly ascending/descending runs ('0123456789...'). */
function patterned(chars: readonly string[]): boolean {
  const n = chars.length;
  for (let p = 1; p <= 16 && p * 3 <= n; p++) {
    let periodic = true;
    for (let i = p; i < n && periodic; i++) if (chars[i] !== chars[i - p]) periodic = false;
    if (periodic) return true;
  }
  if (n < 8) return false;
  let steps = 0;
  for (let i = 1; i < n; i++) {
    const d = (chars[i]?.codePointAt(0) ?? 0) - (chars[i - 1]?.codePointAt(0) ?? 0);
    if (d === 1 || d === -1) steps++;
  }
  return steps * 2 >= n - 1;
}

/** Which placeholder test a key fails, or null. Exported for the tests' random-key sample. */
export function placeholderWhy(key: string, skipStartprojectPrefix: boolean): Why | null {
  const chars = [...key];
  if (chars.length === 0) return null;
  if (mostlyOneCharacter(chars)) return 'repeated';
  if (patterned(chars)) return 'pattern';
  const words = skipStartprojectPrefix && key.startsWith(STARTPROJECT_PREFIX) ? key.slice(STARTPROJECT_PREFIX.length) : key;
  return hasPlaceholderWord(words) ? 'word' : null;
}

type Found = { messageId: Why; at: SettingEntry; data: { name: string; length: number } };

export default defineRule({
  id: 'secret-key-placeholder',
  title: 'SECRET_KEY is not a placeholder',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'secrets', 'crypto'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks SECRET_KEY and (Django 4.1+) each SECRET_KEY_FALLBACKS entry, wherever it comes from, for the marks of a placeholder that Django's own length test (security.W009) lets through: a placeholder word (changeme, change-me, change_me, changethis, secret, insecure, placeholder, replace, example, sample, password, qwerty, testing anywhere, ignoring separators; test, todo, demo, dummy, fake, temp, dev, local, default, xxxx as a whole word between spaces, dashes, underscores or dots, trailing digits ignored; six x's in a row anywhere), at least half of the key being one character, a short unit repeated at least three times ('abcde' * 10 passes W009), or a mostly ascending or descending sequence ('0123456789...'). startproject's 'django-insecure-' prefix is left to secret-key-weak. The key and the word found are never printed: only which test matched and the length.",
    why: "A key such as 'change-me-in-production-please-0123456789abcdefghij' passes Django's check but is the first thing an attacker tries, and placeholders get copied between projects and tutorials. Whoever guesses the key can forge sessions, password-reset links and signed data.",
    bad: { settings: "SECRET_KEY = 'please-change-me-before-going-to-production-0000000'\n" },
    good: { settings: "SECRET_KEY = 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4'\n" },
    fix: 'Generate a key with `python -c "from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())"`, export it from a secrets manager, and rotate the placeholder out.',
    severity: 'An error: a placeholder key is guessable, and a guessed key is a full authentication bypass.',
  },
  messages: {
    word: { text: '{{name}} ({{length}} characters) contains a common placeholder word' },
    repeated: { text: '{{name}} ({{length}} characters) is mostly one repeated character' },
    pattern: { text: '{{name}} ({{length}} characters) is a repeated pattern or a sequence' },
  },
  hint: 'Replace the key with a generated random one (get_random_secret_key()) from the environment.',
  references: [`${DOCS}/ref/settings/#secret-key`, DEPLOY_CHECKLIST, 'https://cwe.mitre.org/data/definitions/1391.html'],
  since: '0.1.0',
  check(ctx) {
    const skipPrefix = atLeast(ctx.django, 3, 2);
    const findings: Found[] = [];
    let unknown: Unknown | null = null;
    const test = (entry: SettingEntry, name: string, v: Value): void => {
      if (v.t === 'unresolved') {
        unknown ??= unknownFor(entry.name, v, entry.origin);
        return;
      }
      if (v.t !== 'str' && v.t !== 'bytes') return;
      const why = placeholderWhy(v.v, skipPrefix && v.t === 'str');
      if (why) findings.push({ messageId: why, at: entry, data: { name, length: [...v.v].length } });
    };

    const key = ctx.settings.get('SECRET_KEY');
    if (key) {
      const v = knownValue(key);
      if (isUnknown(v)) unknown = v;
      else test(key, 'SECRET_KEY', v);
    }
    const fallbacks = atLeast(ctx.django, 4, 1) ? ctx.settings.get('SECRET_KEY_FALLBACKS') : undefined;
    if (fallbacks) {
      const list = knownValue(fallbacks);
      if (isUnknown(list)) unknown ??= list;
      else if (list.t === 'list' || list.t === 'tuple') {
        list.items.forEach((item, index) => test(fallbacks, `SECRET_KEY_FALLBACKS[${index}]`, item));
        if (list.partial) unknown ??= unknownFor('SECRET_KEY_FALLBACKS', list.partial, fallbacks.origin);
      }
    }
    if (findings.length === 0 && unknown) return unknown;
    return findings;
  },
});
