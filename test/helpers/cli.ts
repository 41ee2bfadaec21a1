import { spawn, spawnSync } from 'node:child_process';
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

/**
 * Runs the built CLI without blocking the test process: for tests whose servers run in this process (spawnSync
 * would freeze them). Same clean environment as runCli.
 */
export function runCliAsync(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  if (!existsSync(join(REPO, 'dist', 'cli.cjs'))) throw new Error('dist/cli.cjs is missing: run npm run build');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', ...(options.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
