import type { SyntaxNode } from '@lezer/common';

/** Token node names: everything else in the tree is an expression or a statement. */
const TOKENS = new Set([
  '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '*', '**', '@', '->',
  'for', 'in', 'if', 'elif', 'else', 'not', 'and', 'or', 'is', 'lambda', 'async', 'await', 'yield', 'from', 'as',
  'import', 'def', 'class', 'return', 'try', 'except', 'finally', 'with', 'while', 'del', 'pass', 'break', 'continue',
  'raise', 'global', 'nonlocal', 'assert', 'print', 'match', 'case', 'type',
  'AssignOp', 'CompareOp', 'ArithOp', 'BitOp', 'UpdateOp', 'LogicOp', 'Comment', 'TypeDef', 'At', 'Escape',
]);

export function isToken(node: SyntaxNode): boolean {
  return TOKENS.has(node.name) || node.type.isError;
}

/** All children, comments excluded. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** Splits children at separator tokens (`,` by default), dropping the separators and the given brackets. */
export function splitChildren(nodes: readonly SyntaxNode[], separator = ','): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const n of nodes) {
    if (n.name === separator) groups.push([]);
    else (groups[groups.length - 1] as SyntaxNode[]).push(n);
  }
  return groups.filter((g) => g.length > 0);
}

export function stripBrackets(nodes: readonly SyntaxNode[]): SyntaxNode[] {
  return nodes.filter((n) => !['(', ')', '[', ']', '{', '}'].includes(n.name));
}

export function hasChild(node: SyntaxNode, name: string): boolean {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return true;
  return false;
}
