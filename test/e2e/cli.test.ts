import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { CLEAN, MANAGE, expectUserError, project } from '../helpers/project.ts';

describe('usage', () => {
  it('--help and --version exit 0', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: secaudit');
    const version = runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(runCli(['check', '--help']).stdout).toContain('--env-file <file>');
  });

  it('unknown options, commands and values are usage errors (exit 2)', () => {
    expectUserError(runCli(['check', '--deploy', '--nope']), /unknown option '--nope'/);
    expectUserError(runCli(['chek']), /unknown command 'chek'/);
    expectUserError(runCli(['check', '--format', 'xml', 'fixtures/hardened']), /option '--format <format>' argument 'xml' is invalid/);
    expectUserError(runCli(['check', '--fail-on', 'fatal', 'fixtures/hardened']), /--fail-on/);
    expectUserError(runCli(['check', '--django-version', 'latest', 'fixtures/hardened']), /--django-version "latest" is not a Django version/);
    expectUserError(runCli(['check', '--settings', 'not a module', 'fixtures/hardened']), /--settings: must be a dotted Python module name/);
    expectUserError(runCli(['check', '--env', 'NOEQUALS', 'fixtures/hardened']), /--env "NOEQUALS" is not KEY=VALUE/);
    expectUserError(runCli(['check', '--verbose', '--quiet', 'fixtures/hardened']), /--verbose and --quiet/);
  });
});

describe('could not audit: exit 2 with file:line and a hint', () => {
  it('a missing project directory, or a file instead of one', () => {
    expectUserError(runCli(['check', '--deploy', 'no/such/dir']), /project directory no\/such\/dir does not exist/);
    expectUserError(runCli(['check', '--deploy', 'package.json']), /package.json is not a directory/);
  });

  it('a settings module that does not exist', () => {
    const root = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': CLEAN });
    expectUserError(runCli(['check', '--deploy', root, '--settings', 'site.production']), /settings module 'site.production' not found: no site\/production.py or site\/production\/__init__.py/);
  });

  it('no settings at all, and several settings.py without a default', () => {
    expectUserError(runCli(['check', project({ 'README.md': 'x' })]), /no Django settings found/);
    const two = project({ 'a/settings.py': CLEAN, 'b/settings.py': CLEAN });
    expectUserError(runCli(['check', two]), /found several settings.py files \(a\/settings.py, b\/settings.py\)/);
  });

  it('a Python syntax error, named by file:line:column', () => {
    const root = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': 'DEBUG = False\nALLOWED_HOSTS = ["a",\n' });
    expectUserError(runCli(['check', '--deploy', root]), /^secaudit: site\/settings.py:2:17: SyntaxError: '\[' was never closed$/m);
  });

  it('a binary or oversized settings file', () => {
    const bin = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': Buffer.from([0x44, 0x00, 0xff, 0x00]) });
    expectUserError(runCli(['check', '--deploy', bin]), /site\/settings.py\) is a binary file/);
    const big = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': `X = 1\n${'# padding\n'.repeat(230_000)}` });
    expectUserError(runCli(['check', '--deploy', big]), /over the 2 MB limit/);
  });

  it('a bad --env-file: missing, or a line that is not KEY=value', () => {
    const root = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': CLEAN, 'prod.env': 'GOOD=1\nthis is not an assignment\n' });
    expectUserError(runCli(['check', '--deploy', root, '--env-file', 'nope.env'], { nodeSeparator: true }), /env file nope.env does not exist/);
    // Node itself exits 9 on any missing --env-file in argv before secaudit runs (nodejs/node#54232).
    const viaBin = runCli(['check', '--deploy', root, '--env-file', 'nope.env']);
    expect(viaBin.code).toBe(9);
    expect(viaBin.stderr).toMatch(/node: nope.env: not found/);
    expectUserError(runCli(['check', '--deploy', root, '--env-file', join(root, 'prod.env')]), /^secaudit: prod.env:2:1: /m);
  });

  it('a --rules directory with a broken module', () => {
    const rules = project({ 'bad.mjs': 'export default { id: "Bad Id" };\n' });
    expectUserError(runCli(['check', '--deploy', 'fixtures/hardened', '--env-file', 'fixtures/hardened/.env.production', '--rules', rules]), /rule module .*bad.mjs: id must be kebab-case/);
  });

  it('a rule that throws is an internal error: exit 2 with the stack', () => {
    const rules = project({
      'boom.mjs': `export default { id: 'boom', title: 'Boom', kind: 'settings', severity: 'error', tags: [], django: [], deployOnly: false,
        docs: { what: 'w', why: 'w', bad: { settings: '' }, good: { settings: '' } }, messages: { m: { text: 'x' } }, hint: 'h',
        references: [], since: '0.1.0', check() { throw new Error('kaboom'); } };\n`,
    });
    const r = runCli(['check', 'fixtures/hardened', '--rules', rules]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^secaudit \S+ hit an internal error, please report it:\nError: rule boom failed: kaboom\n\s+at /);
  });
});

