import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/javascript';
import { LoadError } from '../../../engine/errors.ts';
import type { Origin } from '../../../engine/types.ts';
import { LineIndex } from '../../env/text.ts';

export type Dialect = 'ts' | 'js';

const TS_PARSER = parser.configure({ dialect: 'ts' });

export interface ParsedModule {
  readonly file: string;
  readonly text: string;
  readonly tree: Tree;
  readonly dialect: Dialect;
  readonly lines: LineIndex;
}

export function dialectOf(path: string): Dialect {
  return /\.[mc]?ts$/i.test(path) ? 'ts' : 'js';
}

export function originAt(m: ParsedModule, offset: number): Origin {
  return { file: m.file, ...m.lines.at(offset) };
}

/** TS-only syntax the plain JavaScript grammar still parses (lezer is lenient there); Node rejects it in a .js file. */
const TS_ONLY: Record<string, string> = {
  TypeAnnotation: 'a type annotation',
  TypePredicate: 'a type predicate',
  TypeParamList: 'type parameters',
  TypeArgList: 'type arguments',
  PrefixCast: 'a type cast',
  InstantiationExpression: 'type arguments',
};

/**
 * Parses a TypeScript or JavaScript module (JSX off). lezer recovers from every error; Node does not, so the
 * first problem is a LoadError with file:line:column, as Node would refuse to load the module.
 */
export function parseModule(file: string, text: string, dialect: Dialect): ParsedModule {
  const tree = (dialect === 'ts' ? TS_PARSER : parser).parse(text);
  const m: ParsedModule = { file, text, tree, dialect, lines: new LineIndex(text) };
  const problem = findProblem(m);
  if (problem) {
    const lang = dialect === 'ts' ? 'TypeScript' : 'JavaScript';
    throw new LoadError(`SyntaxError: ${problem.message}`, `fix the ${lang} syntax; Node cannot load this module either`, originAt(m, problem.offset));
  }
  return m;
}

function findProblem(m: ParsedModule): { offset: number; message: string } | null {
  const { text, tree } = m;
  let first: { offset: number; message: string } | null = null;
  const note = (offset: number, message: string) => {
    if (!first || offset < first.offset) first = { offset, message };
  };
  tree.iterate({
    enter(ref) {
      if (first && ref.from > first.offset) return false;
      if (ref.type.isError) {
        note(ref.from, errorMessage(ref.node, text));
        return false;
      }
      switch (ref.name) {
        case 'String': {
          const q = text[ref.from];
          if (ref.to - ref.from < 2 || text[ref.to - 1] !== q) note(ref.from, 'unterminated string literal');
          return false;
        }
        case 'BinaryExpression':
          if (m.dialect === 'js') {
            for (let c = ref.node.firstChild; c; c = c.nextSibling) {
              if (c.name === 'as' || c.name === 'satisfies') note(c.from, `TypeScript syntax ('${c.name}') in a JavaScript file`);
            }
          }
          return undefined;
        case 'ObjectExpression':
        case 'ObjectPattern':
        case 'ArgList':
        case 'ParamList':
        case 'ImportGroup':
        case 'ExportGroup': {
          // lezer's commaSep allows `{ a, , b }` and `f(a,,b)`; JavaScript does not (only arrays have holes).
          let previous = ref.node.firstChild;
          for (let c = previous?.nextSibling ?? null; c; previous = c, c = c.nextSibling) {
            if (c.name === ',' && (previous?.name === ',' || previous?.name === '{' || previous?.name === '(')) note(c.from, "unexpected ','");
          }
          return undefined;
        }
        case 'PostfixExpression':
          if (m.dialect === 'js' && ref.node.lastChild?.name === 'LogicOp') note(ref.node.lastChild.from, "TypeScript syntax (non-null '!') in a JavaScript file");
          return undefined;
        default: {
          const ts = TS_ONLY[ref.name];
          if (ts && m.dialect === 'js') note(ref.from, `TypeScript syntax (${ts}) in a JavaScript file`);
          return undefined;
        }
      }
    },
  });
  return first;
}

function errorMessage(node: SyntaxNode, text: string): string {
  for (let p: SyntaxNode | null = node.parent; p; p = p.parent) {
    if (p.name === 'TemplateString') return 'unterminated template literal';
    if (p.name === 'BlockComment') return 'unterminated comment';
    if (p.name === 'String') return 'unterminated string literal';
  }
  let at = node.from;
  while (at < text.length && /\s/.test(text.charAt(at))) at++;
  if (at >= text.length) return 'unexpected end of file (is a bracket or brace not closed?)';
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(at, at + 40));
  if (word) return `unexpected token '${word[0]}'`;
  return `unexpected '${String.fromCodePoint(text.codePointAt(at) ?? 0)}'`;
}

/** Children of a node, in order. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

export function textOf(m: ParsedModule, node: SyntaxNode): string {
  return m.text.slice(node.from, node.to);
}
