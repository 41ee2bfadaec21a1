import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import { ConfigError } from '../engine/errors.ts';
import type { Rule } from '../engine/rule.ts';

const example = z.object({ settings: z.string(), env: z.optional(z.record(z.string(), z.string())) });

/** What a user rule module must default-export (the same shape as the built-in rules). */
const ruleShape = z.object({
  id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case')),
  title: z.string().check(z.minLength(1)),
  kind: z.literal('settings'),
  severity: z.enum(['error', 'warning', 'info']),
  tags: z.array(z.string()),
  django: z.array(z.string()),
  deployOnly: z.boolean(),
  docs: z.object({ what: z.string(), why: z.string(), bad: example, good: example, fix: z.optional(z.string()) }),
  messages: z.record(z.string(), z.object({ text: z.string(), django: z.optional(z.string()) })),
  hint: z.string(),
  references: z.array(z.string()),
  since: z.string(),
  check: z.custom<Rule['check']>((v) => typeof v === 'function', 'must be a function'),
});

/** Loads `--rules DIR`: every .js/.mjs/.cjs file default-exports one rule (or an array of rules). */
export async function loadUserRules(
  dir: string,
  cwd: string,
  builtinIds: ReadonlySet<string>,
  importModule: (url: string) => Promise<unknown>,
): Promise<Rule[]> {
  const abs = resolve(cwd, dir);
  let entries: string[];
  try {
    if (!statSync(abs).isDirectory()) throw new Error('not a directory');
    entries = readdirSync(abs).filter((f) => /\.(m|c)?js$/.test(f)).sort();
  } catch {
    throw new ConfigError(`--rules ${dir} is not a readable directory`, 'pass a directory of .js or .mjs rule modules');
  }
  const rules: Rule[] = [];
  const seen = new Set(builtinIds);
  for (const file of entries) {
    const shown = `${dir.replace(/\/$/, '')}/${file}`;
    let mod: { default?: unknown };
    try {
      mod = (await importModule(pathToFileURL(join(abs, file)).href)) as { default?: unknown };
    } catch (e) {
      throw new ConfigError(`rule module ${shown} failed to load: ${(e as Error).message.split('\n')[0]}`, 'fix the module; it must be valid JavaScript (ESM or CommonJS)');
    }
    const exported = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const candidate of exported) {
      const parsed = ruleShape.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ConfigError(
          `rule module ${shown}: ${issue?.path.join('.') || 'default export'} ${issue?.message ?? 'is not a rule'}`,
          'default-export an object with id, title, kind, severity, tags, django, deployOnly, docs, messages, hint, references, since and check()',
        );
      }
      const rule = candidate as Rule;
      if (seen.has(rule.id)) throw new ConfigError(`rule module ${shown}: rule id '${rule.id}' is already taken`, 'give the rule a unique id');
      seen.add(rule.id);
      rules.push(rule);
    }
  }
  return rules;
}
