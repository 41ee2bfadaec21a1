import { describe, expect, it } from 'vitest';
import rule from '../../rules/password-hasher-weak.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const H = 'django.contrib.auth.hashers.';
const hashers = (...names: string[]) => `PASSWORD_HASHERS = [${names.map((n) => `'${H}${n}'`).join(', ')}]`;
const D50 = { major: 5, minor: 0 } as const;
const D42 = { major: 4, minor: 2 } as const;

testRule(rule, {
  valid: [
    { name: "unset: Django's default starts with PBKDF2", code: 'DEBUG = False' },
    hashers('PBKDF2PasswordHasher', 'PBKDF2SHA1PasswordHasher', 'Argon2PasswordHasher', 'BCryptSHA256PasswordHasher', 'ScryptPasswordHasher'),
    { name: 'Argon2 first', code: hashers('Argon2PasswordHasher', 'PBKDF2PasswordHasher') },
    { name: 'weak hashers later in the list only upgrade old hashes', code: hashers('PBKDF2PasswordHasher', 'MD5PasswordHasher', 'UnsaltedMD5PasswordHasher', 'SHA1PasswordHasher') },
    { name: 'a tuple', code: `PASSWORD_HASHERS = ('${H}ScryptPasswordHasher', '${H}MD5PasswordHasher')` },
    { name: "a project's own hasher is not judged by name", code: "PASSWORD_HASHERS = ['accounts.hashers.LegacyMD5PasswordHasher']" },
    { name: 'a look-alike outside django.contrib.auth.hashers', code: "PASSWORD_HASHERS = ['myhashers.MD5PasswordHasher']" },
    { name: 'empty: no weak hasher (Django fails to hash at all)', code: 'PASSWORD_HASHERS = []' },
    { name: 'the first entry from the environment given', code: `import os\nPASSWORD_HASHERS = [os.environ['HASHER'], '${H}MD5PasswordHasher']`, env: { HASHER: `${H}Argon2PasswordHasher` } },
    {
      name: 'known first entry decides even with unknown entries later',
      code: `import os\nPASSWORD_HASHERS = ['${H}PBKDF2PasswordHasher', *os.environ['MORE_HASHERS'].split(',')]`,
    },
    { name: 'the first entry from a missing variable', code: `import os\nPASSWORD_HASHERS = [os.environ['HASHER'], '${H}PBKDF2PasswordHasher']`, status: 'unknown' },
    { name: 'the list from a module outside the project', code: 'from company import HASHERS\nPASSWORD_HASHERS = HASHERS', status: 'unknown' },
    { name: 'only unknown entries', code: "import os\nPASSWORD_HASHERS = [*os.environ['HASHERS'].split(',')]", status: 'unknown' },
    { name: 'test settings pick MD5 only under sys.argv', code: `import sys\nPASSWORD_HASHERS = ['${H}MD5PasswordHasher'] if 'test' in sys.argv else ['${H}PBKDF2PasswordHasher']`, status: 'unknown' },
  ],
  invalid: [
    { name: 'MD5 first', code: hashers('MD5PasswordHasher', 'PBKDF2PasswordHasher'), errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'MD5 alone, still shipped by Django 6.1', code: hashers('MD5PasswordHasher'), errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'SHA1 on Django 5.0 (removed in 5.1)', code: hashers('SHA1PasswordHasher'), django: D50, errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'UnsaltedMD5 on Django 4.2', code: hashers('UnsaltedMD5PasswordHasher', 'PBKDF2PasswordHasher'), django: D42, errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'UnsaltedSHA1 on Django 4.2', code: hashers('UnsaltedSHA1PasswordHasher'), django: D42, errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'Crypt on Django 4.2 (removed in 5.0)', code: hashers('CryptPasswordHasher'), django: D42, errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'SHA1 on Django 6.1: the class is gone', code: hashers('SHA1PasswordHasher'), errors: [{ messageId: 'removed', line: 1 }] },
    { name: 'UnsaltedMD5 on Django 5.1', code: hashers('UnsaltedMD5PasswordHasher'), django: { major: 5, minor: 1 }, errors: [{ messageId: 'removed', line: 1 }] },
    { name: 'Crypt on Django 5.0', code: hashers('CryptPasswordHasher'), django: D50, errors: [{ messageId: 'removed', line: 1 }] },
    {
      name: 'MD5 inserted at the front in the production module',
      code: `from .base import *\nPASSWORD_HASHERS.insert(0, '${H}MD5PasswordHasher')`,
      files: { 'mysite/base.py': `X = 1\n${hashers('PBKDF2PasswordHasher')}\n` },
      errors: [{ messageId: 'weak', line: 2 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\nY = 2\n${hashers('MD5PasswordHasher')}\n` },
      errors: [{ messageId: 'weak', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'MD5 first with unknown entries after it',
      code: `import os\nPASSWORD_HASHERS = ['${H}MD5PasswordHasher', *os.environ['MORE_HASHERS'].split(',')]`,
      errors: [{ messageId: 'weak', line: 2 }],
    },
    { name: 'the first entry from the environment given', code: `import os\nPASSWORD_HASHERS = [os.environ.get('HASHER', '${H}PBKDF2PasswordHasher')]`, env: { HASHER: `${H}MD5PasswordHasher` }, errors: [{ messageId: 'weak', line: 2 }] },
  ],
});

describe('password-hasher-weak: messages', () => {
  it('names the hasher and what it does', () => {
    const outcome = runRule(rule, { code: hashers('UnsaltedMD5PasswordHasher'), django: D42 });
    expect(outcome.findings.map((f) => [f.message, f.severity])).toEqual([['PASSWORD_HASHERS[0] is UnsaltedMD5PasswordHasher: new passwords get unsalted MD5', 'error']]);
  });
  it('names the Django release that no longer has the class', () => {
    const outcome = runRule(rule, { code: hashers('CryptPasswordHasher'), django: { major: 5, minor: 2 } });
    expect(outcome.findings.map((f) => f.message)).toEqual(['PASSWORD_HASHERS[0] is CryptPasswordHasher, which Django 5.2 no longer has']);
  });
});
