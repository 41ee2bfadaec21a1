import type { SyntaxNode } from '@lezer/common';
import type { Origin } from '../../engine/types.ts';
import {
  type DictValue,
  type SetValue,
  type Unresolved,
  type Value,
  dictSet,
  FALSE,
  NONE,
  TRUE,
  float,
  hashKey,
  int,
  list,
  pyStr,
  repr,
  str,
  truthy,
  tuple,
  typeName,
  unresolved,
} from '../../engine/values.ts';
import { getAttribute, iterate, slice, subscript } from './methods.ts';
import {
  type CallArgs,
  type Ctx,
  ExternalObject,
  type Param,
  PyFunction,
  PyRaise,
  type Site,
  isCaught,
  isPyObject,
} from './objects.ts';
import { OpFailure, binaryOp, compare, unaryOp } from './operators.ts';
import { Scope, choice } from './scope.ts';
import { FormatError, convert, decodeEscapes, decodeStringToken, formatValue, splitPrefix, unescapeBraces } from './strings.ts';
import { childrenOf, isToken, splitChildren } from './syntax.ts';

/** At most this many items are produced by a comprehension or a loop before the result counts as unknown. */
export const MAX_ITERATIONS = 10_000;

export function originOf(ctx: Ctx, node: SyntaxNode): Origin {
  return ctx.interp.origin(ctx, node);
}

/** A call site whose position and source text are computed only if something asks (most calls never do). */
class LazySite implements Site {
  private origin: Origin | undefined;
  private source: string | undefined;
  constructor(
    readonly ctx: Ctx,
    private readonly node: SyntaxNode,
  ) {}
  get at(): Origin {
    this.origin ??= originOf(this.ctx, this.node);
    return this.origin;
  }
  get expr(): string {
    this.source ??= this.ctx.interp.text(this.ctx, this.node);
    return this.source;
  }
}

export function siteOf(ctx: Ctx, node: SyntaxNode): Site {
  return new LazySite(ctx, node);
}

export function unknownAt(ctx: Ctx, node: SyntaxNode, reason: string): Unresolved {
  return unresolved(reason, ctx.interp.text(ctx, node), originOf(ctx, node));
}

function isUnresolved(e: unknown): e is Unresolved {
  return typeof e === 'object' && e !== null && (e as { t?: unknown }).t === 'unresolved';
}

/** Converts what natives and operators throw into a value (unknowns) or a Python exception. */
export function guard(ctx: Ctx, node: SyntaxNode, fn: () => Value): Value {
  try {
    return fn();
  } catch (e) {
    if (isUnresolved(e)) return e.at ? e : { ...e, at: originOf(ctx, node), expr: e.expr || ctx.interp.text(ctx, node) };
    if (e instanceof OpFailure) {
      if (e.excType === 'Unknown' || e.excType === 'NotImplementedError' || e.excType === 'OverflowError') {
        return unknownAt(ctx, node, e.message);
      }
      throw new PyRaise(e.excType, e.message, originOf(ctx, node));
    }
    if (e instanceof FormatError) throw new PyRaise('ValueError', e.message, originOf(ctx, node));
    throw e;
  }
}

/** Names defined in the scope chain, innermost first. */
export function lookupName(name: string, ctx: Ctx, node: SyntaxNode): Value {
  const isGlobal = ctx.globalNames?.has(name) ?? false;
  if (ctx.locals && !isGlobal) {
    const b = ctx.locals.get(name);
    if (b) return b.value;
  }
  if (!isGlobal) {
    for (const frame of ctx.enclosing) {
      const b = frame.get(name);
      if (b) return b.value;
    }
  }
  const g = ctx.scope.get(name);
  if (g) return g.value;
  const builtin = ctx.interp.builtin(name);
  if (builtin) return builtin;
  const taint = ctx.scope.taints[0];
  if (taint) return unknownAt(ctx, node, `${name} may be defined by ${taint.reason} (${taint.at.file}:${taint.at.line})`);
  if (isCaught(ctx, 'NameError')) throw new PyRaise('NameError', `name '${name}' is not defined`, originOf(ctx, node));
  const at = originOf(ctx, node);
  ctx.interp.diagnose('warning', 'name-undefined', `name '${name}' is not defined (Python would raise NameError here)`, at);
  return unresolved(`name '${name}' is not defined`, name, at);
}

/** Binds a name in the innermost frame (or the module scope for `global` names). */
export function assignName(name: string, value: Value, ctx: Ctx, origin: Origin): void {
  if (ctx.locals && !(ctx.globalNames?.has(name) ?? false)) ctx.locals.set(name, value, origin);
  else ctx.scope.set(name, value, origin);
}

