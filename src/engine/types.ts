/** Where something was written: a project-relative, `/`-separated file, 1-based line and column (UTF-16). */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Higher is more severe. */
export function severityRank(severity: Severity): number {
  switch (severity) {
    case 'error':
      return 3;
    case 'warning':
      return 2;
    case 'info':
      return 1;
    default: {
      const never: never = severity;
      return never;
    }
  }
}

export type DiagnosticLevel = 'error' | 'warning' | 'info';

/** Something the loader wants the user to know that is not a finding: a module it could not follow, an env file line it skipped. */
export interface Diagnostic {
  readonly level: DiagnosticLevel;
  readonly code: string;
  readonly message: string;
  readonly location: Origin | null;
}

export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly django: string | null;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
  readonly location: Origin | null;
  /** The Django setting the finding is about, when there is one. */
  readonly setting: string | null;
  /** For a live finding: the URL it is about (`location` is then where a code-scanning alert is shown). */
  readonly url: string | null;
  /** Earlier statements that set the same setting and were overridden, oldest first. */
  readonly overridden: readonly Origin[];
}

/** `suppressed`: the rule found something, but every finding was suppressed (ignore comment, SILENCED_SYSTEM_CHECKS, baseline). */
export type OutcomeStatus = 'pass' | 'fail' | 'suppressed' | 'unknown' | 'skipped' | 'error';

/** Why a rule could not decide: the setting it needed and why the loader could not evaluate it. */
export interface UnknownDetail {
  readonly setting: string | null;
  readonly reason: string;
  /** Source text that could not be evaluated (secret-bearing settings have their literals masked). */
  readonly expr: string;
  readonly location: Origin | null;
}

export interface RuleOutcome {
  readonly ruleId: string;
  readonly status: OutcomeStatus;
  readonly findings: readonly Finding[];
  /** For skipped: the precondition; for error: the internal error message. */
  readonly reason: string | null;
  readonly unknown: UnknownDetail | null;
}
