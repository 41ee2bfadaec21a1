import { defineRule, skip } from '../src/engine/rule.ts';
import { type Unknown, allHold, anyHolds, isUnknown, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS, hasApp } from './_shared.ts';
import { STATICFILES_APP, STATICFILES_APP_CONFIG, className, isManifestStorage, staticfilesStorage } from './_staticfiles.ts';


export default defineRule({
  id: 'static-manifest-storage-missing',
  title: 'Static files get content-hashed names (a manifest storage)',
  kind: 'settings',
  severity: 'info',
  tags: ['deploy', 'static-files', 'caching'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When django.contrib.staticfiles is installed, checks that the static files storage (STORAGES['staticfiles']['BACKEND'] on Django 4.2+, STATICFILES_STORAGE before 5.1, where it was removed) is a manifest storage: any class whose name contains `Manifest`, such as django.contrib.staticfiles.storage.ManifestStaticFilesStorage, whitenoise.storage.CompressedManifestStaticFilesStorage or django-storages' S3ManifestStaticStorage. Django's default StaticFilesStorage, FileSystemStorage, WhiteNoise's CompressedStaticFilesStorage and django-storages' plain backends are reported; a storage class of the project's own (which may subclass ManifestFilesMixin) is reported as not verifiable.",
    why: 'A manifest storage copies each file to a name with a hash of its content (app.3f2a9c.css) and rewrites references, so browsers and CDNs can cache static files for a year, and a deploy can never serve a new page with an old cached script. Without it you choose between short cache lifetimes and stale assets after each release.',
    severity: 'Info: this is about caching and correct deploys, not an attack; nothing is exposed by leaving it out.',
    bad: { settings: "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = '/srv/app/static'\n" },
    good: {
      settings:
        "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = '/srv/app/static'\nSTORAGES = {\n    'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},\n    'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'},\n}\n",
    },
    fix: "With WhiteNoise use whitenoise.storage.CompressedManifestStaticFilesStorage, which also compresses. Tests that render templates then need collectstatic to have run, or a plain storage in the test settings.",
  },
  messages: {
    plain: { text: '{{setting}} is {{backend}}: file names carry no content hash' },
    missing: { text: "STORAGES has no 'staticfiles' entry: collectstatic cannot run" },
  },
  hint: "Use ManifestStaticFilesStorage (or WhiteNoise's CompressedManifestStaticFilesStorage) for staticfiles.",
  references: [
    `${DOCS}/ref/contrib/staticfiles/#manifeststaticfilesstorage`,
    `${DOCS}/ref/settings/#storages`,
    'https://whitenoise.readthedocs.io/en/stable/django.html#add-compression-and-caching-support',
  ],
  since: '0.1.0',
  check(ctx) {
    const app = anyHolds(hasApp(ctx, STATICFILES_APP), hasApp(ctx, STATICFILES_APP_CONFIG));
    if (app === false) return skip(`${STATICFILES_APP} is not in INSTALLED_APPS`);
    const storage = staticfilesStorage(ctx);
    let plain: boolean | Unknown;
    if (isUnknown(storage)) plain = storage;
    else if (storage.kind === 'missing') plain = true;
    else {
      const manifest = isManifestStorage(storage.backend);
      plain = manifest === null ? unknownFor(storage.at.name, unresolved(`${storage.backend} is not a storage secaudit knows; it may subclass ManifestFilesMixin`, storage.backend, storage.at.origin)) : !manifest;
    }
    const fires = allHold(app, plain);
    if (isUnknown(fires)) return fires;
    if (!fires || isUnknown(storage)) return [];
    if (storage.kind === 'missing') return [{ messageId: 'missing', at: storage.at }];
    return [{ messageId: 'plain', at: storage.at, data: { setting: storage.via === 'the default' ? 'the static files storage' : storage.via, backend: className(storage.backend) } }];
  },
});
