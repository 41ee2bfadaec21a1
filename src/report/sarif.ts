import type { Example, Rule } from '../engine/rule.ts';
import type { Severity } from '../engine/types.ts';
import { lineHashes } from './fingerprint.ts';
import { type Report, isProjectFile, repoPath } from './report.ts';

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: one run; every rule with the fields GitHub shows; every result
 * with exactly one physical location whose URI is repository-relative (no scheme) and a region; the
 * primaryLocationLineHash upload-sarif would compute; suppressed findings left out unless asked for.
 */
export interface SarifOptions {
  /** `automationDetails.id` = `<category>/`; absent unless --sarif-category (upload-sarif fills it otherwise). */
  readonly category: string | null;
  readonly includeSuppressed: boolean;
  /** GitHub's primaryLocationLineHash for a repository path and line; null when the file is not available. */
  readonly lineHash: (repoFile: string, line: number) => string | null;
  readonly docsUrl: (ruleId: string) => string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** GitHub's security-severity scale: 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

function encodeUri(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());
}

function helpText(rule: Rule): string {
  const parts = [rule.docs.what, `Why: ${rule.docs.why}`, `Fix: ${rule.hint}${rule.docs.fix ? ` ${rule.docs.fix}` : ''}`];
  return parts.join('\n\n');
}

/** An example's settings (Python) and the live site's response, whichever it has. */
function exampleBlocks(example: Example): string[] {
  const out: string[] = [];
  if (example.settings.trim() !== '') out.push('', '```python', example.settings.trimEnd(), '```');
  if (example.live) out.push('', '```http', example.live.shown.trimEnd(), '```');
  return out;
}

function helpMarkdown(rule: Rule): string {
  const lines = [
    rule.docs.what,
    '',
    '## Why is this bad?',
    '',
    rule.docs.why,
    '',
    '## Example',
    ...exampleBlocks(rule.docs.bad),
    '',
    '## Use instead',
    ...exampleBlocks(rule.docs.good),
    '',
    '## How to fix',
    '',
    rule.hint,
    ...(rule.docs.fix ? ['', rule.docs.fix] : []),
    '',
    '## References',
    '',
    ...rule.references.map((r) => `- <${r}>`),
  ];
  return lines.join('\n');
}

function descriptor(rule: Rule, options: SarifOptions): Record<string, unknown> {
  const tags = [...new Set(['security', ...rule.tags, ...(rule.django.length > 0 ? ['django'] : [])])].slice(0, 10);
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.why.slice(0, 1024) },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    helpUri: options.docsUrl(rule.id),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags,
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[rule.severity],
      ...(rule.django.length > 0 ? { djangoChecks: [...rule.django] } : {}),
    },
  };
}

export function renderSarif(report: Report, options: SarifOptions): string {
  const rules = [...report.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const fallback = report.fallbackAnchor;
  const entries = [
    ...report.findings.map((f) => ({ finding: f, suppression: null })),
    ...(options.includeSuppressed ? report.suppressed.map((s) => ({ finding: s.finding, suppression: s })) : []),
  ];
  let pseudo = false;
  const results = entries.map(({ finding: f, suppression }) => {
    // A finding in a file outside the repository (an absolute --env-file), or about a live site, is shown on a
    // repository line (the setting that governs it, the configuration line naming the URL, or the settings
    // module's first line), with the real place in the message: GitHub rejects other URIs.
    const inRepo = f.location !== null && isProjectFile(f.location.file);
    const anchor = inRepo ? f.location : fallback;
    const where = f.url ? ` (${f.url})` : !inRepo && f.location ? ` (${f.location.file}:${f.location.line})` : '';
    let file: string;
    if (anchor) file = repoPath(report, anchor.file);
    else if (f.url) {
      // `secaudit probe` without a project: no repository file to point at, so the host and path, scheme-less.
      const u = new URL(f.url);
      file = `${u.host}${u.pathname}`.replace(/\/$/, '') || u.host;
      pseudo = true;
    } else file = repoPath(report, report.target.settingsFile ?? 'manage.py');
    const line = anchor?.line ?? 1;
    const column = anchor?.column ?? 1;
    // Without a file, upload-sarif cannot compute the line hash: a hash of what the finding is about keeps the alert
    // the same across runs (the URL, the kind of finding and its setting; not the message, which may count days).
    const hash = anchor ? options.lineHash(file, line) : f.url ? lineHashes(`${f.url} ${f.messageId} ${f.setting ?? ''}`)[0] ?? null : null;
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? 0,
      level: LEVEL[f.severity],
      message: { text: `${f.message}${where}. ${f.hint}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: encodeUri(file), uriBaseId: '%SRCROOT%' }, region: { startLine: line, startColumn: column } } }],
      ...(hash ? { partialFingerprints: { primaryLocationLineHash: hash } } : {}),
      properties: { django: f.django, setting: f.setting, messageId: f.messageId, ...(f.url ? { url: f.url } : {}) },
    };
    if (suppression) {
      result.suppressions = [
        {
          kind: suppression.by === 'inline' ? 'inSource' : 'external',
          status: 'accepted',
          justification: suppression.justification ?? (suppression.by === 'inline' ? 'ignore comment' : suppression.by),
        },
      ];
    }
    return result;
  });
  const pseudoNote = pseudo
    ? [{ level: 'warning', message: { text: 'live findings have no repository file to point at (no project was audited): they are shown at the host name as a path; run check --url in the repository, or list the URL in the configuration, to anchor them' }, descriptor: { id: 'live-anchor' } }]
    : [];
  const notifications = report.diagnostics
    .filter((d) => d.level !== 'info')
    .map((d) => ({
      level: d.level === 'error' ? 'error' : 'warning',
      message: { text: d.message },
      descriptor: { id: d.code },
      ...(d.location && isProjectFile(d.location.file)
        ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodeUri(repoPath(report, d.location.file)), uriBaseId: '%SRCROOT%' }, region: { startLine: d.location.line, startColumn: d.location.column } } }] }
        : {}),
    }));
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'secaudit',
        semanticVersion: report.tool.version,
        informationUri: 'https://github.com/secaudit/secaudit',
        rules: rules.map((r) => descriptor(r, options)),
      },
    },
    ...(options.category ? { automationDetails: { id: `${options.category}/` } } : {}),
    columnKind: 'utf16CodeUnits',
    invocations: [{ executionSuccessful: !report.outcomes.some((o) => o.status === 'error'), toolExecutionNotifications: [...notifications, ...pseudoNote] }],
    results,
  };
  const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
