import { type StrValue, type Unresolved, type Value, str, unresolved } from '../../engine/values.ts';
import { type Site, PyRaise, isCaught } from './objects.ts';
import type { EnvVar } from './scope.ts';

export type EnvLookup =
  | { readonly kind: 'set'; readonly value: string; readonly envVar: EnvVar }
  | { readonly kind: 'unset' }
  | { readonly kind: 'unknown'; readonly value: Unresolved };

/** Looks a variable up in the environment the settings run with, and records the read. */
export function lookupEnv(name: string, site: Site): EnvLookup {
  site.ctx.interp.noteEnvRead(name, site.at);
  const v = site.ctx.interp.env.get(name);
  if (!v) return { kind: 'unset' };
  if (typeof v.value !== 'string') return { kind: 'unknown', value: v.value };
  return { kind: 'set', value: v.value, envVar: v };
}

/** A string read from the environment, carrying where it came from. */
export function envString(name: string, raw: string, envVar: EnvVar | null, via: string, defaulted: boolean): StrValue {
  return str(raw, { envVar: name, via, defaulted, definedAt: envVar?.definedAt ?? null });
}

/** Adds the env provenance to a value computed from an env read (a cast of the raw string, or a default). */
export function withSource(v: Value, name: string, envVar: EnvVar | null, via: string, defaulted: boolean): Value {
  const src = { envVar: name, via, defaulted, definedAt: envVar?.definedAt ?? null };
  switch (v.t) {
    case 'str':
    case 'bool':
    case 'int':
    case 'float':
    case 'none':
    case 'bytes':
    case 'path':
      return { ...v, src };
    default:
      return v;
  }
}

/**
 * A required variable is missing. Inside a `try` that catches the library's exception this raises it;
 * otherwise Django would not start, so the value is unknown and the user is told how to supply it.
 */
export function envMissing(name: string, site: Site, excType: string, call: string): Value {
  const message = `environment variable ${name} is not set`;
  if (isCaught(site.ctx, excType)) throw new PyRaise(excType, message, site.at);
  site.ctx.interp.diagnose(
    'warning',
    'env-missing',
    `${message}: ${call} would raise ${excType}, so Django would not start; pass it with --env-file or --env`,
    site.at,
  );
  return unresolved(`${message} (${call} would raise ${excType})`, site.expr, site.at, name);
}
