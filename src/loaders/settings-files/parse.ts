import type { EnvStore } from '../python/scope.ts';
import { parseEnvSettings } from './dotenv.ts';
import { type JsSettingsOptions, parseJsSettings } from './javascript/settings.ts';
import { parseJsonSettings } from './json.ts';
import type { SettingsSource } from './types.ts';

/**
 * Pure: text → source. Throws LoadError with an origin {file, line, column} for input Django could not use
 * (invalid JSON, a TS syntax error, a top level that is not an object, an unterminated quote in a .env, ...).
 * `options` only matters for TS/JS: the project tree that relative imports are read from.
 */
export function parseSettingsFile(kind: SettingsSource['kind'], file: string, text: string, env: EnvStore, options: JsSettingsOptions = {}): SettingsSource {
  switch (kind) {
    case 'json':
      return parseJsonSettings(file, text);
    case 'ts':
      return parseJsSettings(file, text, env, options);
    case 'env':
      return parseEnvSettings(file, text, env);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The format of a settings file from its name: .json; .ts .mts .cts .js .mjs .cjs; .env, .env.production, production.env. */
export function settingsFileKind(path: string): SettingsSource['kind'] | null {
  const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (base.endsWith('.json')) return 'json';
  if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(base)) return 'ts';
  if (base === '.env' || base.startsWith('.env.') || (base.endsWith('.env') && base.length > 4)) return 'env';
  return null;
}
