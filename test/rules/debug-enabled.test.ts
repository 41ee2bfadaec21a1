import rule from '../../rules/debug-enabled.ts';
import { testRule } from '../helpers/rule-tester.ts';

testRule(rule, {
  valid: [
    'DEBUG = False',
    'DEBUG = 0',
    "DEBUG = ''",
    { name: 'unset: Django default is False', code: 'ALLOWED_HOSTS = ["x"]' },
    { name: 'string comparison', code: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'" },
    { name: 'django-environ bool cast from env', code: "import environ\nenv = environ.Env()\nDEBUG = env.bool('DEBUG', default=True)", env: { DEBUG: 'off' } },
    { name: 'unknown variable', code: "import os\nDEBUG = os.environ['DJANGO_DEBUG'] == '1'", status: 'unknown' },
    { name: 'false in every branch of an unknown condition', code: "import sys\nif 'runserver' in sys.argv:\n    DEBUG = False\nelse:\n    DEBUG = 0" },
    { name: 'depends on an unknown condition', code: "import sys\nDEBUG = 'runserver' in sys.argv", status: 'unknown' },
  ],
  invalid: [
    { code: 'DEBUG = True', errors: [{ messageId: 'on', line: 1 }] },
    { name: "the string 'False' is truthy", code: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False')", errors: [{ messageId: 'on', line: 2 }] },
    { name: 'last assignment wins', code: 'DEBUG = False\nX = 1\nDEBUG = 1', errors: [{ messageId: 'on', line: 3 }] },
    {
      name: 'set in a base module via star import',
      code: 'from .base import *\nALLOWED_HOSTS = ["x"]',
      files: { 'mysite/base.py': 'X = 1\nDEBUG = True\n' },
      errors: [{ messageId: 'on', line: 2, file: 'mysite/base.py' }],
    },
    { name: 'decouple without cast returns the string', code: "from decouple import config\nDEBUG = config('DEBUG', default='False')", errors: [{ messageId: 'on', line: 2 }] },
    { name: 'truthy in every branch of an unknown condition', code: "import sys\nif 'runserver' in sys.argv:\n    DEBUG = True\nelse:\n    DEBUG = 'yes'", errors: [{ messageId: 'on', line: 2 }] },
    { name: 'the branch the environment selects', code: "import os\nif os.environ.get('X'):\n    DEBUG = False\nelse:\n    DEBUG = 'yes'", errors: [{ messageId: 'on', line: 5 }] },
  ],
});
