import { describe, expect, it } from 'vitest';
import rule from '../../rules/secret-key-fallbacks-weak.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// security.W025 (Django 4.1+): one warning per index i of SECRET_KEY_FALLBACKS whose key fails the W009 test
// (len < 50, fewer than 5 distinct characters, or the 'django-insecure-' prefix).
const STRONG = 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4'; // 53 chars
const STRONG2 = 'Zx9Kp2Lm7Qw4Er8Ty1Ui6Op3As5Df0Gh9Jk2Lz7Xc4Vb8Nm1Qa6Ws';
const INSECURE = `django-insecure-${STRONG}`;

testRule(rule, {
  valid: [
    { name: 'unset: the default is []', code: 'DEBUG = False' },
    { code: 'SECRET_KEY_FALLBACKS = []' },
    { code: `SECRET_KEY_FALLBACKS = ['${STRONG}', '${STRONG2}']` },
    { name: 'a tuple', code: `SECRET_KEY_FALLBACKS = ('${STRONG}',)` },
    { name: 'exactly 50 characters and 5 distinct ones', code: "SECRET_KEY_FALLBACKS = ['abcde' * 10]" },
    { name: 'read from the environment given', code: "import os\nSECRET_KEY_FALLBACKS = os.environ['OLD_KEYS'].split(',')", env: { OLD_KEYS: `${STRONG},${STRONG2}` } },
    { name: 'Django 4.0 has no W025', code: "SECRET_KEY_FALLBACKS = ['old']", django: { major: 4, minor: 0 }, status: 'skipped' },
    { name: 'Django 3.2 has no W025', code: "SECRET_KEY_FALLBACKS = ['old']", django: { major: 3, minor: 2 }, status: 'skipped' },
    { name: 'a missing env var', code: "import os\nSECRET_KEY_FALLBACKS = [os.environ['OLD_SECRET_KEY']]", status: 'unknown' },
    { name: 'split from a missing env var', code: "import os\nSECRET_KEY_FALLBACKS = os.environ['OLD_KEYS'].split(',')", status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\nSECRET_KEY_FALLBACKS = ['dev'] if 'runserver' in sys.argv else ['${STRONG}']`, status: 'unknown' },
  ],
  invalid: [
    { code: "SECRET_KEY_FALLBACKS = ['old-key']", errors: [{ messageId: 'weak', line: 1 }] },
    {
      name: 'one finding per weak entry',
      code: `DEBUG = False\nSECRET_KEY_FALLBACKS = ['${STRONG}', 'short', '${INSECURE}', 'x' * 60]`,
      errors: [
        { messageId: 'weak', line: 2 },
        { messageId: 'weak', line: 2 },
        { messageId: 'weak', line: 2 },
      ],
    },
    { name: 'an empty entry', code: "SECRET_KEY_FALLBACKS = ['']", errors: [{ messageId: 'weak', line: 1 }] },
    { name: '49 characters', code: `SECRET_KEY_FALLBACKS = ['${STRONG.slice(0, 49)}']`, errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'Django 4.1 has W025', code: "SECRET_KEY_FALLBACKS = ['old']", django: { major: 4, minor: 1 }, errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'a weak default of an unset variable', code: "import os\nSECRET_KEY_FALLBACKS = [os.environ.get('OLD_SECRET_KEY', 'dev')]", errors: [{ messageId: 'weak', line: 2 }] },
    {
      name: 'a weak entry next to one from a missing env var is still reported',
      code: "import os\nSECRET_KEY_FALLBACKS = [os.environ['OLD_SECRET_KEY'], 'short']",
      errors: [{ messageId: 'weak', line: 2 }],
    },
    { name: 'last assignment wins', code: `SECRET_KEY_FALLBACKS = ['${STRONG}']\nSECRET_KEY_FALLBACKS = ['${STRONG}', 'old']`, errors: [{ messageId: 'weak', line: 2 }] },
    { name: 'appended after the assignment', code: `SECRET_KEY_FALLBACKS = ['${STRONG}']\nSECRET_KEY_FALLBACKS.append('old')`, errors: [{ messageId: 'weak', line: 2 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': "X = 1\nSECRET_KEY_FALLBACKS = ['old']\n" },
      errors: [{ messageId: 'weak', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('secret-key-fallbacks-weak: the index of each weak entry', () => {
  it('names indices 1, 2 and 3 and never prints a key', () => {
    const outcome = runRule(rule, { code: `SECRET_KEY_FALLBACKS = ['${STRONG}', 'short', '${INSECURE}', 'x' * 60]` });
    const messages = outcome.findings.map((f) => f.message);
    expect(messages.map((m) => /SECRET_KEY_FALLBACKS\[(\d+)\]/.exec(m)?.[1])).toEqual(['1', '2', '3']);
    for (const m of messages) {
      expect(m).not.toContain('short');
      expect(m).not.toContain(STRONG);
    }
  });
  it('reports index 0 for a single weak entry', () => {
    const outcome = runRule(rule, { code: "SECRET_KEY_FALLBACKS = ['old']" });
    expect(outcome.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^SECRET_KEY_FALLBACKS\[0\] is weak: /)]);
  });
});
