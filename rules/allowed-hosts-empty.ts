import { defineRule } from '../src/engine/rule.ts';
import { isTruthy, isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DEPLOY_CHECKLIST, DOCS, setting, sourceNote } from './_shared.ts';

export default defineRule({
  id: 'allowed-hosts-empty',
  title: 'ALLOWED_HOSTS is set',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'hosts'],
  django: ['security.W020'],
  deployOnly: true,
  docs: {
    what: "Checks that ALLOWED_HOSTS is not empty, as Django's security.W020 does (truthiness: [''] passes, as in Django).",
    why: 'With DEBUG off and ALLOWED_HOSTS empty Django rejects every request with 400 Bad Request; teams then often "fix" it with [\'*\'], which disables Host header validation.',
    bad: { settings: 'ALLOWED_HOSTS = []\n' },
    good: { settings: "ALLOWED_HOSTS = ['www.example.com']\n" },
  },
  messages: {
    empty: { text: 'ALLOWED_HOSTS is empty{{source}}; Django will reject every request', django: 'security.W020' },
  },
  hint: "List the domains the site serves, e.g. ALLOWED_HOSTS = ['www.example.com'].",
  references: [`${DOCS}/ref/settings/#allowed-hosts`, DEPLOY_CHECKLIST, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'ALLOWED_HOSTS');
    const set = isTruthy(entry);
    if (isUnknown(set)) return set;
    return set ? [] : [{ messageId: 'empty', at: entry, data: { source: sourceNote(entry.value) } }];
  },
});
