import { describe, expect, it } from 'vitest';
import { isManifestStorage } from '../../rules/_staticfiles.ts';
import rule from '../../rules/static-manifest-storage-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const APPS = "INSTALLED_APPS = ['django.contrib.staticfiles']";
const storages = (backend: string) => `STORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': ${backend}}}`;
const D42 = { major: 4, minor: 2 } as const;
const D41 = { major: 4, minor: 1 } as const;

testRule(rule, {
  valid: [
    { code: `${APPS}\n${storages("'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'")}` },
    { name: 'WhiteNoise compressed manifest', code: `${APPS}\n${storages("'whitenoise.storage.CompressedManifestStaticFilesStorage'")}` },
    { name: 'django-storages S3 manifest', code: `${APPS}\n${storages("'storages.backends.s3.S3ManifestStaticStorage'")}` },
    { name: "a project's class named like a manifest storage", code: `${APPS}\n${storages("'shop.storage.ForgivingManifestStaticFilesStorage'")}` },
    { name: 'the legacy setting on Django 4.2', code: `${APPS}\nSTATICFILES_STORAGE = 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'`, django: D42 },
    { name: 'the legacy setting on Django 4.1 (no STORAGES yet)', code: `${APPS}\nSTATICFILES_STORAGE = 'whitenoise.storage.CompressedManifestStaticFilesStorage'`, django: D41 },
    { name: 'from the environment given', code: `import os\n${APPS}\n${storages("os.environ['STATIC_BACKEND']")}`, env: { STATIC_BACKEND: 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage' } },
    { name: 'staticfiles not installed', code: "INSTALLED_APPS = ['django.contrib.admin']", status: 'skipped' },
    { name: 'INSTALLED_APPS unknown, manifest storage: decided', code: `import os\nINSTALLED_APPS = os.environ['APPS'].split(',')\n${storages("'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'")}` },
    { name: "a storage class of the project's own", code: `${APPS}\n${storages("'shop.storage.CdnStorage'")}`, status: 'unknown' },
    { name: 'the backend from a missing variable', code: `import os\n${APPS}\n${storages("os.environ['STATIC_BACKEND']")}`, status: 'unknown' },
    { name: 'STORAGES from a module outside the project', code: `from infra.storage import STORAGES\n${APPS}`, status: 'unknown' },
    {
      name: 'both settings on Django 4.2: Django raises ImproperlyConfigured',
      code: `${APPS}\n${storages("'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'")}\nSTATICFILES_STORAGE = 'django.contrib.staticfiles.storage.StaticFilesStorage'`,
      django: D42,
      status: 'unknown',
    },
  ],
  invalid: [
    { name: "unset: Django's StaticFilesStorage", code: `${APPS}\nSTATIC_ROOT = '/srv/static'`, errors: [{ messageId: 'plain', line: 1 }] },
    { name: 'staticfiles installed by its AppConfig path', code: "X = 1\nINSTALLED_APPS = ['django.contrib.staticfiles.apps.StaticFilesConfig']", errors: [{ messageId: 'plain', line: 1 }] },
    { name: "WhiteNoise's storage without the manifest", code: `${APPS}\n${storages("'whitenoise.storage.CompressedStaticFilesStorage'")}`, errors: [{ messageId: 'plain', line: 2 }] },
    { name: 'plain S3', code: `${APPS}\n${storages("'storages.backends.s3boto3.S3StaticStorage'")}`, errors: [{ messageId: 'plain', line: 2 }] },
    { name: 'the legacy setting on Django 5.0', code: `${APPS}\nSTATICFILES_STORAGE = 'django.contrib.staticfiles.storage.StaticFilesStorage'`, django: { major: 5, minor: 0 }, errors: [{ messageId: 'plain', line: 2 }] },
    {
      name: 'a manifest in the legacy setting is ignored on Django 5.1+',
      code: `${APPS}\nSTATICFILES_STORAGE = 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'`,
      errors: [{ messageId: 'plain', line: 1 }],
    },
    { name: 'STORAGES is ignored before Django 4.2', code: `${APPS}\n${storages("'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'")}`, django: D41, errors: [{ messageId: 'plain', line: 1 }] },
    { name: "STORAGES without 'staticfiles'", code: `${APPS}\nSTORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}}`, errors: [{ messageId: 'missing', line: 2 }] },
    {
      name: 'overridden in the production module',
      code: `from .base import *\nSTORAGES = {**STORAGES, 'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedStaticFilesStorage'}}`,
      files: { 'mysite/base.py': `${APPS}\n${storages("'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'")}\n` },
      errors: [{ messageId: 'plain', line: 2 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `${APPS}\nX = 1\n${storages("'whitenoise.storage.CompressedStaticFilesStorage'")}\n` },
      errors: [{ messageId: 'plain', line: 3, file: 'mysite/base.py' }],
    },
  ],
});

describe('static-manifest-storage-missing', () => {
  it('classifies storages by class name, knows the plain ones and leaves the rest open', () => {
    expect(isManifestStorage('django.contrib.staticfiles.storage.ManifestStaticFilesStorage')).toBe(true);
    expect(isManifestStorage('storages.backends.s3boto3.S3ManifestStaticStorage')).toBe(true);
    expect(isManifestStorage('django.contrib.staticfiles.storage.StaticFilesStorage')).toBe(false);
    expect(isManifestStorage('storages.backends.gcloud.GoogleCloudStorage')).toBe(false);
    expect(isManifestStorage('mysite.storage.Manifestless')).toBe(true);
    expect(isManifestStorage('mysite.storage.HashedStorage')).toBe(null);
  });
  it('names the storage and where it was chosen', () => {
    expect(runRule(rule, { code: APPS }).findings.map((f) => [f.message, f.severity])).toEqual([
      ['the static files storage is StaticFilesStorage: file names carry no content hash', 'info'],
    ]);
    expect(runRule(rule, { code: `${APPS}\n${storages("'whitenoise.storage.CompressedStaticFilesStorage'")}` }).findings.map((f) => f.message)).toEqual([
      "STORAGES['staticfiles'] is CompressedStaticFilesStorage: file names carry no content hash",
    ]);
  });
});
