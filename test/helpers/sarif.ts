import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { REPO } from './cli.ts';

const ajv = new Ajv04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(REPO, 'test', 'schemas', 'sarif-2.1.0.json'), 'utf8')) as object);

/**
 * Checks a SARIF log against the OASIS schema and against what GitHub code scanning needs to ingest it (schema
 * validity is necessary, not sufficient): one run; every rule with the texts GitHub shows, within its limits; every
 * result with exactly one repository-relative file location that exists under `repoRoot`, a start line, and
 * GitHub's line hash; no suppressions unless `allowSuppressions`.
 */
export function expectGitHubSarif(text: string, options: { repoRoot?: string; allowSuppressions?: boolean } = {}): Sarif.Log {
  const log = JSON.parse(text) as Sarif.Log;
  expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0] as Sarif.Run;
  const rules = run.tool.driver.rules ?? [];
  expect(run.tool.driver.name).toBe('secaudit');
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  for (const r of rules) {
    expect(r.name?.length ?? 0).toBeLessThanOrEqual(255);
    expect(r.shortDescription?.text.length ?? 0).toBeGreaterThan(0);
    expect(r.shortDescription?.text.length ?? 0).toBeLessThanOrEqual(1024);
    expect(r.fullDescription?.text.length ?? 0).toBeGreaterThan(0);
    expect(r.fullDescription?.text.length ?? 0).toBeLessThanOrEqual(1024);
    expect(r.help?.text.length ?? 0).toBeGreaterThan(0);
    expect(r.help?.markdown?.length ?? 0).toBeGreaterThan(0);
    expect(r.helpUri).toMatch(/^https:\/\//);
    const tags = r.properties?.tags ?? [];
    expect(tags).toContain('security');
    expect(tags.length).toBeLessThanOrEqual(10);
    const score = Number(r.properties?.['security-severity']);
    expect(typeof r.properties?.['security-severity']).toBe('string');
    expect(score > 0 && score <= 10).toBe(true);
    expect(['note', 'warning', 'error']).toContain(r.defaultConfiguration?.level);
  }
  if (run.automationDetails?.id !== undefined) expect(run.automationDetails.id).toMatch(/^[^/]+(\/[^/]+)*\/$/);
  for (const result of run.results ?? []) {
    expect(result.ruleIndex).toBeDefined();
    expect(rules[result.ruleIndex as number]?.id).toBe(result.ruleId);
    expect(['note', 'warning', 'error']).toContain(result.level);
    expect(result.message.text?.length ?? 0).toBeGreaterThan(0);
    expect(result.locations).toHaveLength(1);
    const physical = result.locations?.[0]?.physicalLocation;
    const uri = physical?.artifactLocation?.uri ?? '';
    expect(uri).not.toMatch(/^[A-Za-z][A-Za-z0-9+.-]*:/);
    expect(uri.startsWith('/') || uri.split('/').includes('..') || uri === '').toBe(false);
    expect(physical?.region?.startLine ?? 0).toBeGreaterThanOrEqual(1);
    expect(result.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]{1,16}:\d+$/);
    if (options.repoRoot) expect(existsSync(join(options.repoRoot, decodeURIComponent(uri))), uri).toBe(true);
    if (!options.allowSuppressions) expect(result.suppressions).toBeUndefined();
  }
  expect(run.invocations?.[0]?.executionSuccessful).toBe(true);
  return log;
}
