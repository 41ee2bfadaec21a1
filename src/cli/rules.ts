import { builtinRules } from '../../rules/index.ts';
import { docsUrl, renderRuleDoc } from '../docs/rules-table.ts';
import { UsageError } from '../engine/errors.ts';

/** `secaudit rules`: one line per built-in rule, or JSON for tools. */
export function listRules(format: 'text' | 'json'): string {
  const rules = [...builtinRules].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (format === 'json') {
    const out = rules.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      django: r.django,
      deployOnly: r.deployOnly,
      tags: r.tags,
      docs: docsUrl(r, true),
    }));
    return `${JSON.stringify(out, null, 2)}\n`;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => {
    const django = r.django.length > 0 ? ` [${r.django.join(', ')}]` : '';
    return `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}${django}`;
  });
  return `${lines.join('\n')}\n`;
}

/** `secaudit explain ID`: the rule's documentation page, found by rule id or Django check id. */
export function explainRule(id: string): string {
  const rule = builtinRules.find((r) => r.id === id) ?? builtinRules.find((r) => r.django.includes(id));
  if (!rule) {
    const near = builtinRules.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
    throw new UsageError(`no rule '${id}'`, near.length > 0 ? `did you mean ${near.slice(0, 3).join(', ')}?` : 'secaudit rules lists the ids');
  }
  return renderRuleDoc(rule);
}
