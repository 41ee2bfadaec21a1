import { defineRule } from '../src/engine/rule.ts';
import { unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS, requireDjango } from './_shared.ts';

export default defineRule({
  id: 'async-unsafe-allowed',
  title: 'DJANGO_ALLOW_ASYNC_UNSAFE is not set',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'async', 'environment'],
  django: ['async.E001'],
  deployOnly: true,
  docs: {
    what: "Checks that the environment Django runs with (the deployment's exported variables, plus whatever the settings themselves set in os.environ) does not set DJANGO_ALLOW_ASYNC_UNSAFE to a non-empty value, as Django's async.E001 does.",
    why: 'The variable switches off the guard that stops synchronous ORM calls from async code. That guard prevents data corruption and connection leaks; it is meant for notebooks, never for production.',
    bad: { settings: "import os\nos.environ['DJANGO_ALLOW_ASYNC_UNSAFE'] = 'true'\n" },
    good: { settings: 'DEBUG = False\n' },
  },
  messages: {
    set: { text: 'DJANGO_ALLOW_ASYNC_UNSAFE is set ({{source}}); unsafe ORM calls allowed', django: 'async.E001' },
  },
  hint: 'Remove DJANGO_ALLOW_ASYNC_UNSAFE from the production environment.',
  references: [`${DOCS}/topics/async/#envvar-DJANGO_ALLOW_ASYNC_UNSAFE`, `${DOCS}/ref/checks/#asynchronous-support`],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 3, 1, 'async.E001');
    if (gate) return gate;
    const v = ctx.environment.get('DJANGO_ALLOW_ASYNC_UNSAFE');
    if (!v) return [];
    if (v.value === null) {
      return unknownFor(null, unresolved('DJANGO_ALLOW_ASYNC_UNSAFE is set to a value that could not be evaluated', 'DJANGO_ALLOW_ASYNC_UNSAFE', v.definedAt));
    }
    if (v.value === '') return [];
    return [{ messageId: 'set', at: v.definedAt, data: { source: v.source } }];
  },
});
