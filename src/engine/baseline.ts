import type { Finding } from './types.ts';

/**
 * A baseline records the findings a project has accepted for now, so CI fails only on new ones. Entries are
 * matched by rule, message, file, setting and the text of the line (whitespace folded) — not the line number,
 * so a finding survives lines being added above it. When the line's text changed too, a second pass matches on
 * rule, message, file and setting alone. Each entry matches at most one finding.
 */
export interface BaselineEntry {
  readonly ruleId: string;
  readonly messageId: string;
  readonly django: string | null;
  readonly file: string | null;
  readonly setting: string | null;
  /** The finding's line, whitespace folded; null when the finding has no location. */
  readonly lineText: string | null;
  /** Informational: where it was when the baseline was written. */
  readonly line: number | null;
  readonly message: string;
}

export interface Baseline {
  readonly version: 1;
  readonly tool: 'secaudit';
  readonly findings: readonly BaselineEntry[];
}

export type LineText = (file: string, line: number) => string | null;

function fold(text: string | null): string | null {
  return text === null ? null : text.trim().replace(/\s+/g, ' ');
}

function entryOf(f: Finding, lineText: LineText): BaselineEntry {
  const loc = f.location;
  return {
    ruleId: f.ruleId,
    messageId: f.messageId,
    django: f.django,
    file: loc?.file ?? null,
    setting: f.setting,
    lineText: loc ? fold(lineText(loc.file, loc.line)) : null,
    line: loc?.line ?? null,
    message: f.message,
  };
}

export function createBaseline(findings: readonly Finding[], lineText: LineText): Baseline {
  const entries = findings.map((f) => entryOf(f, lineText));
  entries.sort((a, b) => `${a.file}\0${a.line}\0${a.ruleId}`.localeCompare(`${b.file}\0${b.line}\0${b.ruleId}`));
  return { version: 1, tool: 'secaudit', findings: entries };
}

const strict = (e: BaselineEntry) => JSON.stringify([e.ruleId, e.messageId, e.file, e.setting, e.lineText]);
const loose = (e: BaselineEntry) => JSON.stringify([e.ruleId, e.messageId, e.file, e.setting]);

/** Which findings the baseline already has (`known`) and which are new. */
export function matchBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  lineText: LineText,
): { fresh: Finding[]; known: Finding[] } {
  const pool = new Map<string, number[]>();
  baseline.findings.forEach((e, i) => {
    const k = strict(e);
    pool.set(k, [...(pool.get(k) ?? []), i]);
  });
  const used = new Set<number>();
  const entries = findings.map((f) => entryOf(f, lineText));
  const matched = new Array<boolean>(findings.length).fill(false);
  entries.forEach((e, i) => {
    const free = (pool.get(strict(e)) ?? []).find((j) => !used.has(j));
    if (free !== undefined) {
      used.add(free);
      matched[i] = true;
    }
  });
  const loosePool = new Map<string, number[]>();
  baseline.findings.forEach((e, j) => {
    if (used.has(j)) return;
    const k = loose(e);
    loosePool.set(k, [...(loosePool.get(k) ?? []), j]);
  });
  entries.forEach((e, i) => {
    if (matched[i]) return;
    const free = (loosePool.get(loose(e)) ?? []).find((j) => !used.has(j));
    if (free !== undefined) {
      used.add(free);
      matched[i] = true;
    }
  });
  const fresh: Finding[] = [];
  const known: Finding[] = [];
  findings.forEach((f, i) => (matched[i] ? known : fresh).push(f));
  return { fresh, known };
}
