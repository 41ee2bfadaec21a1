import { Chalk, type ChalkInstance } from 'chalk';
import { SEVERITIES, type Severity } from '../engine/types.ts';
import type { Finding } from '../engine/types.ts';
import { type Report, commandLine, reachesFailOn, summarize, suppressionCounts } from './report.ts';

export interface TextOptions {
  /** chalk colour level: 0 = none. */
  readonly color: 0 | 1 | 2 | 3;
  readonly verbose: boolean;
  /** Only what reaches --fail-on. */
  readonly quiet: boolean;
  readonly timings?: readonly { readonly step: string; readonly ms: number }[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function where(loc: { file: string; line: number; column: number } | null): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '(no file)';
}

function paint(c: ChalkInstance, severity: Severity, text: string): string {
  return severity === 'error' ? c.red.bold(text) : severity === 'warning' ? c.yellow.bold(text) : c.blue.bold(text);
}

/** A live finding is about its URL; a static one about its file and line. */
function whereFinding(f: Finding): string {
  return f.url ?? where(f.location);
}

/** One line per probed site: where it answered, TLS, certificate. */
function liveSummary(obs: Report['observations'][number]): string {
  const final = obs.final.reached ? `${obs.final.response.status} from ${obs.final.response.url}` : `no final response (${obs.final.reason})`;
  const tls = obs.tls.handshake ? `${obs.tls.handshake.protocol}` : 'no TLS handshake';
  const leaf = obs.tls.chain[0];
  const cert = leaf ? `certificate for ${leaf.commonName ?? leaf.dnsNames[0] ?? '?'}, ${leaf.daysLeft} days left` : 'no certificate';
  return `live ${obs.target.input}: ${final} · ${tls} · ${cert}`;
}

/** The report for people: findings grouped by severity, each with file:line, message, rule and hint. */
export function renderText(report: Report, options: TextOptions): string {
  const c = new Chalk({ level: options.color });
  const lines: string[] = [];
  const summary = summarize(report);
  const t = report.target;
  if (!options.quiet) {
    const settings = t.settingsModule ? `${t.settingsModule}${t.settingsFile ? ` (${t.settingsFile})` : ''}` : t.settingsFile ?? '';
    lines.push(c.bold(`secaudit ${commandLine(report)}`));
    if (t.command === 'check') lines.push(c.dim(`settings ${settings}${t.discoveredVia ? `, found via ${t.discoveredVia}` : ''} · rules for Django ${t.djangoVersion}`));
    for (const obs of report.observations) lines.push(c.dim(liveSummary(obs)));
    lines.push('');
  }
  const shown = options.quiet ? report.findings.filter((f) => reachesFailOn(f.severity, report.failOn)) : report.findings;
  for (const severity of SEVERITIES) {
    const group = shown.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(c, severity, `${severity} (${group.length})`));
    for (const f of group) {
      const ids = f.django ? `${f.ruleId} · ${f.django}` : f.ruleId;
      lines.push(`  ${c.underline(whereFinding(f))}  ${f.message}`);
      lines.push(`    ${c.dim(ids)}`);
      if (options.verbose && f.overridden.length > 0) lines.push(`    ${c.dim(`overrides ${f.overridden.map((o) => `${o.file}:${o.line}`).join(', ')}`)}`);
      lines.push(`    ${c.dim('hint:')} ${f.hint}`);
    }
    lines.push('');
  }
  const important = report.diagnostics.filter((d) => options.verbose || d.level !== 'info');
  if (!options.quiet && important.length > 0) {
    lines.push(c.bold('notes'));
    for (const d of important) lines.push(`  ${d.location ? `${c.underline(where(d.location))}  ` : ''}${d.level === 'info' ? '' : `${d.level}: `}${d.message}`);
    lines.push('');
  }
  if (options.verbose && !options.quiet) {
    const unknown = report.outcomes.filter((o) => o.status === 'unknown');
    if (unknown.length > 0) {
      lines.push(c.bold('could not verify'));
      for (const o of unknown) {
        const u = o.unknown;
        lines.push(`  ${o.ruleId}: ${u?.reason ?? 'not known'}`);
        if (u?.location) lines.push(`    ${c.dim(`at ${where(u.location)}${u.expr ? `: ${u.expr}` : ''}`)}`);
      }
      lines.push('');
    }
    const skipped = report.outcomes.filter((o) => o.status === 'skipped');
    if (skipped.length > 0) {
      lines.push(c.bold('skipped'));
      for (const o of skipped) lines.push(`  ${o.ruleId}: ${o.reason ?? ''}`);
      lines.push('');
    }
    if (report.disabled.length > 0) {
      lines.push(c.bold(`disabled by ${t.config ?? 'the configuration'}`));
      for (const d of report.disabled) lines.push(`  ${d.ruleId}: ${d.reason}`);
      lines.push('');
    }
    if (report.suppressed.length > 0) {
      lines.push(c.bold('suppressed'));
      for (const s of report.suppressed) {
        const why = s.justification ? `: ${s.justification}` : '';
        lines.push(`  ${where(s.finding.location)}  ${s.finding.ruleId}${s.finding.django ? ` (${s.finding.django})` : ''} by ${s.by}${why}`);
      }
      lines.push('');
    }
    if (options.timings && options.timings.length > 0) {
      lines.push(c.dim(`timings: ${options.timings.map((x) => `${x.step} ${x.ms.toFixed(1)} ms`).join(', ')}`));
      lines.push('');
    }
  }
  const problems = summary.error + summary.warning + summary.info;
  const counts = `${plural(summary.error, 'error')}, ${plural(summary.warning, 'warning')}, ${summary.info} info`;
  const extra: string[] = [];
  if (summary.unknown > 0) extra.push(`${summary.unknown} could not be verified${options.verbose ? '' : ' (--verbose shows why)'}`);
  if (summary.suppressed > 0) {
    const counts = suppressionCounts(report);
    extra.push(counts.includes(',') ? `${summary.suppressed} suppressed (${counts})` : `${counts.replace(/^\d+/, (n) => `${n} suppressed`)}`);
  }
  if (report.disabled.length > 0) extra.push(`${plural(report.disabled.length, 'rule')} disabled by ${report.target.config ?? 'the configuration'}`);
  const tail = extra.length > 0 ? ` · ${extra.join(' · ')}` : '';
  if (!options.quiet || summary.failed) {
    if (problems === 0) lines.push(c.green.bold(`✔ no problems`) + tail);
    else lines.push(`${summary.failed ? c.red.bold('✖') : c.yellow.bold('!')} ${plural(problems, 'problem')} (${counts})${tail}`);
  }
  return `${lines.join('\n')}\n`;
}