function parseNumber(text: string): Value | null {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return null;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return int(parseInt(t.slice(2), 16));
  if (/^0[oO][0-7]+$/.test(t)) return int(parseInt(t.slice(2), 8));
  if (/^0[bB][01]+$/.test(t)) return int(parseInt(t.slice(2), 2));
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? int(n) : null;
  }
  const f = Number(t);
  return Number.isNaN(f) ? null : float(f);
}

function evalFormatString(node: SyntaxNode, ctx: Ctx): Value {
  const text = ctx.interp.text(ctx, node);
  const { prefix, quote } = splitPrefix(text);
  const raw = prefix.includes('r');
  const bodyStart = node.from + prefix.length + quote.length;
  const bodyEnd = node.to - quote.length;
  const literal = (from: number, to: number) => {
    const s = unescapeBraces(ctx.module.parsed.text.slice(from, to));
    return raw ? s : (decodeEscapes(s, false) ?? s);
  };
  let out = '';
  let pos = bodyStart;
  for (const child of childrenOf(node)) {
    if (child.name !== 'FormatReplacement') continue;
    out += literal(pos, child.from);
    const piece = evalReplacement(child, ctx);
    if (piece.t !== 'str') return piece;
    out += piece.v;
    pos = child.to;
  }
  out += literal(pos, Math.max(pos, bodyEnd));
  return str(out);
}

function evalReplacement(node: SyntaxNode, ctx: Ctx): Value {
  const parts = childrenOf(node).filter((c) => c.name !== '{' && c.name !== '}');
  const exprNode = parts.find((c) => !['FormatSelfDoc', 'FormatConversion', 'FormatSpec'].includes(c.name) && !isToken(c));
  if (!exprNode) return unknownAt(ctx, node, 'empty f-string replacement');
  let v = evalExpr(exprNode, ctx);
  if (v.t === 'unresolved') return v;
  const selfDoc = parts.find((c) => c.name === 'FormatSelfDoc');
  const conversion = parts.find((c) => c.name === 'FormatConversion');
  const specNode = parts.find((c) => c.name === 'FormatSpec');
  let prefix = '';
  if (selfDoc) prefix = ctx.module.parsed.text.slice(node.from + 1, selfDoc.to);
  return guard(ctx, node, () => {
    if (conversion) v = convert(v, ctx.interp.text(ctx, conversion).slice(1));
    else if (selfDoc && !specNode) v = str(repr(v));
    let spec = '';
    if (specNode) {
      let pos = specNode.from + 1;
      for (const inner of childrenOf(specNode)) {
        if (inner.name !== 'FormatReplacement') continue;
        spec += ctx.module.parsed.text.slice(pos, inner.from);
        const piece = evalReplacement(inner, ctx);
        if (piece.t !== 'str') return piece;
        spec += piece.v;
        pos = inner.to;
      }
      spec += ctx.module.parsed.text.slice(pos, specNode.to);
    }
    return str(prefix + formatValue(v, spec));
  });
}

function evalStringNode(node: SyntaxNode, ctx: Ctx): Value {
  if (node.name === 'FormatString') return evalFormatString(node, ctx);
  const lit = decodeStringToken(ctx.interp.text(ctx, node));
  if (!lit) return unknownAt(ctx, node, 'string escape is not evaluated');
  return lit.kind === 'bytes' ? { t: 'bytes', v: lit.value } : str(lit.value);
}

function evalItems(nodes: readonly SyntaxNode[], ctx: Ctx): { items: Value[]; partial?: Unresolved } {
  const items: Value[] = [];
  let partial: Unresolved | undefined;
  for (const group of splitChildren(nodes.filter((n) => !['(', ')', '[', ']', '{', '}'].includes(n.name)))) {
    const [first, second] = group;
    if (!first) continue;
    if (first.name === '*' && second) {
      const v = evalExpr(second, ctx);
      try {
        items.push(...iterate(v, siteOf(ctx, second)));
      } catch (e) {
        if (isUnresolved(e)) partial = e.at ? e : unknownAt(ctx, second, e.reason);
        else throw e;
      }
      continue;
    }
    items.push(evalExpr(first, ctx));
  }
  return partial ? { items, partial } : { items };
}

