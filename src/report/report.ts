import type { SuppressedFinding } from '../engine/run-rules.ts';
import { type Diagnostic, type Finding, type RuleOutcome, type Severity, severityRank } from '../engine/types.ts';

export type FailOn = Severity | 'never';

/** Everything one audit produced; the renderers turn it into text, JSON, ... */
export interface Report {
  readonly tool: { readonly name: 'secaudit'; readonly version: string };
  readonly target: {
    /** The project directory as given on the command line, `/`-separated. */
    readonly project: string;
    readonly settingsModule: string | null;
    readonly settingsFile: string | null;
    /** How the settings module was found (`--settings`, `manage.py`, ...). */
    readonly discoveredVia: string | null;
    readonly djangoVersion: string;
    readonly deploy: boolean;
  };
  readonly findings: readonly Finding[];
  readonly outcomes: readonly RuleOutcome[];
  readonly diagnostics: readonly Diagnostic[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly failOn: FailOn;
}

export interface Summary {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly unknown: number;
  readonly suppressed: number;
  /** Whether a finding reached --fail-on (exit code 1). */
  readonly failed: boolean;
}

export function reachesFailOn(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && severityRank(severity) >= severityRank(failOn);
}

export function summarize(report: Report): Summary {
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  return {
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
    unknown: report.outcomes.filter((o) => o.status === 'unknown').length,
    suppressed: report.suppressed.length,
    failed: report.findings.some((f) => reachesFailOn(f.severity, report.failOn)),
  };
}
