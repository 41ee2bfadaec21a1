import { defineRule } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';

export default defineRule({
  id: 'suppression-comment-invalid',
  title: 'Ignore comments name real rules and give a reason',
  kind: 'settings',
  severity: 'warning',
  tags: ['suppressions', 'meta'],
  django: [],
  deployOnly: false,
  docs: {
    what: 'Checks every `# secaudit: ignore[rule-id] reason` comment in the files secaudit read: it must give a reason after the bracket, and every id in it must be a rule id (or the Django check id a rule mirrors) that secaudit knows.',
    why: 'An ignore comment silences a security finding for good. Without a reason the next reader cannot tell whether it still applies; an id with a typo silences nothing while looking as if it did.',
    bad: { settings: 'DEBUG = True  # secaudit: ignore[debug-enabled]\n' },
    good: { settings: 'DEBUG = True  # secaudit: ignore[debug-enabled] staging only; production sets DEBUG from the env\n' },
    severity: 'Warning: the comment itself is not a vulnerability, but an unexplained or broken suppression hides whether one exists, so CI should notice it.',
  },
  messages: {
    noReason: { text: 'ignore comment gives no reason: say why the finding does not apply' },
    unknownId: { text: "ignore comment names '{{id}}', which is not a secaudit rule or Django check" },
  },
  hint: 'Write # secaudit: ignore[rule-id] followed by the reason; `secaudit rules` lists the ids.',
  references: [`${DOCS}/ref/settings/#silenced-system-checks`, 'https://docs.astral.sh/ruff/linter/#error-suppression'],
  since: '0.1.0',
  check(ctx) {
    const out: Array<{ messageId: 'noReason'; at: { file: string; line: number; column: number } } | { messageId: 'unknownId'; at: { file: string; line: number; column: number }; data: { id: string } }> = [];
    for (const d of ctx.directives) {
      const at = { file: d.file, line: d.line, column: d.column };
      if (d.reason === '') out.push({ messageId: 'noReason', at });
      for (const id of d.ids) if (!ctx.knownIds.has(id)) out.push({ messageId: 'unknownId', at, data: { id } });
    }
    return out;
  },
});
