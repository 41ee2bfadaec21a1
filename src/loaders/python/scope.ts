import type { Origin } from '../../engine/types.ts';
import { type Unresolved, type Value, cloneValue, findUnresolved, pyEquals, unresolved } from '../../engine/values.ts';

/** A name's current value and the statements that set it (`history` holds the earlier ones, oldest first). */
export interface Binding {
  readonly value: Value;
  readonly origin: Origin;
  readonly history: readonly Origin[];
}

/** Something that may have defined names we cannot see, e.g. `from otherpkg import *`. */
export interface Taint {
  readonly reason: string;
  readonly at: Origin;
}

export class Scope {
  readonly vars = new Map<string, Binding>();
  taints: Taint[] = [];

  get(name: string): Binding | undefined {
    return this.vars.get(name);
  }

  set(name: string, value: Value, origin: Origin): void {
    const previous = this.vars.get(name);
    const history = previous ? [...previous.history, previous.origin] : [];
    this.vars.set(name, { value, origin, history });
  }

  /** Replaces the value, keeping the binding's provenance (for in-place updates that are not a new statement). */
  replace(name: string, value: Value): void {
    const previous = this.vars.get(name);
    if (previous) this.vars.set(name, { ...previous, value });
  }

  clone(memo: Map<object, Value>): Scope {
    const copy = new Scope();
    for (const [k, b] of this.vars) copy.vars.set(k, { ...b, value: cloneValue(b.value, memo) });
    copy.taints = [...this.taints];
    return copy;
  }
}

export interface EnvVar {
  readonly value: string | Unresolved;
  /** Where it was defined: an env file line or the settings statement that set it. */
  readonly definedAt: Origin | null;
  /** Human-readable source, e.g. `--env-file .env.production`, `--env`, `.env (read by environ.Env.read_env)`. */
  readonly source: string;
}

/** The process environment (`os.environ`) as the settings see it. */
export class EnvStore {
  readonly vars: Map<string, EnvVar>;

  constructor(vars?: Map<string, EnvVar>) {
    this.vars = vars ?? new Map();
  }

  get(name: string): EnvVar | undefined {
    return this.vars.get(name);
  }

  set(name: string, v: EnvVar): void {
    this.vars.set(name, v);
  }

  setDefault(name: string, v: EnvVar): boolean {
    if (this.vars.has(name)) return false;
    this.vars.set(name, v);
    return true;
  }

  delete(name: string): void {
    this.vars.delete(name);
  }

  clone(): EnvStore {
    return new EnvStore(new Map(this.vars));
  }
}

/** At most this many alternatives are kept for a value that depends on an unknown condition. */
const MAX_ALTERNATIVES = 8;

/** An Unresolved that remembers the values it could be, so a rule can still decide when they all agree. */
export interface ChoiceUnresolved extends Unresolved {
  readonly alternatives?: readonly Value[];
}

export function alternativesOf(v: Value): readonly Value[] | null {
  if (v.t !== 'unresolved') return [v];
  const alts = (v as ChoiceUnresolved).alternatives;
  return alts && alts.length > 0 ? alts : null;
}

/** One unresolved value standing for several possible ones. */
export function choice(values: readonly Value[], reason: string, expr: string, at: Origin): Value {
  const flat: Value[] = [];
  let complete = true;
  for (const v of values) {
    const alts = alternativesOf(v);
    if (!alts) complete = false;
    else flat.push(...alts);
  }
  const first = flat[0];
  if (complete && first && flat.every((v) => v === first || pyEquals(v, first) === true) && !findUnresolved(first)) {
    return first;
  }
  const u = unresolved(reason, expr, at);
  if (!complete || flat.length > MAX_ALTERNATIVES) return u;
  const unique: Value[] = [];
  for (const v of flat) if (!unique.some((w) => w === v || pyEquals(v, w) === true)) unique.push(v);
  return { ...u, alternatives: unique } as ChoiceUnresolved;
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/**
 * Merges the scopes that several possible branches left behind into `target`.
 * A name keeps its value when every branch agrees; otherwise it becomes unresolved, citing the condition.
 */
export function mergeScopes(target: Scope, branches: readonly Scope[], why: { reason: string; expr: string; at: Origin }): void {
  const names = new Set<string>();
  for (const b of branches) for (const k of b.vars.keys()) names.add(k);
  for (const name of names) {
    const bindings = branches.map((b) => b.vars.get(name));
    const defined = bindings.filter((b): b is Binding => b !== undefined);
    const first = defined[0];
    if (!first) continue;
    const allDefined = defined.length === bindings.length;
    const agree =
      allDefined &&
      defined.every((b) => b === first || (sameOrigin(b.origin, first.origin) && (b.value === first.value || pyEquals(b.value, first.value) === true)));
    if (agree) {
      target.vars.set(name, first);
      continue;
    }
    const history: Origin[] = [];
    for (const b of defined) for (const o of [...b.history, b.origin]) if (!history.some((h) => sameOrigin(h, o))) history.push(o);
    const values = allDefined ? defined.map((b) => b.value) : [];
    const value = allDefined
      ? choice(values, `${name} ${why.reason}`, why.expr, why.at)
      : unresolved(`${name} ${why.reason} (and may be left unset)`, why.expr, why.at);
    // When the values agree but were set on different lines, keep the value and point at the condition.
    target.vars.set(name, { value, origin: why.at, history });
  }
  for (const name of [...target.vars.keys()]) if (!names.has(name)) target.vars.delete(name);
  const taints: Taint[] = [];
  for (const b of branches) for (const t of b.taints) if (!taints.some((x) => sameOrigin(x.at, t.at))) taints.push(t);
  target.taints = taints;
}

export function mergeEnv(target: EnvStore, branches: readonly EnvStore[], why: { reason: string; expr: string; at: Origin }): void {
  const names = new Set<string>();
  for (const b of branches) for (const k of b.vars.keys()) names.add(k);
  for (const name of names) {
    const vars = branches.map((b) => b.vars.get(name));
    const first = vars[0];
    if (first && vars.every((v) => v !== undefined && v.value === first.value)) {
      target.vars.set(name, first);
      continue;
    }
    target.vars.set(name, {
      value: unresolved(`environment variable ${name} ${why.reason}`, why.expr, why.at),
      definedAt: why.at,
      source: 'settings',
    });
  }
  for (const name of [...target.vars.keys()]) if (!names.has(name)) target.vars.delete(name);
}