function evalDict(node: SyntaxNode, ctx: Ctx): Value {
  const out: DictValue = { t: 'dict', entries: new Map() };
  for (const group of splitChildren(childrenOf(node).filter((n) => n.name !== '{' && n.name !== '}'))) {
    const [a, b, c] = group;
    if (!a) continue;
    if (a.name === '**' && b) {
      const v = evalExpr(b, ctx);
      if (v.t === 'dict') {
        for (const [k, e] of v.entries) out.entries.set(k, e);
        if (v.partial) out.partial = v.partial;
      } else if (v.t === 'unresolved') {
        out.partial = v;
      } else {
        throw new PyRaise('TypeError', `'${typeName(v)}' object is not a mapping`, originOf(ctx, b));
      }
      continue;
    }
    if (b?.name !== ':' || !c) return unknownAt(ctx, node, 'dictionary entry is not evaluated');
    const key = evalExpr(a, ctx);
    const value = evalExpr(c, ctx);
    const h = hashKey(key);
    if (typeof h !== 'string') {
      out.partial = h.at ? h : unknownAt(ctx, a, h.reason);
      continue;
    }
    dictSet(out, h, key, value);
  }
  return out;
}

interface ComprehensionClause {
  readonly kind: 'for' | 'if';
  readonly target?: SyntaxNode[];
  readonly expr: SyntaxNode;
}

/** Splits `x for a in b if c for d in e` into the element part and the clauses. */
function comprehensionParts(nodes: readonly SyntaxNode[]): { element: SyntaxNode[]; clauses: ComprehensionClause[] } | null {
  const element: SyntaxNode[] = [];
  const clauses: ComprehensionClause[] = [];
  let i = 0;
  while (i < nodes.length && nodes[i]?.name !== 'for' && nodes[i]?.name !== 'async') element.push(nodes[i++] as SyntaxNode);
  while (i < nodes.length) {
    const n = nodes[i] as SyntaxNode;
    if (n.name === 'async') {
      i++;
      continue;
    }
    if (n.name === 'for') {
      const target: SyntaxNode[] = [];
      i++;
      while (i < nodes.length && nodes[i]?.name !== 'in') target.push(nodes[i++] as SyntaxNode);
      i++;
      const expr = nodes[i++];
      if (!expr) return null;
      clauses.push({ kind: 'for', target, expr });
    } else if (n.name === 'if') {
      const expr = nodes[i + 1];
      if (!expr) return null;
      clauses.push({ kind: 'if', expr });
      i += 2;
    } else {
      return null;
    }
  }
  return { element, clauses };
}

function runComprehension(node: SyntaxNode, nodes: readonly SyntaxNode[], ctx: Ctx, emit: (element: SyntaxNode[], inner: Ctx) => void): Unresolved | null {
  const parts = comprehensionParts(nodes);
  if (!parts || parts.clauses[0]?.kind !== 'for') return unknownAt(ctx, node, 'comprehension form is not evaluated');
  const frame = new Scope();
  const inner: Ctx = { ...ctx, locals: frame, enclosing: ctx.locals ? [ctx.locals, ...ctx.enclosing] : ctx.enclosing, globalNames: null };
  let count = 0;
  const run = (k: number): Unresolved | null => {
    const clause = parts.clauses[k];
    if (!clause) {
      if (++count > MAX_ITERATIONS) return unknownAt(ctx, node, 'comprehension produces too many items to evaluate');
      emit(parts.element, inner);
      return null;
    }
    // The first iterable is evaluated in the enclosing scope, as in Python.
    const iterable = evalExpr(clause.expr, k === 0 ? ctx : inner);
    if (clause.kind === 'if') {
      const t = truthy(iterable);
      if (t === null) return iterable.t === 'unresolved' ? iterable : unknownAt(ctx, clause.expr, 'condition is not known');
      return t ? run(k + 1) : null;
    }
    let items: Value[];
    try {
      items = iterate(iterable, siteOf(ctx, clause.expr));
    } catch (e) {
      if (isUnresolved(e)) return e.at ? e : unknownAt(ctx, clause.expr, e.reason);
      if (e instanceof OpFailure) throw new PyRaise(e.excType, e.message, originOf(ctx, clause.expr));
      throw e;
    }
    for (const item of items) {
      bindTarget(clause.target ?? [], item, inner, originOf(ctx, clause.expr));
      const u = run(k + 1);
      if (u) return u;
    }
    return null;
  };
  return run(0);
}

