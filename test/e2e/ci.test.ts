import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { CLEAN, MANAGE, expectUserError, project } from '../helpers/project.ts';
import { expectGitHubSarif } from '../helpers/sarif.ts';

interface JsonReport {
  target: { config: string | null; repositoryPath: string };
  summary: { error: number; warning: number; info: number; suppressed: number; failed: boolean };
  findings: { ruleId: string; severity: string; message: string; location: { file: string; line: number } | null }[];
  outcomes: { ruleId: string; status: string }[];
  suppressed: { ruleId: string; by: string; justification: string | null; location: { line: number } | null }[];
  disabled: { ruleId: string; reason: string }[];
}

function json(r: { stdout: string }): JsonReport {
  return JSON.parse(r.stdout) as JsonReport;
}

const ids = (r: JsonReport) => r.findings.map((f) => `${f.location?.line ?? '-'} ${f.ruleId} ${f.severity}`);

/** A project with two findings: DEBUG on (error) at line 13, CSRF_COOKIE_SECURE off (warning) at line 14. */
function site(extra: Record<string, string> = {}, settingsTail = ''): string {
  return project({
    'manage.py': MANAGE,
    'site/__init__.py': '',
    'site/settings.py': `${CLEAN}DEBUG = True\nCSRF_COOKIE_SECURE = False\n${settingsTail}`,
    ...extra,
  });
}

