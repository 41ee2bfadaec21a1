import { describe, expect, it } from 'vitest';
import rule from '../../rules/cache-location-exposed.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// caches.W002 (Django 3.2+): for each of MEDIA_ROOT, STATIC_ROOT, STATICFILES_DIRS that is truthy, and every
// FileBasedCache alias, warn when the resolved cache dir equals, is inside, or contains one of the paths.
const FB = "'django.core.cache.backends.filebased.FileBasedCache'";
const cache = (location: string, alias = 'default') => `CACHES = {'${alias}': {'BACKEND': ${FB}, 'LOCATION': ${location}}}`;

testRule(rule, {
  valid: [
    { name: "Django's default cache (LocMemCache)", code: "MEDIA_ROOT = '/srv/app/media'\nSTATIC_ROOT = '/srv/app/static'" },
    { name: 'file cache elsewhere', code: `STATIC_ROOT = '/srv/app/static'\nMEDIA_ROOT = '/srv/app/media'\n${cache("'/var/tmp/django_cache'")}` },
    { name: 'a sibling sharing a name prefix is not inside', code: `STATIC_ROOT = '/srv/static'\n${cache("'/srv/static-cache'")}` },
    { name: 'a sibling whose name extends the cache dir is not contained', code: `MEDIA_ROOT = '/srv/cache2/media'\n${cache("'/srv/cache'")}` },
    { name: 'MEDIA_ROOT empty (the default) is ignored', code: `MEDIA_ROOT = ''\n${cache("'/srv/app'")}` },
    { name: 'STATIC_ROOT None (the default) and STATICFILES_DIRS empty are ignored', code: `STATIC_ROOT = None\nSTATICFILES_DIRS = []\n${cache("'/srv/app'")}` },
    {
      name: 'not a file-based backend',
      code: "STATIC_ROOT = '/srv/static'\nCACHES = {'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache', 'LOCATION': '/srv/static/cache'}}",
    },
    { name: 'Django 3.1 has no caches.W002', code: `STATIC_ROOT = '/srv/static'\n${cache("'/srv/static'")}`, django: { major: 3, minor: 1 }, status: 'skipped' },
    { name: 'STATIC_ROOT from a missing env var', code: `import os\nSTATIC_ROOT = os.environ['STATIC_ROOT']\n${cache("'/srv/static'")}`, status: 'unknown' },
    { name: 'cache LOCATION from a missing env var', code: `import os\nSTATIC_ROOT = '/srv/static'\n${cache("os.environ['CACHE_DIR']")}`, status: 'unknown' },
    { name: 'STATIC_ROOT given by the environment', code: `import os\nSTATIC_ROOT = os.environ['STATIC_ROOT']\n${cache("'/srv/static/cache'")}`, env: { STATIC_ROOT: '/srv/public' } },
    { name: 'a relative STATIC_ROOT against an absolute LOCATION depends on the working directory', code: `STATIC_ROOT = 'static'\n${cache("'/srv/static'")}`, status: 'unknown' },
    { name: 'cache dir depends on sys.argv', code: `import sys\nMEDIA_ROOT = '/srv/media'\n${cache("'/srv/media/c' if 'runserver' in sys.argv else '/var/tmp/c'")}`, status: 'unknown' },
    { name: 'an unknown LOCATION does not matter when no static or media path is set', code: `import os\n${cache("os.environ['CACHE_DIR']")}` },
  ],
  invalid: [
    { name: 'the same directory as STATIC_ROOT', code: `STATIC_ROOT = '/srv/static'\n${cache("'/srv/static'")}`, errors: [{ messageId: 'exposed', line: 2 }] },
    { name: 'the same directory, with a trailing slash', code: `STATIC_ROOT = '/srv/static'\n${cache("'/srv/static/'")}`, errors: [{ messageId: 'exposed', line: 2 }] },
    { name: 'inside MEDIA_ROOT', code: `MEDIA_ROOT = '/srv/media'\nX = 1\n${cache("'/srv/media/cache'")}`, errors: [{ messageId: 'exposed', line: 3 }] },
    { name: 'inside after resolving ..', code: `STATIC_ROOT = '/srv/static'\n${cache("'/srv/app/../static/cache'")}`, errors: [{ messageId: 'exposed', line: 2 }] },
    { name: 'contains a STATICFILES_DIRS entry', code: `STATICFILES_DIRS = ['/srv/app/assets']\n${cache("'/srv/app'")}`, errors: [{ messageId: 'exposed', line: 2 }] },
    {
      name: 'inside a (prefix, path) STATICFILES_DIRS entry',
      code: `STATICFILES_DIRS = ['/srv/app/assets', ('vendor', '/srv/vendor')]\n${cache("'/srv/vendor/cache'")}`,
      errors: [{ messageId: 'exposed', line: 2 }],
    },
    {
      name: 'one finding per setting: contains MEDIA_ROOT and STATIC_ROOT',
      code: `MEDIA_ROOT = '/srv/app/media'\nSTATIC_ROOT = '/srv/app/static'\n${cache("'/srv/app'")}`,
      errors: [
        { messageId: 'exposed', line: 3 },
        { messageId: 'exposed', line: 3 },
      ],
    },
    {
      name: 'one finding per alias',
      code: `MEDIA_ROOT = '/srv/media'\nCACHES = {\n    'default': {'BACKEND': ${FB}, 'LOCATION': '/srv/media/a'},\n    'other': {'BACKEND': ${FB}, 'LOCATION': '/srv/media/b'},\n    'mem': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'},\n}`,
      errors: [
        { messageId: 'exposed', line: 2 },
        { messageId: 'exposed', line: 2 },
      ],
    },
    {
      name: 'pathlib paths from BASE_DIR',
      code: `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / 'static'\n${cache("BASE_DIR / 'static' / 'cache'")}`,
      errors: [{ messageId: 'exposed', line: 4 }],
    },
    {
      name: 'os.path paths from BASE_DIR',
      code: `import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nMEDIA_ROOT = os.path.join(BASE_DIR, 'media')\n${cache("os.path.join(BASE_DIR, 'media', 'cache')")}`,
      errors: [{ messageId: 'exposed', line: 4 }],
    },
    {
      name: 'CACHES set in a base module: the finding points at it',
      code: "from .base import *\nSTATIC_ROOT = '/srv/static'",
      files: { 'mysite/base.py': `DEBUG = False\n${cache("'/srv/static/cache'")}\n` },
      errors: [{ messageId: 'exposed', line: 2, file: 'mysite/base.py' }],
    },
    { name: 'both relative: inside (same working directory)', code: `STATIC_ROOT = 'static'\n${cache("'static/cache'")}`, errors: [{ messageId: 'exposed', line: 2 }] },
    {
      name: 'the last CACHES assignment wins',
      code: `STATIC_ROOT = '/srv/static'\n${cache("'/var/tmp/c'")}\n${cache("'/srv/static/c'")}`,
      errors: [{ messageId: 'exposed', line: 3 }],
    },
    {
      name: 'STATIC_ROOT given by the environment',
      code: `import os\nSTATIC_ROOT = os.environ['STATIC_ROOT']\n${cache("'/srv/static/cache'")}`,
      env: { STATIC_ROOT: '/srv/static' },
      errors: [{ messageId: 'exposed', line: 3 }],
    },
  ],
});