function evalComprehension(node: SyntaxNode, ctx: Ctx): Value {
  const nodes = childrenOf(node).filter((n) => !['(', ')', '[', ']', '{', '}'].includes(n.name));
  if (node.name === 'DictionaryComprehensionExpression') {
    const out: DictValue = { t: 'dict', entries: new Map() };
    const u = runComprehension(node, nodes, ctx, (element, inner) => {
      const [k, , v] = element;
      if (!k || !v) return;
      const key = evalExpr(k, inner);
      const h = hashKey(key);
      if (typeof h !== 'string') out.partial = h;
      else dictSet(out, h, key, evalExpr(v, inner));
    });
    return u ?? out;
  }
  const items: Value[] = [];
  const u = runComprehension(node, nodes, ctx, (element, inner) => {
    const [e] = element;
    if (e) items.push(evalExpr(e, inner));
  });
  if (u) return u;
  if (node.name === 'SetComprehensionExpression') {
    const s: SetValue = { t: 'set', items: new Map() };
    for (const v of items) {
      const h = hashKey(v);
      if (typeof h !== 'string') return h;
      s.items.set(h, v);
    }
    return s;
  }
  return list(items);
}

/** Assigns to a target made of the given nodes: a name, `a, b`, `(a, *b)`, `x[k]`, `obj.attr`. */
export function bindTarget(target: readonly SyntaxNode[], value: Value, ctx: Ctx, origin: Origin): void {
  const groups = splitChildren(target);
  if (groups.length === 1 && target.every((n) => n.name !== ',')) {
    const node = (groups[0] as SyntaxNode[])[0] as SyntaxNode;
    const single = groups[0] as SyntaxNode[];
    if (single.length === 1) {
      bindSingle(node, value, ctx, origin);
      return;
    }
  }
  unpack(groups, value, ctx, origin, target[0] as SyntaxNode);
}

function unpack(groups: SyntaxNode[][], value: Value, ctx: Ctx, origin: Origin, at: SyntaxNode): void {
  let items: Value[] | null = null;
  try {
    items = iterate(value, siteOf(ctx, at));
  } catch (e) {
    if (!isUnresolved(e)) {
      if (e instanceof OpFailure) throw new PyRaise(e.excType, e.message, originOf(ctx, at));
      throw e;
    }
    for (const g of groups) {
      const node = g[g.length - 1] as SyntaxNode;
      bindSingle(node, e.at ? e : unknownAt(ctx, at, e.reason), ctx, origin);
    }
    return;
  }
  const starIndex = groups.findIndex((g) => g[0]?.name === '*');
  if (starIndex === -1 && items.length !== groups.length) {
    throw new PyRaise('ValueError', `cannot unpack ${items.length} values into ${groups.length} names`, originOf(ctx, at));
  }
  let k = 0;
  groups.forEach((g, i) => {
    const node = g[g.length - 1] as SyntaxNode;
    if (i === starIndex) {
      const rest = items.length - (groups.length - 1);
      bindSingle(node, list(items.slice(k, k + rest)), ctx, origin);
      k += rest;
    } else {
      bindSingle(node, items[k++] ?? NONE, ctx, origin);
    }
  });
}

function bindSingle(node: SyntaxNode, value: Value, ctx: Ctx, origin: Origin): void {
  switch (node.name) {
    case 'VariableName':
      assignName(ctx.interp.text(ctx, node), value, ctx, origin);
      return;
    case 'ParenthesizedExpression':
    case 'TupleExpression':
    case 'ArrayExpression': {
      const inner = childrenOf(node).filter((n) => !['(', ')', '[', ']'].includes(n.name));
      if (inner.length === 1 && node.name === 'ParenthesizedExpression') {
        bindSingle(inner[0] as SyntaxNode, value, ctx, origin);
        return;
      }
      unpack(splitChildren(inner), value, ctx, origin, node);
      return;
    }
    case 'MemberExpression': {
      const parts = childrenOf(node);
      const objNode = parts[0] as SyntaxNode;
      const obj = evalExpr(objNode, ctx);
      if (parts[1]?.name === '.') {
        const attr = ctx.interp.text(ctx, parts[2] as SyntaxNode);
        setAttribute(obj, attr, value, ctx, node);
        return;
      }
      const keyNodes = parts.slice(2, -1);
      if (keyNodes.some((n) => n.name === ':')) {
        markUnknownTarget(objNode, ctx, 'slice assignment is not evaluated', node);
        return;
      }
      const key = keyNodes.length === 1 ? evalExpr(keyNodes[0] as SyntaxNode, ctx) : tuple(splitChildren(keyNodes).map((g) => evalExpr(g[0] as SyntaxNode, ctx)));
      setItem(obj, key, value, ctx, node, objNode);
      return;
    }
    default:
      throw new PyRaise('SyntaxError', `cannot assign to ${node.name}`, originOf(ctx, node));
  }
}

