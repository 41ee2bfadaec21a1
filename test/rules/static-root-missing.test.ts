import { describe, expect, it } from 'vitest';
import rule from '../../rules/static-root-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const APPS = "INSTALLED_APPS = ['django.contrib.admin', 'django.contrib.staticfiles']";
const storages = (backend: string, options = '') =>
  `STORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': '${backend}'${options}}}`;

testRule(rule, {
  valid: [
    { code: `${APPS}\nSTATIC_ROOT = '/srv/app/static'` },
    { name: 'a pathlib path', code: `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n${APPS}\nSTATIC_ROOT = BASE_DIR / 'staticfiles'` },
    { name: 'from the environment given', code: `import os\n${APPS}\nSTATIC_ROOT = os.environ['STATIC_ROOT']`, env: { STATIC_ROOT: '/var/www/static' } },
    { name: 'WhiteNoise manifest storage with STATIC_ROOT', code: `${APPS}\nSTATIC_ROOT = 'static'\n${storages('whitenoise.storage.CompressedManifestStaticFilesStorage')}` },
    { name: 'S3 storage uploads elsewhere', code: `${APPS}\n${storages('storages.backends.s3.S3Storage')}` },
    { name: 'S3 through the legacy setting on Django 4.2', code: `${APPS}\nSTATICFILES_STORAGE = 'storages.backends.s3boto3.S3StaticStorage'`, django: { major: 4, minor: 2 } },
    { name: 'the storage has its own location', code: `${APPS}\n${storages('django.contrib.staticfiles.storage.StaticFilesStorage', ", 'OPTIONS': {'location': '/srv/static'}")}` },
    { name: 'STORAGES without a staticfiles alias fails for another reason', code: `${APPS}\nSTORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}}` },
    { name: 'staticfiles not installed', code: "INSTALLED_APPS = ['django.contrib.admin']", status: 'skipped' },
    { name: 'INSTALLED_APPS unset', code: 'DEBUG = False', status: 'skipped' },
    { name: 'INSTALLED_APPS unknown but STATIC_ROOT set: decided', code: `import os\nINSTALLED_APPS = os.environ['APPS'].split(',')\nSTATIC_ROOT = '/srv/static'` },
    { name: 'from a missing variable', code: `import os\n${APPS}\nSTATIC_ROOT = os.environ['STATIC_ROOT']`, status: 'unknown' },
    { name: "a storage class of the project's own", code: `${APPS}\n${storages('shop.storage.CdnStorage')}`, status: 'unknown' },
    { name: 'the storage OPTIONS from a module outside the project', code: `from infra import OPTS\n${APPS}\n${storages('django.contrib.staticfiles.storage.StaticFilesStorage', ", 'OPTIONS': OPTS")}`, status: 'unknown' },
    {
      name: 'both STORAGES and STATICFILES_STORAGE on Django 5.0: Django refuses to start',
      code: `${APPS}\n${storages('django.contrib.staticfiles.storage.StaticFilesStorage')}\nSTATICFILES_STORAGE = 'django.contrib.staticfiles.storage.StaticFilesStorage'`,
      django: { major: 5, minor: 0 },
      status: 'unknown',
    },
    { name: 'depends on sys.argv', code: `import sys\n${APPS}\nSTATIC_ROOT = None if 'runserver' in sys.argv else '/srv/static'`, status: 'unknown' },
  ],
  invalid: [
    { name: "unset: Django's default is None", code: `${APPS}\nSTATIC_URL = '/static/'`, errors: [{ messageId: 'unset', line: 1 }] },
    { code: `${APPS}\nSTATIC_ROOT = None`, errors: [{ messageId: 'unset', line: 2 }] },
    { name: 'staticfiles installed by its AppConfig path', code: "INSTALLED_APPS = ['django.contrib.staticfiles.apps.StaticFilesConfig']\nSTATIC_ROOT = None", errors: [{ messageId: 'unset', line: 2 }] },
    { name: 'an empty string fails like None', code: `${APPS}\nSTATIC_ROOT = ''`, errors: [{ messageId: 'unset', line: 2 }] },
    { name: 'from an unset variable with an empty default', code: `import os\n${APPS}\nSTATIC_ROOT = os.environ.get('STATIC_ROOT', '')`, errors: [{ messageId: 'unset', line: 3 }] },
    { name: 'WhiteNoise storage without STATIC_ROOT', code: `${APPS}\n${storages('whitenoise.storage.CompressedManifestStaticFilesStorage')}`, errors: [{ messageId: 'unset', line: 1 }] },
    {
      name: 'STATICFILES_STORAGE is ignored on Django 5.1+: the default storage applies',
      code: `${APPS}\nSTATICFILES_STORAGE = 'storages.backends.s3boto3.S3StaticStorage'`,
      errors: [{ messageId: 'unset', line: 1 }],
    },
    {
      name: 'cleared by the production module',
      code: 'from .base import *\nSTATIC_ROOT = None',
      files: { 'mysite/base.py': `${APPS}\nSTATIC_ROOT = '/srv/static'\n` },
      errors: [{ messageId: 'unset', line: 2 }],
    },
    {
      name: 'set to None in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `${APPS}\nX = 1\nSTATIC_ROOT = None\n` },
      errors: [{ messageId: 'unset', line: 3, file: 'mysite/base.py' }],
    },
    { name: 'None in every branch of an unknown condition', code: `import sys\n${APPS}\nif 'test' in sys.argv:\n    STATIC_ROOT = None\nelse:\n    STATIC_ROOT = ''`, errors: [{ messageId: 'unset', line: 3 }] },
  ],
});

describe('static-root-missing: messages', () => {
  it('says whether STATIC_ROOT is unset or set to a falsy value', () => {
    expect(runRule(rule, { code: APPS }).findings.map((f) => f.message)).toEqual(['STATIC_ROOT is not set: collectstatic cannot run']);
    expect(runRule(rule, { code: `${APPS}\nSTATIC_ROOT = ''` }).findings.map((f) => f.message)).toEqual(["STATIC_ROOT is '': collectstatic cannot run"]);
  });
});
