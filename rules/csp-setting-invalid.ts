import { defineRule } from '../src/engine/rule.ts';
import { decide, isUnknown } from '../src/engine/settings.ts';
import { typeName } from '../src/engine/values.ts';
import { CHECKS_DOCS, DOCS, requireDjango, setting } from './_shared.ts';

export default defineRule({
  id: 'csp-setting-invalid',
  title: 'SECURE_CSP and SECURE_CSP_REPORT_ONLY are dicts',
  kind: 'settings',
  severity: 'error',
  tags: ['csp', 'headers'],
  django: ['security.E026'],
  deployOnly: false,
  docs: {
    what: "Checks that SECURE_CSP and SECURE_CSP_REPORT_ONLY are None or a dict, one finding per setting, as Django 6.0+'s security.E026 does. Django runs this check even without --deploy.",
    why: "Django's built-in Content-Security-Policy middleware builds the header from a dict of directives; any other type means no policy (or a crash) where you expected one.",
    bad: { settings: "SECURE_CSP = \"default-src 'self'\"\n" },
    good: { settings: "SECURE_CSP = {'default-src': [\"'self'\"]}\n" },
  },
  messages: {
    notDict: { text: '{{setting}} must be a dict, not {{type}}', django: 'security.E026' },
  },
  hint: "Write the policy as a dict of directives, e.g. SECURE_CSP = {'default-src': [CSP.SELF]}.",
  references: [`${DOCS}/ref/settings/#secure-csp`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 6, 0, 'security.E026');
    if (gate) return gate;
    const findings: Array<{ messageId: 'notDict'; at: ReturnType<typeof setting>; data: { setting: string; type: string } }> = [];
    for (const name of ['SECURE_CSP', 'SECURE_CSP_REPORT_ONLY']) {
      const entry = setting(ctx, name);
      const ok = decide(entry, (v) => (v.t === 'unresolved' ? null : v.t === 'none' || v.t === 'dict'));
      if (isUnknown(ok)) return ok;
      if (!ok) findings.push({ messageId: 'notDict', at: entry, data: { setting: name, type: typeName(entry.value) } });
    }
    return findings;
  },
});
