import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../rules/_shared.ts';
import rule from '../../rules/hsts-seconds-too-short.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// max-age below 15552000 s (the Observatory's six months) or negative, when SecurityMiddleware sends HSTS.
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

testRule(rule, {
  valid: [
    `${SM}\nSECURE_HSTS_SECONDS = 31536000`,
    { name: 'exactly the threshold', code: `${SM}\nSECURE_HSTS_SECONDS = 15552000` },
    { name: 'two years, computed', code: `${SM}\nSECURE_HSTS_SECONDS = 2 * 365 * 24 * 60 * 60` },
    { name: 'a digit string from the environment', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = os.environ.get('HSTS_SECONDS', '0')`, env: { HSTS_SECONDS: '63072000' } },
    { name: 'HSTS off: hsts-seconds-missing reports it', code: `${SM}\nSECURE_HSTS_SECONDS = 0`, status: 'skipped' },
    { name: 'not set', code: SM, status: 'skipped' },
    { name: 'without SecurityMiddleware only W001 fires', code: 'SECURE_HSTS_SECONDS = 60', status: 'skipped' },
    { name: 'a year decides it even when MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['MW'].split(',')\nSECURE_HSTS_SECONDS = 31536000" },
    { name: 'short, but MIDDLEWARE is unknown', code: "import os\nMIDDLEWARE = os.environ['MW'].split(',')\nSECURE_HSTS_SECONDS = 60", status: 'unknown' },
    { name: 'a missing required variable', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ['HSTS_SECONDS'])`, status: 'unknown' },
    { name: "a float prints as '31536000.0'", code: `${SM}\nSECURE_HSTS_SECONDS = 31536000.0`, status: 'unknown' },
  ],
  invalid: [
    { name: 'an hour', code: `${SM}\nSECURE_HSTS_SECONDS = 3600`, errors: [{ messageId: 'short', line: 2 }] },
    { name: 'one second below six months', code: `${SM}\nSECURE_HSTS_SECONDS = 15551999`, errors: [{ messageId: 'short', line: 2 }] },
    { name: "Django's W004 lets -1 pass", code: `${SM}\nSECURE_HSTS_SECONDS = -1`, errors: [{ messageId: 'negative', line: 2 }] },
    { name: 'a short env default', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = int(os.environ.get('HSTS_SECONDS', '60'))`, errors: [{ messageId: 'short', line: 3 }] },
    { name: 'a short exported string', code: `import os\n${SM}\nSECURE_HSTS_SECONDS = os.environ['HSTS_SECONDS']`, env: { HSTS_SECONDS: '86400' }, errors: [{ messageId: 'short', line: 3 }] },
    { name: "the string '0' is true, and max-age=0 clears HSTS", code: `${SM}\nSECURE_HSTS_SECONDS = '0'`, errors: [{ messageId: 'short', line: 2 }] },
    { name: 'short in every branch of an unknown condition (the finding points at the if)', code: `import sys\n${SM}\nif 'x' in sys.argv:\n    SECURE_HSTS_SECONDS = 60\nelse:\n    SECURE_HSTS_SECONDS = 60`, errors: [{ messageId: 'short', line: 3 }] },
    {
      name: 'set in a base module',
      code: `from .base import *\n${SM}`,
      files: { 'mysite/base.py': 'DEBUG = False\nSECURE_HSTS_SECONDS = 604800\n' },
      errors: [{ messageId: 'short', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('hsts-seconds-too-short', () => {
  it('gives the value and a readable duration', () => {
    const outcome = runRule(rule, { code: `${SM}\nSECURE_HSTS_SECONDS = 2592000` });
    expect(outcome.findings.map((f) => [f.message, f.severity])).toEqual([['SECURE_HSTS_SECONDS is 2592000 (30 days), under six months', 'warning']]);
    const negative = runRule(rule, { code: `${SM}\nSECURE_HSTS_SECONDS = -1` });
    expect(negative.findings.map((f) => f.message)).toEqual(['SECURE_HSTS_SECONDS is -1: browsers ignore a negative max-age']);
  });

  it('formats durations', () => {
    expect([1, 59, 60, 3600, 5400, 86400, 1209600, 15768000, -86400].map(formatDuration)).toEqual([
      '1 second',
      '59 seconds',
      '1 minute',
      '1 hour',
      '1.5 hours',
      '1 day',
      '14 days',
      '182.5 days',
      '-1 day',
    ]);
  });
});
