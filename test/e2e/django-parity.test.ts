import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeployEnvironment } from '../../src/loaders/environment.ts';
import { REPO, runCli } from '../helpers/cli.ts';
import { fixtureArgs, fixtureCases } from '../helpers/fixtures.ts';

/**
 * Parity with real Django: Debian's python3-django (3.2) runs `manage.py check --deploy` on every fixture, and its
 * check ids must equal the Django ids of secaudit's findings under --django-version 3.2.
 * Checks that Django 3.2 does not have cannot be compared here; their rules have unit tests instead.
 */
const NOT_IN_DJANGO_32 = ['security.E024', 'security.W025', 'security.E026', 'security.W027'];

const probe = spawnSync('/usr/bin/python3', ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' });
const djangoVersion = probe.status === 0 ? probe.stdout.trim() : null;
if (!djangoVersion) console.log('skipping the Django parity test: /usr/bin/python3 has no Django (apt-get install python3-django)');

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function djangoIds(dir: string, env: Record<string, string>): { ids: string[]; output: string } {
  // Django's FileBasedCache creates its directory during checks: run on a copy.
  const copy = mkdtempSync(join(tmpdir(), 'secaudit-parity-'));
  temps.push(copy);
  cpSync(join(REPO, dir), copy, { recursive: true });
  const r = spawnSync('/usr/bin/python3', ['manage.py', 'check', '--deploy'], {
    cwd: copy,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', ...env },
  });
  const output = `${r.stdout}${r.stderr}`;
  const ids = [...output.matchAll(/\(([a-z_]+\.[EWCI]\d{3})\)/g)].map((m) => m[1] as string).sort();
  return { ids, output };
}

describe.skipIf(!djangoVersion)(`secaudit --django-version 3.2 reports the ids Django ${djangoVersion ?? ''} reports (not comparable: ${NOT_IN_DJANGO_32.join(', ')})`, () => {
  it.each(fixtureCases())('$name', (c) => {
    const store = buildDeployEnvironment({ envFiles: c.envFiles.map((e) => `${c.dir}/${e}`), envPairs: [], processEnv: null, cwd: REPO, root: join(REPO, c.dir) });
    const env: Record<string, string> = {};
    for (const [k, v] of store.vars) if (typeof v.value === 'string') env[k] = v.value;
    const django = djangoIds(c.dir, env);
    expect(django.output).not.toContain('Traceback');
    const r = runCli([...fixtureArgs(c), '--format', 'json', '--django-version', '3.2', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    const ours = (JSON.parse(r.stdout) as { findings: { django: string | null }[] }).findings
      .map((f) => f.django)
      .filter((d): d is string => d !== null && !NOT_IN_DJANGO_32.includes(d))
      .sort();
    expect(ours).toEqual(django.ids);
    expect(django.ids).toEqual([...c.djangoIds].sort());
  });
});