describe('cache-location-exposed: unknown values', () => {
  it('says why a LOCATION from a missing env var cannot be checked', () => {
    const outcome = runRule(rule, { code: `import os\nSTATIC_ROOT = '/srv/static'\n${cache("os.environ['CACHE_DIR']")}` });
    expect(outcome.status).toBe('unknown');
    expect(outcome.unknown?.setting).toBe('CACHES');
    expect(outcome.unknown?.reason).toEqual(expect.stringContaining('CACHE_DIR'));
  });
});

describe('cache-location-exposed: relations', () => {
  const message = (code: string) => runRule(rule, { code }).findings.map((f) => f.message);
  it('names the alias, the relation and the setting', () => {
    expect(message(`MEDIA_ROOT = '/srv/media'\n${cache("'/srv/media/c'", 'files')}`)).toEqual(["cache 'files' directory is inside MEDIA_ROOT"]);
    expect(message(`STATIC_ROOT = '/srv/static'\n${cache("'/srv/static'")}`)).toEqual(["cache 'default' directory is the same directory as STATIC_ROOT"]);
    expect(message(`STATICFILES_DIRS = [('v', '/srv/a/v')]\n${cache("'/srv/a'")}`)).toEqual(["cache 'default' directory contains STATICFILES_DIRS"]);
  });
  it("an equal path wins over nesting, as in Django's any(path == cache_path) test", () => {
    expect(message(`STATICFILES_DIRS = ['/srv/a', '/srv/a/b']\n${cache("'/srv/a/b'")}`)).toEqual(["cache 'default' directory is the same directory as STATICFILES_DIRS"]);
  });
});
