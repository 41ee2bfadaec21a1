import { describe, expect, it } from 'vitest';
import rule, { placeholderWhy } from '../../rules/secret-key-placeholder.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// Placeholder words, repeated characters, repeated units and sequences: keys Django's W009 lets through.
const STRONG = 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4'; // 53 characters
const DJANGO_STYLE = 'j3#k!x9w2@v8q1r5t7y0u4i6o3p2a9s8d7f6g5h4j3k2l1m0n9b8'; // get_random_secret_key's alphabet
const PLACEHOLDER = 'please-change-me-before-going-to-production-0000000';
const OS = 'import os\n';

testRule(rule, {
  valid: [
    { code: `SECRET_KEY = '${STRONG}'` },
    { name: "get_random_secret_key's alphabet", code: `SECRET_KEY = '${DJANGO_STYLE}'` },
    { name: "startproject's prefix is secret-key-weak's business", code: `SECRET_KEY = 'django-insecure-${DJANGO_STYLE}'` },
    { name: "'test' inside a random run of letters", code: "SECRET_KEY = 'q8Zr3vN1xTESTmK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9z'" },
    { name: "'xxx' inside a random key", code: "SECRET_KEY = 'q8Zr3vN1xxxmK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9z'" },
    { name: 'a short word glued to random characters', code: "SECRET_KEY = 'devq8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6c'" },
    { name: 'read from the environment', code: `${OS}SECRET_KEY = os.environ['DJANGO_SECRET_KEY']`, env: { DJANGO_SECRET_KEY: STRONG } },
    { name: 'not set', code: 'DEBUG = False' },
    { name: 'None is secret-key-weak\'s business', code: 'SECRET_KEY = None' },
    { name: 'strong fallbacks', code: `SECRET_KEY = '${STRONG}'\nSECRET_KEY_FALLBACKS = ['${DJANGO_STYLE}']` },
    { name: 'fallbacks are not read before Django 4.1', code: `SECRET_KEY = '${STRONG}'\nSECRET_KEY_FALLBACKS = ['changeme']`, django: { major: 4, minor: 0 } },
    { name: 'a required variable that is not exported', code: `${OS}SECRET_KEY = os.environ['DJANGO_SECRET_KEY']`, status: 'unknown' },
    { name: 'a fallback that is not known', code: `${OS}SECRET_KEY = '${STRONG}'\nSECRET_KEY_FALLBACKS = [os.environ['OLD_KEY']]`, status: 'unknown' },
  ],
  invalid: [
    { name: 'changeme', code: "SECRET_KEY = 'changeme'", errors: [{ messageId: 'word', line: 1 }] },
    { name: 'a long key with change-me in it', code: `SECRET_KEY = '${PLACEHOLDER}'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'CHANGE_ME in capitals', code: `SECRET_KEY = 'CHANGE_ME_${STRONG}'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'your-secret-key-here', code: `SECRET_KEY = 'your-secret-key-here-${STRONG}'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'a short word between separators, digits ignored', code: `SECRET_KEY = '${STRONG}-test123'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'todo as a word', code: `SECRET_KEY = 'TODO ${STRONG}'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'xxxx filler as a word', code: `SECRET_KEY = '${STRONG}_xxxx'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'a placeholder after the startproject prefix', code: `SECRET_KEY = 'django-insecure-replace-${STRONG}'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: "Django 3.1 has no 'django-insecure-' test, so 'insecure' counts", code: `SECRET_KEY = 'django-insecure-${STRONG}'`, django: { major: 3, minor: 1 }, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'one character repeated', code: "SECRET_KEY = 'x' * 60", errors: [{ messageId: 'repeated', line: 1 }] },
    { name: 'half of the key is one character', code: `SECRET_KEY = 'a' * 30 + '${STRONG.slice(0, 30)}'`, errors: [{ messageId: 'repeated', line: 1 }] },
    { name: "'abcde' * 10 passes W009", code: "SECRET_KEY = 'abcde' * 10", errors: [{ messageId: 'pattern', line: 1 }] },
    { name: 'digits repeated', code: "SECRET_KEY = '0123456789' * 5", errors: [{ messageId: 'pattern', line: 1 }] },
    { name: 'the alphabet', code: "SECRET_KEY = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX'", errors: [{ messageId: 'pattern', line: 1 }] },
    { name: 'bytes', code: `SECRET_KEY = b'secret-${STRONG}'`, errors: [{ messageId: 'word', line: 1 }] },
    { name: 'a placeholder exported by the deployment', code: `${OS}SECRET_KEY = os.environ['DJANGO_SECRET_KEY']`, env: { DJANGO_SECRET_KEY: PLACEHOLDER }, errors: [{ messageId: 'word', line: 2 }] },
    { name: 'the default in use', code: `${OS}\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'dummy-${STRONG}')`, errors: [{ messageId: 'word', line: 3 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\nSECRET_KEY = 'example-${STRONG}'\n` },
      errors: [{ messageId: 'word', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'fallbacks: one finding per placeholder entry',
      code: `SECRET_KEY = '${STRONG}'\nSECRET_KEY_FALLBACKS = ['${DJANGO_STYLE}', 'insecure-${STRONG}', 'z' * 50]`,
      errors: [
        { messageId: 'word', line: 2 },
        { messageId: 'repeated', line: 2 },
      ],
    },
    {
      name: 'a placeholder key with an unknown fallback still fires',
      code: `${OS}SECRET_KEY = 'changeme'\nSECRET_KEY_FALLBACKS = [os.environ['OLD_KEY']]`,
      errors: [{ messageId: 'word', line: 2 }],
    },
  ],
});

describe('secret-key-placeholder', () => {
  it('never prints the key or the word it found', () => {
    const outcome = runRule(rule, { code: `SECRET_KEY = '${PLACEHOLDER}'\nSECRET_KEY_FALLBACKS = ['abc' * 20]` });
    expect(outcome.findings.map((f) => [f.message, f.severity])).toEqual([
      ['SECRET_KEY (51 characters) contains a common placeholder word', 'error'],
      ['SECRET_KEY_FALLBACKS[0] (60 characters) is a repeated pattern or a sequence', 'error'],
    ]);
    const text = JSON.stringify(outcome);
    expect(text).not.toContain('change');
    expect(text).not.toContain('abcabc');
  });

  it('does not fire on random keys (20,000 keys from a seeded generator, two alphabets)', () => {
    let seed = 0x2545f491;
    const next = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 0x100000000;
    };
    const djangoAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
    const urlsafe = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const hits: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      for (const [alphabet, length] of [[djangoAlphabet, 50], [urlsafe, 64]] as const) {
        let key = '';
        for (let j = 0; j < length; j++) key += alphabet[Math.floor(next() * alphabet.length)];
        if (placeholderWhy(key, true)) hits.push(key);
      }
    }
    expect(hits).toEqual([]);
  });
});
