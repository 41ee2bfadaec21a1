import { defineRule } from '../src/engine/rule.ts';
import { isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { CHECKS_DOCS, DOCS, requireDjango, setting, weakSecretKey } from './_shared.ts';

export default defineRule({
  id: 'secret-key-fallbacks-weak',
  title: 'Every SECRET_KEY_FALLBACKS entry is long and random',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'secrets', 'crypto'],
  django: ['security.W025'],
  deployOnly: true,
  docs: {
    what: "Checks each SECRET_KEY_FALLBACKS entry with the same test as SECRET_KEY (50+ characters, 5+ distinct, no 'django-insecure-' prefix), one finding per weak entry, as Django 4.1+'s security.W025 does. Keys are never printed.",
    why: 'Fallback keys still validate signatures (sessions, password-reset tokens) during key rotation, so a weak fallback is as dangerous as a weak SECRET_KEY.',
    bad: { settings: "SECRET_KEY_FALLBACKS = ['old-key']\n" },
    good: { settings: 'SECRET_KEY_FALLBACKS = []\n' },
    fix: 'Remove fallbacks once sessions signed with the old key have expired.',
  },
  messages: {
    weak: { text: 'SECRET_KEY_FALLBACKS[{{index}}] is weak: {{why}}', django: 'security.W025' },
  },
  hint: 'Drop old keys from SECRET_KEY_FALLBACKS once rotation is over; keep only strong ones.',
  references: [`${DOCS}/ref/settings/#secret-key-fallbacks`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 4, 1, 'security.W025');
    if (gate) return gate;
    const entry = setting(ctx, 'SECRET_KEY_FALLBACKS');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    if (value.t !== 'list' && value.t !== 'tuple') {
      return unknownFor('SECRET_KEY_FALLBACKS', unresolved('SECRET_KEY_FALLBACKS is not a list', '', entry.origin));
    }
    const findings: Array<{ messageId: 'weak'; at: typeof entry; data: { index: number; why: string } }> = [];
    let unknownItem = value.partial ?? null;
    value.items.forEach((item, index) => {
      if (item.t === 'unresolved') {
        unknownItem ??= item;
        return;
      }
      const verdict = weakSecretKey(ctx, item);
      if (verdict === null) unknownItem ??= unresolved(`SECRET_KEY_FALLBACKS[${index}] is not a string`, '', entry.origin);
      else if (verdict.weak) findings.push({ messageId: 'weak', at: entry, data: { index, why: verdict.why } });
    });
    if (findings.length === 0 && unknownItem) return unknownFor('SECRET_KEY_FALLBACKS', unknownItem, entry.origin);
    return findings;
  },
});
