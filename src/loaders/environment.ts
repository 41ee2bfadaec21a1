import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LoadError, UsageError } from '../engine/errors.ts';
import { parseDeployEnvFile } from './env/dotenv.ts';
import { FsError, MAX_FILE_BYTES, decodeText, isInside, relativePath } from './fs.ts';
import { EnvStore } from './python/scope.ts';

export interface DeployEnvInput {
  /** `--env-file` paths as given, relative to `cwd` (where Node itself looks for them too, see README). */
  readonly envFiles: readonly string[];
  /** `--env KEY=VALUE`, in order. */
  readonly envPairs: readonly string[];
  /** The process environment, only when `--inherit-env` is given. */
  readonly processEnv: Readonly<Record<string, string | undefined>> | null;
  readonly cwd: string;
  readonly root: string;
}

/** How an env file is named in messages: project-relative when inside the project, else as the user gave it. */
function displayPath(abs: string, given: string, root: string): string {
  return isInside(root, abs) ? relativePath(root, abs) : given;
}

function resolveEnvFile(given: string, cwd: string): string {
  const path = isAbsolute(given) ? given : resolve(cwd, given);
  try {
    if (statSync(path).isFile()) return path;
  } catch {
    // reported below
  }
  throw new LoadError(`env file ${given} does not exist`, 'pass --env-file a path relative to the current directory');
}

function readEnvFileText(abs: string, shown: string): string {
  let bytes: Buffer;
  try {
    if (statSync(abs).size > MAX_FILE_BYTES) throw new LoadError(`env file ${shown} is over the 2 MB limit`, 'pass the file the deployment exports');
    bytes = readFileSync(abs);
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`env file ${shown} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path and its permissions');
  }
  try {
    return decodeText(bytes, abs);
  } catch (e) {
    if (e instanceof FsError) throw new LoadError(`env file ${shown} ${e.message}`, 'pass a text file of KEY=value lines');
    throw e;
  }
}

/**
 * The variables the deployment exports before Django starts: the process environment (only with
 * --inherit-env), then each --env-file in order, then each --env, later ones winning.
 */
export function buildDeployEnvironment(input: DeployEnvInput, texts?: Map<string, string>): EnvStore {
  const env = new EnvStore();
  if (input.processEnv) {
    for (const [k, v] of Object.entries(input.processEnv).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (v !== undefined) env.set(k, { value: v, definedAt: null, source: 'the process environment (--inherit-env)' });
    }
  }
  for (const given of input.envFiles) {
    const abs = resolveEnvFile(given, input.cwd);
    const shown = displayPath(abs, given, input.root);
    const text = readEnvFileText(abs, shown);
    texts?.set(shown, text);
    const lookup = (name: string) => {
      const v = env.get(name);
      return v && typeof v.value === 'string' ? v.value : undefined;
    };
    const parsed = parseDeployEnvFile(text, lookup);
    const problem = parsed.problems[0];
    if (problem) {
      throw new LoadError(`${problem.message}`, 'write KEY=value lines (optionally prefixed with export); quote values with spaces', {
        file: shown,
        line: problem.line,
        column: problem.column,
      });
    }
    for (const e of parsed.entries) {
      if (e.value === null) continue;
      env.set(e.key, { value: e.value, definedAt: { file: shown, line: e.line, column: e.column }, source: `--env-file ${shown}` });
    }
  }
  for (const pair of input.envPairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new UsageError(`--env ${JSON.stringify(pair)} is not KEY=VALUE`, 'write it as --env NAME=value, e.g. --env DJANGO_DEBUG=False');
    }
    env.set(key, { value: pair.slice(eq + 1), definedAt: null, source: '--env' });
  }
  return env;
}
