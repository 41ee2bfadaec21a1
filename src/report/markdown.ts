import { SEVERITIES, type Severity, severityRank } from '../engine/types.ts';
import { type Report, commandLine, isProjectFile, repoPath, summarize, suppressionCounts } from './report.ts';

export interface MarkdownOptions {
  /**
   * Base of file links, e.g. `https://github.com/o/r/blob/<sha>` in GitHub Actions; null for links relative to
   * the repository root (right for a file committed to the repository, or a PR comment's own rendering).
   */
  readonly linkBase: string | null;
  /** At most this many findings in the table (a step summary must stay short). */
  readonly limit?: number;
}

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', info: '🔵' };

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/([`*_[\]<>])/g, '\\$1');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report a reviewer reads in a pull request: counts by severity, a table of findings with links, hints. */
export function renderMarkdown(report: Report, options: MarkdownOptions): string {
  const s = summarize(report);
  const t = report.target;
  const total = s.error + s.warning + s.info;
  const lines: string[] = [];
  const status = total === 0 ? '✅ no problems' : `${s.failed ? '❌' : '⚠️'} ${plural(total, 'problem')}`;
  lines.push(`## secaudit: ${status}`, '');
  const scope = t.command === 'check' ? ` · settings \`${t.settingsModule ?? t.settingsFile ?? '?'}\` · rules for Django ${t.djangoVersion}` : '';
  lines.push(`\`secaudit ${commandLine(report)}\`${scope}`, '');
  lines.push('| severity | count |', '|---|---|');
  for (const sev of SEVERITIES) lines.push(`| ${ICON[sev]} ${sev} | ${s[sev]} |`);
  lines.push(`| could not verify | ${s.unknown} |`);
  lines.push(`| suppressed | ${s.suppressed}${s.suppressed > 0 ? ` (${suppressionCounts(report)})` : ''} |`, '');
  if (total > 0) {
    // Most severe first (a stable sort keeps file and line order within a severity).
    const ordered = [...report.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    const shown = options.limit !== undefined ? ordered.slice(0, options.limit) : ordered;
    lines.push('| | location | finding | rule |', '|---|---|---|---|');
    for (const f of shown) {
      let where = '—';
      if (f.url) where = `<${f.url.replace(/[<>]/g, '')}>`;
      else if (f.location) {
        const label = `${f.location.file}:${f.location.line}`;
        if (isProjectFile(f.location.file)) {
          const path = repoPath(report, f.location.file);
          const href = `${options.linkBase ? `${options.linkBase}/` : ''}${path.split('/').map(encodeURIComponent).join('/')}#L${f.location.line}`;
          where = `[${cell(label)}](${href})`;
        } else where = cell(label);
      }
      const rule = `\`${f.ruleId}\`${f.django ? ` (${f.django})` : ''}`;
      lines.push(`| ${ICON[f.severity]} | ${where} | ${cell(f.message)} | ${rule} |`);
    }
    if (shown.length < report.findings.length) lines.push('', `… and ${report.findings.length - shown.length} more (see the full report).`);
    const hints = new Map<string, string>();
    for (const f of shown) if (!hints.has(f.ruleId)) hints.set(f.ruleId, f.hint);
    lines.push('', '<details><summary>How to fix</summary>', '');
    for (const [id, hint] of hints) lines.push(`- \`${id}\`: ${cell(hint)}`);
    lines.push('', '</details>');
  }
  if (report.disabled.length > 0) {
    lines.push('', `Rules disabled by ${t.config ?? 'the configuration'}: ${report.disabled.map((d) => `\`${d.ruleId}\` (${cell(d.reason)})`).join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}
