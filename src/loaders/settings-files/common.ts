import * as z from 'zod/mini';
import { LoadError } from '../../engine/errors.ts';
import type { SettingEntry } from '../../engine/settings.ts';
import type { Diagnostic, Origin } from '../../engine/types.ts';
import type { Value } from '../../engine/values.ts';

/** Python's `str.isupper()`: Django's settings loader keeps only the names for which it holds. */
export function isUpperName(name: string): boolean {
  return name !== name.toLowerCase() && name === name.toUpperCase();
}

const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

/** The top level of a JSON or TS settings file, after non-upper-case names were set aside. */
const SettingsObject = z.record(z.string().check(z.regex(SETTING_NAME)), z.unknown());

/**
 * Validates the names of a settings file's top level. Names Django would ignore (not upper-case, as
 * `str.isupper()` sees it) become an info diagnostic; an upper-case name that cannot be a setting
 * (`A-B`, `1X`, `É`) is an error naming the key and where it is.
 */
export function checkSettingNames(
  file: string,
  keys: ReadonlyArray<{ readonly key: string; readonly at: Origin }>,
  diagnostics: Diagnostic[],
): Set<string> {
  const kept = new Set<string>();
  const record: Record<string, null> = {};
  for (const { key, at } of keys) {
    if (!isUpperName(key)) {
      diagnostics.push({
        level: 'info',
        code: 'settings-key-ignored',
        message: `${JSON.stringify(key)} in ${file} is not upper-case, so Django ignores it (only upper-case names are settings)`,
        location: at,
      });
      continue;
    }
    kept.add(key);
    Object.defineProperty(record, key, { value: null, enumerable: true, configurable: true, writable: true });
  }
  const result = SettingsObject.safeParse(record);
  if (!result.success) {
    const issue = result.error.issues[0];
    const bad = String(issue?.path[0] ?? '');
    const at = keys.find((k) => k.key === bad)?.at ?? null;
    throw new LoadError(
      `${JSON.stringify(bad)} is not a Django setting name (upper-case letters, digits and _, starting with a letter)`,
      'rename or remove the key; settings files hold Django settings by their exact names',
      at,
    );
  }
  return kept;
}

/** Collects entries in the order a file sets them; a name set again keeps the earlier origins in `overridden`. */
export class EntryCollector {
  readonly entries = new Map<string, SettingEntry>();

  set(name: string, value: Value, origin: Origin | null, earlier: readonly Origin[] = []): void {
    const previous = this.entries.get(name);
    const overridden = previous ? [...previous.overridden, ...(previous.origin ? [previous.origin] : [])] : [];
    for (const o of earlier) if (!overridden.some((p) => sameOrigin(p, o))) overridden.push(o);
    this.entries.set(name, { name, value, origin, overridden });
  }
}

export function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}
