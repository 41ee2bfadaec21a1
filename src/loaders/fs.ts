import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Project files are read through this, so the loaders can run on an in-memory tree in tests. */
export interface ProjectFs {
  /** Absolute path of the project root. */
  readonly root: string;
  /** Reads a UTF-8 text file; throws FsError. */
  readText(absPath: string): string;
  kind(absPath: string): 'file' | 'dir' | null;
  /** Names of the entries of a directory, sorted; empty when it is not one. */
  list(absDir: string): readonly string[];
}

export type FsErrorCode = 'missing' | 'not-a-file' | 'too-large' | 'binary' | 'unreadable';

export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Files larger than this are refused: no settings file is that big, and reading one would be a memory risk. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Decodes file bytes as UTF-8 text, refusing binary content (NUL bytes or invalid UTF-8). */
export function decodeText(bytes: Uint8Array, path: string): string {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new FsError('too-large', path, `is ${bytes.length} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
  }
  if (bytes.subarray(0, 8192).includes(0)) throw new FsError('binary', path, 'is a binary file, not text');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new FsError('binary', path, 'is not valid UTF-8 text');
  }
}

/** Project-relative, `/`-separated form of an absolute path. */
export function relativePath(root: string, absPath: string): string {
  const rel = relative(root, absPath);
  return rel.split(sep).join('/') || '.';
}

export function isInside(root: string, absPath: string): boolean {
  const rel = relative(root, absPath);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function nodeFs(root: string): ProjectFs {
  const absRoot = resolve(root);
  return {
    root: absRoot,
    readText(absPath) {
      let size: number;
      try {
        const st = statSync(absPath);
        if (!st.isFile()) throw new FsError('not-a-file', absPath, 'is not a regular file');
        size = st.size;
      } catch (e) {
        if (e instanceof FsError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') throw new FsError('missing', absPath, 'does not exist');
        throw new FsError('unreadable', absPath, `cannot be read (${code ?? 'error'})`);
      }
      if (size > MAX_FILE_BYTES) {
        throw new FsError('too-large', absPath, `is ${size} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(absPath);
      } catch (e) {
        throw new FsError('unreadable', absPath, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      return decodeText(bytes, absPath);
    },
    kind(absPath) {
      try {
        const st = statSync(absPath);
        return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : null;
      } catch {
        return null;
      }
    },
    list(absDir) {
      try {
        return readdirSync(absDir).sort();
      } catch {
        return [];
      }
    },
  };
}
