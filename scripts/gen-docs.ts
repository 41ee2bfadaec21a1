// npm run docs: regenerates the README rule table, docs/rules/<id>.md and docs/report.schema.json.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { builtinRules } from '../rules/index.ts';
import { TABLE_END, TABLE_START, renderRuleDoc, renderRulesTable } from '../src/docs/rules-table.ts';
import { reportSchema } from '../src/report/json-schema.ts';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(TABLE_START);
const end = readme.indexOf(TABLE_END);
if (start < 0 || end < 0) throw new Error('README.md has no rules table markers');
writeFileSync('README.md', readme.slice(0, start) + renderRulesTable(builtinRules) + readme.slice(end + TABLE_END.length));

mkdirSync('docs/rules', { recursive: true });
const wanted = new Set(builtinRules.map((r) => `${r.id}.md`));
for (const f of readdirSync('docs/rules')) if (!wanted.has(f)) rmSync(`docs/rules/${f}`);
for (const rule of builtinRules) writeFileSync(`docs/rules/${rule.id}.md`, renderRuleDoc(rule));

writeFileSync('docs/report.schema.json', `${JSON.stringify(z.toJSONSchema(reportSchema), null, 2)}\n`);
console.log(`wrote README.md rule table, ${builtinRules.length} docs/rules pages and docs/report.schema.json`);
