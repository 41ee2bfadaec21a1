import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './cli.ts';

export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  readonly description: string;
  readonly settings: string | null;
  readonly envFiles: readonly string[];
  /** What Django 3.2's check --deploy printed for this project (Debian python3-django). */
  readonly djangoIds: readonly string[];
  /** secaudit's exit code with the default --fail-on. */
  readonly exitCode: number;
}

export const FIXTURES = join(REPO, 'fixtures');

export function fixtureCases(): FixtureCase[] {
  return readdirSync(FIXTURES)
    .filter((f) => statSync(join(FIXTURES, f)).isDirectory())
    .sort()
    .map((name) => {
      const c = JSON.parse(readFileSync(join(FIXTURES, name, 'case.json'), 'utf8')) as Omit<FixtureCase, 'name' | 'dir'>;
      return { ...c, name, dir: `fixtures/${name}` };
    });
}

/** The CLI arguments that audit a fixture the way its case.json says. */
export function fixtureArgs(c: FixtureCase): string[] {
  return ['check', '--deploy', c.dir, ...(c.settings ? ['--settings', c.settings] : []), ...c.envFiles.flatMap((e) => ['--env-file', `${c.dir}/${e}`])];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * `# EXPECT: rule-a, rule-b` marks the line a finding must point at, for every Django version;
 * `# EXPECT since 4.1: rule` only for Django 4.1 and later, `# EXPECT before 4.2: rule` only for releases before 4.2;
 * several markers may share a line (`# EXPECT: a # EXPECT since 4.1: b`).
 */
export function expectedMarkers(c: FixtureCase, django: { major: number; minor: number }): string[] {
  const out: string[] = [];
  const root = join(REPO, c.dir);
  for (const file of walk(root).filter((p) => !/\/(expected\.\w+|case\.json)$/.test(p) && !/\.(html|css|js|png|ico)$/.test(p))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(/# EXPECT(?: (since|before) (\d+)\.(\d+))?: ([^#]*)/g)) {
          if (m[1]) {
            const older = django.major < Number(m[2]) || (django.major === Number(m[2]) && django.minor < Number(m[3]));
            if (m[1] === 'since' ? older : !older) continue;
          }
          for (const id of (m[4] ?? '').split(',')) out.push(`${file.slice(root.length + 1)}:${i + 1} ${id.trim()}`);
        }
      });
  }
  return out.sort();
}
