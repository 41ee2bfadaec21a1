import type { DjangoVersion } from './django.ts';
import type { ProjectFacts } from './facts.ts';
import type { Observation } from '../probe/observation.ts';
import type { SettingEntry, Settings, Unknown } from './settings.ts';
import type { IgnoreDirective } from './suppressions.ts';
import type { Origin, Severity } from './types.ts';

/** A message template (under 80 characters, `{{name}}` placeholders) and the Django check id it stands for. */
export interface MessageDef {
  readonly text: string;
  readonly django?: string;
  /** Overrides the rule's severity for this message (e.g. `'*'` is an error where a broad suffix is a warning). */
  readonly severity?: Severity;
}

/** A documentation example: a settings module (and the environment it runs with) that the rule is run on. */
export interface Example {
  readonly settings: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Other project files the example needs (an nginx config, requirements.txt), by project-relative path. */
  readonly files?: Readonly<Record<string, string>>;
  /** For probe and cross rules: what the live site does. */
  readonly live?: LiveExample;
}

/**
 * A live site for a rule's documentation: the exchange as the docs show it, and, for the meta test that runs the
 * example, a recorded observation (test/probe/observations/<base>.json) changed to match.
 */
export interface LiveExample {
  /** An HTTP exchange or a certificate summary, shown in the docs as written. */
  readonly shown: string;
  readonly base: 'good-site' | 'bad-site' | 'no-http-listener' | 'cross-host-redirect';
  /** Changes the (deep-copied, mutable) observation to the example's. */
  readonly change?: (observation: Mutable<Observation>) => void;
}

/** A deep mutable copy of a readonly type (for examples and tests that build observations). */
export type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

export interface RuleDocs {
  /** What it checks, one paragraph. */
  readonly what: string;
  /** Why it matters, one paragraph; also SARIF's fullDescription. */
  readonly why: string;
  /** Fails the rule (executed by the meta tests). */
  readonly bad: Example;
  /** Passes the rule (executed by the meta tests). */
  readonly good: Example;
  /** How to fix, when more than the hint is needed. */
  readonly fix?: string;
  /** Why the rule has its severity (required for rules Django does not have). */
  readonly severity?: string;
}

/** What a check can find out about a static import path (CSRF_FAILURE_VIEW), without running code. */
export type CallableInfo =
  /** `variants`: one parameter list per `def` of that name (a module may define it in both branches of an if). */
  | { readonly kind: 'function'; readonly variants: readonly (readonly CallableParam[])[]; readonly location: Origin }
  | { readonly kind: 'import-error'; readonly reason: string }
  | { readonly kind: 'missing'; readonly reason: string }
  | { readonly kind: 'known-good' }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface CallableParam {
  readonly name: string;
  readonly kind: 'positionalOnly' | 'normal' | 'star' | 'doubleStar' | 'keywordOnly';
  readonly hasDefault: boolean;
}