describe('configuration file', () => {
  it('[tool.secaudit] in pyproject.toml sets fail-on, severities and disabled rules; CLI flags win', () => {
    const r = site({
      'pyproject.toml': `[project]\nname = "site"\n\n[tool.secaudit]\nfail-on = "error"\n\n[tool.secaudit.severity]\ncsrf-cookie-insecure = "info"\n\n[tool.secaudit.disable]\ndebug-enabled = "DEBUG is forced off by the container entrypoint"\n`,
    });
    const out = runCli(['check', '--deploy', r, '--format', 'json']);
    expect(out.stderr).toBe('');
    const report = json(out);
    expect(report.target.config).toBe(join(r, 'pyproject.toml'));
    expect(ids(report)).toEqual(['14 csrf-cookie-insecure info']);
    expect(report.disabled).toEqual([{ ruleId: 'debug-enabled', reason: 'DEBUG is forced off by the container entrypoint' }]);
    expect(report.outcomes.map((o) => o.ruleId)).not.toContain('debug-enabled');
    expect(out.code).toBe(0);
    expect(runCli(['check', '--deploy', r, '--fail-on', 'info']).code).toBe(1);
    const ignored = runCli(['check', '--deploy', r, '--no-config', '--format', 'json']);
    expect(ids(json(ignored))).toEqual(['13 debug-enabled error', '14 csrf-cookie-insecure warning']);
    expect(json(ignored).target.config).toBeNull();
    const verbose = runCli(['check', '--deploy', r, '--verbose']);
    expect(verbose.stdout).toContain('debug-enabled: DEBUG is forced off by the container entrypoint');
  });

  it('secaudit.config.json is found from the project upwards, paths in it are relative to it', () => {
    const r = project({
      'secaudit.config.json': JSON.stringify({ 'env-files': ['deploy/prod.env'], settings: 'site.prod' }, null, 2),
      'deploy/prod.env': 'SESSION_SECURE=1\n',
      'app/manage.py': MANAGE,
      'app/site/__init__.py': '',
      'app/site/settings.py': `${CLEAN}DEBUG = True\n`,
      'app/site/prod.py': 'from .settings import *\nimport os\nDEBUG = False\nSESSION_COOKIE_SECURE = os.environ["SESSION_SECURE"] == "1"\n',
    });
    const out = runCli(['check', '--deploy', 'app', '--format', 'json'], { cwd: r });
    expect(out.stderr).toBe('');
    expect(json(out).target.config).toBe('secaudit.config.json');
    expect(json(out).findings).toEqual([]);
    expect(out.code).toBe(0);
    // Without the configuration: plain settings, DEBUG on.
    expect(ids(json(runCli(['check', '--deploy', 'app', '--format', 'json', '--no-config'], { cwd: r })))).toEqual(['13 debug-enabled error']);
  });

  it('the search stops at the repository root', () => {
    const r = project({
      'secaudit.config.json': '{"fail-on": "never"}',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/manage.py': MANAGE,
      'repo/site/__init__.py': '',
      'repo/site/settings.py': `${CLEAN}DEBUG = True\n`,
    });
    const out = runCli(['check', '--deploy', join(r, 'repo'), '--format', 'json']);
    expect(json(out).target.config).toBeNull();
    expect(out.code).toBe(1);
  });

  it('--config names the file explicitly', () => {
    const r = site({ 'ci/secaudit.json': '{"fail-on": "error", "severity": {"debug-enabled": "warning"}}' });
    const out = runCli(['check', '--deploy', r, '--config', join(r, 'ci/secaudit.json'), '--format', 'json']);
    expect(ids(json(out))).toEqual(['13 debug-enabled warning', '14 csrf-cookie-insecure warning']);
    expect(out.code).toBe(0);
    expectUserError(runCli(['check', r, '--config', join(r, 'nope.json')]), /config file .*nope\.json does not exist/);
  });

  it('mistakes in the file are one-line errors with file:line and exit 2', () => {
    const bad = (name: string, text: string) => site({ [name]: text });
    expectUserError(runCli(['check', bad('pyproject.toml', '[tool.secaudit]\nfail-on = "error\n')]), /pyproject\.toml:2:\d+: invalid TOML/);
    expectUserError(runCli(['check', bad('pyproject.toml', '[tool.secaudit]\ndeploy = true\nfail_on = "error"\n')]), /pyproject\.toml:3:1: unknown key 'fail_on'/);
    expectUserError(runCli(['check', bad('pyproject.toml', '[tool.secaudit]\n\nfail-on = "sometimes"\n')]), /pyproject\.toml:3:1: .*'fail-on'/);
    expectUserError(runCli(['check', bad('secaudit.config.json', '{\n  "deploy": "yes"\n}\n')]), /secaudit\.config\.json:2:4: .*'deploy'/);
    expectUserError(runCli(['check', bad('secaudit.config.json', '{\n  "deploy": true,\n}\n')]), /secaudit\.config\.json:3:1: invalid JSON/);
    expectUserError(runCli(['check', bad('secaudit.config.json', '{"disable": {"debug-enabled": ""}}')]), /'disable\.debug-enabled' needs a reason/);
    expectUserError(
      runCli(['check', bad('pyproject.toml', '[tool.secaudit]\nfail-on = "error"\n[tool.secaudit.severity]\ndebug-enbled = "info"\n')]),
      /pyproject\.toml:4:1: severity: 'debug-enbled' is not a rule id/,
    );
    const django = runCli(['check', bad('secaudit.config.json', '{\n"disable": {\n  "security.W018": "x"}}')]);
    expectUserError(django, /secaudit\.config\.json:3:4: disable: 'security\.W018' is not a rule id/);
    expect(django.stderr).toContain("hint: use the rule id 'debug-enabled'");
  });

  it('a pyproject.toml without [tool.secaudit] is not a configuration', () => {
    const r = site({ 'pyproject.toml': '[project]\nname = "site"\n' });
    expect(json(runCli(['check', r, '--format', 'json'])).target.config).toBeNull();
  });
});

