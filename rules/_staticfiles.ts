/** The static files storage Django will use (static-manifest-storage-missing, static-root-missing). */
import { atLeast } from '../src/engine/django.ts';
import { type RuleContext } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Value, strDict, truthy, unresolved } from '../src/engine/values.ts';

export const STATICFILES_APP = 'django.contrib.staticfiles';
export const STATICFILES_APP_CONFIG = 'django.contrib.staticfiles.apps.StaticFilesConfig';
export const DEFAULT_BACKEND = 'django.contrib.staticfiles.storage.StaticFilesStorage';

/** The static files storage Django will use, and the statement that chose it. */
export type StaticStorage =
  | {
      readonly kind: 'backend';
      readonly backend: string;
      /** OPTIONS['location'] is given (so STATIC_ROOT is not the target); null when it cannot be told. */
      readonly ownLocation: boolean | null;
      readonly at: SettingEntry;
      /** Where the backend came from, for messages. */
      readonly via: "STORAGES['staticfiles']" | 'STATICFILES_STORAGE' | 'the default';
    }
  /** STORAGES is set without a 'staticfiles' alias: collectstatic and {% static %} fail. */
  | { readonly kind: 'missing'; readonly at: SettingEntry };

function notSet(name: string, value: Value): SettingEntry {
  return { name, value, origin: null, overridden: [] };
}

function fromStorages(entry: SettingEntry): StaticStorage | Unknown {
  const storages = knownValue(entry);
  if (isUnknown(storages)) return storages;
  if (storages.t !== 'dict') return unknownFor(entry.name, unresolved(`STORAGES is a ${storages.t}, not a dict`, '', entry.origin));
  const alias = storages.entries.get('s:staticfiles')?.value;
  if (alias === undefined) return storages.partial ? unknownFor(entry.name, storages.partial, entry.origin) : { kind: 'missing', at: entry };
  if (alias.t !== 'dict') return unknownFor(entry.name, alias.t === 'unresolved' ? alias : unresolved(`STORAGES['staticfiles'] is a ${alias.t}, not a dict`, '', entry.origin));
  const backend = alias.entries.get('s:BACKEND')?.value;
  if (backend === undefined || backend.t !== 'str') {
    return unknownFor(entry.name, backend?.t === 'unresolved' ? backend : (alias.partial ?? unresolved("STORAGES['staticfiles'] has no BACKEND string", '', entry.origin)), entry.origin);
  }
  const options = alias.entries.get('s:OPTIONS')?.value;
  let ownLocation: boolean | null = false;
  if (options?.t === 'dict') {
    const location = options.entries.get('s:location')?.value;
    ownLocation = location === undefined ? (options.partial ? null : false) : truthy(location);
  } else if (options !== undefined) ownLocation = null;
  return { kind: 'backend', backend: backend.v, ownLocation, at: entry, via: "STORAGES['staticfiles']" };
}

/**
 * Which static files storage Django uses. STORAGES arrived in 4.2; from 4.2 to 5.0 the older STATICFILES_STORAGE
 * still works but both together raise ImproperlyConfigured; 5.1 removed STATICFILES_STORAGE (it is then ignored).
 */
export function staticfilesStorage(ctx: RuleContext): StaticStorage | Unknown {
  const hasStorages = atLeast(ctx.django, 4, 2);
  const hasLegacy = !atLeast(ctx.django, 5, 1);
  const storages = hasStorages ? ctx.settings.get('STORAGES') : undefined;
  const legacy = hasLegacy ? ctx.settings.get('STATICFILES_STORAGE') : undefined;
  // Absent entries are Django's defaults; present but unresolved ones may hide a setting the module defines.
  if (storages?.value.t === 'unresolved' && !ctx.settings.isSet('STORAGES')) return unknownFor('STORAGES', storages.value, storages.origin);
  if (legacy?.value.t === 'unresolved' && !ctx.settings.isSet('STATICFILES_STORAGE')) return unknownFor('STATICFILES_STORAGE', legacy.value, legacy.origin);
  const storagesSet = storages !== undefined && ctx.settings.isSet('STORAGES');
  const legacySet = legacy !== undefined && ctx.settings.isSet('STATICFILES_STORAGE');
  if (storagesSet && legacySet) {
    return unknownFor('STATICFILES_STORAGE', unresolved('STATICFILES_STORAGE and STORAGES are both set: Django raises ImproperlyConfigured', '', legacy.origin));
  }
  if (storagesSet) return fromStorages(storages);
  if (legacySet) {
    const v = knownValue(legacy);
    if (isUnknown(v)) return v;
    if (v.t !== 'str') return unknownFor(legacy.name, unresolved(`STATICFILES_STORAGE is a ${v.t}, not a dotted path`, '', legacy.origin));
    return { kind: 'backend', backend: v.v, ownLocation: false, at: legacy, via: 'STATICFILES_STORAGE' };
  }
  const at = storages ?? notSet(hasStorages ? 'STORAGES' : 'STATICFILES_STORAGE', strDict([]));
  return { kind: 'backend', backend: DEFAULT_BACKEND, ownLocation: false, at, via: 'the default' };
}

/** The class name, e.g. `ManifestStaticFilesStorage`. */
export function className(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** Storages known to keep file names as they are (no content hash, no manifest). */
const PLAIN = new Set([
  DEFAULT_BACKEND,
  'django.core.files.storage.FileSystemStorage',
  'whitenoise.storage.CompressedStaticFilesStorage',
  'storages.backends.s3.S3Storage',
  'storages.backends.s3.S3StaticStorage',
  'storages.backends.s3boto3.S3Boto3Storage',
  'storages.backends.s3boto3.S3StaticStorage',
  'storages.backends.gcloud.GoogleCloudStorage',
  'storages.backends.azure_storage.AzureStorage',
]);

/** true: names are hashed through a manifest; false: known not to be; null: a class of the project's own. */
export function isManifestStorage(backend: string): boolean | null {
  if (className(backend).includes('Manifest')) return true;
  return PLAIN.has(backend) ? false : null;
}
