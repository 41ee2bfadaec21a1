import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/logging-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const CONSOLE = "'handlers': {'console': {'class': 'logging.StreamHandler'}}";
const ADMINS = "ADMINS = [('Ops', 'ops@example.com')]";

testRule(rule, {
  valid: [
    { name: 'root handler, existing loggers kept', code: `LOGGING = {'version': 1, 'disable_existing_loggers': False, ${CONSOLE}, 'root': {'handlers': ['console'], 'level': 'WARNING'}}` },
    { name: "a handler on 'django' (children are reset, not disabled)", code: `LOGGING = {'version': 1, ${CONSOLE}, 'loggers': {'django': {'handlers': ['console'], 'level': 'INFO'}}}` },
    { name: 'a handler on django.request itself', code: `LOGGING = {'version': 1, ${CONSOLE}, 'loggers': {'django.request': {'handlers': ['console'], 'level': 'ERROR', 'propagate': False}}}` },
    { name: 'a file handler', code: "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'file': {'class': 'logging.handlers.RotatingFileHandler', 'filename': '/var/log/app.log'}}, 'root': {'handlers': ['file']}}" },
    { name: 'a third-party handler class counts as a log', code: "LOGGING = {'version': 1, 'handlers': {'sentry': {'class': 'sentry_sdk.integrations.logging.EventHandler'}}, 'loggers': {'django': {'handlers': ['sentry']}}}" },
    {
      name: 'no handler anywhere on the way: logging.lastResort writes to stderr',
      code: "LOGGING = {'version': 1, 'loggers': {'django': {'handlers': [], 'propagate': False}}}",
    },
    {
      name: 'a RequireDebugFalse filter passes in production',
      code: `LOGGING = {'version': 1, 'filters': {'prod': {'()': 'django.utils.log.RequireDebugFalse'}}, 'handlers': {'console': {'class': 'logging.StreamHandler', 'filters': ['prod']}}, 'loggers': {'django': {'handlers': ['console']}}}`,
    },
    { name: 'the level from the environment given', code: `import os\nLOGGING = {'version': 1, ${CONSOLE}, 'loggers': {'django': {'handlers': ['console'], 'level': os.environ['DJANGO_LOG_LEVEL']}}}`, env: { DJANGO_LOG_LEVEL: 'INFO' } },
    { name: 'a custom LOGGING_CONFIG', code: "LOGGING_CONFIG = 'myproject.logs.configure'\nLOGGING = {}", status: 'unknown' },
    { name: 'LOGGING_CONFIG None: configured elsewhere', code: 'import logging.config\nLOGGING_CONFIG = None\nlogging.config.dictConfig({})', status: 'unknown' },
    { name: 'a level from a missing variable', code: `import os\nLOGGING = {'version': 1, ${CONSOLE}, 'loggers': {'django': {'handlers': ['console'], 'level': os.environ['DJANGO_LOG_LEVEL']}}}`, status: 'unknown' },
    { name: 'a lower-case level: dictConfig raises', code: `LOGGING = {'version': 1, ${CONSOLE}, 'loggers': {'django': {'handlers': ['console'], 'level': 'info'}}}`, status: 'unknown' },
    { name: 'no version: dictConfig raises', code: `LOGGING = {${CONSOLE}, 'root': {'handlers': ['console']}}`, status: 'unknown' },
    { name: 'a custom filter on the only handler', code: "LOGGING = {'version': 1, 'filters': {'f': {'()': 'myproject.logs.Sampler'}}, 'handlers': {'h': {'class': 'logging.StreamHandler', 'filters': ['f']}}, 'loggers': {'django': {'handlers': ['h']}}}", status: 'unknown' },
    { name: 'LOGGING from a module outside the project', code: 'from company.logging import LOGGING', status: 'unknown' },
    { name: 'a base dict from outside the project', code: "from company.logging import BASE\nLOGGING = {**BASE, 'version': 1}", status: 'unknown' },
  ],
  invalid: [
    { name: 'unset, no ADMINS', code: 'DEBUG = False', errors: [{ messageId: 'notLogged', line: 1 }] },
    { name: 'unset, ADMINS set: email only', code: ADMINS, errors: [{ messageId: 'emailOnly', line: 1 }] },
    { name: 'an empty dict is not applied', code: `X = 1\nLOGGING = {}\n${ADMINS}`, errors: [{ messageId: 'emailOnly', line: 2 }] },
    {
      name: "disable_existing_loggers defaults to True: a root handler alone does not see Django's errors",
      code: `LOGGING = {'version': 1, ${CONSOLE}, 'root': {'handlers': ['console'], 'level': 'WARNING'}}`,
      errors: [{ messageId: 'notLogged', line: 1 }],
    },
    {
      name: "root configured through loggers[''] is no different",
      code: `LOGGING = {'version': 1, 'disable_existing_loggers': True, ${CONSOLE}, 'loggers': {'': {'handlers': ['console']}}}`,
      errors: [{ messageId: 'notLogged', line: 1 }],
    },
    {
      name: 'django at CRITICAL',
      code: `LOGGING = {'version': 1, 'disable_existing_loggers': False, ${CONSOLE}, 'loggers': {'django': {'handlers': ['console'], 'level': 'CRITICAL'}}}`,
      errors: [{ messageId: 'notLogged', line: 1 }],
    },
    {
      name: 'django.request sent to a NullHandler',
      code: "LOGGING = {'version': 1, 'handlers': {'null': {'class': 'logging.NullHandler'}}, 'loggers': {'django.request': {'handlers': ['null'], 'propagate': False}}}",
      errors: [{ messageId: 'notLogged', line: 1 }],
    },
    {
      name: 'the only handler is for DEBUG on, and ADMINS is set',
      code: `${ADMINS}\nLOGGING = {'version': 1, 'disable_existing_loggers': False, 'filters': {'dev': {'()': 'django.utils.log.RequireDebugTrue'}}, 'handlers': {'console': {'class': 'logging.StreamHandler', 'filters': ['dev']}}, 'root': {'handlers': ['console']}}`,
      errors: [{ messageId: 'emailOnly', line: 2 }],
    },
    {
      name: 'root handler above ERROR; ADMINS empty',
      code: "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'console': {'class': 'logging.StreamHandler', 'level': 'CRITICAL'}}, 'root': {'handlers': ['console']}}",
      errors: [{ messageId: 'notLogged', line: 1 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\nLOGGING = {'version': 1, ${CONSOLE}, 'root': {'handlers': ['console']}}\n` },
      errors: [{ messageId: 'notLogged', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'the production module drops the handlers',
      code: "from .base import *\nLOGGING = {'version': 1, 'handlers': {}, 'loggers': {'django': {'handlers': [], 'level': 'CRITICAL'}}}",
      files: { 'mysite/base.py': `LOGGING = {'version': 1, 'disable_existing_loggers': False, ${CONSOLE}, 'root': {'handlers': ['console']}}\n` },
      errors: [{ messageId: 'notLogged', line: 2 }],
    },
  ],
});

describe('logging-missing: messages', () => {
  it('masks string literals of LOGGING in a could-not-verify detail (handlers may carry tokens)', () => {
    const outcome = runRule(rule, { code: "import sys\nLOGGING = {'version': 1, 'handlers': {'h': {'class': 'logs.Handler', 'token': 'tok-8c1f2e'}}} if 'x' in sys.argv else {}" });
    expect(outcome.status).toBe('unknown');
    expect(JSON.stringify(outcome)).not.toContain('tok-8c1f2e');
  });
  const message = (code: string) => runRule(rule, { code }).findings.map((f) => [f.message, f.severity]);
  it('explains why', () => {
    expect(message('DEBUG = False')).toEqual([['server errors (django.request) are not logged: LOGGING is not set and ADMINS is empty', 'info']]);
    expect(message(ADMINS)).toEqual([['server errors (django.request) are only emailed to ADMINS: LOGGING is not set', 'info']]);
    expect(message(`LOGGING = {'version': 1, ${CONSOLE}, 'root': {'handlers': ['console']}}`)).toEqual([
      ['server errors (django.request) are not logged: disable_existing_loggers disables django.request', 'info'],
    ]);
    expect(message(`LOGGING = {'version': 1, 'disable_existing_loggers': False, ${CONSOLE}, 'loggers': {'django': {'handlers': ['console'], 'level': 'CRITICAL'}}}`)).toEqual([
      ['server errors (django.request) are not logged: the effective level of django.request is 50', 'info'],
    ]);
  });
});

/**
 * Differential test against CPython's logging: the same LOGGING literal is applied after Django's DEFAULT_LOGGING
 * (written out here with stub RequireDebugFalse/RequireDebugTrue filters and AdminEmailHandler, DEBUG off), one
 * ERROR is logged on django.request, and the handlers that accept it are classified.
 */
const ORACLE = String.raw`
import json, logging, logging.config, sys, types
django = types.ModuleType('django'); utils = types.ModuleType('django.utils'); log = types.ModuleType('django.utils.log')
class RequireDebugFalse(logging.Filter):
    def filter(self, record): return True
class RequireDebugTrue(logging.Filter):
    def filter(self, record): return False
class AdminEmailHandler(logging.Handler):
    def emit(self, record): pass
log.RequireDebugFalse, log.RequireDebugTrue, log.AdminEmailHandler = RequireDebugFalse, RequireDebugTrue, AdminEmailHandler
django.utils, utils.log = utils, log
sys.modules.update({'django': django, 'django.utils': utils, 'django.utils.log': log})
logging.getLogger('django.request')
logging.config.dictConfig({
    'version': 1, 'disable_existing_loggers': False,
    'filters': {'require_debug_false': {'()': 'django.utils.log.RequireDebugFalse'}, 'require_debug_true': {'()': 'django.utils.log.RequireDebugTrue'}},
    'handlers': {
        'console': {'level': 'INFO', 'filters': ['require_debug_true'], 'class': 'logging.StreamHandler'},
        'django.server': {'level': 'INFO', 'class': 'logging.StreamHandler'},
        'mail_admins': {'level': 'ERROR', 'filters': ['require_debug_false'], 'class': 'django.utils.log.AdminEmailHandler'},
    },
    'loggers': {
        'django': {'handlers': ['console', 'mail_admins'], 'level': 'INFO'},
        'django.server': {'handlers': ['django.server'], 'level': 'INFO', 'propagate': False},
        'django.db.migrations': {'handlers': [], 'level': 'INFO', 'propagate': False},
    },
})
LOGGING = json.loads(sys.argv[1])
if LOGGING:
    logging.config.dictConfig(LOGGING)
seen = set()
original = logging.Handler.handle
def handle(self, record):
    passed = original(self, record)
    if passed and not isinstance(self, logging.NullHandler):
        seen.add('email' if isinstance(self, AdminEmailHandler) else 'records')
    return passed
logging.Handler.handle = handle
logging.StreamHandler.emit = lambda self, record: None
logging.getLogger('django.request').error('Internal Server Error: /')
print('records' if 'records' in seen else 'email' if 'email' in seen else 'none')
`;

const python = spawnSync('python3', ['-c', 'import logging.config'], { encoding: 'utf8' });
const oracleCases: readonly Record<string, unknown>[] = [
  {},
  { version: 1, handlers: { console: { class: 'logging.StreamHandler' } }, root: { handlers: ['console'] } },
  { version: 1, disable_existing_loggers: false, handlers: { console: { class: 'logging.StreamHandler' } }, root: { handlers: ['console'] } },
  { version: 1, handlers: { console: { class: 'logging.StreamHandler' } }, loggers: { django: { handlers: ['console'] } } },
  { version: 1, loggers: { django: { handlers: [], propagate: false } } },
  { version: 1, loggers: { 'django.request': { handlers: [], propagate: false } } },
  { version: 1, disable_existing_loggers: false, handlers: { n: { class: 'logging.NullHandler' } }, loggers: { 'django.request': { handlers: ['n'], propagate: false } } },
  { version: 1, disable_existing_loggers: false, handlers: { c: { class: 'logging.StreamHandler' } }, loggers: { django: { handlers: ['c'], level: 'CRITICAL' } } },
  { version: 1, disable_existing_loggers: false, handlers: { c: { class: 'logging.StreamHandler', level: 'CRITICAL' } }, root: { handlers: ['c'] } },
  { version: 1, disable_existing_loggers: true, handlers: { c: { class: 'logging.StreamHandler' } }, loggers: { '': { handlers: ['c'] } } },
  { version: 1, handlers: { c: { class: 'logging.StreamHandler' } }, loggers: { 'django.request': { handlers: ['c'], level: 'ERROR' } } },
  { version: 1, handlers: { m: { class: 'django.utils.log.AdminEmailHandler' } }, loggers: { django: { handlers: ['m'] } } },
  { version: 1, disable_existing_loggers: false, filters: { db: { name: 'django.db' } }, handlers: { c: { class: 'logging.StreamHandler', filters: ['db'] } }, root: { handlers: ['c'] } },
  { version: 1, disable_existing_loggers: false, filters: { dj: { name: 'django' } }, handlers: { c: { class: 'logging.StreamHandler', filters: ['dj'] } }, root: { handlers: ['c'] } },
  { version: 1, disable_existing_loggers: false, handlers: { c: { class: 'logging.StreamHandler' } }, loggers: { django: { propagate: false, handlers: [] } }, root: { handlers: ['c'] } },
  { version: 1, disable_existing_loggers: false, handlers: { c: { class: 'logging.StreamHandler' } }, loggers: { django: { level: 'WARNING' } }, root: { handlers: ['c'], level: 'CRITICAL' } },
];

/** JSON to a Python literal (the cases use only dicts, lists, strings, integers and booleans). */
function pyLiteral(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string' || typeof v === 'number') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(', ')}}`;
}

describe.skipIf(python.status !== 0)('logging-missing agrees with CPython logging.config', () => {
  for (const config of oracleCases) {
    it(JSON.stringify(config), () => {
      const run = spawnSync('python3', ['-c', ORACLE, JSON.stringify(config)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const expected = run.stdout.trim();
      const outcome = runRule(rule, { code: `${ADMINS}\nLOGGING = ${pyLiteral(config)}` });
      const got = outcome.status === 'pass' ? 'records' : outcome.findings[0]?.messageId === 'emailOnly' ? 'email' : outcome.findings[0]?.messageId === 'notLogged' ? 'none' : outcome.status;
      expect(got).toBe(expected);
    });
  }
});
