import type { Finding } from './types.ts';

/** `# secaudit: ignore[rule-id, other-id] reason` in a project file. */
export interface IgnoreDirective {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Rule ids or Django check ids, as written. */
  readonly ids: readonly string[];
  /** The justification after the bracket; empty when none was given. */
  readonly reason: string;
  /** The comment stands alone on its line, so it applies to the next line. */
  readonly ownLine: boolean;
}

/** A comment found in a project file (Python comments come from the parse tree, other files from `#` lines). */
export interface Comment {
  readonly line: number;
  readonly column: number;
  /** Text from the `#` on. */
  readonly text: string;
  readonly ownLine: boolean;
}

const DIRECTIVE = /^#+\s*secaudit:\s*ignore\[([^\]]*)\]\s*(.*?)\s*$/;

export function parseDirectives(file: string, comments: readonly Comment[]): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const ids = (m[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    out.push({ file, line: c.line, column: c.column, ids, reason: (m[2] ?? '').replace(/^[-–—:]\s*/, ''), ownLine: c.ownLine });
  }
  return out;
}

/** `#` comments of a text file in a `#`-comment format (env files, ini, nginx): a `#` at line start or after blanks. */
export function hashComments(text: string): Comment[] {
  const out: Comment[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const at = line.search(/(^|\s)#/);
    if (at < 0) return;
    const hash = line.indexOf('#', at);
    out.push({ line: i + 1, column: hash + 1, text: line.slice(hash), ownLine: line.slice(0, hash).trim() === '' });
  });
  return out;
}

export type SuppressedBy = 'inline' | 'SILENCED_SYSTEM_CHECKS' | 'baseline';

export interface Suppression {
  readonly finding: Finding;
  readonly by: SuppressedBy;
  /** The reason written next to the ignore comment, or the baseline file. */
  readonly justification: string | null;
}

/** Whether a directive covers a finding: same line, or a comment-only line directly above. */
function covers(d: IgnoreDirective, f: Finding): boolean {
  const loc = f.location;
  if (!loc || loc.file !== d.file) return false;
  const line = d.ownLine ? d.line + 1 : d.line;
  if (line !== loc.line) return false;
  return d.ids.includes(f.ruleId) || (f.django !== null && d.ids.includes(f.django));
}

/** Splits findings into those an ignore comment covers and the rest. */
export function applyInlineSuppressions(
  findings: readonly Finding[],
  directives: readonly IgnoreDirective[],
): { kept: Finding[]; suppressed: Suppression[] } {
  const kept: Finding[] = [];
  const suppressed: Suppression[] = [];
  for (const f of findings) {
    const d = directives.find((x) => covers(x, f));
    if (d) suppressed.push({ finding: f, by: 'inline', justification: d.reason || null });
    else kept.push(f);
  }
  return { kept, suppressed };
}
