import { atLeast } from '../src/engine/django.ts';
import { type RuleContext, defineRule } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Value, pyEquals, pyLen, unresolved } from '../src/engine/values.ts';
import { DEPLOY_CHECKLIST, DOCS } from './_shared.ts';
import { envVariablesOf, listVariables } from './_env.ts';

type Verdict = { readonly kind: 'supplied' } | { readonly kind: 'literal' } | { readonly kind: 'default'; readonly variable: string };

function keyLength(v: Value): number | null {
  if (v.t === 'str') return pyLen(v.v);
  if (v.t === 'bytes') return v.v.length;
  return null;
}

/**
 * Where a key in use comes from. A value that carries its variable says so itself; otherwise the value is
 * compared with the settings evaluated without the variables it is read from: equal means the key is written in
 * the project (a default or a literal), different means the deployment supplies it.
 */
function originOf(ctx: RuleContext, entry: SettingEntry, key: Value, variables: readonly string[], without: readonly Value[] | null): Verdict | Unknown {
  if ('src' in key && key.src) return key.src.defaulted ? { kind: 'default', variable: key.src.envVar } : { kind: 'supplied' };
  // Only Python settings modules are code the key can be written in.
  if (!entry.origin?.file.endsWith('.py')) return { kind: 'supplied' };
  if (variables.length === 0) return { kind: 'literal' };
  if (without === null) return unknownFor(entry.name, unresolved(`the settings could not be evaluated without ${listVariables(variables)}`, '', entry.origin));
  if (!without.some((w) => pyEquals(key, w) === true)) return { kind: 'supplied' };
  // The same key without the variables: it is in the code. Call it their default only when none of them is set.
  return variables.some((v) => ctx.environment.has(v)) ? { kind: 'literal' } : { kind: 'default', variable: listVariables(variables) };
}

/** The values of a setting when the deployment does not export `variables`, as a list of candidates. */
function valuesWithout(ctx: RuleContext, name: string, variables: readonly string[]): readonly Value[] | null {
  if (variables.length === 0) return [];
  const settings = ctx.project.settingsWithout(variables);
  if (!settings) return null;
  const entry = settings.get(name);
  if (!entry) return [];
  const v = entry.value;
  if (v.t === 'list' || v.t === 'tuple') return v.items;
  return [v];
}

type Found =
  | { messageId: 'literal'; at: SettingEntry; data: { name: string; length: number } }
  | { messageId: 'committedDefault'; at: SettingEntry; data: { name: string; length: number; variable: string } };

