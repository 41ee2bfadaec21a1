import { defineRule } from '../src/engine/rule.ts';
import { isTruthy, isUnknown } from '../src/engine/settings.ts';
import { DEPLOY_CHECKLIST, DOCS, describeValue } from './_shared.ts';
import { envFallback, listVariables } from './_env.ts';


export default defineRule({
  id: 'debug-env-default',
  title: 'DEBUG stays off when its environment variable is missing',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'debug', 'environment', 'information-disclosure'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks what DEBUG becomes when the deployment does not export the environment variable it is read from: the settings are evaluated again without that variable, so defaults (`os.environ.get('DEBUG', 'True')`, `env.bool('DEBUG', default=True)`, `config('DEBUG', default=True, cast=bool)`, `os.getenv('DJANGO_DEBUG', '1') == '1'`), a development `.env` file the settings load, and helper functions are all followed. It fires when DEBUG would then be true (Python truthiness, as Django uses it: the string 'False' is true). It is quiet when DEBUG is not read from the environment (a literal is debug-enabled's business) and when a missing variable stops Django from starting (`os.environ['DEBUG']`).",
    why: 'Production settings that depend on every deployment remembering `DJANGO_DEBUG=False` fail open: a new server, a renamed variable or a lost secret turns on debug pages that show settings, source code and SQL to anyone who triggers an error. A default must be the safe value.',
    bad: { settings: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'\n", env: { DJANGO_DEBUG: 'False' } },
    good: { settings: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'\n", env: { DJANGO_DEBUG: 'False' } },
    fix: 'Default to False and turn DEBUG on explicitly in development (`DJANGO_DEBUG=True` in your local environment), or make the variable required so a forgotten one stops the deployment.',
    severity: 'A warning: nothing is exposed while the deployment exports the variable, but one missing line in an environment file turns on debug pages (debug-enabled reports an error when that has happened).',
  },
  messages: {
    onNow: { text: 'DEBUG is {{value}}: the fallback used when {{variable}} is missing' },
    onWhenMissing: { text: 'DEBUG falls back to {{value}} when the deployment omits {{variable}}' },
  },
  hint: 'Make the default False (or require the variable) so a missing variable cannot turn DEBUG on.',
  references: [`${DOCS}/ref/settings/#debug`, DEPLOY_CHECKLIST, 'https://12factor.net/config'],
  since: '0.1.0',
  check(ctx) {
    const fb = envFallback(ctx, 'DEBUG');
    if (isUnknown(fb)) return fb;
    if (fb.kind !== 'fallback') return [];
    const on = isTruthy(fb.without);
    if (isUnknown(on)) return on;
    if (!on) return [];
    const variable = listVariables(fb.variables);
    const value = describeValue(fb.without.value);
    const anchor = fb.without.origin ? fb.without : (ctx.settings.get('DEBUG') ?? null);
    if (fb.current) return [{ messageId: 'onNow', at: anchor, data: { value, variable } }];
    return [{ messageId: 'onWhenMissing', at: anchor, data: { value, variable } }];
  },
});
