import { defineRule } from '../src/engine/rule.ts';
import { isTruthy, isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DEPLOY_CHECKLIST, DOCS, describeValue, setting, sourceNote } from './_shared.ts';

export default defineRule({
  id: 'debug-enabled',
  title: 'DEBUG is off in production',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'debug', 'information-disclosure'],
  django: ['security.W018'],
  deployOnly: true,
  docs: {
    what: "Checks that DEBUG is false, with Python truthiness as Django's security.W018 does: the string 'False' (what os.environ.get returns) is true. secaudit reports it as an error where Django says warning, because a debug page hands out settings and source code.",
    why: "With DEBUG on, every error shows a page with the traceback, local variables, the SQL run and most settings (database credentials included), and Django keeps every SQL query in memory.",
    bad: { settings: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False')\n" },
    good: { settings: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'\n" },
    fix: 'Compare the environment string explicitly, or use a library cast (env.bool, config(..., cast=bool)), and default to False.',
  },
  messages: {
    on: { text: 'DEBUG is {{value}}{{source}}; error pages expose settings and code', django: 'security.W018' },
  },
  hint: 'Set DEBUG = False in production (read it from the environment with a False default).',
  references: [`${DOCS}/ref/settings/#debug`, DEPLOY_CHECKLIST, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'DEBUG');
    const on = isTruthy(entry);
    if (isUnknown(on)) return on;
    return on ? [{ messageId: 'on', at: entry, data: { value: describeValue(entry.value), source: sourceNote(entry.value) } }] : [];
  },
});