describe('exit codes and --fail-on', () => {
  const demo = ['check', '--deploy', 'fixtures/plain-settings'];
  it('1 when a finding reaches --fail-on, 0 otherwise', () => {
    expect(runCli([...demo]).code).toBe(1);
    expect(runCli([...demo, '--fail-on', 'error']).code).toBe(1);
    expect(runCli(['check', '--deploy', 'fixtures/decouple', '--env-file', 'fixtures/decouple/.env.production', '--fail-on', 'error']).code).toBe(0);
    expect(runCli([...demo, '--fail-on', 'never']).code).toBe(0);
    expect(runCli(['check', '--deploy', 'fixtures/hardened', '--env-file', 'fixtures/hardened/.env.production', '--fail-on', 'info']).code).toBe(0);
  });

  it('without --deploy only the checks Django runs in plain `check` apply', () => {
    const r = runCli(['check', 'fixtures/insecure-demo', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: unknown[]; outcomes: { ruleId: string; reason: string | null }[] };
    expect(report.findings).toEqual([]);
    expect(report.outcomes.filter((o) => o.reason !== 'runs only with --deploy').map((o) => o.ruleId)).toEqual([
      'csp-nonce-context-processor-missing',
      'csp-setting-invalid',
      'csrf-failure-view-invalid',
      'suppression-comment-invalid',
    ]);
  });
});

describe('output', () => {
  it('--output writes the report to a file and nothing to stdout', () => {
    const dir = project({});
    const out = join(dir, 'report.json');
    const r = runCli(['check', '--deploy', 'fixtures/split-settings', '--format', 'json', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary).toMatchObject({ error: 1, warning: 5, info: 2 });
  });

  it('colour: FORCE_COLOR turns it on, NO_COLOR and --no-color off', () => {
    const args = ['check', '--deploy', 'fixtures/split-settings'];
    const esc = '\u001b[';
    expect(runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).toContain(esc);
    expect(runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain(esc);
    expect(runCli([...args, '--no-color'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).not.toContain(esc);
    expect(runCli([...args, '--color'], { env: { NO_COLOR: '' } }).stdout).toContain(esc);
    expect(runCli(args, { env: { NO_COLOR: '' } }).stdout).not.toContain(esc);
  });

  it('--quiet prints only what reaches --fail-on; --verbose adds unknowns, skips and timings', () => {
    const quiet = runCli(['check', '--deploy', 'fixtures/plain-settings', '--quiet', '--fail-on', 'error']);
    expect(quiet.stdout).toContain('referrer-policy-invalid');
    expect(quiet.stdout).not.toContain('warning (');
    const verbose = runCli(['check', '--deploy', 'fixtures/insecure-demo', '--verbose']);
    expect(verbose.stdout).toContain('skipped\n  content-type-nosniff-disabled: SecurityMiddleware is not in MIDDLEWARE');
    expect(verbose.stdout).toMatch(/timings: start-up \d+\.\d ms, settings \d+\.\d ms, deployment files \d+\.\d ms, rules \d+\.\d ms/);
  });

  it('an unknown value is reported as "could not verify", never as a finding', () => {
    const root = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': `${CLEAN}import os\nDEBUG = os.environ["DJANGO_DEBUG"] == "1"\n` });
    const r = runCli(['check', '--deploy', root, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('site/settings.py:14:9  warning: environment variable DJANGO_DEBUG is not set');
    expect(r.stdout).toContain('could not verify\n  debug-enabled: environment variable DJANGO_DEBUG is not set');
    expect(r.stdout).toContain('✔ no problems · 3 could not be verified');
    const withEnv = runCli(['check', '--deploy', root, '--env', 'DJANGO_DEBUG=1']);
    expect(withEnv.code).toBe(1);
    expect(withEnv.stdout).toContain('site/settings.py:14:1  DEBUG is True');
  });
});

describe('environment and discovery', () => {
  const root = () =>
    project({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': CLEAN,
      'site/production.py': 'from .settings import *\nimport os\nDEBUG = os.environ.get("DEBUG_FLAG", "") == "on"\n',
    });

  it('DJANGO_SETTINGS_MODULE from --env wins over manage.py; the process environment only with --inherit-env', () => {
    const r = root();
    const viaEnv = runCli(['check', '--deploy', r, '--env', 'DJANGO_SETTINGS_MODULE=site.production', '--env', 'DEBUG_FLAG=on', '--format', 'json']);
    const report = JSON.parse(viaEnv.stdout) as { target: { settingsModule: string; discoveredVia: string }; findings: { ruleId: string }[] };
    expect(report.target.settingsModule).toBe('site.production');
    expect(report.target.discoveredVia).toBe('DJANGO_SETTINGS_MODULE from --env');
    expect(report.findings.map((f) => f.ruleId)).toEqual(['debug-enabled']);
    const ignored = runCli(['check', '--deploy', r, '--format', 'json'], { env: { DJANGO_SETTINGS_MODULE: 'site.production', DEBUG_FLAG: 'on' } });
    expect((JSON.parse(ignored.stdout) as { target: { settingsModule: string } }).target.settingsModule).toBe('site.settings');
    const inherited = runCli(['check', '--deploy', r, '--format', 'json', '--inherit-env'], { env: { DJANGO_SETTINGS_MODULE: 'site.production', DEBUG_FLAG: 'on' } });
    expect((JSON.parse(inherited.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toEqual(['debug-enabled']);
  });

  it('SILENCED_SYSTEM_CHECKS hides the mirrored findings and says so', () => {
    const r = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': `${CLEAN}DEBUG = True\nSILENCED_SYSTEM_CHECKS = ["security.W018"]\n` });
    const out = runCli(['check', '--deploy', r]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('✔ no problems · 2 could not be verified (--verbose shows why) · 1 suppressed by SILENCED_SYSTEM_CHECKS');
  });

  it('an import from outside the project is a note, and the audit goes on', () => {
    const r = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': `from otherpkg import *\n${CLEAN}` });
    const out = runCli(['check', '--deploy', r, '--format', 'json']);
    const report = JSON.parse(out.stdout) as { diagnostics: { level: string; code: string; location: { line: number } }[]; summary: { unknown: number } };
    expect(report.diagnostics.map((d) => `${d.level} ${d.code} ${d.location.line}`)).toEqual([
      'info module-outside-project 1',
      'warning star-import-outside 1',
      'warning env-missing 4',
      'warning silenced-unknown 1',
    ]);
    expect(out.code).toBe(0);
  });

  it('user rules from --rules run next to the built-in ones', () => {
    const rules = project({
      'hosts.mjs': `export default { id: 'allowed-hosts-wildcard-local', title: 'No wildcard hosts', kind: 'settings', severity: 'error', tags: [], django: [], deployOnly: true,
        docs: { what: 'w', why: 'w', bad: { settings: '' }, good: { settings: '' } }, messages: { star: { text: "ALLOWED_HOSTS contains '*'" } }, hint: 'List the hosts.',
        references: [], since: '0.1.0', check(ctx) { const e = ctx.settings.get('ALLOWED_HOSTS'); const v = e.value;
          return v.t === 'list' && v.items.some((i) => i.t === 'str' && i.v === '*') ? [{ messageId: 'star', at: e }] : []; } };\n`,
    });
    const r = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': `${CLEAN}ALLOWED_HOSTS = ["*"]\n` });
    const out = runCli(['check', '--deploy', r, '--rules', rules]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("site/settings.py:13:1  ALLOWED_HOSTS contains '*'\n    allowed-hosts-wildcard-local\n");
  });
});
