/**
 * Settings from files other than the Python settings module (`--settings-file`): a JSON object, a TS/JS
 * module read statically, or a bare `.env` cast the way django-environ would. `parseSettingsFile` is pure
 * (text in, entries out); `readSettingsFile` (./read.ts) does the I/O; `layerSettings` puts them over the
 * settings module's entries.
 */
export type { SettingsSource } from './types.ts';
export type { JsSettingsOptions as ParseSettingsOptions } from './javascript/settings.ts';
export { hiddenOf, layerSettings } from './layer.ts';
export { parseSettingsFile, settingsFileKind } from './parse.ts';
export { type ReadSettingsFileInput, readSettingsFile } from './read.ts';
