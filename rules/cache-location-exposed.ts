import { defineRule } from '../src/engine/rule.ts';
import { isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Unresolved, type Value, unresolved } from '../src/engine/values.ts';
import { DOCS, requireDjango, setting } from './_shared.ts';

const FILE_BASED = 'django.core.cache.backends.filebased.FileBasedCache';

function normalise(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(s);
  }
  return (abs ? '/' : '') + out.join('/');
}

function pathOf(v: Value): string | Unresolved | null {
  if (v.t === 'str' || v.t === 'path') return normalise(v.v);
  if (v.t === 'unresolved') return v;
  return null;
}

function relation(settingPath: string, cachePath: string): string | null {
  if (settingPath === cachePath) return 'is the same directory as';
  if (cachePath.startsWith(`${settingPath}/`) || settingPath === '/') return 'is inside';
  if (settingPath.startsWith(`${cachePath}/`) || cachePath === '/') return 'contains';
  return null;
}

type Found = { messageId: 'exposed'; at: ReturnType<typeof setting>; data: { alias: string; relation: string; setting: string } };

export default defineRule({
  id: 'cache-location-exposed',
  title: 'A file-based cache does not share a directory with static or media files',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'caches', 'static-files'],
  django: ['caches.W002'],
  deployOnly: true,
  docs: {
    what: "Checks every FileBasedCache in CACHES against MEDIA_ROOT, STATIC_ROOT and STATICFILES_DIRS, as Django 3.2+'s caches.W002 does: the cache directory must not be the same as, inside, or around any of them. One finding per cache and setting. Paths are compared after normalisation; a relative path compared with an absolute one is reported as not verifiable.",
    why: 'Files in MEDIA_ROOT and STATIC_ROOT are served to anyone. Cache files there can leak pickled session and page data, and collectstatic or uploads can overwrite (corrupt) the cache.',
    bad: {
      settings: "STATIC_ROOT = '/srv/app/static'\nCACHES = {'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': '/srv/app/static/cache'}}\n",
    },
    good: {
      settings: "STATIC_ROOT = '/srv/app/static'\nCACHES = {'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': '/var/tmp/django_cache'}}\n",
    },
  },
  messages: {
    exposed: { text: "cache '{{alias}}' directory {{relation}} {{setting}}", django: 'caches.W002' },
  },
  hint: 'Move the cache LOCATION outside MEDIA_ROOT, STATIC_ROOT and STATICFILES_DIRS (e.g. /var/tmp/django_cache).',
  references: [`${DOCS}/topics/cache/#filesystem-caching`, `${DOCS}/ref/checks/#caches`],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 3, 2, 'caches.W002');
    if (gate) return gate;
    // The static and media directories first: when none is set, no cache can collide with them.
    const dirs: Array<{ name: string; entry: ReturnType<typeof setting>; paths: string[] }> = [];
    for (const name of ['MEDIA_ROOT', 'STATIC_ROOT', 'STATICFILES_DIRS']) {
      const entry = setting(ctx, name);
      const v = knownValue(entry);
      if (isUnknown(v)) return v;
      if (v.t === 'none' || (v.t === 'str' && v.v === '') || ((v.t === 'list' || v.t === 'tuple') && v.items.length === 0 && !v.partial)) continue;
      if (name === 'STATICFILES_DIRS' && (v.t === 'list' || v.t === 'tuple') && v.partial) return unknownFor(name, v.partial);
      const paths: string[] = [];
      const items = name === 'STATICFILES_DIRS' ? (v.t === 'list' || v.t === 'tuple' ? v.items : []) : [v];
      for (const item of items) {
        const raw = (item.t === 'tuple' || item.t === 'list') && item.items.length === 2 ? (item.items[1] as Value) : item;
        const p = pathOf(raw);
        if (p === null) continue;
        if (typeof p !== 'string') return unknownFor(name, p);
        paths.push(p);
      }
      if (paths.length > 0) dirs.push({ name, entry, paths });
    }
    if (dirs.length === 0) return [];
    const cachesEntry = setting(ctx, 'CACHES');
    const caches = knownValue(cachesEntry);
    if (isUnknown(caches)) return caches;
    if (caches.t !== 'dict') return unknownFor('CACHES', unresolved('CACHES is not a dict', '', cachesEntry.origin));
    if (caches.partial) return unknownFor('CACHES', caches.partial);
    const fileCaches: Array<{ alias: string; path: string }> = [];
    for (const { key, value } of caches.entries.values()) {
      const alias = key.t === 'str' ? key.v : String(key.t);
      if (value.t === 'unresolved') return unknownFor('CACHES', value);
      if (value.t !== 'dict') continue;
      const backend = value.entries.get('s:BACKEND')?.value;
      if (!backend || backend.t === 'unresolved') return unknownFor('CACHES', backend?.t === 'unresolved' ? backend : unresolved(`CACHES['${alias}'] has no BACKEND`, '', cachesEntry.origin));
      if (backend.t !== 'str') continue;
      if (backend.v !== FILE_BASED) {
        if (/filebased/i.test(backend.v) && !backend.v.startsWith('django.')) {
          return unknownFor('CACHES', unresolved(`${backend.v} may be a FileBasedCache subclass`, backend.v, cachesEntry.origin));
        }
        continue;
      }
      const loc = value.entries.get('s:LOCATION')?.value;
      const p = loc ? pathOf(loc) : null;
      if (p === null) continue;
      if (typeof p !== 'string') return unknownFor('CACHES', p);
      fileCaches.push({ alias, path: p });
    }
    const findings: Found[] = [];
    for (const { name, entry, paths } of dirs) {
      for (const cache of fileCaches) {
        if (paths.some((p) => p.startsWith('/') !== cache.path.startsWith('/'))) {
          return unknownFor(name, unresolved(`${name} and the '${cache.alias}' cache LOCATION mix absolute and relative paths, which depend on the working directory`, '', entry.origin));
        }
        // Django's order: an equal path wins over nesting, whichever entry of the setting it is.
        const relations = paths.map((p) => relation(p, cache.path));
        const rel = ['is the same directory as', 'is inside', 'contains'].find((r) => relations.includes(r));
        if (rel) findings.push({ messageId: 'exposed', at: cachesEntry, data: { alias: cache.alias, relation: rel, setting: name } });
      }
    }
    return findings;
  },
});
