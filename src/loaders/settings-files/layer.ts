import type { SettingEntry } from '../../engine/settings.ts';
import type { Origin } from '../../engine/types.ts';
import { unresolved } from '../../engine/values.ts';
import { sameOrigin } from './common.ts';
import type { SettingsSource } from './types.ts';

/**
 * Layers settings files over the settings module's entries: later sources win, and a replaced entry's
 * origin (with its own chain) goes into `overridden`, oldest first, so a finding can show every file that
 * set the value. A source with `hidden` settings (an unknown spread) may override any earlier entry it does
 * not set explicitly: those become unknown, citing it.
 */
export function layerSettings(base: ReadonlyMap<string, SettingEntry>, sources: readonly SettingsSource[]): Map<string, SettingEntry> {
  const out = new Map(base);
  for (const source of sources) {
    const hidden = source.hidden;
    if (hidden) {
      for (const [name, previous] of out) {
        if (source.entries.has(name)) continue;
        out.set(name, {
          name,
          value: unresolved(`${name} may be set by ${hidden.reason}`, hidden.reason, hidden.at),
          origin: hidden.at,
          overridden: chain(previous, []),
        });
      }
    }
    for (const [name, entry] of source.entries) {
      const previous = out.get(name);
      out.set(name, previous ? { ...entry, overridden: chain(previous, entry.overridden) } : entry);
    }
  }
  return out;
}

/** The `hidden` to pass to createSettings: the last source that may set settings it does not show. */
export function hiddenOf(sources: readonly SettingsSource[]): { readonly reason: string; readonly at: Origin } | null {
  for (let i = sources.length - 1; i >= 0; i--) {
    const h = sources[i]?.hidden;
    if (h) return h;
  }
  return null;
}

function chain(previous: SettingEntry, later: readonly Origin[]): Origin[] {
  const out: Origin[] = [];
  for (const o of [...previous.overridden, ...(previous.origin ? [previous.origin] : []), ...later]) {
    if (!out.some((p) => sameOrigin(p, o))) out.push(o);
  }
  return out;
}
