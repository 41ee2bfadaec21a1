import { type Report, summarize } from './report.ts';

/** Version of the JSON report layout; bumped only for incompatible changes. */
export const JSON_REPORT_VERSION = 1;

/** The JSON report (schema in src/report/json-schema.ts): deterministic, no timestamps, paths relative. */
export function renderJson(report: Report): string {
  const out = {
    version: JSON_REPORT_VERSION,
    tool: report.tool,
    target: report.target,
    summary: summarize(report),
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      messageId: f.messageId,
      django: f.django,
      severity: f.severity,
      message: f.message,
      hint: f.hint,
      setting: f.setting,
      url: f.url,
      location: f.location,
      overridden: f.overridden,
    })),
    outcomes: report.outcomes.map((o) => ({
      ruleId: o.ruleId,
      status: o.status,
      reason: o.reason,
      unknown: o.unknown,
    })),
    diagnostics: report.diagnostics,
    suppressed: report.suppressed.map((s) => ({
      ruleId: s.finding.ruleId,
      django: s.finding.django,
      message: s.finding.message,
      url: s.finding.url,
      location: s.finding.location,
      by: s.by,
      justification: s.justification,
    })),
    disabled: report.disabled,
    observations: report.observations,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
