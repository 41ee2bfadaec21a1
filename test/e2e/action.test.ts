import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.ts';
import { CLEAN, MANAGE, project } from '../helpers/project.ts';
import { expectGitHubSarif } from '../helpers/sarif.ts';

const action = readFileSync(join(REPO, 'action.yml'), 'utf8');

/** The `run: |` script of the step with `id: run` (the YAML block scalar, indentation removed). */
function runScript(): string {
  const lines = action.split('\n');
  const start = lines.findIndex((l) => l.trim() === '- id: run');
  const block = lines.findIndex((l, i) => i > start && l.trim() === 'run: |');
  const body: string[] = [];
  for (const line of lines.slice(block + 1)) {
    if (line.trim() !== '' && !line.startsWith('        ')) break;
    body.push(line.slice(8));
  }
  return body.join('\n');
}

/** Runs the action's script with `npx --yes secaudit@V` resolved to this checkout's CLI. */
function runAction(cwd: string, inputs: Record<string, string>): { code: number; outputs: string; stdout: string } {
  const bin = project({});
  const npx = join(bin, 'npx');
  writeFileSync(npx, `#!/bin/sh\n[ "$1" = "--yes" ] || exit 97\ncase "$2" in secaudit@*) ;; *) exit 98 ;; esac\nshift 2\nexec "${process.execPath}" "${join(REPO, 'bin', 'secaudit.cjs')}" "$@"\n`);
  chmodSync(npx, 0o755);
  const outputs = join(bin, 'outputs');
  writeFileSync(outputs, '');
  const r = spawnSync('bash', ['-e', '-c', runScript()], {
    cwd,
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, NO_COLOR: '1', GITHUB_OUTPUT: outputs, SECAUDIT_VERSION: '0.1.0', SECAUDIT_PROJECT: '.', SECAUDIT_ARGS: '', SECAUDIT_FAIL_ON: '', SECAUDIT_SARIF: 'secaudit.sarif', ...inputs },
    timeout: 30_000,
  });
  return { code: r.status ?? -1, outputs: readFileSync(outputs, 'utf8'), stdout: r.stdout };
}

describe('action.yml', () => {
  it('defaults to the version this checkout is', () => {
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(action).toContain(`  version:\n    description: secaudit version to run from npm (pin it; the default is the version this action was released with).\n    default: '${version}'\n`);
    expect(action).toContain('uses: github/codeql-action/upload-sarif@v4');
  });

  it('records the exit code and the SARIF path without failing the step, so the upload still runs', () => {
    const dirty = project({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': `${CLEAN}DEBUG = True\n` });
    const r = runAction(dirty, { SECAUDIT_ARGS: '--settings site.settings --no-step-summary' });
    expect(r.code).toBe(0);
    expect(r.outputs).toBe('exit-code=1\nsarif-file=secaudit.sarif\n');
    expect(r.stdout).toContain('site/settings.py:13:1  DEBUG is True');
    expect(r.stdout).toContain('::warning::secaudit: findings reached fail-on');
    const log = expectGitHubSarif(readFileSync(join(dirty, 'secaudit.sarif'), 'utf8'), { repoRoot: dirty });
    expect(log.runs[0]?.results?.map((x) => x.ruleId)).toEqual(['debug-enabled']);
    expect(runAction(dirty, { SECAUDIT_FAIL_ON: 'never' }).outputs).toBe('exit-code=0\nsarif-file=secaudit.sarif\n');
  });

  it('an audit that could not run leaves no SARIF to upload', () => {
    const empty = project({ 'README.md': 'not a Django project\n' });
    const r = runAction(empty, {});
    expect(r.outputs).toBe('exit-code=2\n');
  });
});
