import { type Anchor, type Rule, type RuleContext, isSkip, renderMessage } from './rule.ts';
import { isUnknown } from './settings.ts';
import type { Finding, Origin, RuleOutcome } from './types.ts';

export interface SuppressedFinding {
  readonly finding: Finding;
  /** What suppressed it, e.g. `SILENCED_SYSTEM_CHECKS`. */
  readonly by: string;
}

export interface RuleError {
  readonly ruleId: string;
  readonly error: unknown;
}

export interface RunResult {
  readonly outcomes: readonly RuleOutcome[];
  /** Sorted by file, line, column, rule id. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly errors: readonly RuleError[];
}

export interface RunOptions {
  /** `check --deploy`: also run the rules Django registers as deploy-only. */
  readonly deploy: boolean;
  /** Django check ids listed in SILENCED_SYSTEM_CHECKS. */
  readonly silenced: ReadonlySet<string>;
  /**
   * Where a live finding is shown in the repository: the line of the setting that governs it when the project
   * sets it, else the configuration line naming the URL; null when neither (the finding is about its URL only).
   */
  readonly liveAnchor?: (setting: string | null) => Origin | null;
}

function locate(at: Anchor, ctx: RuleContext, options: RunOptions): Origin | null {
  if (at === null) return null;
  if ('name' in at) return at.origin ?? (ctx.settings.file ? { file: ctx.settings.file, line: 1, column: 1 } : null);
  if ('url' in at) {
    const entry = at.setting ? ctx.settings.get(at.setting) : undefined;
    return entry?.origin ?? options.liveAnchor?.(at.setting ?? null) ?? null;
  }
  return at;
}

export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location?.line ?? 0;
  const lb = b.location?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location?.column ?? 0;
  const cb = b.location?.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  if ((a.url ?? '') !== (b.url ?? '')) return (a.url ?? '') < (b.url ?? '') ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Runs every rule on the same inputs. A rule that throws is recorded as an error; the others still run. */
export function runRules(rules: readonly Rule[], ctx: RuleContext, options: RunOptions): RunResult {
  const outcomes: RuleOutcome[] = [];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const errors: RuleError[] = [];
  for (const rule of rules) {
    // A live site is a deployment: rules about it run whenever one was probed (they skip without an observation).
    if (rule.deployOnly && !options.deploy && rule.kind === 'settings') {
      outcomes.push({ ruleId: rule.id, status: 'skipped', findings: [], reason: 'runs only with --deploy', unknown: null });
      continue;
    }
    let result: ReturnType<Rule['check']>;
    try {
      result = rule.check(ctx);
    } catch (error) {
      errors.push({ ruleId: rule.id, error });
      outcomes.push({ ruleId: rule.id, status: 'error', findings: [], reason: error instanceof Error ? error.message : String(error), unknown: null });
      continue;
    }
    if (isUnknown(result)) {
      outcomes.push({ ruleId: rule.id, status: 'unknown', findings: [], reason: null, unknown: result.detail });
      continue;
    }
    if (isSkip(result)) {
      outcomes.push({ ruleId: rule.id, status: 'skipped', findings: [], reason: result.reason, unknown: null });
      continue;
    }
    const own: Finding[] = [];
    try {
      for (const emit of result) {
        const def = rule.messages[emit.messageId];
        if (!def) throw new Error(`rule ${rule.id} reported unknown messageId '${emit.messageId}'`);
        const at = emit.at;
        own.push({
          ruleId: rule.id,
          messageId: emit.messageId,
          django: def.django ?? null,
          severity: def.severity ?? rule.severity,
          message: renderMessage(def.text, emit.data),
          hint: rule.hint,
          location: locate(at, ctx, options),
          setting: at !== null && 'name' in at ? at.name : at !== null && 'url' in at ? at.setting ?? null : null,
          url: at !== null && 'url' in at ? at.url : null,
          overridden: at !== null && 'name' in at ? at.overridden : [],
        });
      }
    } catch (error) {
      errors.push({ ruleId: rule.id, error });
      outcomes.push({ ruleId: rule.id, status: 'error', findings: [], reason: error instanceof Error ? error.message : String(error), unknown: null });
      continue;
    }
    const shown: Finding[] = [];
    for (const f of own) {
      if (f.django && options.silenced.has(f.django)) suppressed.push({ finding: f, by: 'SILENCED_SYSTEM_CHECKS' });
      else shown.push(f);
    }
    shown.sort(compareFindings);
    findings.push(...shown);
    outcomes.push({ ruleId: rule.id, status: own.length > 0 ? 'fail' : 'pass', findings: shown, reason: null, unknown: null });
  }
  findings.sort(compareFindings);
  outcomes.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { outcomes, findings, suppressed, errors };
}
