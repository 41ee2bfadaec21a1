import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinRules } from '../rules/index.ts';
import { renderRuleDoc, renderRulesTable } from '../src/docs/rules-table.ts';
import { reportSchema } from '../src/report/json-schema.ts';
import { REPO } from './helpers/cli.ts';
import { runExample } from './helpers/rule-tester.ts';

/** ESLint's checkRuleFiles for secaudit: rules, index, tests, docs and README stay in step. */
const ruleFiles = readdirSync(join(REPO, 'rules'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('rule registry', () => {
  it('rules/index.ts lists every rule file, in id order, and nothing else', () => {
    expect(builtinRules.map((r) => r.id)).toEqual(ruleFiles);
  });

  it('ids are kebab-case and unique', () => {
    for (const r of builtinRules) expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(builtinRules.map((r) => r.id)).size).toBe(builtinRules.length);
  });
});

describe.each(builtinRules.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  const testFile = join(REPO, 'test', 'rules', `${id}.test.ts`);

  it('has a table test that exercises every messageId', () => {
    expect(existsSync(testFile)).toBe(true);
    const text = readFileSync(testFile, 'utf8');
    for (const messageId of Object.keys(rule.messages)) expect(text).toContain(`messageId: '${messageId}'`);
  });

  it('has complete metadata', () => {
    expect(rule.title.length).toBeGreaterThan(0);
    expect(rule.hint).not.toContain('\n');
    expect(rule.docs.what.length).toBeGreaterThan(20);
    expect(rule.docs.why.length).toBeGreaterThan(20);
    expect(rule.docs.why.length).toBeLessThanOrEqual(1024);
    expect(rule.references.length).toBeGreaterThan(0);
    for (const ref of rule.references) expect(ref).toMatch(/^https:\/\//);
    expect(rule.tags.length).toBeGreaterThan(0);
    expect(rule.since).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('messages are one line under 80 characters, and their Django ids are the rule\'s', () => {
    const used = new Set<string>();
    for (const m of Object.values(rule.messages)) {
      expect(m.text.length).toBeLessThan(80);
      expect(m.text).not.toContain('\n');
      if (m.django) {
        expect(rule.django).toContain(m.django);
        used.add(m.django);
      }
    }
    expect([...used].sort()).toEqual([...rule.django].sort());
  });

  it('docs.bad fails and docs.good passes (the documentation examples are executed)', () => {
    const bad = runExample(rule, rule.docs.bad);
    expect(bad.status).toBe('fail');
    const good = runExample(rule, rule.docs.good);
    expect(good.findings).toEqual([]);
    expect(good.status === 'pass' || good.status === 'skipped').toBe(true);
  });

  it('docs/rules page is generated from the metadata', () => {
    expect(readFileSync(join(REPO, 'docs', 'rules', `${id}.md`), 'utf8')).toBe(renderRuleDoc(rule));
  });
});

describe('generated documentation', () => {
  it('README rule table matches the rules (npm run docs)', () => {
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain(renderRulesTable(builtinRules));
  });

  it('docs/rules has a page per rule and nothing else', () => {
    expect(readdirSync(join(REPO, 'docs', 'rules')).sort()).toEqual(ruleFiles.map((f) => `${f}.md`));
  });

  it('docs/report.schema.json is generated from the zod schema', () => {
    expect(JSON.parse(readFileSync(join(REPO, 'docs', 'report.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(z.toJSONSchema(reportSchema))));
  });
});