/** When an in-place update cannot be evaluated, the whole object it changes becomes unknown. */
export function markUnknownTarget(objNode: SyntaxNode, ctx: Ctx, reason: string, at: SyntaxNode): void {
  if (objNode.name === 'VariableName') {
    const name = ctx.interp.text(ctx, objNode);
    const frame = ctx.locals?.get(name) ? ctx.locals : ctx.scope;
    if (frame.get(name)) frame.set(name, unknownAt(ctx, at, reason), originOf(ctx, at));
  } else if (objNode.name === 'MemberExpression') {
    const parts = childrenOf(objNode);
    markUnknownTarget(parts[0] as SyntaxNode, ctx, reason, at);
  }
}

function setItem(obj: Value, key: Value, value: Value, ctx: Ctx, node: SyntaxNode, objNode: SyntaxNode): void {
  if (obj.t === 'unresolved') return;
  if (obj.t === 'object') {
    const o = obj as unknown as { setitem?: (k: Value, v: Value, site: Site) => void };
    if (typeof o.setitem === 'function') {
      guard(ctx, node, () => {
        o.setitem?.(key, value, siteOf(ctx, node));
        return NONE;
      });
      return;
    }
    if (obj instanceof ExternalObject) return;
  }
  if (obj.t === 'dict' && key.t === 'unresolved') {
    obj.partial = key;
    return;
  }
  if (key.t === 'unresolved') {
    markUnknownTarget(objNode, ctx, `item assignment with an unknown key: ${key.reason}`, node);
    return;
  }
  guard(ctx, node, () => {
    if (obj.t === 'dict') {
      const h = hashKey(key);
      if (typeof h !== 'string') throw h;
      dictSet(obj, h, key, value);
    } else if (obj.t === 'list') {
      if (key.t !== 'int') throw new OpFailure('TypeError', 'list indices must be integers');
      const i = key.v < 0 ? key.v + obj.items.length : key.v;
      if (i < 0 || i >= obj.items.length) throw new OpFailure('IndexError', 'list assignment index out of range');
      obj.items[i] = value;
    } else {
      throw new OpFailure('TypeError', `'${typeName(obj)}' object does not support item assignment`);
    }
    return NONE;
  });
}

function setAttribute(obj: Value, attr: string, value: Value, ctx: Ctx, node: SyntaxNode): void {
  if (obj.t === 'object') {
    const o = obj as unknown as { setattr?: (name: string, v: Value, site: Site) => boolean };
    if (typeof o.setattr === 'function' && guard(ctx, node, () => (o.setattr?.(attr, value, siteOf(ctx, node)) ? TRUE : FALSE)) === TRUE) return;
    if (obj instanceof ExternalObject) return;
  }
  if (obj.t === 'unresolved') return;
  ctx.interp.diagnose('info', 'attribute-ignored', `assignment to ${ctx.interp.text(ctx, node)} is not evaluated`, originOf(ctx, node));
}

export function evalArgs(argList: SyntaxNode, ctx: Ctx): CallArgs {
  const nodes = childrenOf(argList).filter((n) => n.name !== '(' && n.name !== ')');
  if (nodes.some((n) => n.name === 'for')) {
    // f(x for x in y): a generator argument, evaluated eagerly as a list.
    return { positional: [evalComprehensionNodes(argList, nodes, ctx)], keywords: new Map() };
  }
  const positional: Value[] = [];
  const keywords = new Map<string, Value>();
  let unknown: Unresolved | undefined;
  for (const group of splitChildren(nodes)) {
    const [a, b, c] = group;
    if (!a) continue;
    if (a.name === '*' && b) {
      const v = evalExpr(b, ctx);
      try {
        positional.push(...iterate(v, siteOf(ctx, b)));
      } catch (e) {
        if (isUnresolved(e)) unknown = e.at ? e : unknownAt(ctx, b, e.reason);
        else throw e;
      }
    } else if (a.name === '**' && b) {
      const v = evalExpr(b, ctx);
      if (v.t === 'dict') {
        for (const e of v.entries.values()) if (e.key.t === 'str') keywords.set(e.key.v, e.value);
        if (v.partial) unknown = v.partial;
      } else {
        unknown = v.t === 'unresolved' ? v : unknownAt(ctx, b, '** argument is not a dict');
      }
    } else if (b?.name === 'AssignOp' && c) {
      keywords.set(ctx.interp.text(ctx, a), evalExpr(c, ctx));
    } else {
      positional.push(evalExpr(a, ctx));
    }
  }
  return unknown ? { positional, keywords, unknown } : { positional, keywords };
}

