import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { LoadError, UsageError } from '../../engine/errors.ts';
import { FsError, MAX_FILE_BYTES, type ProjectFs, decodeText, isInside, nodeFs, relativePath } from '../fs.ts';
import type { EnvStore } from '../python/scope.ts';
import { parseSettingsFile, settingsFileKind } from './parse.ts';
import type { SettingsSource } from './types.ts';

export interface ReadSettingsFileInput {
  /** The path as the user gave it (`--settings-file`), relative to `cwd`. */
  readonly given: string;
  readonly cwd: string;
  /** Absolute project root: files inside it are shown project-relative, and TS imports resolve inside it. */
  readonly root: string;
  readonly env: EnvStore;
  /** For tests: the project tree (TS imports are read through it). */
  readonly fs?: ProjectFs;
}

const KINDS_HINT = 'name it *.json, *.ts/*.mts/*.cts/*.js/*.mjs/*.cjs, or .env, .env.<name>, <name>.env';

/** Reads one `--settings-file` (the only I/O of the settings-file loaders) and parses it. */
export function readSettingsFile(input: ReadSettingsFileInput): SettingsSource {
  const { given } = input;
  const kind = settingsFileKind(given);
  if (!kind) throw new UsageError(`cannot tell the format of --settings-file ${given} from its name`, KINDS_HINT);
  const abs = isAbsolute(given) ? given : resolve(input.cwd, given);
  const shown = isInside(input.root, abs) ? relativePath(input.root, abs) : given.split(sep).join('/');
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new LoadError(`settings file ${given} is not a regular file`, 'pass --settings-file a file');
    size = st.size;
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`settings file ${given} does not exist`, 'pass --settings-file a path relative to the current directory');
  }
  if (size > MAX_FILE_BYTES) throw new LoadError(`settings file ${shown} is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`, 'pass the settings file itself');
  let text: string;
  try {
    text = decodeText(readFileSync(abs), abs);
  } catch (e) {
    if (e instanceof FsError) throw new LoadError(`settings file ${shown} ${e.message}`, 'pass a UTF-8 text file');
    const code = (e as NodeJS.ErrnoException).code;
    throw new LoadError(`settings file ${shown} cannot be read (${code ?? 'error'})`, 'check the path and its permissions');
  }
  return { ...parseSettingsFile(kind, shown, text, input.env, { fs: input.fs ?? nodeFs(input.root), path: abs }), text };
}