export default defineRule({
  id: 'secret-key-committed',
  title: 'SECRET_KEY comes from the environment, not from the code',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'secrets', 'crypto'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks that the SECRET_KEY in use (and, on Django 4.1+, every SECRET_KEY_FALLBACKS entry) is supplied by the deployment: it fires when the key is a literal in a settings module, or when it is read from an environment variable that the deployment does not export so the default written in the code is used (`os.environ.get('SECRET_KEY', 'dev-key')`, `env('SECRET_KEY', default='...')`, `config('SECRET_KEY', default='...')`). A key computed without any environment variable counts as written in the code too, e.g. one read from a JSON file in the project tree (secaudit cannot tell whether such a file is kept out of version control). Messages give the key's length and the finding's location, never the key.",
    why: 'Anyone who can read the repository, a CI log or a container image then holds the production key, and with it can forge session cookies, password-reset links and anything signed with django.core.signing: log in as any user. Keys in source control also cannot be rotated without a code change.',
    bad: { settings: "SECRET_KEY = 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4'\n" },
    good: { settings: "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n", env: { DJANGO_SECRET_KEY: 'q8Zr3vN1xT7mK2pL9wB4cH6jF0sD5aG8eY1uI3oP7nM2bV6cX9zQ4' } },
    fix: 'Read the key with a required lookup (`os.environ["DJANGO_SECRET_KEY"]`, `env("DJANGO_SECRET_KEY")`) so a missing variable stops the deployment, export it from a secrets manager, and rotate any key that was ever committed (move it to SECRET_KEY_FALLBACKS only while old sessions expire).',
    severity: 'An error: a key that is in the code is known to everyone who has the code, which is enough to forge sessions and password-reset tokens.',
  },
  messages: {
    literal: { text: '{{name}} ({{length}} characters) is written in the code' },
    committedDefault: { text: "{{name}} ({{length}} characters) is the code's default ({{variable}} unset)" },
  },
  hint: 'Read the key from the environment with no default, and rotate any key that was committed.',
  references: [`${DOCS}/ref/settings/#secret-key`, `${DOCS}/topics/signing/#protecting-secret-key-and-secret-key-fallbacks`, DEPLOY_CHECKLIST, 'https://cwe.mitre.org/data/definitions/798.html'],
  since: '0.1.0',
  check(ctx) {
    const findings: Found[] = [];
    let unknown: Unknown | null = null;

    if (ctx.settings.isSet('SECRET_KEY')) {
      const entry = ctx.settings.get('SECRET_KEY') as SettingEntry;
      const key = knownValue(entry);
      const length = isUnknown(key) ? null : keyLength(key);
      // `os.environ['SECRET_KEY']` with the variable not passed: the key is the deployment's, not in the code.
      const requiredFromEnv = entry.value.t === 'unresolved' && entry.value.requiredEnv !== undefined;
      if (requiredFromEnv) {
        // nothing committed
      } else if (isUnknown(key)) unknown = key;
      else if (length !== null && length > 0) {
        const variables = 'src' in key && key.src ? [] : envVariablesOf(ctx, entry);
        const verdict = originOf(ctx, entry, key, variables, valuesWithout(ctx, 'SECRET_KEY', variables));
        if (isUnknown(verdict)) unknown = verdict;
        else if (verdict.kind === 'literal') findings.push({ messageId: 'literal', at: entry, data: { name: 'SECRET_KEY', length } });
        else if (verdict.kind === 'default') findings.push({ messageId: 'committedDefault', at: entry, data: { name: 'SECRET_KEY', length, variable: verdict.variable } });
      }
    }

    // Django reads SECRET_KEY_FALLBACKS from 4.1 on.
    if (atLeast(ctx.django, 4, 1) && ctx.settings.isSet('SECRET_KEY_FALLBACKS')) {
      const entry = ctx.settings.get('SECRET_KEY_FALLBACKS') as SettingEntry;
      const list = knownValue(entry);
      if (isUnknown(list)) unknown ??= list;
      else if (list.t === 'list' || list.t === 'tuple') {
        const needsWithout = list.items.some((item) => !('src' in item && item.src));
        const variables = needsWithout ? envVariablesOf(ctx, entry) : [];
        const without = valuesWithout(ctx, 'SECRET_KEY_FALLBACKS', variables);
        list.items.forEach((item, index) => {
          if (item.t === 'unresolved') {
            unknown ??= unknownFor('SECRET_KEY_FALLBACKS', item, entry.origin);
            return;
          }
          const length = keyLength(item);
          if (length === null || length === 0) return;
          const verdict = originOf(ctx, entry, item, variables, without);
          if (isUnknown(verdict)) unknown ??= verdict;
          else if (verdict.kind === 'literal') findings.push({ messageId: 'literal', at: entry, data: { name: `SECRET_KEY_FALLBACKS[${index}]`, length } });
          else if (verdict.kind === 'default') findings.push({ messageId: 'committedDefault', at: entry, data: { name: `SECRET_KEY_FALLBACKS[${index}]`, length, variable: verdict.variable } });
        });
        if (list.partial) unknown ??= unknownFor('SECRET_KEY_FALLBACKS', list.partial, entry.origin);
      }
    }

    if (findings.length === 0 && unknown) return unknown;
    return findings;
  },
});