function evalComprehensionNodes(node: SyntaxNode, nodes: readonly SyntaxNode[], ctx: Ctx): Value {
  const items: Value[] = [];
  const u = runComprehension(node, nodes, ctx, (element, inner) => {
    const [e] = element;
    if (e) items.push(evalExpr(e, inner));
  });
  return u ?? list(items);
}

/** Calls any callable value. Natives may throw an Unresolved (unknown) or an OpFailure (Python exception). */
export function callValue(fn: Value, args: CallArgs, site: Site): Value {
  if (fn.t === 'unresolved') return fn;
  if (!isPyObject(fn) || typeof fn.call !== 'function') {
    throw new OpFailure('TypeError', `'${typeName(fn)}' object is not callable`);
  }
  site.ctx.interp.tick();
  return fn.call(args, site);
}

/** Variables passed to code we cannot see (an outside module) may be changed by it. */
function forgetMutableArgs(argList: SyntaxNode, callee: string, ctx: Ctx, at: Origin): void {
  for (const n of childrenOf(argList)) {
    if (n.name === 'VariableName') {
      const name = ctx.interp.text(ctx, n);
      const frame = ctx.locals?.get(name) ? ctx.locals : ctx.scope;
      const b = frame.get(name);
      if (b && (b.value.t === 'list' || b.value.t === 'dict' || b.value.t === 'set')) {
        frame.set(name, unresolved(`${name} was passed to ${callee}(), which is outside the project and may change it`, ctx.interp.text(ctx, argList.parent ?? argList), at), at);
      }
    } else if (n.name === 'CallExpression') {
      const callee2 = n.firstChild ? ctx.interp.text(ctx, n.firstChild) : '';
      if (callee2 === 'locals' || callee2 === 'globals' || callee2 === 'vars') {
        taintScope(ctx.scope, `${callee}(${callee2}())`, at);
      }
    }
  }
}

/** Code we cannot see got hold of the module's namespace: every setting may have changed. */
export function taintScope(scope: Scope, reason: string, at: Origin): void {
  for (const [name, b] of scope.vars) {
    if (isPyObject(b.value)) continue;
    scope.vars.set(name, { ...b, value: unresolved(`${name} may be changed by ${reason}`, reason, at) });
  }
  scope.taints.push({ reason, at });
}

function evalCall(node: SyntaxNode, ctx: Ctx): Value {
  const [calleeNode, argList] = childrenOf(node);
  if (!calleeNode || !argList) return unknownAt(ctx, node, 'call is not evaluated');
  const callee = evalExpr(calleeNode, ctx);
  const args = evalArgs(argList, ctx);
  const site = siteOf(ctx, node);
  if (callee instanceof ExternalObject) forgetMutableArgs(argList, callee.path, ctx, site.at);
  return guard(ctx, node, () => callValue(callee, args, site));
}