export interface ProjectView {
  inspectCallable(dotted: string): CallableInfo;
  /**
   * The settings as they would be if the deployment did not export these variables: "what if someone forgets
   * DJANGO_DEBUG?" Evaluated on demand and memoised; null when the settings could not be evaluated that way.
   */
  settingsWithout(variables: readonly string[]): Settings | null;
  /** Every environment variable the settings read, with where. */
  readonly envReads: ReadonlyMap<string, readonly Origin[]>;
  /** The variables read while each module-level statement ran (helper functions included), by `file:line`. */
  readonly envReadsByStatement: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A variable of the environment Django's process has after the settings ran. */
export interface EnvironmentVariable {
  /** null: set, to a value that is not known. */
  readonly value: string | null;
  /** Where it was defined (an env file line, a settings statement), when known. */
  readonly definedAt: Origin | null;
  /** e.g. `--env-file .env.production`, `--env`, `.env (read by environ.Env.read_env)`. */
  readonly source: string;
}

export interface RuleContext {
  readonly settings: Settings;
  readonly environment: ReadonlyMap<string, EnvironmentVariable>;
  readonly django: DjangoVersion;
  readonly now: Date;
  readonly project: ProjectView;
  /** `# secaudit: ignore[...]` comments in the project's files. */
  readonly directives: readonly IgnoreDirective[];
  /** Ids of every rule that runs (built-in and --rules) and the Django check ids they mirror. */
  readonly knownIds: ReadonlySet<string>;
  /** What the project's other files say: nginx configs, app-server binds, the pinned Django release. */
  readonly facts: ProjectFacts;
  /** What the probe saw of the live site (probe and cross rules); null for a static audit. */
  readonly observation: Observation | null;
  /** A certificate expiring within this many days is reported (--cert-warn-days, default 30). */
  readonly certWarnDays: number;
}

/**
 * Where a live finding points: the URL it is about, and the setting that governs it when there is one (a SARIF
 * result is then shown on that setting's line; otherwise on the configuration line naming the URL, or the
 * settings module's first line).
 */
export interface LiveAnchor {
  readonly url: string;
  readonly setting?: string;
}

/** Where a finding points: a setting (its defining line, or the settings module when Django's default applies). */
export type Anchor = SettingEntry | Origin | LiveAnchor | null;

type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer R}` ? P | Placeholders<R> : never;
type DataFor<S extends string> = [Placeholders<S>] extends [never]
  ? { readonly data?: undefined }
  : { readonly data: Readonly<Record<Placeholders<S>, string | number>> };

/** One finding a check reports: the message to use, where, and the placeholder values (typed per template). */
export type Emit<M extends Record<string, MessageDef>> = {
  [K in keyof M & string]: { readonly messageId: K; readonly at: Anchor } & DataFor<M[K]['text']>;
}[keyof M & string];

export interface Skip {
  readonly outcome: 'skipped';
  readonly reason: string;
}

export type CheckResult<M extends Record<string, MessageDef>> = readonly Emit<M>[] | Unknown | Skip;

export interface RuleMeta<M extends Record<string, MessageDef>> {
  /** kebab-case, equal to the file name, never renamed. */
  readonly id: string;
  readonly title: string;
  /** `settings`: reads the project; `probe`: reads the live site; `cross`: compares the two (check --url). */
  readonly kind: 'settings' | 'probe' | 'cross';
  readonly severity: Severity;
  readonly tags: readonly string[];
  /** The Django check ids this rule mirrors (empty when Django has no such check). */
  readonly django: readonly string[];
  /** Django runs the check only under `check --deploy`. */
  readonly deployOnly: boolean;
  readonly docs: RuleDocs;
  readonly messages: M;
  readonly hint: string;
  readonly references: readonly string[];
  /** secaudit version that added the rule. */
  readonly since: string;
}

export interface RuleDefinition<M extends Record<string, MessageDef>> extends RuleMeta<M> {
  check(ctx: RuleContext): CheckResult<M>;
}

/** A rule as the engine sees it: the message map is no longer typed per rule. */
export interface Rule extends RuleMeta<Readonly<Record<string, MessageDef>>> {
  check(ctx: RuleContext): readonly { readonly messageId: string; readonly at: Anchor; readonly data?: Readonly<Record<string, string | number>> | undefined }[] | Unknown | Skip;
}

export function defineRule<const M extends Record<string, MessageDef>>(rule: RuleDefinition<M>): Rule {
  return rule as unknown as Rule;
}

export function skip(reason: string): Skip {
  return { outcome: 'skipped', reason };
}

export function isSkip(x: unknown): x is Skip {
  return typeof x === 'object' && x !== null && (x as { outcome?: unknown }).outcome === 'skipped';
}

/** Fills `{{name}}` placeholders. A missing placeholder is a bug in the rule. */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = data?.[key];
    if (v === undefined) throw new Error(`message placeholder {{${key}}} has no value`);
    return String(v);
  });
}
