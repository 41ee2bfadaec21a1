import type { Origin, UnknownDetail } from './types.ts';
import { type Unresolved, type Value, findUnresolved, pyEquals, truthy, unresolved } from './values.ts';

/** One Django setting as the project ends up with it. */
export interface SettingEntry {
  readonly name: string;
  readonly value: Value;
  /** The statement that last set it; null when the project does not set it and Django's default applies. */
  readonly origin: Origin | null;
  /** Earlier statements that set it and were overridden, oldest first. */
  readonly overridden: readonly Origin[];
}

export interface Settings {
  /** Dotted name of the settings module, when it is a Python module. */
  readonly module: string | null;
  /** Project-relative file of the settings module: where findings about unset settings point. */
  readonly file: string;
  /** The setting, with Django's default when the project does not set it; undefined when neither applies. */
  get(name: string): SettingEntry | undefined;
  /** Whether the project sets it (as opposed to Django's default). */
  isSet(name: string): boolean;
  /** Names the project sets, sorted. */
  names(): readonly string[];
}

/** Settings whose values are secrets: never printed, and their source text is masked. */
export function isSecretSetting(name: string): boolean {
  if (NOT_SECRET.has(name)) return false;
  return /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_KEY|ACCESS_KEY|_KEY$|_KEYS$|FALLBACKS$/.test(name);
}

/** Django settings about passwords that hold no secret (class paths, numbers): shown, not masked. */
const NOT_SECRET: ReadonlySet<string> = new Set([
  'PASSWORD_HASHERS',
  'AUTH_PASSWORD_VALIDATORS',
  'PASSWORD_RESET_TIMEOUT',
  'PASSWORD_RESET_TIMEOUT_DAYS',
]);

/**
 * Settings whose source text may carry a secret even though the name does not say so: connection dictionaries
 * (DATABASES' PASSWORD, CACHES' and STORAGES' OPTIONS), LOGGING (handlers with tokens) and URLs with credentials.
 */
export function mayHoldSecrets(name: string): boolean {
  return isSecretSetting(name) || /^(DATABASES|CACHES|STORAGES|LOGGING|CHANNEL_LAYERS|EMAIL_HOST_USER)$|(DATABASE_URL|CACHE_URL|REDIS_URL|BROKER_URL|_DSN)$/.test(name);
}