function evalMember(node: SyntaxNode, ctx: Ctx): Value {
  const parts = childrenOf(node);
  const objNode = parts[0] as SyntaxNode;
  const obj = evalExpr(objNode, ctx);
  if (parts[1]?.name === '.') {
    const name = ctx.interp.text(ctx, parts[2] as SyntaxNode);
    return guard(ctx, node, () => {
      const v = getAttribute(obj, name, siteOf(ctx, node));
      if (v === undefined) throw new OpFailure('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
      return v;
    });
  }
  const inner = parts.slice(2, -1);
  if (inner.some((n) => n.name === ':')) {
    const bounds: Array<Value | null> = [null, null, null];
    let k = 0;
    for (const n of inner) {
      if (n.name === ':') k++;
      else bounds[k] = evalExpr(n, ctx);
    }
    return guard(ctx, node, () => slice(obj, bounds[0] ?? null, bounds[1] ?? null, bounds[2] ?? null));
  }
  const keyGroups = splitChildren(inner);
  const key = keyGroups.length === 1 && !inner.some((n) => n.name === ',')
    ? evalExpr((keyGroups[0] as SyntaxNode[])[0] as SyntaxNode, ctx)
    : tuple(keyGroups.map((g) => evalExpr(g[0] as SyntaxNode, ctx)));
  return guard(ctx, node, () => subscript(obj, key, siteOf(ctx, node)));
}

function evalBinary(node: SyntaxNode, ctx: Ctx): Value {
  const parts = childrenOf(node);
  const left = parts[0] as SyntaxNode;
  const opNodes = parts.slice(1, -1);
  const right = parts[parts.length - 1] as SyntaxNode;
  const op = opNodes.map((n) => ctx.interp.text(ctx, n)).join(' ');
  if (op === 'and' || op === 'or') {
    const a = evalExpr(left, ctx);
    const t = truthy(a);
    if (t === null) {
      // `x or y` with x unknown: unknown, unless both sides end up equal (then the answer does not depend on x).
      return a.t === 'unresolved' ? a : unknownAt(ctx, left, 'truth value is not known');
    }
    if (op === 'and' ? !t : t) return a;
    return evalExpr(right, ctx);
  }
  const compareOps = ['==', '!=', '<', '>', '<=', '>=', 'in', 'not in', 'is', 'is not'];
  if (compareOps.includes(op)) {
    // Python chains comparisons (`a < b < c`); lezer nests them, so unfold the left side.
    const chain: SyntaxNode[] = [];
    const ops: string[] = [];
    let cur: SyntaxNode = node;
    for (;;) {
      const cp = childrenOf(cur);
      const o = cp.slice(1, -1).map((n) => ctx.interp.text(ctx, n)).join(' ');
      if (cur !== node && !compareOps.includes(o)) break;
      if (cur !== node && cur.name !== 'BinaryExpression') break;
      chain.unshift(cp[cp.length - 1] as SyntaxNode);
      ops.unshift(o);
      const l = cp[0] as SyntaxNode;
      if (l.name !== 'BinaryExpression') {
        chain.unshift(l);
        break;
      }
      const lo = childrenOf(l).slice(1, -1).map((n) => ctx.interp.text(ctx, n)).join(' ');
      if (!compareOps.includes(lo)) {
        chain.unshift(l);
        break;
      }
      cur = l;
    }
    let leftValue = evalExpr(chain[0] as SyntaxNode, ctx);
    let result: Value = TRUE;
    for (let i = 0; i < ops.length; i++) {
      const rightValue = evalExpr(chain[i + 1] as SyntaxNode, ctx);
      const r = guard(ctx, node, () => compare(ops[i] as string, leftValue, rightValue, siteOf(ctx, node)));
      if (r.t === 'unresolved') {
        if (result.t !== 'unresolved') result = r;
      } else if (r.t === 'bool' && !r.v) {
        return FALSE;
      }
      leftValue = rightValue;
    }
    return result;
  }
  const a = evalExpr(left, ctx);
  const b = evalExpr(right, ctx);
  return guard(ctx, node, () => binaryOp(op, a, b));
}

function evalUnary(node: SyntaxNode, ctx: Ctx): Value {
  const [opNode, operand] = childrenOf(node);
  if (!opNode || !operand) return unknownAt(ctx, node, 'expression is not evaluated');
  const v = evalExpr(operand, ctx);
  const op = ctx.interp.text(ctx, opNode);
  if (op === 'not') {
    const t = truthy(v);
    if (t === null) return v.t === 'unresolved' ? v : unknownAt(ctx, operand, 'truth value is not known');
    return t ? FALSE : TRUE;
  }
  return guard(ctx, node, () => unaryOp(op, v));
}

function evalConditional(node: SyntaxNode, ctx: Ctx): Value {
  const parts = childrenOf(node);
  const body = parts[0] as SyntaxNode;
  const cond = parts[2] as SyntaxNode;
  const other = parts[4] as SyntaxNode;
  const c = evalExpr(cond, ctx);
  const t = truthy(c);
  if (t !== null) return evalExpr(t ? body : other, ctx);
  const a = evalExpr(body, ctx);
  const b = evalExpr(other, ctx);
  const reason = c.t === 'unresolved' ? c.reason : 'truth value is not known';
  return choiceOf([a, b], `depends on \`${ctx.interp.text(ctx, cond)}\`, which is not known (${reason})`, ctx, node);
}

function choiceOf(values: readonly Value[], reason: string, ctx: Ctx, node: SyntaxNode): Value {
  return choice(values, reason, ctx.interp.text(ctx, node), originOf(ctx, node));
}

export function parseParams(paramList: SyntaxNode | null, ctx: Ctx): Param[] {
  if (!paramList) return [];
  const params: Param[] = [];
  let kind: Param['kind'] = 'normal';
  for (const group of splitChildren(childrenOf(paramList).filter((n) => n.name !== '(' && n.name !== ')'))) {
    const [a, b, c] = group;
    if (!a) continue;
    if (a.name === '*' && !b) {
      kind = 'keywordOnly';
      continue;
    }
    if (a.name === '/' || ctx.interp.text(ctx, a) === '/') continue;
    if (a.name === '*' && b) {
      params.push({ name: ctx.interp.text(ctx, b), kind: 'star', defaultValue: null });
      kind = 'keywordOnly';
      continue;
    }
    if (a.name === '**' && b) {
      params.push({ name: ctx.interp.text(ctx, b), kind: 'doubleStar', defaultValue: null });
      continue;
    }
    const assign = group.findIndex((n) => n.name === 'AssignOp');
    const defaultNode = assign >= 0 ? group[assign + 1] : undefined;
    params.push({ name: ctx.interp.text(ctx, a), kind, defaultValue: defaultNode ? evalExpr(defaultNode, ctx) : null });
    void c;
  }
  return params;
}

export function evalExpr(node: SyntaxNode, ctx: Ctx): Value {
  switch (node.name) {
    case 'Number': {
      const v = parseNumber(ctx.interp.text(ctx, node));
      return v ?? unknownAt(ctx, node, 'number literal is not evaluated');
    }
    case 'String':
    case 'FormatString':
      return evalStringNode(node, ctx);
    case 'ContinuedString': {
      let out = '';
      let kind: 'str' | 'bytes' | null = null;
      for (const part of childrenOf(node)) {
        const v = evalStringNode(part, ctx);
        if (v.t === 'unresolved') return v;
        if (v.t !== 'str' && v.t !== 'bytes') return unknownAt(ctx, node, 'string is not evaluated');
        if (kind && kind !== v.t) throw new PyRaise('SyntaxError', 'cannot mix bytes and nonbytes literals', originOf(ctx, node));
        kind = v.t;
        out += v.v;
      }
      return kind === 'bytes' ? { t: 'bytes', v: out } : str(out);
    }
    case 'Boolean':
      return ctx.interp.text(ctx, node) === 'True' ? TRUE : FALSE;
    case 'None':
      return NONE;
    case 'Ellipsis':
      return unknownAt(ctx, node, 'Ellipsis is not a setting value');
    case 'VariableName':
      return lookupName(ctx.interp.text(ctx, node), ctx, node);
    case 'ParenthesizedExpression': {
      const inner = childrenOf(node).filter((n) => n.name !== '(' && n.name !== ')');
      if (inner.length === 1) return evalExpr(inner[0] as SyntaxNode, ctx);
      return unknownAt(ctx, node, 'expression is not evaluated');
    }
    case 'TupleExpression': {
      const { items, partial } = evalItems(childrenOf(node), ctx);
      return tuple(items, partial);
    }
    case 'ArrayExpression': {
      const { items, partial } = evalItems(childrenOf(node), ctx);
      return list(items, partial);
    }
    case 'SetExpression': {
      const { items, partial } = evalItems(childrenOf(node), ctx);
      const s: SetValue = { t: 'set', items: new Map() };
      if (partial) s.partial = partial;
      for (const v of items) {
        const h = hashKey(v);
        if (typeof h !== 'string') s.partial = h.at ? h : unknownAt(ctx, node, h.reason);
        else s.items.set(h, v);
      }
      return s;
    }
    case 'DictionaryExpression':
      return evalDict(node, ctx);
    case 'ArrayComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'DictionaryComprehensionExpression':
    case 'ComprehensionExpression':
      return evalComprehension(node, ctx);
    case 'UnaryExpression':
      return evalUnary(node, ctx);
    case 'BinaryExpression':
      return evalBinary(node, ctx);
    case 'ConditionalExpression':
      return evalConditional(node, ctx);
    case 'CallExpression':
      return evalCall(node, ctx);
    case 'MemberExpression':
      return evalMember(node, ctx);
    case 'LambdaExpression': {
      const parts = childrenOf(node);
      const paramList = parts.find((n) => n.name === 'ParamList') ?? null;
      const body = parts[parts.length - 1] as SyntaxNode;
      return new PyFunction('<lambda>', parseParams(paramList, ctx), body, true, ctx.module, ctx.locals, originOf(ctx, node));
    }
    case 'NamedExpression': {
      const [target, , valueNode] = childrenOf(node);
      if (!target || !valueNode) return unknownAt(ctx, node, 'expression is not evaluated');
      const v = evalExpr(valueNode, ctx);
      assignName(ctx.interp.text(ctx, target), v, ctx, originOf(ctx, node));
      return v;
    }
    default:
      return unknownAt(ctx, node, `${describe(node.name)} is not evaluated`);
  }
}

function describe(name: string): string {
  const m: Record<string, string> = {
    AwaitExpression: 'await',
    YieldExpression: 'yield',
  };
  return m[name] ?? (name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() || 'expression');
}

export function truthOf(v: Value, ctx: Ctx, node: SyntaxNode): boolean | Unresolved {
  const t = truthy(v);
  if (t !== null) return t;
  return v.t === 'unresolved' ? v : unknownAt(ctx, node, `truth value of ${pyStr(v)} is not known`);
}

