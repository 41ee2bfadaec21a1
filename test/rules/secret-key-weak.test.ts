import rule from '../../rules/secret-key-weak.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W009: SECRET_KEY unreadable (empty/unset raises on access, 3.2+) or
// len(set(k)) < 5 or len(k) < 50 or (3.2+) k.startswith('django-insecure-').
const STRONG = 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4'; // 53 chars
const INSECURE = `django-insecure-${STRONG}`;

testRule(rule, {
  valid: [
    { code: `SECRET_KEY = '${STRONG}'` },
    { name: 'exactly 50 characters and 5 distinct ones', code: "SECRET_KEY = 'abcde' * 10" },
    { name: 'bytes', code: `SECRET_KEY = b'${STRONG}'` },
    { name: 'read from the environment given', code: "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']", env: { DJANGO_SECRET_KEY: STRONG } },
    { name: 'the env value beats a weak default', code: "import os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'dev')", env: { DJANGO_SECRET_KEY: STRONG } },
    { name: "Django 3.1 has no 'django-insecure-' test", code: `SECRET_KEY = '${INSECURE}'`, django: { major: 3, minor: 1 } },
    { name: 'set in a base module', code: 'from .base import *\nDEBUG = False', files: { 'mysite/base.py': `SECRET_KEY = '${STRONG}'\n` } },
    { name: 'a later assignment fixes it', code: `SECRET_KEY = 'dev'\nSECRET_KEY = '${STRONG}'` },
    { name: 'missing env var', code: "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']", status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\nSECRET_KEY = 'dev' if 'runserver' in sys.argv else '${STRONG}'`, status: 'unknown' },
    { name: 'read from a file', code: "SECRET_KEY = open('/etc/secret_key.txt').read().strip()", status: 'unknown' },
  ],
  invalid: [
    { name: "unset: the default '' raises on access", code: 'DEBUG = False', errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'empty', code: "DEBUG = False\nSECRET_KEY = ''", errors: [{ messageId: 'weak', line: 2 }] },
    { name: 'None', code: 'SECRET_KEY = None', errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'short', code: "SECRET_KEY = 'changeme'", errors: [{ messageId: 'weak', line: 1 }] },
    { name: '49 characters', code: `SECRET_KEY = '${STRONG.slice(0, 49)}'`, errors: [{ messageId: 'weak', line: 1 }] },
    { name: '50 characters but 4 distinct ones', code: "SECRET_KEY = 'abcd' * 12 + 'ab'", errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'one character repeated', code: "SECRET_KEY = 'x' * 100", errors: [{ messageId: 'weak', line: 1 }] },
    { name: "the startproject 'django-insecure-' prefix", code: `SECRET_KEY = '${INSECURE}'`, errors: [{ messageId: 'weak', line: 1 }] },
    { name: "Django 3.2 has the 'django-insecure-' test", code: `SECRET_KEY = '${INSECURE}'`, django: { major: 3, minor: 2 }, errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'a weak default of an unset variable', code: "import os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'dev-key')", errors: [{ messageId: 'weak', line: 2 }] },
    { name: 'a weak exported value', code: "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']", env: { DJANGO_SECRET_KEY: 'short' }, errors: [{ messageId: 'weak', line: 2 }] },
    { name: 'short bytes', code: "SECRET_KEY = b'short'", errors: [{ messageId: 'weak', line: 1 }] },
    { name: 'last assignment wins', code: `SECRET_KEY = '${STRONG}'\nSECRET_KEY = 'dev'`, errors: [{ messageId: 'weak', line: 2 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `import os\n\nSECRET_KEY = '${INSECURE}'\n` },
      errors: [{ messageId: 'weak', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: "from .base import *\nSECRET_KEY = 'test'",
      files: { 'mysite/base.py': `SECRET_KEY = '${STRONG}'\n` },
      errors: [{ messageId: 'weak', line: 2 }],
    },
  ],
});
