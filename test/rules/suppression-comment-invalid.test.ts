import rule from '../../rules/suppression-comment-invalid.ts';
import { testRule } from '../helpers/rule-tester.ts';

testRule(rule, {
  valid: [
    'DEBUG = True  # secaudit: ignore[suppression-comment-invalid] a reason',
    { name: 'a Django id with a reason', code: 'X = 1  # secaudit: ignore[security.W018] kept for the staging box' },
    { name: 'a reason after a dash', code: '# secaudit: ignore[suppression-comment-invalid] — the next line is a test value\nX = 1' },
    { name: 'not a directive', code: '# secaudit is great\nX = "# secaudit: ignore[nope]"' },
  ],
  invalid: [
    { code: 'DEBUG = True  # secaudit: ignore[suppression-comment-invalid]', errors: [{ messageId: 'noReason', line: 1 }] },
    { name: 'an unknown id', code: 'X = 1\nY = 2  # secaudit: ignore[debug-enabeld] typo in the id', errors: [{ messageId: 'unknownId', line: 2 }] },
    {
      name: 'several ids, no reason, in an imported module',
      code: 'from .base import *',
      files: { 'mysite/base.py': 'A = 1\n# secaudit: ignore[security.W018, nope]\nDEBUG = True\n' },
      errors: [
        { messageId: 'noReason', line: 2, file: 'mysite/base.py' },
        { messageId: 'unknownId', line: 2, file: 'mysite/base.py' },
      ],
    },
  ],
});
