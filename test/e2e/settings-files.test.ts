import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { CLEAN, MANAGE, expectUserError, project } from '../helpers/project.ts';

interface Finding {
  ruleId: string;
  location: { file: string; line: number; column: number } | null;
  overridden: { file: string; line: number }[];
}

const findings = (stdout: string) => (JSON.parse(stdout) as { findings: Finding[] }).findings;
const where = (f: Finding) => `${f.location?.file}:${f.location?.line} ${f.ruleId}`;

describe('--settings-file', () => {
  it('JSON, TypeScript and .env layers over the settings module, later ones winning, with provenance', () => {
    const r = project({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': CLEAN,
      'deploy/overrides.json': '{\n  "SECURE_HSTS_SECONDS": 3600,\n  "CSRF_COOKIE_SECURE": false\n}\n',
      'deploy/settings.ts': 'const hsts: number = Number(process.env.HSTS ?? "0");\nexport default {\n  SECURE_HSTS_SECONDS: hsts,\n  DEBUG: process.env.DJANGO_DEBUG === "true",\n};\n',
      'deploy/.env.production': '# exported by the orchestrator\nCSRF_COOKIE_SECURE=on\n',
    });
    const args = ['check', '--deploy', r, '--format', 'json', '--env', 'HSTS=31536000', '--env', 'DJANGO_DEBUG=true'];
    const json = runCli([...args, '--settings-file', join(r, 'deploy/overrides.json')]);
    expect(findings(json.stdout).map(where)).toEqual(['deploy/overrides.json:2 hsts-preload-requirements', 'deploy/overrides.json:2 hsts-seconds-too-short', 'deploy/overrides.json:3 csrf-cookie-insecure']);
    const layered = runCli([...args, '--settings-file', join(r, 'deploy/overrides.json'), '--settings-file', join(r, 'deploy/settings.ts'), '--settings-file', join(r, 'deploy/.env.production')]);
    const got = findings(layered.stdout);
    // HSTS from the TS file (the env makes it a year, but it falls back to 0 without HSTS), the CSRF flag put back
    // by the .env, DEBUG on from the TS file.
    expect(got.map(where)).toEqual(['deploy/settings.ts:3 secure-flag-env-default', 'deploy/settings.ts:4 debug-enabled']);
    expect(got[1]?.overridden.map((o) => `${o.file}:${o.line}`)).toEqual(['site/settings.py:2']);
    expect(layered.code).toBe(1);
  });

  it('works without a Python settings module, e.g. on settings exported from a running site', () => {
    const r = project({ 'export.json': '{"DEBUG": false, "ALLOWED_HOSTS": ["*"], "SECRET_KEY": "short"}' });
    const out = runCli(['check', '--deploy', r, '--settings-file', join(r, 'export.json'), '--format', 'json']);
    const report = JSON.parse(out.stdout) as { target: { settingsModule: string | null; settingsFile: string; discoveredVia: string } };
    expect(report.target).toMatchObject({ settingsModule: null, settingsFile: 'export.json', discoveredVia: '--settings-file' });
    expect(findings(out.stdout).map(where)).toContain('export.json:1 allowed-hosts-wildcard');
    expect(out.stdout).not.toContain('"short"');
  });

  it('the configuration file can list them', () => {
    const r = project({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': CLEAN,
      'pyproject.toml': '[tool.secaudit]\nsettings-files = ["deploy/extra.json"]\n',
      'deploy/extra.json': '{"SECURE_SSL_REDIRECT": false}',
    });
    expect(findings(runCli(['check', '--deploy', r, '--format', 'json']).stdout).map(where)).toEqual(['deploy/extra.json:1 ssl-redirect-disabled']);
  });

  it('bad input is a one-line error at file:line with exit 2', () => {
    const r = project({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': CLEAN,
      'bad.json': '{\n  "DEBUG": tru\n}\n',
      'names.json': '{\n  "ALLOWED-HOSTS": []\n}\n',
      'bad.ts': 'export default {\n  DEBUG: (1 + ,\n};\n',
      '.env.bad': 'DEBUG=false\nSECRET_KEY="abc\n',
      'settings.yaml': 'DEBUG: false\n',
    });
    const check = (file: string) => runCli(['check', r, '--settings-file', join(r, file)]);
    expectUserError(check('bad.json'), /^secaudit: bad\.json:2:12: invalid JSON/);
    expectUserError(check('names.json'), /^secaudit: names\.json:2:3: .*ALLOWED-HOSTS/);
    expectUserError(check('bad.ts'), /^secaudit: bad\.ts:2:\d+: SyntaxError/);
    expectUserError(check('.env.bad'), /^secaudit: \.env\.bad:2:12: unterminated double-quoted value of SECRET_KEY/);
    expectUserError(check('settings.yaml'), /cannot tell the format of --settings-file .*settings\.yaml/);
    expectUserError(check('missing.json'), /settings file .*missing\.json does not exist/);
  });
});
