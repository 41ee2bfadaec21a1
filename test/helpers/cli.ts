import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
const BIN = join(REPO, 'bin', 'secaudit.cjs');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (`npm run build` first) in a clean environment, the way CI runs it. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; nodeSeparator?: boolean } = {},
): CliResult {
  if (!existsSync(join(REPO, 'dist', 'cli.cjs'))) throw new Error('dist/cli.cjs is missing: run npm run build');
  // `node -- bin ...` keeps Node from reading --env-file itself (see README, Node quirk).
  const r = spawnSync(process.execPath, [...(options.nodeSeparator ? ['--'] : []), BIN, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', ...(options.env ?? {}) },
    timeout: 30_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
