import { posix } from 'node:path';
import { FsError, MAX_FILE_BYTES, type ProjectFs } from '../../src/loaders/fs.ts';

/** An in-memory project tree rooted at /project: `{ 'mysite/settings.py': '...' }`. */
export function memoryFs(files: Readonly<Record<string, string>>, root = '/project'): ProjectFs {
  const map = new Map<string, string>();
  const dirs = new Set<string>([root]);
  for (const [rel, text] of Object.entries(files)) {
    const abs = posix.join(root, rel);
    map.set(abs, text);
    for (let d = posix.dirname(abs); d.startsWith(root); d = posix.dirname(d)) {
      dirs.add(d);
      if (d === root) break;
    }
  }
  return {
    root,
    readText(absPath) {
      const text = map.get(absPath);
      if (text === undefined) throw new FsError(dirs.has(absPath) ? 'not-a-file' : 'missing', absPath, 'does not exist');
      if (text.length > MAX_FILE_BYTES) throw new FsError('too-large', absPath, 'is over the 2 MB limit');
      if (text.includes('\0')) throw new FsError('binary', absPath, 'is a binary file, not text');
      return text;
    },
    kind(absPath) {
      if (map.has(absPath)) return 'file';
      if (dirs.has(absPath)) return 'dir';
      return null;
    },
    list(absDir) {
      const out = new Set<string>();
      for (const p of [...map.keys(), ...dirs]) {
        if (posix.dirname(p) === absDir && p !== absDir) out.add(posix.basename(p));
      }
      return [...out].sort();
    },
  };
}
