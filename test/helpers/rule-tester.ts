import { describe, expect, it } from 'vitest';
import { type DjangoVersion, NEWEST_DJANGO } from '../../src/engine/django.ts';
import { builtinRules } from '../../rules/index.ts';
import type { Rule } from '../../src/engine/rule.ts';
import { runRules } from '../../src/engine/run-rules.ts';
import type { RuleOutcome } from '../../src/engine/types.ts';
import type { Observation } from '../../src/probe/observation.ts';
import type { LoadedProject } from '../../src/loaders/load-project.ts';
import type { RuleContext } from '../../src/engine/rule.ts';
import { type SnippetOptions, loadSnippet } from './load.ts';
import { live } from './observations.ts';

/** What a probe or cross rule sees of the live site (see test/helpers/observations.ts). */
export interface LiveOptions {
  readonly observation?: Observation;
  readonly certWarnDays?: number;
}

/** The rule context the CLI would build for a loaded snippet (and a live observation, for probe rules). */
export function contextFor(loaded: LoadedProject, django: DjangoVersion, live: LiveOptions = {}): RuleContext {
  const knownIds = new Set(builtinRules.flatMap((r) => [r.id, ...r.django]));
  return {
    settings: deepFreeze(loaded.settings),
    environment: loaded.environment,
    django,
    now: new Date('2026-11-21T00:00:00Z'),
    project: loaded.project,
    directives: loaded.directives,
    knownIds,
    facts: loaded.facts,
    observation: live.observation ? deepFreeze(structuredClone(live.observation)) : null,
    certWarnDays: live.certWarnDays ?? 30,
  };
}

export interface ValidCase extends SnippetOptions, LiveOptions {
  /** The settings module (may be '' for a probe rule). */
  readonly code: string;
  /** Expect the rule to be unable to decide (an `unknown` outcome), or to skip. Default: pass. */
  readonly status?: 'pass' | 'unknown' | 'skipped';
  readonly name?: string;
}

export interface InvalidCase extends SnippetOptions, LiveOptions {
  readonly code: string;
  /**
   * The findings, in report order. A live finding gives its `url`; `line` (and `file`) then say where it is
   * anchored in the project, and are left out when it has no anchor.
   */
  readonly errors: readonly { readonly messageId: string; readonly line?: number; readonly file?: string; readonly django?: string | null; readonly url?: string }[];
  readonly name?: string;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Runs one rule on a snippet (the settings module, plus files and env, plus a live observation), with --deploy. */
export function runRule(rule: Rule, c: SnippetOptions & LiveOptions & { readonly code: string }, django: DjangoVersion = NEWEST_DJANGO): RuleOutcome {
  const version = c.django ?? django;
  const loaded = loadSnippet(c.code, { ...c, django: version });
  const context = contextFor(loaded, version, c);
  const result = runRules([rule], context, { deploy: true, silenced: new Set(), liveAnchor: () => null });
  if (result.errors.length > 0) throw result.errors[0]?.error;
  const outcome = result.outcomes[0];
  if (!outcome) throw new Error('no outcome');
  return outcome;
}

/** Runs a rule's documentation example (settings, env, other files, live site). */
export function runExample(rule: Rule, example: Rule['docs']['bad']): RuleOutcome {
  return runRule(rule, {
    code: example.settings,
    ...(example.env ? { env: example.env } : {}),
    ...(example.files ? { files: example.files } : {}),
    ...(example.live ? { observation: live(example.live.base, example.live.change) } : {}),
  });
}

/**
 * ESLint's RuleTester for secaudit: valid snippets must pass (or be unknown/skipped when said so), invalid ones
 * must produce exactly the listed messageIds on the listed lines.
 */
export function testRule(rule: Rule, cases: { readonly valid: readonly (string | ValidCase)[]; readonly invalid: readonly InvalidCase[] }): void {
  const valid = cases.valid.map((c) => (typeof c === 'string' ? { code: c } : c));
  if (valid.length === 0 || cases.invalid.length === 0) throw new Error(`${rule.id}: both tables need cases`);
  const keys = [...valid, ...cases.invalid].map((c) => JSON.stringify({ ...c, errors: undefined, status: undefined, name: undefined }));
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new Error(`${rule.id}: duplicate case ${dup}`);
  describe(rule.id, () => {
    describe('valid', () => {
      for (const c of valid) {
        it(c.name ?? c.code, () => {
          const outcome = runRule(rule, c);
          expect(outcome.findings.map((f) => f.messageId)).toEqual([]);
          expect(outcome.status).toBe(c.status ?? 'pass');
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        if (c.errors.length === 0) throw new Error(`${rule.id}: an invalid case must expect errors`);
        it(c.name ?? c.code, () => {
          const outcome = runRule(rule, c);
          expect(outcome.status).toBe('fail');
          const got = outcome.findings.map((f) => ({ messageId: f.messageId, line: f.location?.line, file: f.location?.file, django: f.django, url: f.url ?? undefined }));
          const want = c.errors.map((e) => ({
            messageId: e.messageId,
            line: e.line,
            file: e.line === undefined ? undefined : e.file ?? (c.path ?? 'mysite/settings.py'),
            django: e.django === undefined ? rule.messages[e.messageId]?.django ?? null : e.django,
            url: e.url,
          }));
          expect(got).toEqual(want);
        });
      }
    });
  });
}
