import type { Rule } from '../engine/rule.ts';
import type { Suppression } from '../engine/suppressions.ts';
import { type Diagnostic, type Finding, type Origin, type RuleOutcome, type Severity, severityRank } from '../engine/types.ts';
import type { Observation } from '../probe/observation.ts';

export type FailOn = Severity | 'never';

/** Everything one audit produced; the renderers turn it into text, JSON, SARIF or Markdown. */
export interface Report {
  readonly tool: { readonly name: 'secaudit'; readonly version: string };
  readonly target: {
    /** `check` audits a project (and, with --url, live sites); `probe` audits live sites only. */
    readonly command: 'check' | 'probe';
    /** The project directory as given on the command line, `/`-separated; null for `probe`. */
    readonly project: string | null;
    /** The live sites probed (--url, `secaudit probe URL`), as given. */
    readonly urls: readonly string[];
    readonly settingsModule: string | null;
    readonly settingsFile: string | null;
    /** How the settings module was found (`--settings`, `manage.py`, ...). */
    readonly discoveredVia: string | null;
    readonly djangoVersion: string;
    readonly deploy: boolean;
    /** The project directory relative to the repository root ('' when it is the root), for repo-relative paths. */
    readonly repositoryPath: string;
    /** The configuration file used, if any. */
    readonly config: string | null;
  };
  /** The rules that ran, in id order (SARIF lists them all). */
  readonly rules: readonly Rule[];
  readonly findings: readonly Finding[];
  readonly outcomes: readonly RuleOutcome[];
  readonly diagnostics: readonly Diagnostic[];
  readonly suppressed: readonly Suppression[];
  /** Rules switched off by the configuration, with the reason it gives. */
  readonly disabled: readonly { readonly ruleId: string; readonly reason: string }[];
  readonly failOn: FailOn;
  /** Where a finding without a file of its own is shown: the settings module's first line. */
  readonly fallbackAnchor: Origin | null;
  /** What the probe saw of each live site, in the order of `target.urls`. */
  readonly observations: readonly Observation[];
}

/** How the report names what it audited: `check --deploy fixtures/demo`, `probe https://example.com/`. */
export function commandLine(report: Report): string {
  const t = report.target;
  const urls = t.urls.join(' ');
  if (t.command === 'probe') return `probe ${urls}`;
  return `${t.deploy ? 'check --deploy' : 'check'} ${t.project ?? '.'}${urls ? ` --url ${t.urls.join(' --url ')}` : ''}`;
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

/** `inline 2, baseline 1` — how many findings each mechanism suppressed. */
export function suppressionCounts(report: Report): string {
  const by = new Map<string, number>();
  for (const s of report.suppressed) by.set(s.by, (by.get(s.by) ?? 0) + 1);
  return [...by].map(([k, n]) => `${n} by ${k === 'inline' ? 'ignore comments' : k}`).join(', ');
}

/** A path in the repository: the project's path prefixed, `/`-separated. */
export function repoPath(report: Report, file: string): string {
  return report.target.repositoryPath ? `${report.target.repositoryPath}/${file}` : file;
}

/** Whether a location is a file inside the project (not an absolute path or one above the project). */
export function isProjectFile(file: string): boolean {
  return !file.startsWith('/') && !file.startsWith('../') && file !== '..' && !/^[A-Za-z]:[\\/]/.test(file);
}
