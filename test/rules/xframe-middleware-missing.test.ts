import rule from '../../rules/xframe-middleware-missing.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W002: 'django.middleware.clickjacking.XFrameOptionsMiddleware' not in MIDDLEWARE (exact string; MIDDLEWARE_CLASSES is ignored since Django 2.0).
const MW = "'django.middleware.clickjacking.XFrameOptionsMiddleware'";

testRule(rule, {
  valid: [
    { code: `MIDDLEWARE = [${MW}, 'django.middleware.common.CommonMiddleware']` },
    { name: 'a tuple', code: `MIDDLEWARE = (${MW},)` },
    { name: 'inserted by the settings into a base list', code: `from .base import *\nMIDDLEWARE.insert(0, ${MW})`, files: { 'mysite/base.py': "MIDDLEWARE = ['django.middleware.common.CommonMiddleware']\n" } },
    { name: 'set in a base module', code: 'from .base import *\nDEBUG = False', files: { 'mysite/base.py': `MIDDLEWARE = [${MW}]\n` } },
    { name: 'in the list whatever sys.argv holds', code: `import sys\nMIDDLEWARE = [${MW}]\nif 'runserver' in sys.argv:\n    MIDDLEWARE = MIDDLEWARE + ['debug_toolbar.middleware.DebugToolbarMiddleware']` },
    { name: 'MIDDLEWARE from a missing env var', code: "import os\nMIDDLEWARE = os.environ['DJANGO_MIDDLEWARE'].split(',')", status: 'unknown' },
    { name: 'depends on sys.argv', code: `import sys\nMIDDLEWARE = [] if 'runserver' in sys.argv else [${MW}]`, status: 'unknown' },
    { name: 'a star import from outside the project may set it', code: 'from thirdparty.settings import *', status: 'unknown' },
  ],
  invalid: [
    { name: 'unset: the default is []', code: 'DEBUG = False', errors: [{ messageId: 'missing', line: 1 }] },
    { code: "DEBUG = False\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']", errors: [{ messageId: 'missing', line: 2 }] },
    { name: 'a subclass does not count (exact string)', code: "MIDDLEWARE = ['myapp.middleware.XFrameOptionsMiddleware']", errors: [{ messageId: 'missing', line: 1 }] },
    { name: 'MIDDLEWARE_CLASSES is ignored since Django 2.0', code: `MIDDLEWARE_CLASSES = [${MW}]`, errors: [{ messageId: 'missing', line: 1 }] },
    { name: 'Django 3.2 has W002', code: 'MIDDLEWARE = []', django: { major: 3, minor: 2 }, errors: [{ messageId: 'missing', line: 1 }] },
    { name: 'last assignment wins', code: `MIDDLEWARE = [${MW}]\nX = 1\nMIDDLEWARE = []`, errors: [{ messageId: 'missing', line: 3 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': "X = 1\nMIDDLEWARE = [\n    'django.middleware.common.CommonMiddleware',\n]\n" },
      errors: [{ messageId: 'missing', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings replace the base list',
      code: "from .base import *\nMIDDLEWARE = ['django.middleware.common.CommonMiddleware']",
      files: { 'mysite/base.py': `MIDDLEWARE = [${MW}]\n` },
      errors: [{ messageId: 'missing', line: 2 }],
    },
  ],
});