describe('suppressions', () => {
  it('an ignore comment on the line, or alone on the line above, suppresses by rule id or Django id', () => {
    const r = project({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': `${CLEAN}DEBUG = True  # secaudit: ignore[debug-enabled] staging image, never deployed\n# secaudit: ignore[security.W016] TLS ends at the load balancer, cookie flagged there\nCSRF_COOKIE_SECURE = False\n`,
    });
    const out = runCli(['check', '--deploy', r, '--format', 'json']);
    const report = json(out);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => `${s.location?.line} ${s.ruleId} ${s.by} ${s.justification}`)).toEqual([
      '13 debug-enabled inline staging image, never deployed',
      '15 csrf-cookie-insecure inline TLS ends at the load balancer, cookie flagged there',
    ]);
    expect(report.outcomes.find((o) => o.ruleId === 'debug-enabled')?.status).toBe('suppressed');
    expect(out.code).toBe(0);
    const text = runCli(['check', '--deploy', r]);
    expect(text.stdout).toContain('✔ no problems · 2 could not be verified (--verbose shows why) · 2 suppressed by ignore comments');
  });

  it('a comment without a reason still suppresses, but is itself reported; so is an unknown id', () => {
    const r = project({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': `${CLEAN}DEBUG = True  # secaudit: ignore[debug-enabled]\nCSRF_COOKIE_SECURE = False  # secaudit: ignore[csrf-cookie-insecur] typo\n`,
    });
    const report = json(runCli(['check', '--deploy', r, '--format', 'json']));
    expect(report.findings.map((f) => `${f.location?.line} ${f.ruleId} ${f.message}`)).toEqual([
      '13 suppression-comment-invalid ignore comment gives no reason: say why the finding does not apply',
      "14 csrf-cookie-insecure CSRF_COOKIE_SECURE is False, not True; CSRF cookie sent over HTTP",
      "14 suppression-comment-invalid ignore comment names 'csrf-cookie-insecur', which is not a secaudit rule or Django check",
    ]);
    expect(report.suppressed.map((s) => s.ruleId)).toEqual(['debug-enabled']);
  });

  it('suppressed findings stay out of SARIF unless --include-suppressed, which records the justification', () => {
    const r = project({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': `${CLEAN}DEBUG = True  # secaudit: ignore[debug-enabled] staging only\nSILENCED_SYSTEM_CHECKS = ["security.W016"]\nCSRF_COOKIE_SECURE = False\n`,
    });
    const plain = expectGitHubSarif(runCli(['check', '--deploy', r, '--format', 'sarif']).stdout, { repoRoot: r });
    expect(plain.runs[0]?.results).toEqual([]);
    const all = expectGitHubSarif(runCli(['check', '--deploy', r, '--format', 'sarif', '--include-suppressed']).stdout, { repoRoot: r, allowSuppressions: true });
    expect(all.runs[0]?.results?.map((x) => [x.ruleId, x.suppressions])).toEqual([
      ['debug-enabled', [{ kind: 'inSource', status: 'accepted', justification: 'staging only' }]],
      ['csrf-cookie-insecure', [{ kind: 'external', status: 'accepted', justification: 'SILENCED_SYSTEM_CHECKS' }]],
    ]);
  });
});

describe('baseline', () => {
  it('--write-baseline records the findings; later runs fail only on new ones, even when lines move', () => {
    const r = site();
    const file = join(r, 'secaudit-baseline.json');
    const write = runCli(['check', '--deploy', r, '--write-baseline', file, '--format', 'json']);
    expect(write.stderr).toBe(`secaudit: wrote 2 findings to the baseline ${file}\n`);
    expect(write.code).toBe(0);
    expect(json(write).suppressed.map((s) => `${s.ruleId} ${s.by}`)).toEqual(['debug-enabled baseline', 'csrf-cookie-insecure baseline']);
    const baseline = JSON.parse(readFileSync(file, 'utf8')) as { version: number; findings: { ruleId: string; lineText: string }[] };
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((e) => `${e.ruleId}: ${e.lineText}`)).toEqual(['debug-enabled: DEBUG = True', 'csrf-cookie-insecure: CSRF_COOKIE_SECURE = False']);

    expect(runCli(['check', '--deploy', r, '--baseline', file]).code).toBe(0);
    // Three lines added at the top and a new problem at the end: only the new one is reported.
    const settings = join(r, 'site/settings.py');
    writeFileSync(settings, `# comment\nimport os\n\n${readFileSync(settings, 'utf8')}SECURE_SSL_REDIRECT = False\n`);
    const again = runCli(['check', '--deploy', r, '--baseline', file, '--format', 'json']);
    expect(ids(json(again))).toEqual(['18 ssl-redirect-disabled warning']);
    expect(json(again).summary.suppressed).toBe(2);
    expect(again.code).toBe(1);
  });

  it('a missing or foreign baseline is a one-line error', () => {
    const r = site({ 'other.json': '{"version": 1, "results": []}' });
    expectUserError(runCli(['check', r, '--baseline', join(r, 'none.json')]), /cannot read baseline .*none\.json \(ENOENT\)/);
    expectUserError(runCli(['check', r, '--baseline', join(r, 'other.json')]), /other\.json:1:1: .* is not a secaudit baseline/);
  });
});

