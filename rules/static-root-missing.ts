import { defineRule, skip } from '../src/engine/rule.ts';
import { type Unknown, allHold, anyHolds, decide, isUnknown, unknownFor } from '../src/engine/settings.ts';
import { NONE, truthy, unresolved } from '../src/engine/values.ts';
import { DOCS, describeValue, hasApp } from './_shared.ts';
import { staticfilesStorage } from './_staticfiles.ts';

const STATICFILES_APP = 'django.contrib.staticfiles';
const STATICFILES_APP_CONFIG = 'django.contrib.staticfiles.apps.StaticFilesConfig';

/** Storages that write to STATIC_ROOT unless OPTIONS['location'] says otherwise (StaticFilesStorage and its subclasses). */
const USES_STATIC_ROOT = new Set([
  'django.contrib.staticfiles.storage.StaticFilesStorage',
  'django.contrib.staticfiles.storage.ManifestStaticFilesStorage',
  'whitenoise.storage.CompressedStaticFilesStorage',
  'whitenoise.storage.CompressedManifestStaticFilesStorage',
]);
/** Packages whose storages upload elsewhere (a bucket, a CDN): STATIC_ROOT plays no part. */
const REMOTE = ['storages.backends.', 'cloudinary_storage.', 'django_s3_storage.'];

export default defineRule({
  id: 'static-root-missing',
  title: 'STATIC_ROOT is set for collectstatic',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'static-files'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When django.contrib.staticfiles is installed and the static files storage writes to the local disk (Django's StaticFilesStorage or ManifestStaticFilesStorage, or WhiteNoise's storages, without an OPTIONS['location']), checks that STATIC_ROOT is set to a directory. Django's default is None; an empty string fails the same way. Storages that upload to a bucket or CDN (django-storages and the like) do not need it and are skipped; a storage class of the project's own is reported as not verifiable.",
    why: "collectstatic stops with ImproperlyConfigured when STATIC_ROOT is not a path, so a deploy either ships without CSS and JavaScript or falls back to serving files from app directories (runserver's behaviour with DEBUG on), which Django's docs call grossly inefficient and probably insecure. WhiteNoise serves from STATIC_ROOT too.",
    severity: 'Warning: the site breaks or serves static files the insecure development way, but no data is exposed by the setting itself.',
    bad: { settings: "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_URL = '/static/'\n" },
    good: { settings: "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_URL = '/static/'\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n" },
    fix: 'Point STATIC_ROOT at an empty directory outside the source tree that the web server (or WhiteNoise) serves, and run collectstatic on every deploy.',
  },
  messages: {
    unset: { text: 'STATIC_ROOT is {{value}}: collectstatic cannot run' },
  },
  hint: "Set STATIC_ROOT to the directory collectstatic fills, e.g. BASE_DIR / 'staticfiles'.",
  references: [`${DOCS}/ref/settings/#static-root`, `${DOCS}/howto/static-files/deployment/`, `${DOCS}/ref/contrib/staticfiles/#collectstatic`],
  since: '0.1.0',
  check(ctx) {
    const app = anyHolds(hasApp(ctx, STATICFILES_APP), hasApp(ctx, STATICFILES_APP_CONFIG));
    if (app === false) return skip(`${STATICFILES_APP} is not in INSTALLED_APPS`);
    const entry = ctx.settings.get('STATIC_ROOT') ?? { name: 'STATIC_ROOT', value: NONE, origin: null, overridden: [] };
    const missing = decide(entry, (v) => {
      const t = truthy(v);
      return t === null ? null : !t;
    });
    const storage = staticfilesStorage(ctx);
    let needsRoot: boolean | Unknown;
    if (isUnknown(storage)) needsRoot = storage;
    // No 'staticfiles' storage at all fails for another reason (static-manifest-storage-missing says so).
    else if (storage.kind === 'missing') needsRoot = false;
    else if (REMOTE.some((p) => storage.backend.startsWith(p))) needsRoot = false;
    else if (!USES_STATIC_ROOT.has(storage.backend)) {
      needsRoot = unknownFor(storage.at.name, unresolved(`${storage.backend} is not a storage secaudit knows; it may not write to STATIC_ROOT`, storage.backend, storage.at.origin));
    } else if (storage.ownLocation === null) {
      needsRoot = unknownFor(storage.at.name, unresolved("STORAGES['staticfiles'] OPTIONS could not be evaluated", '', storage.at.origin));
    } else needsRoot = !storage.ownLocation;
    const fires = allHold(app, missing, needsRoot);
    if (isUnknown(fires)) return fires;
    if (!fires) return [];
    return [{ messageId: 'unset', at: entry, data: { value: entry.origin === null ? 'not set' : describeValue(entry.value) } }];
  },
});
