/** What a setting falls back to when the deployment forgets a variable (debug-env-default, secure-flag-env-default, secret-key-committed). */
import { type RuleContext } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { type Value, findUnresolved, pyEquals, unresolved } from '../src/engine/values.ts';

/*
 * Shared by the rules that ask "what if the deployment forgets a variable?" (debug-env-default,
 * secure-flag-env-default, secret-key-committed). Candidate to move to rules/_shared.ts.
 */

function collectSources(v: Value, into: Set<string>, depth = 0): void {
  if (depth > 3) return;
  if ('src' in v && v.src) into.add(v.src.envVar);
  if (v.t === 'list' || v.t === 'tuple') for (const item of v.items) collectSources(item, into, depth + 1);
}

const at = (o: Origin): string => `${o.file}:${o.line}`;

/**
 * The deployment variables that change a setting: the exported variables the settings read, narrowed by halving
 * to the one that matters when there is a single one. Each probe is one `settingsWithout` evaluation (memoised,
 * and the same halves for every setting, so the rules share them).
 */
function exportedVariablesThatChange(ctx: RuleContext, entry: SettingEntry): readonly string[] {
  // A value with unknown parts cannot be compared: no proof of dependence either way.
  if (findUnresolved(entry.value)) return [];
  const candidates = [...ctx.project.envReads.keys()].filter((v) => ctx.environment.has(v)).sort();
  if (candidates.length === 0) return [];
  const changes = (vars: readonly string[]): boolean => {
    const without = ctx.project.settingsWithout(vars);
    if (!without) return false;
    const e = without.get(entry.name);
    return !e || pyEquals(entry.value, e.value) !== true;
  };
  if (!changes(candidates)) return [];
  let set = candidates;
  while (set.length > 1) {
    const half = Math.ceil(set.length / 2);
    const first = set.slice(0, half);
    const second = set.slice(half);
    if (changes(first)) set = first;
    else if (changes(second)) set = second;
    else break;
  }
  return set;
}

/**
 * The environment variables a setting's value is read from: the variable a value carries (`src`), the variables
 * read on the line of the statement that set it, else the exported variables that are shown to change it.
 * Earlier (overridden) statements are not used on their own: a later literal does not depend on them.
 */
export function envVariablesOf(ctx: RuleContext, entry: SettingEntry): readonly string[] {
  const found = new Set<string>();
  collectSources(entry.value, found);
  // A value can carry a variable name the settings never read from the environment (a `--settings-file .env`
  // names its settings like variables): only variables the settings really read count.
  for (const name of found) if (!ctx.project.envReads.has(name)) found.delete(name);
  if (entry.origin) {
    const line = at(entry.origin);
    for (const [name, reads] of ctx.project.envReads) if (reads.some((r) => at(r) === line)) found.add(name);
    // Variables read while the statement ran, e.g. inside a helper function it called.
    for (const name of ctx.project.envReadsByStatement.get(line) ?? []) found.add(name);
  }
  if (found.size === 0) for (const v of exportedVariablesThatChange(ctx, entry)) found.add(v);
  return [...found].sort();
}

/** Whether an unresolved value says Django would not start because one of these variables is missing. */
function requiredMissing(v: Value, variables: readonly string[]): boolean {
  const u = findUnresolved(v);
  if (!u) return false;
  return u.requiredEnv !== undefined && variables.includes(u.requiredEnv);
}

export type EnvFallback =
  /** The setting is not set by the project, or its value does not come from the environment. */
  | { readonly kind: 'none' }
  /** Without the variables Django would not start (a required variable): nothing falls back. */
  | { readonly kind: 'required'; readonly variables: readonly string[] }
  | {
      readonly kind: 'fallback';
      readonly variables: readonly string[];
      /** The setting as it is when the deployment does not export the variables. */
      readonly without: SettingEntry;
      /** Whether the setting has that value now (the deployment does not change it). */
      readonly current: boolean;
    };

/** What a setting falls back to when the deployment does not export the variables it is read from. */
export function envFallback(ctx: RuleContext, name: string): EnvFallback | Unknown {
  const entry = ctx.settings.get(name);
  if (!entry || entry.origin === null) return { kind: 'none' };
  const variables = envVariablesOf(ctx, entry);
  if (variables.length === 0) {
    // Not known to come from the environment; with unknown parts we cannot tell that it does not.
    return findUnresolved(entry.value) ? unknownFor(name, entry.value, entry.origin) : { kind: 'none' };
  }
  const settings = ctx.project.settingsWithout(variables);
  if (!settings) return unknownFor(name, unresolved(`the settings could not be evaluated without ${variables.join(', ')}`, '', entry.origin));
  const without = settings.get(name);
  if (!without) return { kind: 'none' };
  if (requiredMissing(without.value, variables)) return { kind: 'required', variables };
  return { kind: 'fallback', variables, without, current: pyEquals(entry.value, without.value) === true };
}

export function listVariables(variables: readonly string[]): string {
  return variables.join(', ');
}