describe('CI outputs', () => {
  it('--report writes more formats beside the main one; $GITHUB_STEP_SUMMARY gets Markdown with links to the commit', () => {
    const r = site();
    mkdirSync(join(r, 'out'));
    const summary = join(r, 'out', 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const out = runCli(['check', '--deploy', r, '--report', `sarif=${join(r, 'out/a.sarif')}`, '--report', `json=${join(r, 'out/a.json')}`], {
      env: { GITHUB_STEP_SUMMARY: summary, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'abc123' },
    });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('debug-enabled');
    expect(json({ stdout: readFileSync(join(r, 'out/a.json'), 'utf8') }).summary.error).toBe(1);
    expectGitHubSarif(readFileSync(join(r, 'out/a.sarif'), 'utf8'), { repoRoot: r });
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n## secaudit: ❌ 2 problems\n')).toBe(true);
    expect(md).toContain('[site/settings.py:13](https://github.com/acme/shop/blob/abc123/site/settings.py#L13)');
    runCli(['check', '--deploy', r, '--no-step-summary'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(summary, 'utf8')).toBe(md);
  });

  it('--report rejects what is not FORMAT=FILE', () => {
    expectUserError(runCli(['check', site(), '--report', 'xml=a.xml']), /--report "xml=a\.xml" is not FORMAT=FILE/);
  });

  it('--sarif-category sets automationDetails; paths are relative to the repository root', () => {
    const r = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'services/shop/manage.py': MANAGE,
      'services/shop/site/__init__.py': '',
      'services/shop/site/settings.py': `${CLEAN}DEBUG = True\n`,
    });
    const out = runCli(['check', '--deploy', join(r, 'services/shop'), '--format', 'sarif', '--sarif-category', 'shop-prod']);
    const log = expectGitHubSarif(out.stdout, { repoRoot: r });
    expect(log.runs[0]?.automationDetails).toEqual({ id: 'shop-prod/' });
    expect(log.runs[0]?.results?.map((x) => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual(['services/shop/site/settings.py']);
    expect(json(runCli(['check', join(r, 'services/shop'), '--format', 'json'])).target.repositoryPath).toBe('services/shop');
  });

  it('a finding in a file outside the repository is anchored at the settings module, with the real place in the message', () => {
    const outside = project({ 'prod.env': 'DJANGO_ALLOW_ASYNC_UNSAFE=1\n' });
    const r = project({ '.git/HEAD': 'x', 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': CLEAN });
    const log = expectGitHubSarif(runCli(['check', '--deploy', r, '--format', 'sarif', '--env-file', join(outside, 'prod.env')]).stdout, { repoRoot: r });
    const result = log.runs[0]?.results?.[0];
    expect(result?.ruleId).toBe('async-unsafe-allowed');
    expect(result?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'site/settings.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1 } });
    expect(result?.message.text).toContain(`(${join(outside, 'prod.env')}:1)`);
  });
});

describe('rules and explain', () => {
  it('secaudit rules lists every rule; --format json for tools', () => {
    const text = runCli(['rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ssl-redirect-disabled +warning +HTTP requests are redirected to HTTPS \(SECURE_SSL_REDIRECT\) \[security\.W008\]$/m);
    const list = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { id: string; django: string[]; docs: string }[];
    expect(list.find((r) => r.id === 'debug-enabled')).toMatchObject({ django: ['security.W018'], docs: expect.stringMatching(/\/docs\/rules\/debug-enabled\.md$/) });
  });

  it('secaudit explain shows a rule page, by rule id or Django id', () => {
    const byId = runCli(['explain', 'ssl-redirect-disabled']);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toBe(readFileSync('docs/rules/ssl-redirect-disabled.md', 'utf8'));
    expect(runCli(['explain', 'security.W008']).stdout).toBe(byId.stdout);
    expectUserError(runCli(['explain', 'ssl-redirect']), /no rule 'ssl-redirect'/);
  });
});
