import { type DjangoVersion, NEWEST_DJANGO } from '../../src/engine/django.ts';
import type { SettingEntry } from '../../src/engine/settings.ts';
import { type Value, repr } from '../../src/engine/values.ts';
import { type LoadedProject, loadProject } from '../../src/loaders/load-project.ts';
import { memoryFs } from './memory-fs.ts';

export interface SnippetOptions {
  /** Extra project files, e.g. `{ 'mysite/base.py': '...' }`. */
  readonly files?: Readonly<Record<string, string>>;
  /** The deployment environment (as --env would give it). */
  readonly env?: Readonly<Record<string, string>>;
  readonly django?: DjangoVersion;
  /** Where the snippet lives; the settings module name follows from it. */
  readonly path?: string;
}

/** Loads a settings module given as source text, in an in-memory project. */
export function loadSnippet(code: string, options: SnippetOptions = {}): LoadedProject {
  const path = options.path ?? 'mysite/settings.py';
  const module = path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
  const files = { [path]: code, ...(options.files ?? {}) };
  return loadProject({
    project: '.',
    cwd: '/project',
    settingsModule: module,
    envFiles: [],
    envPairs: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
    processEnv: null,
    django: options.django ?? NEWEST_DJANGO,
    fs: memoryFs(files),
  });
}

/** The value of one setting of a snippet. */
export function settingOf(code: string, name: string, options: SnippetOptions = {}): SettingEntry {
  const entry = loadSnippet(code, options).settings.get(name);
  if (!entry) throw new Error(`${name} is not set`);
  return entry;
}

/** Python repr of a setting, or `<unknown: reason>`. */
export function show(v: Value): string {
  return v.t === 'unresolved' ? `<unknown: ${v.reason}>` : repr(v);
}

export function valueOf(code: string, name: string, options: SnippetOptions = {}): string {
  return show(settingOf(code, name, options).value);
}
