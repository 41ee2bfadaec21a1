import { describe, expect, it } from 'vitest';
import rule from '../../rules/csrf-failure-view-invalid.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// security.E101/E102 (Django 3.2+, not deploy-only). Django imports CSRF_FAILURE_VIEW with get_callable():
// ImportError (no dot, '', a missing parent package) gives E102; a missing attribute or a missing submodule of an
// existing package raises ViewDoesNotExist, which crashes the check (no id: messageId 'missing'); then
// `inspect.signature(view).bind(None, reason=None)` raising TypeError gives E101.
const VIEW = "CSRF_FAILURE_VIEW = 'mysite.views.csrf_failure'";
const views = (src: string) => ({ 'mysite/__init__.py': '', 'mysite/views.py': src });

testRule(rule, {
  valid: [
    { name: "unset: Django's own view", code: 'DEBUG = False' },
    { name: "Django's own view, explicitly", code: "CSRF_FAILURE_VIEW = 'django.views.csrf.csrf_failure'" },
    { name: 'def csrf_failure(request, reason="")', code: VIEW, files: views('def csrf_failure(request, reason=""):\n    return None\n') },
    { name: 'reason without a default can still be bound', code: VIEW, files: views('def csrf_failure(request, reason):\n    return None\n') },
    { name: '**kwargs takes reason', code: VIEW, files: views('def csrf_failure(request, **kwargs):\n    return None\n') },
    { name: '*args, **kwargs', code: VIEW, files: views('def csrf_failure(*args, **kwargs):\n    return None\n') },
    { name: 'keyword-only reason', code: VIEW, files: views("def csrf_failure(request, *, reason=''):\n    return None\n") },
    { name: 'positional-only request', code: VIEW, files: views("def csrf_failure(request, /, reason=''):\n    return None\n") },
    { name: 'extra parameters with defaults', code: VIEW, files: views("def csrf_failure(request, reason='', template_name='403_csrf.html'):\n    return None\n") },
    {
      name: 'a signature-keeping Django decorator',
      code: VIEW,
      files: views("from django.views.decorators.csrf import requires_csrf_token\n\n@requires_csrf_token\ndef csrf_failure(request, reason=''):\n    return None\n"),
    },
    { name: 'set in a base module', code: 'from .base import *', files: { ...views("def csrf_failure(request, reason=''):\n    pass\n"), 'mysite/base.py': `${VIEW}\n` } },
    { name: 'Django 3.1 has no E101/E102', code: "CSRF_FAILURE_VIEW = 'csrf_failure'", django: { major: 3, minor: 1 }, status: 'skipped' },
    { name: 'from a missing env var', code: "import os\nCSRF_FAILURE_VIEW = os.environ['CSRF_VIEW']", status: 'unknown' },
    { name: 'depends on sys.argv', code: "import sys\nCSRF_FAILURE_VIEW = 'csrf_failure' if 'runserver' in sys.argv else 'django.views.csrf.csrf_failure'", status: 'unknown' },
    { name: 'a view in an installed package is not inspected', code: "CSRF_FAILURE_VIEW = 'thirdparty.views.csrf_failure'", status: 'unknown' },
    { name: 'a view imported into the module is not followed', code: VIEW, files: views('from thirdparty.views import csrf_failure\n'), status: 'unknown' },
    { name: 'an unknown decorator may change the signature', code: VIEW, files: views('from mylib import wrap\n\n@wrap\ndef csrf_failure(request):\n    return None\n'), status: 'unknown' },
  ],
  invalid: [
    { name: 'no dot: ImportError (E102)', code: "CSRF_FAILURE_VIEW = 'csrf_failure'", errors: [{ messageId: 'notImportable', line: 1 }] },
    { name: "'' is not importable (E102)", code: "DEBUG = False\nCSRF_FAILURE_VIEW = ''", errors: [{ messageId: 'notImportable', line: 2 }] },
    {
      name: 'a missing parent module: ImportError (E102)',
      code: "CSRF_FAILURE_VIEW = 'mysite.nope.views.csrf_failure'",
      files: views("def csrf_failure(request, reason=''):\n    pass\n"),
      errors: [{ messageId: 'notImportable', line: 1 }],
    },
    {
      name: 'the module exists but has no such function: ViewDoesNotExist (no id)',
      code: "CSRF_FAILURE_VIEW = 'mysite.views.nope'",
      files: views("def csrf_failure(request, reason=''):\n    pass\n"),
      errors: [{ messageId: 'missing', line: 1 }],
    },
    {
      name: 'a missing submodule of an existing package: ViewDoesNotExist (no id)',
      code: VIEW,
      files: { 'mysite/__init__.py': '' },
      errors: [{ messageId: 'missing', line: 1 }],
    },
    { name: 'def csrf_failure(request) (E101)', code: VIEW, files: views('def csrf_failure(request):\n    return None\n'), errors: [{ messageId: 'badSignature', line: 1 }] },
    { name: 'no parameters (E101)', code: VIEW, files: views('def csrf_failure():\n    return None\n'), errors: [{ messageId: 'badSignature', line: 1 }] },
    { name: 'an extra required parameter (E101)', code: VIEW, files: views('def csrf_failure(request, reason, template):\n    return None\n'), errors: [{ messageId: 'badSignature', line: 1 }] },
    { name: 'the second parameter is not named reason (E101)', code: VIEW, files: views("def csrf_failure(request, why=''):\n    return None\n"), errors: [{ messageId: 'badSignature', line: 1 }] },
    { name: 'reason first: it gets both the positional and the keyword (E101)', code: VIEW, files: views("def csrf_failure(reason, request=None):\n    return None\n"), errors: [{ messageId: 'badSignature', line: 1 }] },
    { name: 'keyword-only request (E101)', code: VIEW, files: views('def csrf_failure(*, request=None, reason=None):\n    return None\n'), errors: [{ messageId: 'badSignature', line: 1 }] },
    { name: 'positional-only reason cannot be passed by keyword (E101)', code: VIEW, files: views("def csrf_failure(request, reason='', /):\n    return None\n"), errors: [{ messageId: 'badSignature', line: 1 }] },
    {
      name: 'the last definition in the module wins',
      code: VIEW,
      files: views("def csrf_failure(request, reason=''):\n    return None\n\n\ndef csrf_failure(request):\n    return None\n"),
      errors: [{ messageId: 'badSignature', line: 1 }],
    },
    {
      name: 'set in a base module: the finding points at it',
      code: 'from .base import *\nDEBUG = False',
      files: { ...views('def csrf_failure(request):\n    pass\n'), 'mysite/base.py': `X = 1\n${VIEW}\n` },
      errors: [{ messageId: 'badSignature', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the settings override a good base value',
      code: "from .base import *\nCSRF_FAILURE_VIEW = 'mysite.csrf.views.csrf_failure'",
      files: { ...views("def csrf_failure(request, reason=''):\n    pass\n"), 'mysite/base.py': `${VIEW}\n` },
      errors: [{ messageId: 'notImportable', line: 2 }],
    },
    { name: 'Django 3.2 has E102', code: "CSRF_FAILURE_VIEW = 'csrf_failure'", django: { major: 3, minor: 2 }, errors: [{ messageId: 'notImportable', line: 1 }] },
  ],
});

describe('csrf-failure-view-invalid: views defined inside a block', () => {
  it('a view defined in every branch of an if exists (Django imports it): no finding', () => {
    const outcome = runRule(rule, {
      code: VIEW,
      files: views(
        "import sys\n\nif sys.version_info >= (3, 12):\n    def csrf_failure(request, reason=''):\n        return None\nelse:\n    def csrf_failure(request, reason='', **kwargs):\n        return None\n",
      ),
    });
    expect(outcome.findings.map((f) => f.messageId)).toEqual([]);
    expect(['pass', 'unknown']).toContain(outcome.status);
  });
});
