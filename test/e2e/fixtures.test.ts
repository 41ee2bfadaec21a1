import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.ts';
import { NEWEST_DJANGO } from '../../src/engine/django.ts';
import { isSecretSetting } from '../../src/engine/settings.ts';
import { type Value, findUnresolved } from '../../src/engine/values.ts';
import { loadProject } from '../../src/loaders/load-project.ts';
import { reportSchema } from '../../src/report/json-schema.ts';
import { REPO, runCli } from '../helpers/cli.ts';
import { expectGitHubSarif } from '../helpers/sarif.ts';
import { expectedMarkers, fixtureArgs, fixtureCases } from '../helpers/fixtures.ts';

const update = process.env.UPDATE_GOLDEN === '1';

/** Golden files: regenerate with `npm run test:update` and review the diff. */
function golden(path: string, actual: string): void {
  const file = join(REPO, path);
  if (update || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Every string value of a secret-bearing setting (SECRET_KEY, passwords), to check that no output prints one. */
function secretValues(v: Value, name: string, out: Set<string>): void {
  if (v.t === 'str' && isSecretSetting(name) && v.v.length >= 6) out.add(v.v);
  if (v.t === 'list' || v.t === 'tuple') for (const i of v.items) secretValues(i, name, out);
  if (v.t === 'dict') for (const e of v.entries.values()) secretValues(e.value, e.key.t === 'str' ? e.key.v : name, out);
}

describe.each(fixtureCases())('fixture $name', (c) => {
  const args = fixtureArgs(c);

  it('text report matches expected.txt and the exit code', () => {
    const r = runCli(args);
    expect(r.stderr).toBe('');
    golden(`${c.dir}/expected.txt`, r.stdout);
    expect(r.code).toBe(c.exitCode);
  });

  it('JSON report matches expected.json and the schema', () => {
    const r = runCli([...args, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(c.exitCode);
    golden(`${c.dir}/expected.json`, r.stdout);
    expect(reportSchema.safeParse(JSON.parse(r.stdout)).success).toBe(true);
  });

  it('SARIF matches expected.sarif, the OASIS schema and what GitHub code scanning ingests', () => {
    const r = runCli([...args, '--format', 'sarif']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(c.exitCode);
    golden(`${c.dir}/expected.sarif`, r.stdout);
    const log = expectGitHubSarif(r.stdout, { repoRoot: REPO });
    const json = JSON.parse(runCli([...args, '--format', 'json']).stdout) as { findings: { ruleId: string; location: { file: string; line: number } | null }[] };
    const fromSarif = (log.runs[0]?.results ?? []).map((x) => `${x.ruleId} ${x.locations?.[0]?.physicalLocation?.region?.startLine}`);
    expect(fromSarif).toEqual(json.findings.map((f) => `${f.ruleId} ${f.location?.line ?? 1}`));
  });

  it('Markdown matches expected.md', () => {
    const r = runCli([...args, '--format', 'markdown']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(c.exitCode);
    golden(`${c.dir}/expected.md`, r.stdout);
  });

  it('findings point exactly at the lines marked # EXPECT (newest Django and 3.2)', () => {
    for (const django of [NEWEST_DJANGO, { major: 3, minor: 2 }]) {
      const r = runCli([...args, '--format', 'json', '--django-version', `${django.major}.${django.minor}`]);
      const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; location: { file: string; line: number } | null }[] }).findings;
      const got = findings.map((f) => `${f.location?.file}:${f.location?.line} ${f.ruleId}`).sort();
      expect(got).toEqual(expectedMarkers(c, django));
    }
  });

  it('never prints a secret value, in any format or verbosity', () => {
    const loaded = loadProject({
      project: c.dir,
      cwd: REPO,
      settingsModule: c.settings,
      envFiles: c.envFiles.map((e) => `${c.dir}/${e}`),
      envPairs: [],
      processEnv: null,
      django: NEWEST_DJANGO,
    });
    const secrets = new Set<string>();
    for (const name of loaded.settings.names()) secretValues(loaded.settings.get(name)!.value, name, secrets);
    for (const [name, v] of loaded.environment) if (isSecretSetting(name) && v.value && v.value.length >= 6) secrets.add(v.value);
    const outputs = ['text', 'json', 'sarif', 'markdown'].map((format) => runCli([...args, '--verbose', '--include-suppressed', '--format', format]).stdout);
    for (const out of outputs) for (const s of secrets) expect(out.includes(s), `secret of ${c.name} printed`).toBe(false);
    void findUnresolved;
  });
});

describe('the fixtures together', () => {
  const fired = (name: string): string[] =>
    (JSON.parse(readFileSync(join(REPO, 'fixtures', name, 'expected.json'), 'utf8')) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);

  it('every rule beyond Django that reads the project fires on a realistic fixture', () => {
    const all = new Set(fixtureCases().flatMap((c) => fired(c.name)));
    const beyond = builtinRules.filter((r) => r.django.length === 0 && r.kind === 'settings').map((r) => r.id);
    expect(beyond.length).toBeGreaterThanOrEqual(30);
    expect(beyond.filter((id) => !all.has(id))).toEqual([]);
  });

  it('the hardened fixture has no finding at all', () => {
    expect(fired('hardened')).toEqual([]);
  });
});
