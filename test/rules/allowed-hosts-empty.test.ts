import rule from '../../rules/allowed-hosts-empty.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W020: `if not settings.ALLOWED_HOSTS` (plain truthiness; no wildcard check exists).
testRule(rule, {
  valid: [
    "ALLOWED_HOSTS = ['www.example.com']",
    { name: "[''] is a non-empty list, so Django passes it", code: "ALLOWED_HOSTS = ['']" },
    { name: "['*'] passes: Django has no wildcard check", code: "ALLOWED_HOSTS = ['*']" },
    { name: 'a tuple', code: "ALLOWED_HOSTS = ('.example.com',)" },
    { name: "''.split(',') is [''], which is truthy", code: "import os\nALLOWED_HOSTS = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')" },
    { name: 'read from the environment given', code: "import os\nALLOWED_HOSTS = os.environ['DJANGO_ALLOWED_HOSTS'].split(',')", env: { DJANGO_ALLOWED_HOSTS: 'a.example.com,b.example.com' } },
    { name: 'set in a base module', code: 'from .base import *\nDEBUG = False', files: { 'mysite/base.py': "ALLOWED_HOSTS = ['www.example.com']\n" } },
    { name: 'a later assignment fixes an earlier empty one', code: "ALLOWED_HOSTS = []\nALLOWED_HOSTS = ['www.example.com']" },
    { name: 'missing env var read with os.environ[...]', code: "import os\nALLOWED_HOSTS = os.environ['DJANGO_ALLOWED_HOSTS'].split(',')", status: 'unknown' },
    { name: 'depends on sys.argv', code: "import sys\nALLOWED_HOSTS = ['localhost'] if 'runserver' in sys.argv else []", status: 'unknown' },
    { name: 'non-empty in every branch of an unknown condition', code: "import sys\nif 'runserver' in sys.argv:\n    ALLOWED_HOSTS = ['localhost']\nelse:\n    ALLOWED_HOSTS = ['www.example.com']" },
    { name: 'a star import from outside the project may set it', code: 'from thirdparty.settings import *', status: 'unknown' },
  ],
  invalid: [
    { name: "unset: Django's default is []", code: 'DEBUG = False', errors: [{ messageId: 'empty', line: 1 }] },
    { code: 'DEBUG = False\nALLOWED_HOSTS = []', errors: [{ messageId: 'empty', line: 2 }] },
    { name: 'an empty tuple', code: 'ALLOWED_HOSTS = ()', errors: [{ messageId: 'empty', line: 1 }] },
    {
      name: 'empty list built from an unset variable',
      code: "import os\nALLOWED_HOSTS = [h for h in os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',') if h]",
      errors: [{ messageId: 'empty', line: 2 }],
    },
    { name: 'last assignment wins', code: "ALLOWED_HOSTS = ['www.example.com']\nX = 1\nALLOWED_HOSTS = []", errors: [{ messageId: 'empty', line: 3 }] },
    {
      name: 'set empty in a base module via star import',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': 'X = 1\nALLOWED_HOSTS = []\n' },
      errors: [{ messageId: 'empty', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings module overrides a good base value',
      code: 'from .base import *\nALLOWED_HOSTS = []',
      files: { 'mysite/base.py': "ALLOWED_HOSTS = ['www.example.com']\n" },
      errors: [{ messageId: 'empty', line: 2 }],
    },
    {
      name: 'a settings package: production.py star-imports base.py',
      path: 'config/settings/production.py',
      code: 'from .base import *\nDEBUG = False',
      files: { 'config/__init__.py': '', 'config/settings/__init__.py': '', 'config/settings/base.py': 'ALLOWED_HOSTS = []\n' },
      errors: [{ messageId: 'empty', line: 1, file: 'config/settings/base.py' }],
    },
    { name: 'empty in every branch of an unknown condition', code: "import sys\nif 'runserver' in sys.argv:\n    ALLOWED_HOSTS = []\nelse:\n    ALLOWED_HOSTS = ()", errors: [{ messageId: 'empty', line: 2 }] },
  ],
});
