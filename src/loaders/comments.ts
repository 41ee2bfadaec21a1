import { type Comment, type IgnoreDirective, hashComments, parseDirectives } from '../engine/suppressions.ts';
import { parsePython, positionOf } from './python/parse.ts';

/** Comments of a Python file, from the parse tree (so a `#` inside a string is not one). */
export function pythonComments(file: string, text: string): Comment[] {
  const parsed = parsePython(file, text);
  const out: Comment[] = [];
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'Comment') return undefined;
      const pos = positionOf(parsed.lineStarts, ref.from);
      const lineStart = parsed.lineStarts[pos.line - 1] as number;
      out.push({ line: pos.line, column: pos.column, text: text.slice(ref.from, ref.to), ownLine: text.slice(lineStart, ref.from).trim() === '' });
      return false;
    },
  });
  return out;
}

/** `# secaudit: ignore[...]` directives in the project files that were read. */
export function collectDirectives(texts: ReadonlyMap<string, string>): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  for (const [file, text] of [...texts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!text.includes('secaudit:')) continue;
    const comments = file.endsWith('.py') ? pythonComments(file, text) : hashComments(text);
    out.push(...parseDirectives(file, comments));
  }
  return out;
}