/** Replaces the contents of string literals (Python, and JavaScript template literals) with `***`, so source text of a secret setting can be shown. */
export function maskLiterals(expr: string): string {
  return expr.replace(/([rRbBuUfF]{0,2})('''|"""|'|"|`)((?:\\.|(?!\2)[\s\S])*)\2/g, (_m, p: string, q: string) => `${p}${q}***${q}`);
}

export function createSettings(
  module: string | null,
  file: string,
  entries: ReadonlyMap<string, SettingEntry>,
  defaults: ReadonlyMap<string, Value>,
  /** When the module may define names we cannot see, a missing setting is unknown rather than Django's default. */
  hidden: { reason: string; at: Origin } | null,
): Settings {
  const sorted = [...entries.keys()].sort();
  const defaultEntries = new Map<string, SettingEntry>();
  return {
    module,
    file,
    get(name) {
      const e = entries.get(name);
      if (e) return e;
      const cached = defaultEntries.get(name);
      if (cached) return cached;
      let value = defaults.get(name);
      if (hidden) value = unresolved(`${name} may be set by ${hidden.reason}`, hidden.reason, hidden.at);
      if (!value) return undefined;
      const entry: SettingEntry = { name, value, origin: hidden ? hidden.at : null, overridden: [] };
      defaultEntries.set(name, entry);
      return entry;
    },
    isSet(name) {
      return entries.has(name);
    },
    names() {
      return sorted;
    },
  };
}

/** A rule's "could not verify": the setting it needed and why it is not known. */
export interface Unknown {
  readonly outcome: 'unknown';
  readonly detail: UnknownDetail;
}

export function isUnknown(x: unknown): x is Unknown {
  return typeof x === 'object' && x !== null && (x as { outcome?: unknown }).outcome === 'unknown';
}

export function unknownFor(setting: string | null, value: Unresolved | Value, fallback: Origin | null = null): Unknown {
  const u: Unresolved =
    value.t === 'unresolved' ? value : (findUnresolved(value) ?? unresolved(`${setting ?? 'the value'} has parts that could not be evaluated`, '', fallback));
  const secret = setting !== null && mayHoldSecrets(setting);
  return {
    outcome: 'unknown',
    detail: { setting, reason: u.reason, expr: secret ? maskLiterals(u.expr) : u.expr, location: u.at ?? fallback },
  };
}

/** The values a setting may have: itself, or the alternatives of a value that depends on an unknown condition. */
function possibleValues(v: Value): readonly Value[] | null {
  if (v.t !== 'unresolved') return [v];
  const alts = (v as Unresolved & { alternatives?: readonly Value[] }).alternatives;
  return alts && alts.length > 0 ? alts : null;
}

/**
 * Decides a yes/no question about a setting. `test` returns null when it cannot tell for one value.
 * For a value that depends on an unknown condition, the answer stands when every possible value gives it.
 */
export function decide(entry: SettingEntry, test: (v: Value) => boolean | null): boolean | Unknown {
  const values = possibleValues(entry.value);
  const fallback = entry.origin;
  if (!values) return unknownFor(entry.name, entry.value, fallback);
  let answer: boolean | null = null;
  for (const v of values) {
    const r = test(v);
    if (r === null) {
      const u = findUnresolved(v) ?? (entry.value.t === 'unresolved' ? entry.value : unresolved(`${entry.name} has a value this check cannot interpret`, '', fallback));
      return unknownFor(entry.name, u, fallback);
    }
    if (answer === null) answer = r;
    else if (answer !== r) return unknownFor(entry.name, entry.value, fallback);
  }
  return answer ?? false;
}

/** Python `value is True`. */
export function isTrue(entry: SettingEntry): boolean | Unknown {
  return decide(entry, (v) => (v.t === 'unresolved' ? null : v.t === 'bool' && v.v));
}

/** Python truthiness (`if value:`). */
export function isTruthy(entry: SettingEntry): boolean | Unknown {
  return decide(entry, (v) => truthy(v));
}

/** `needle in value` for a list/tuple of strings, comparing exact strings as Django does. */
export function containsString(entry: SettingEntry, needle: string): boolean | Unknown {
  return decide(entry, (v) => {
    if (v.t !== 'list' && v.t !== 'tuple' && v.t !== 'set') return v.t === 'unresolved' ? null : false;
    const items = v.t === 'set' ? [...v.items.values()] : v.items;
    let unknown = false;
    for (const item of items) {
      const eq = pyEquals(item, { t: 'str', v: needle });
      if (eq === true) return true;
      if (eq === null) unknown = true;
    }
    return unknown || v.partial ? null : false;
  });
}

/** The single value of a setting when it is known (every alternative equal), else an Unknown. */
export function knownValue(entry: SettingEntry): Value | Unknown {
  const values = possibleValues(entry.value);
  if (!values) return unknownFor(entry.name, entry.value, entry.origin);
  const first = values[0] as Value;
  // One possible value: itself, even when some of its items are unknown (the rule looks at the parts it needs).
  if (values.length === 1) return first;
  if (values.every((v) => pyEquals(v, first) === true)) return first;
  return unknownFor(entry.name, entry.value, entry.origin);
}

/**
 * Django's checks fire when every condition holds. Decides as soon as one condition is known to be false,
 * even when others are unknown; unknown only when no condition is false and one is unknown.
 */
export function allHold(...conditions: readonly (boolean | Unknown)[]): boolean | Unknown {
  if (conditions.some((c) => c === false)) return false;
  const unknown = conditions.find((c): c is Unknown => isUnknown(c));
  return unknown ?? true;
}

/** Three-valued `not`. */
export function not(c: boolean | Unknown): boolean | Unknown {
  return isUnknown(c) ? c : !c;
}

/** Three-valued `or`: true as soon as one is true. */
export function anyHolds(...conditions: readonly (boolean | Unknown)[]): boolean | Unknown {
  if (conditions.some((c) => c === true)) return true;
  const unknown = conditions.find((c): c is Unknown => isUnknown(c));
  return unknown ?? false;
}
