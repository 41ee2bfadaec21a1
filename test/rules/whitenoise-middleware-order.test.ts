import { describe, expect, it } from 'vitest';
import rule from '../../rules/whitenoise-middleware-order.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const SEC = "'django.middleware.security.SecurityMiddleware'";
const WN = "'whitenoise.middleware.WhiteNoiseMiddleware'";
const SESSION = "'django.contrib.sessions.middleware.SessionMiddleware'";
const COMMON = "'django.middleware.common.CommonMiddleware'";
const CORS = "'corsheaders.middleware.CorsMiddleware'";
const mw = (...items: string[]) => `MIDDLEWARE = [${items.join(', ')}]`;

testRule(rule, {
  valid: [
    { name: 'directly after SecurityMiddleware', code: mw(SEC, WN, SESSION, COMMON) },
    { name: 'first, without SecurityMiddleware', code: mw(WN, SESSION, COMMON) },
    { name: 'alone', code: mw(WN) },
    { name: 'a tuple', code: `MIDDLEWARE = (${SEC}, ${WN})` },
    { name: 'the first WhiteNoise entry counts', code: mw(SEC, WN, SESSION, WN) },
    { name: 'inserted at the right place by the production module', code: `from .base import *\nMIDDLEWARE.insert(1, ${WN})`, files: { 'mysite/base.py': `${mw(SEC, SESSION, COMMON)}\n` } },
    { name: 'no WhiteNoise', code: mw(SEC, SESSION, COMMON), status: 'skipped' },
    { name: 'MIDDLEWARE unset', code: 'DEBUG = False', status: 'skipped' },
    { name: 'an unknown entry could be WhiteNoise', code: `import os\n${mw(SEC, "os.environ['EXTRA_MIDDLEWARE']", SESSION)}`, status: 'unknown' },
    { name: 'an unknown entry shifts positions', code: `import os\n${mw("os.environ['FIRST_MIDDLEWARE']", SEC, WN)}`, status: 'unknown' },
    { name: 'entries spliced in from the environment', code: `import os\nMIDDLEWARE = [${SEC}, ${WN}, *os.environ['MORE'].split(',')]`, status: 'unknown' },
    { name: 'a list imported from outside the project', code: `from company.settings import MIDDLEWARE\nMIDDLEWARE.insert(0, ${WN})`, status: 'unknown' },
  ],
  invalid: [
    { name: 'below SessionMiddleware', code: mw(SEC, SESSION, WN, COMMON), errors: [{ messageId: 'notAfterSecurity', line: 1 }] },
    { name: 'at the end', code: `X = 1\n${mw(SEC, SESSION, COMMON, WN)}`, errors: [{ messageId: 'notAfterSecurity', line: 2 }] },
    { name: "below CorsMiddleware (WhiteNoise's docs: ignore such advice)", code: mw(SEC, CORS, WN, COMMON), errors: [{ messageId: 'notAfterSecurity', line: 1 }] },
    { name: 'above SecurityMiddleware', code: mw(WN, SEC, SESSION), errors: [{ messageId: 'beforeSecurity', line: 1 }] },
    { name: 'not first, without SecurityMiddleware', code: mw(SESSION, WN, COMMON), errors: [{ messageId: 'notFirst', line: 1 }] },
    {
      name: 'appended by the production module',
      code: `from .base import *\nDEBUG = False\nMIDDLEWARE.append(${WN})`,
      files: { 'mysite/base.py': `${mw(SEC, SESSION, COMMON)}\n` },
      errors: [{ messageId: 'notAfterSecurity', line: 3 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\n${mw(SEC, COMMON, WN)}\n` },
      errors: [{ messageId: 'notAfterSecurity', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('whitenoise-middleware-order: messages', () => {
  it('names the position WhiteNoise is at', () => {
    expect(runRule(rule, { code: mw(SEC, SESSION, COMMON, WN) }).findings.map((f) => f.message)).toEqual([
      'WhiteNoise is MIDDLEWARE[3], not directly after SecurityMiddleware',
    ]);
    expect(runRule(rule, { code: mw(SESSION, WN) }).findings.map((f) => f.message)).toEqual(['WhiteNoise is MIDDLEWARE[1]; with no SecurityMiddleware it goes first']);
  });
});
