import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';

/** A parsed Python file: the lezer tree plus what is needed to turn offsets into lines. */
export interface ParsedPython {
  readonly file: string;
  readonly text: string;
  readonly tree: Tree;
  readonly lineStarts: readonly number[];
}

export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 1-based line and column of an offset. */
export function positionOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
}

export function parsePython(file: string, text: string): ParsedPython {
  return { file, text, tree: parser.parse(text), lineStarts: lineStartsOf(text) };
}

const BRACKETS: Record<string, string> = {
  ArrayExpression: '[',
  ArrayComprehensionExpression: '[',
  DictionaryExpression: '{',
  DictionaryComprehensionExpression: '{',
  SetExpression: '{',
  SetComprehensionExpression: '{',
  ParenthesizedExpression: '(',
  TupleExpression: '(',
  ArgList: '(',
  ParamList: '(',
  ComprehensionExpression: '(',
};

const STATEMENT_KEYWORD: Record<string, string> = {
  IfStatement: 'if',
  ForStatement: 'for',
  WhileStatement: 'while',
  TryStatement: 'try',
  WithStatement: 'with',
  FunctionDefinition: 'function definition',
  ClassDefinition: 'class definition',
};

/**
 * lezer recovers from every error; Python does not. Finds the first problem CPython would reject, with a message
 * worded like CPython's, so a broken settings file is reported instead of half-read.
 */
export function findSyntaxProblem(parsed: ParsedPython): SyntaxProblem | null {
  const { text, tree, lineStarts } = parsed;
  let first: { offset: number; message: string } | null = null;
  const note = (offset: number, message: string) => {
    if (!first || offset < first.offset) first = { offset, message };
  };

  tree.iterate({
    enter(ref) {
      if (first && ref.from > first.offset && !BRACKETS[ref.name]) return false;
      if (ref.type.isError) {
        const e = errorMessage(ref.node, text, lineStarts);
        note(e.offset, e.message);
        return false;
      }
      switch (ref.name) {
        case 'String': {
          const problem = stringProblem(text, ref.from, ref.to);
          const end = text[ref.to - 1] === '\n' ? ref.to - 1 : ref.to;
          if (problem) note(ref.from, `${problem} (detected at line ${positionOf(lineStarts, end).line})`);
          return false;
        }
        case 'PrintStatement':
          note(ref.from, "Missing parentheses in call to 'print'. Did you mean print(...)?");
          return false;
        case 'Script':
        case 'Body': {
          const problem = indentationProblem(ref.node, text, lineStarts);
          if (problem) note(problem.offset, problem.message);
          return undefined;
        }
        default:
          return undefined;
      }
    },
  });
  if (!first) return null;
  const found = first as { offset: number; message: string };
  const pos = positionOf(lineStarts, found.offset);
  return { line: pos.line, column: pos.column, message: found.message };
}

function errorMessage(node: SyntaxNode, text: string, lineStarts: readonly number[]): { offset: number; message: string } {
  for (let p: SyntaxNode | null = node.parent; p; p = p.parent) {
    const open = BRACKETS[p.name];
    if (open) {
      const close = open === '[' ? ']' : open === '{' ? '}' : ')';
      const last = p.lastChild;
      if (!last || last.name !== close) {
        // CPython points at the bracket that was left open.
        return { offset: p.from, message: `'${open}' was never closed` };
      }
      break;
    }
    if (p.name === 'Body') {
      const owner = p.parent;
      const hasStatement = p.getChildren('Statement').length > 0 || p.firstChild?.nextSibling?.type.isError;
      if (owner && hasStatement) {
        const kw = STATEMENT_KEYWORD[owner.name] ?? 'statement';
        const line = positionOf(lineStarts, owner.from).line;
        const bodyText = text.slice(p.from, p.to).trim();
        if (bodyText === ':' || bodyText === '') {
          return { offset: node.from, message: `expected an indented block after '${kw}' statement on line ${line}` };
        }
      }
      break;
    }
    if (p.name.endsWith('Statement') || p.name === 'Script') break;
  }
  return { offset: node.from, message: 'invalid syntax' };
}

/** Checks a String token for a closing quote. lezer accepts `"abc` up to the end of the line. */
function stringProblem(text: string, from: number, to: number): string | null {
  const token = text.slice(from, to);
  const m = /^[rRbBuUfF]{0,2}/.exec(token);
  const prefix = m ? m[0].length : 0;
  const body = token.slice(prefix);
  const triple = body.startsWith('"""') || body.startsWith("'''");
  const quote = triple ? body.slice(0, 3) : body.slice(0, 1);
  if (quote !== '"' && quote !== "'" && !triple) return null;
  const minLength = quote.length * 2;
  const raw = /[rR]/.test(token.slice(0, prefix));
  if (body.length < minLength || !body.endsWith(quote) || endsWithEscapedQuote(body, quote, raw)) {
    return triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
  }
  return null;
}

function endsWithEscapedQuote(body: string, quote: string, raw: boolean): boolean {
  // "abc\" is unterminated: count the backslashes before the closing quote (a raw string escapes quotes too).
  let backslashes = 0;
  for (let i = body.length - quote.length - 1; i >= quote.length && body[i] === '\\'; i--) backslashes++;
  void raw;
  return backslashes % 2 === 1;
}

function indentationProblem(
  node: SyntaxNode,
  text: string,
  lineStarts: readonly number[],
): { offset: number; message: string } | null {
  let expected: number | null = node.name === 'Script' ? 1 : null;
  let lastLine = -1;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.type.isError || child.name === ':' || child.name === 'Comment') continue;
    const pos = positionOf(lineStarts, child.from);
    if (pos.line === lastLine) continue;
    lastLine = positionOf(lineStarts, child.to).line;
    // A statement on the header line (`if x: y = 1`) sets no indentation.
    if (node.name === 'Body' && node.parent && positionOf(lineStarts, node.from).line === pos.line) continue;
    const lineStart = lineStarts[pos.line - 1] as number;
    if (text.slice(lineStart, child.from).trim() !== '') continue;
    if (expected === null) {
      expected = pos.column;
      continue;
    }
    if (pos.column > expected) return { offset: child.from, message: 'unexpected indent' };
    if (pos.column < expected) {
      return { offset: child.from, message: 'unindent does not match any outer indentation level' };
    }
  }
  return null;
}
