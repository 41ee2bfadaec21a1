import { describe, expect, it } from 'vitest';
import rule from '../../rules/hsts-preload-requirements.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// hstspreload.org: max-age >= 31536000, includeSubDomains, preload. Checked when the preload directive is sent.
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
const GOOD = 'SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True';

testRule(rule, {
  valid: [
    `${SM}\n${GOOD}`,
    { name: 'two years', code: `${SM}\nSECURE_HSTS_SECONDS = 63072000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = 1\nSECURE_HSTS_PRELOAD = 'yes'` },
    { name: 'no preload requested', code: `${SM}\nSECURE_HSTS_SECONDS = 3600` },
    { name: 'preload without HSTS sends nothing (hsts-seconds-missing)', code: `${SM}\nSECURE_HSTS_PRELOAD = True` },
    { name: 'without SecurityMiddleware only W001 fires', code: 'SECURE_HSTS_SECONDS = 60\nSECURE_HSTS_PRELOAD = True', status: 'skipped' },
    { name: 'a digit string from the environment', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = os.environ['HSTS']\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True`, env: { HSTS: '31536000' } },
    { name: 'preload unknown but the header qualifies anyway', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = os.environ['PRELOAD'] == '1'` },
    { name: 'preload unknown and the header would not qualify', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = 60\nSECURE_HSTS_PRELOAD = os.environ['PRELOAD'] == '1'`, status: 'unknown' },
    { name: 'subdomains unknown', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_PRELOAD = True\nSECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ['SUB'] == '1'`, status: 'unknown' },
    { name: 'a float max-age', code: `${SM}\nSECURE_HSTS_SECONDS = 31536000.0\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True`, status: 'unknown' },
  ],
  invalid: [
    {
      name: 'six months is not a year',
      code: `${SM}\nSECURE_HSTS_SECONDS = 15768000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True`,
      errors: [{ messageId: 'shortMaxAge', line: 2 }],
    },
    {
      name: 'includeSubDomains missing: the finding points at the preload request',
      code: `${SM}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_PRELOAD = True`,
      errors: [{ messageId: 'noSubdomains', line: 3 }],
    },
    {
      name: 'includeSubDomains set to False',
      code: `${SM}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSECURE_HSTS_PRELOAD = True`,
      errors: [{ messageId: 'noSubdomains', line: 3 }],
    },
    {
      name: 'both',
      code: `${SM}\nSECURE_HSTS_PRELOAD = True\nSECURE_HSTS_SECONDS = 86400`,
      errors: [
        { messageId: 'noSubdomains', line: 2 },
        { messageId: 'shortMaxAge', line: 3 },
      ],
    },
    {
      name: "the middleware sends preload for a truthy string",
      code: `import os\n${SM}\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_PRELOAD = os.environ.get('HSTS_PRELOAD', 'False')`,
      errors: [{ messageId: 'noSubdomains', line: 4 }],
    },
    {
      name: 'split across modules',
      code: `from .base import *\n${SM}\nSECURE_HSTS_PRELOAD = True`,
      files: { 'mysite/base.py': 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_SECONDS = 2592000\n' },
      errors: [{ messageId: 'shortMaxAge', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('hsts-preload-requirements messages', () => {
  it('names the requirement and the current value', () => {
    const outcome = runRule(rule, { code: `${SM}\nSECURE_HSTS_SECONDS = 15552000\nSECURE_HSTS_PRELOAD = True` });
    expect(outcome.findings.map((f) => [f.message, f.severity])).toEqual([
      ['SECURE_HSTS_SECONDS is 15552000 (180 days); HSTS preload needs a year', 'warning'],
      ['SECURE_HSTS_INCLUDE_SUBDOMAINS is off; HSTS preload needs includeSubDomains', 'warning'],
    ]);
  });
});
