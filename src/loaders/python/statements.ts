import type { SyntaxNode } from '@lezer/common';
import type { Origin } from '../../engine/types.ts';
import { type Unresolved, type Value, NONE, hashKey, pyStr, tuple, unresolved } from '../../engine/values.ts';
import {
  MAX_ITERATIONS,
  assignName,
  bindTarget,
  evalExpr,
  guard,
  markUnknownTarget,
  originOf,
  parseParams,
  siteOf,
  taintScope,
  truthOf,
  unknownAt,
} from './expressions.ts';
import { iterate } from './methods.ts';
import {
  ClassObject,
  type Ctx,
  ExceptionInstance,
  ExternalObject,
  ModuleNotFound,
  ModuleObject,
  NativeModule,
  PyFunction,
  PyRaise,
  type Site,
  exceptionMatches,
  isCaught,
  isPyObject,
} from './objects.ts';
import { OpFailure, binaryOp } from './operators.ts';
import { EnvStore, Scope, choice, mergeEnv, mergeScopes } from './scope.ts';
import { childrenOf, isToken, splitChildren } from './syntax.ts';

export class ReturnSignal {
  constructor(readonly value: Value) {}
}
export class BreakSignal {}
export class ContinueSignal {}
/** `break`/`continue` under a condition that could not be decided: the enclosing loop's effects are unknown. */
export class UnknownFlow {
  constructor(readonly reason: string) {}
}

/** List methods that change the list in place: a call through a name counts as setting that name. */
const MUTATORS = new Set(['append', 'extend', 'insert', 'remove', 'pop', 'clear', 'sort', 'reverse', 'update', 'setdefault', 'add', 'discard']);

function isUnresolved(e: unknown): e is Unresolved {
  return typeof e === 'object' && e !== null && (e as { t?: unknown }).t === 'unresolved';
}

/** The statements of a Body (or Script) node. */
export function statementsOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of childrenOf(node)) {
    if (c.name === ':' || isToken(c)) continue;
    if (c.name === 'StatementGroup') out.push(...childrenOf(c).filter((s) => s.name !== ';' && !isToken(s)));
    else out.push(c);
  }
  return out;
}

export function execBlock(body: SyntaxNode, ctx: Ctx): void {
  for (const stmt of statementsOf(body)) execStatement(stmt, ctx);
}

/** Names a statement may bind or change in place, for when its effect is unknown. */
export function assignedNames(node: SyntaxNode, ctx: Ctx): Set<string> {
  const names = new Set<string>();
  const text = (n: SyntaxNode) => ctx.interp.text(ctx, n);
  const target = (n: SyntaxNode) => {
    switch (n.name) {
      case 'VariableName':
        names.add(text(n));
        break;
      case 'MemberExpression': {
        let root: SyntaxNode | null = n;
        while (root && root.name === 'MemberExpression') root = root.firstChild;
        if (root?.name === 'VariableName') names.add(text(root));
        break;
      }
      case 'TupleExpression':
      case 'ParenthesizedExpression':
      case 'ArrayExpression':
        for (const c of childrenOf(n)) target(c);
        break;
      default:
        break;
    }
  };
  const walk = (n: SyntaxNode) => {
    const kids = childrenOf(n);
    switch (n.name) {
      case 'AssignStatement': {
        const lastOp = kids.map((k) => k.name).lastIndexOf('AssignOp');
        for (const k of kids.slice(0, lastOp)) target(k);
        for (const k of kids.slice(lastOp + 1)) walk(k);
        return;
      }
      case 'UpdateStatement':
        if (kids[0]) target(kids[0]);
        return;
      case 'ForStatement': {
        const inAt = kids.findIndex((k) => k.name === 'in');
        for (const k of kids.slice(1, inAt)) target(k);
        break;
      }
      case 'WithStatement':
        kids.forEach((k, i) => {
          if (k.name === 'as' && kids[i + 1]) target(kids[i + 1] as SyntaxNode);
        });
        break;
      case 'ImportStatement': {
        const importAt = kids.findIndex((k) => k.name === 'import');
        const rest = kids.slice(importAt + 1).filter((k) => k.name !== '(' && k.name !== ')');
        for (const g of splitChildren(rest)) {
          const last = g[g.length - 1];
          if (last?.name === 'VariableName') names.add(text(g[g.length - 1] as SyntaxNode));
          if (kids[0]?.name === 'import' && g[0]?.name === 'VariableName' && !g.some((x) => x.name === 'as')) names.add(text(g[0]));
        }
        return;
      }
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const nameNode = kids.find((k) => k.name === 'VariableName');
        if (nameNode) names.add(text(nameNode));
        return;
      }
      case 'LambdaExpression':
        return;
      case 'NamedExpression':
        if (kids[0]) target(kids[0]);
        break;
      case 'DeleteStatement':
        for (const k of kids.slice(1)) target(k);
        return;
      case 'CallExpression': {
        const callee = kids[0];
        if (callee?.name === 'MemberExpression') {
          const parts = childrenOf(callee);
          const prop = parts[2];
          if (parts[1]?.name === '.' && prop && MUTATORS.has(text(prop)) && parts[0]) target(parts[0]);
        }
        break;
      }
      default:
        break;
    }
    for (const k of kids) walk(k);
  };
  walk(node);
  return names;
}

/** Makes every name a statement could set unknown, with the reason. */
export function havoc(node: SyntaxNode, ctx: Ctx, reason: string): void {
  const at = originOf(ctx, node);
  const expr = ctx.interp.text(ctx, node).split('\n')[0] ?? '';
  for (const name of assignedNames(node, ctx)) {
    assignName(name, unresolved(`${name} ${reason}`, expr, at), ctx, at);
  }
}

interface ForkResult {
  readonly scope: Scope;
  readonly locals: Scope | null;
  readonly env: EnvStore;
  readonly outcome: 'normal' | 'return' | 'raise' | 'break' | 'continue';
  readonly value?: Value;
  readonly error?: PyRaise;
}

/**
 * Runs each possible branch on its own copy of the state, then merges: names on which the branches agree keep
 * their value, the others become unresolved citing `why`. A branch that raises is a world where Django would not
 * start, so it does not contribute (unless every branch raises).
 */
export function execBranches(branches: ReadonlyArray<(ctx: Ctx) => void>, ctx: Ctx, why: { reason: string; expr: string; at: Origin }): void {
  const baseScope = ctx.scope;
  const baseLocals = ctx.locals;
  const baseEnv = ctx.interp.env;
  const results: ForkResult[] = [];
  for (const run of branches) {
    const memo = new Map<object, Value>();
    const scope = baseScope.clone(memo);
    const locals = baseLocals ? baseLocals.clone(memo) : null;
    const env = baseEnv.clone();
    ctx.scope = scope;
    ctx.locals = locals;
    ctx.interp.env = env;
    const fork = { scope, locals, env };
    try {
      run(ctx);
      results.push({ ...fork, outcome: 'normal' });
    } catch (e) {
      if (e instanceof ReturnSignal) results.push({ ...fork, outcome: 'return', value: e.value });
      else if (e instanceof PyRaise) results.push({ ...fork, outcome: 'raise', error: e });
      else if (e instanceof BreakSignal) results.push({ ...fork, outcome: 'break' });
      else if (e instanceof ContinueSignal) results.push({ ...fork, outcome: 'continue' });
      else {
        ctx.scope = baseScope;
        ctx.locals = baseLocals;
        ctx.interp.env = baseEnv;
        throw e;
      }
    } finally {
      ctx.scope = baseScope;
      ctx.locals = baseLocals;
      ctx.interp.env = baseEnv;
    }
  }
  const live = results.filter((r) => r.outcome !== 'raise');
  if (live.length === 0) throw (results[0] as ForkResult).error;
  if (live.some((r) => r.outcome === 'break' || r.outcome === 'continue')) {
    if (!live.every((r) => r.outcome === live[0]?.outcome)) throw new UnknownFlow(why.reason);
  }
  const returns = live.filter((r) => r.outcome === 'return');
  const normal = live.filter((r) => r.outcome !== 'return');
  if (returns.length > 0 && normal.length === 0) {
    throw new ReturnSignal(choice(returns.map((r) => r.value ?? NONE), `return value ${why.reason}`, why.expr, why.at));
  }
  if (returns.length > 0) {
    throw new ReturnSignal(unresolved(`return value ${why.reason}`, why.expr, why.at));
  }
  mergeScopes(baseScope, normal.map((r) => r.scope), why);
  if (baseLocals) mergeScopes(baseLocals, normal.map((r) => r.locals as Scope), why);
  mergeEnv(baseEnv, normal.map((r) => r.env), why);
  const flow = normal[0]?.outcome;
  if (flow === 'break') throw new BreakSignal();
  if (flow === 'continue') throw new ContinueSignal();
}

function conditionWhy(cond: SyntaxNode, value: Unresolved | Value, ctx: Ctx): { reason: string; expr: string; at: Origin } {
  const text = ctx.interp.text(ctx, cond);
  const inner = value.t === 'unresolved' ? value.reason : 'its truth value is not known';
  return { reason: `depends on \`${text}\`, which could not be evaluated (${inner})`, expr: `if ${text}:`, at: originOf(ctx, cond) };
}

function execIf(node: SyntaxNode, ctx: Ctx): void {
  const kids = childrenOf(node);
  const clauses: Array<{ cond: SyntaxNode | null; body: SyntaxNode }> = [];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as SyntaxNode;
    if (k.name === 'if' || k.name === 'elif') {
      clauses.push({ cond: kids[i + 1] as SyntaxNode, body: kids[i + 2] as SyntaxNode });
      i += 2;
    } else if (k.name === 'else') {
      clauses.push({ cond: null, body: kids[i + 1] as SyntaxNode });
      i += 1;
    }
  }
  const runFrom = (start: number, c: Ctx): void => {
    for (let i = start; i < clauses.length; i++) {
      const clause = clauses[i] as { cond: SyntaxNode | null; body: SyntaxNode };
      if (!clause.cond) {
        execBlock(clause.body, c);
        return;
      }
      const v = evalExpr(clause.cond, c);
      const t = truthOf(v, c, clause.cond);
      if (t === true) {
        execBlock(clause.body, c);
        return;
      }
      if (t === false) continue;
      execBranches([(f) => execBlock(clause.body, f), (f) => runFrom(i + 1, f)], c, conditionWhy(clause.cond, t, c));
      return;
    }
  };
  runFrom(0, ctx);
}

function exceptionName(v: Value): string {
  if (v instanceof ExceptionInstance) return v.excType;
  if (v instanceof ClassObject) return v.name;
  if (v instanceof ExternalObject) return v.path.split('.').pop() ?? 'Exception';
  return '*unknown*';
}

interface Handler {
  readonly names: readonly string[];
  readonly asName: string | null;
  readonly body: SyntaxNode;
}

function execTry(node: SyntaxNode, ctx: Ctx): void {
  const kids = childrenOf(node);
  let tryBody: SyntaxNode | null = null;
  let elseBody: SyntaxNode | null = null;
  let finallyBody: SyntaxNode | null = null;
  const handlers: Handler[] = [];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as SyntaxNode;
    if (k.name === 'try') tryBody = kids[++i] as SyntaxNode;
    else if (k.name === 'else') elseBody = kids[++i] as SyntaxNode;
    else if (k.name === 'finally') finallyBody = kids[++i] as SyntaxNode;
    else if (k.name === 'except') {
      let j = i + 1;
      const typeNodes: SyntaxNode[] = [];
      let asName: string | null = null;
      while (j < kids.length && kids[j]?.name !== 'Body') {
        const n = kids[j] as SyntaxNode;
        if (n.name === 'as') {
          asName = ctx.interp.text(ctx, kids[j + 1] as SyntaxNode);
          j += 2;
          continue;
        }
        if (n.name !== '*') typeNodes.push(n);
        j++;
      }
      const names: string[] = [];
      for (const t of typeNodes) {
        const v = evalExpr(t, ctx);
        if (v.t === 'tuple') for (const item of v.items) names.push(exceptionName(item));
        else names.push(exceptionName(v));
      }
      handlers.push({ names: typeNodes.length === 0 ? ['*'] : names, asName, body: kids[j] as SyntaxNode });
      i = j;
    }
  }
  if (!tryBody) return;
  const caught = handlers.flatMap((h) => h.names);
  const body = tryBody;
  const attempt = (c: Ctx, importsFail: boolean) => {
    const inner: Ctx = { ...c, catching: [...c.catching, caught], externalImportsFail: importsFail };
    try {
      execBlock(body, inner);
    } catch (e) {
      if (!(e instanceof PyRaise)) throw e;
      const handler = handlers.find((h) => h.names.some((n) => n === '*' || exceptionMatches(e.excType, n)));
      if (!handler) throw e;
      if (handler.asName) assignName(handler.asName, new ExceptionInstance(e.excType, { t: 'str', v: e.detail }), c, originOf(c, handler.body));
      execBlock(handler.body, c);
      return;
    }
    if (elseBody) execBlock(elseBody, c);
  };
  try {
    const catchesImport = caught.some((n) => n === '*' || exceptionMatches('ImportError', n));
    if (!catchesImport || !importsOutsideProject(body, ctx)) {
      attempt(ctx, false);
    } else {
      // Whether an outside package is installed is not known: run the world where it is and the one where it is not.
      execBranches([(c) => attempt(c, false), (c) => attempt(c, true)], ctx, {
        reason: 'depends on whether a package outside the project is installed',
        expr: ctx.interp.text(ctx, node).split('\n')[0] ?? 'try:',
        at: originOf(ctx, node),
      });
    }
  } finally {
    if (finallyBody) execBlock(finallyBody, ctx);
  }
}


/** Whether a try body imports a module that is neither in the project nor modelled (so may not be installed). */
function importsOutsideProject(body: SyntaxNode, ctx: Ctx): boolean {
  let found = false;
  const walk = (n: SyntaxNode) => {
    if (found || n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') return;
    if (n.name === 'ImportStatement') {
      const kids = childrenOf(n);
      if (kids[0]?.name === 'import') {
        for (const g of splitChildren(kids.slice(1))) {
          const asAt = g.findIndex((k) => k.name === 'as');
          const dotted = (asAt >= 0 ? g.slice(0, asAt) : g).filter((k) => k.name === 'VariableName').map((k) => ctx.interp.text(ctx, k)).join('.');
          if (ctx.interp.isOutsideModule(dotted)) found = true;
        }
      } else {
        const importAt = kids.findIndex((k) => k.name === 'import');
        const source = kids.slice(1, importAt);
        if (source[0]?.name !== '.' && source[0]?.name !== 'Ellipsis') {
          const dotted = source.filter((k) => k.name === 'VariableName').map((k) => ctx.interp.text(ctx, k)).join('.');
          if (ctx.interp.isOutsideModule(dotted)) found = true;
        }
      }
      return;
    }
    for (const c of childrenOf(n)) walk(c);
  };
  walk(body);
  return found;
}

function execFor(node: SyntaxNode, ctx: Ctx): void {
  const kids = childrenOf(node);
  const inAt = kids.findIndex((k) => k.name === 'in');
  const targets = kids.slice(1, inAt);
  const iterNode = kids[inAt + 1] as SyntaxNode;
  const bodies = kids.filter((k) => k.name === 'Body');
  const body = bodies[0] as SyntaxNode;
  const elseBody = bodies[1] ?? null;
  const iterable = evalExpr(iterNode, ctx);
  let items: Value[];
  try {
    items = iterate(iterable, siteOf(ctx, iterNode));
  } catch (e) {
    if (isUnresolved(e) || e instanceof OpFailure) {
      const why = isUnresolved(e) ? e.reason : e.message;
      havoc(node, ctx, `is set in a loop over \`${ctx.interp.text(ctx, iterNode)}\`, which could not be evaluated (${why})`);
      return;
    }
    throw e;
  }
  if (items.length > MAX_ITERATIONS) {
    havoc(node, ctx, 'is set in a loop too long to evaluate');
    return;
  }
  const at = originOf(ctx, node);
  try {
    let broke = false;
    for (const item of items) {
      bindTarget(targets, item, ctx, at);
      try {
        execBlock(body, ctx);
      } catch (e) {
        if (e instanceof BreakSignal) {
          broke = true;
          break;
        }
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    if (!broke && elseBody) execBlock(elseBody, ctx);
  } catch (e) {
    if (e instanceof UnknownFlow) {
      havoc(node, ctx, `is set in a loop whose control flow ${e.reason}`);
      return;
    }
    throw e;
  }
}

function execWith(node: SyntaxNode, ctx: Ctx): void {
  const kids = childrenOf(node);
  const body = kids[kids.length - 1] as SyntaxNode;
  const items = splitChildren(kids.slice(1, -1).filter((k) => k.name !== '(' && k.name !== ')'));
  for (const item of items) {
    const [exprNode, asNode, targetNode] = item;
    if (!exprNode) continue;
    const v = evalExpr(exprNode, ctx);
    if (asNode?.name === 'as' && targetNode) {
      const entered = v.t === 'unresolved' || (isPyObject(v) && v.type === '_io.TextIOWrapper') ? v : unknownAt(ctx, exprNode, `the context manager ${ctx.interp.text(ctx, exprNode)} is not evaluated`);
      bindTarget([targetNode], entered, ctx, originOf(ctx, node));
    }
  }
  execBlock(body, ctx);
}

function execFunctionDef(node: SyntaxNode, ctx: Ctx, decorators: readonly SyntaxNode[] = []): void {
  const kids = childrenOf(node);
  const nameNode = kids.find((k) => k.name === 'VariableName');
  const paramList = kids.find((k) => k.name === 'ParamList') ?? null;
  const body = kids.find((k) => k.name === 'Body');
  if (!nameNode || !body) return;
  const name = ctx.interp.text(ctx, nameNode);
  const at = originOf(ctx, node);
  let fn: Value = new PyFunction(name, parseParams(paramList, ctx), body, false, ctx.module, ctx.locals, at);
  for (const d of decorators) {
    const text = ctx.interp.text(ctx, d).replace(/^@\s*/, '').trim();
    if (!/^(functools\.)?(lru_cache|cache)(\(.*\))?$/s.test(text)) {
      fn = unresolved(`${name}() is decorated with @${text}, which is not evaluated`, `@${text}`, at);
    }
  }
  assignName(name, fn, ctx, at);
}

function execImport(node: SyntaxNode, ctx: Ctx): void {
  const kids = childrenOf(node);
  const at = originOf(ctx, node);
  const site = siteOf(ctx, node);
  if (kids[0]?.name === 'import') {
    for (const g of splitChildren(kids.slice(1))) {
      const asAt = g.findIndex((k) => k.name === 'as');
      const nameParts = (asAt >= 0 ? g.slice(0, asAt) : g).filter((k) => k.name === 'VariableName').map((k) => ctx.interp.text(ctx, k));
      const dotted = nameParts.join('.');
      const mod = importOrRaise(dotted, ctx, node);
      if (asAt >= 0) {
        assignName(ctx.interp.text(ctx, g[asAt + 1] as SyntaxNode), mod, ctx, at);
      } else {
        const top = nameParts[0] as string;
        assignName(top, nameParts.length === 1 ? mod : importOrRaise(top, ctx, node), ctx, at);
      }
    }
    return;
  }
  // from X import ...
  const importAt = kids.findIndex((k) => k.name === 'import');
  const source = kids.slice(1, importAt);
  let level = 0;
  const parts: string[] = [];
  for (const s of source) {
    // Leading dots are the relative level; dots between names only separate them.
    if (s.name === 'VariableName') parts.push(ctx.interp.text(ctx, s));
    else if (parts.length > 0) continue;
    else if (s.name === '.') level++;
    else if (s.name === 'Ellipsis' || ctx.interp.text(ctx, s) === '...') level += 3;
  }
  const base = resolveRelative(level, parts.join('.'), ctx);
  if (base === null) {
    raiseOrNote(ctx, node, 'ImportError', 'attempted relative import beyond the top-level package');
    return;
  }
  const names = kids.slice(importAt + 1).filter((k) => k.name !== '(' && k.name !== ')');
  const mod = importOrRaise(base, ctx, node);
  if (names.length === 1 && names[0]?.name === '*') {
    starImport(mod, base, ctx, node);
    return;
  }
  for (const g of splitChildren(names)) {
    const nameNode = g[0];
    if (!nameNode) continue;
    const name = ctx.interp.text(ctx, nameNode);
    const asAt = g.findIndex((k) => k.name === 'as');
    const bindAs = asAt >= 0 ? ctx.interp.text(ctx, g[asAt + 1] as SyntaxNode) : name;
    let v: Value | undefined;
    if (mod.t === 'unresolved') v = mod;
    else if (isPyObject(mod)) {
      v = guard(ctx, node, () => {
        const got = mod.getattr(name, site);
        if (got === undefined || got instanceof ModuleNotFound) {
          throw new OpFailure('ImportError', `cannot import name '${name}' from '${base}'`);
        }
        return got;
      });
    }
    assignName(bindAs, v ?? unresolved(`cannot import ${name} from ${base}`, ctx.interp.text(ctx, node), at), ctx, at);
  }
}

function resolveRelative(level: number, name: string, ctx: Ctx): string | null {
  if (level === 0) return name;
  const pkgParts = ctx.module.name.split('.');
  if (!ctx.module.isPackage) pkgParts.pop();
  for (let i = 1; i < level; i++) {
    if (pkgParts.length === 0) return null;
    pkgParts.pop();
  }
  if (pkgParts.length === 0 && !name) return null;
  return [...pkgParts, ...(name ? [name] : [])].join('.');
}

function raiseOrNote(ctx: Ctx, node: SyntaxNode, excType: string, message: string): Value {
  const at = originOf(ctx, node);
  if (isCaught(ctx, excType)) throw new PyRaise(excType, message, at);
  ctx.interp.diagnose('error', 'import-failed', `${message} (Python would raise ${excType}; names it would set are unknown)`, at);
  return unresolved(message, ctx.interp.text(ctx, node), at);
}

function importOrRaise(name: string, ctx: Ctx, node: SyntaxNode): Value {
  const site = siteOf(ctx, node);
  const mod = ctx.interp.importModule(name, site);
  if (mod instanceof ModuleNotFound) {
    const v = raiseOrNote(ctx, node, 'ModuleNotFoundError', `No module named '${name}'`);
    ctx.scope.taints.push({ reason: `the failed import of ${name}`, at: site.at });
    return v;
  }
  if (mod instanceof ExternalObject && ctx.externalImportsFail) {
    throw new PyRaise('ModuleNotFoundError', `No module named '${name}'`, site.at);
  }
  return mod;
}

function starImport(mod: Value, name: string, ctx: Ctx, node: SyntaxNode): void {
  const at = originOf(ctx, node);
  if (mod instanceof ModuleObject) {
    const src = mod.record.scope;
    const all = src.get('__all__')?.value;
    let names: string[];
    if (all && (all.t === 'list' || all.t === 'tuple')) names = all.items.filter((v) => v.t === 'str').map((v) => pyStr(v));
    else names = [...src.vars.keys()].filter((k) => !k.startsWith('_'));
    for (const n of names) {
      const b = src.get(n);
      if (!b) continue;
      const target = ctx.locals ?? ctx.scope;
      const previous = target.get(n);
      const history = previous ? [...previous.history, previous.origin, ...b.history] : b.history;
      target.vars.set(n, { value: b.value, origin: b.origin, history });
    }
    for (const t of src.taints) ctx.scope.taints.push(t);
    return;
  }
  if (mod instanceof NativeModule) {
    ctx.interp.diagnose('info', 'star-import-native', `from ${name} import * is not followed; names from it are unknown`, at);
  } else if (mod.t === 'unresolved') {
    // The failed import was already reported.
  } else {
    ctx.interp.diagnose('warning', 'star-import-outside', `from ${name} import * imports a module outside the project: any setting it defines is unknown`, at);
  }
  taintScope(ctx.scope, `from ${name} import *`, at);
}

function execRaise(node: SyntaxNode, ctx: Ctx): void {
  const kids = childrenOf(node).filter((k) => k.name !== 'raise' && k.name !== 'from');
  const at = originOf(ctx, node);
  if (kids.length === 0) throw new PyRaise('RuntimeError', 'No active exception to re-raise', at);
  const v = evalExpr(kids[0] as SyntaxNode, ctx);
  let excType = exceptionName(v);
  if (excType === '*unknown*') excType = 'Exception';
  let detail = '';
  if (v instanceof ExceptionInstance && v.messageValue) detail = v.messageValue.t === 'unresolved' ? '' : pyStr(v.messageValue);
  throw new PyRaise(excType, detail, at);
}

function execAssign(node: SyntaxNode, ctx: Ctx): void {
  const kids = childrenOf(node).filter((k) => k.name !== 'TypeDef');
  const opIdx = kids.map((k, i) => (k.name === 'AssignOp' ? i : -1)).filter((i) => i >= 0);
  if (opIdx.length === 0) return; // `X: int` annotation only
  const last = opIdx[opIdx.length - 1] as number;
  const valueNodes = kids.slice(last + 1);
  const origin = originOf(ctx, node);
  let value: Value;
  if (valueNodes.length === 1) value = evalExpr(valueNodes[0] as SyntaxNode, ctx);
  else {
    const groups = splitChildren(valueNodes);
    value = tuple(groups.map((g) => evalExpr(g[0] as SyntaxNode, ctx)));
  }
  let start = 0;
  for (const idx of opIdx) {
    bindTarget(kids.slice(start, idx), value, ctx, origin);
    start = idx + 1;
  }
}

function execUpdate(node: SyntaxNode, ctx: Ctx): void {
  const [target, opNode, valueNode] = childrenOf(node);
  if (!target || !opNode || !valueNode) return;
  const op = ctx.interp.text(ctx, opNode).slice(0, -1);
  const current = evalExpr(target, ctx);
  const rhs = evalExpr(valueNode, ctx);
  const origin = originOf(ctx, node);
  if (op === '+' && current.t === 'list' && rhs.t !== 'unresolved') {
    // `MIDDLEWARE += [...]` extends the list in place (every alias sees it).
    try {
      current.items.push(...iterate(rhs, siteOf(ctx, valueNode)));
    } catch (e) {
      if (!isUnresolved(e)) throw e;
      current.partial = e;
    }
    if (target.name === 'VariableName') assignName(ctx.interp.text(ctx, target), current, ctx, origin);
    return;
  }
  const result = guard(ctx, node, () => binaryOp(op, current, rhs));
  bindTarget([target], result, ctx, origin);
}

function execExpressionStatement(node: SyntaxNode, ctx: Ctx): void {
  const expr = childrenOf(node)[0];
  if (!expr) return;
  evalExpr(expr, ctx);
  // `MIDDLEWARE.append(...)`: record the statement in the name's provenance.
  if (expr.name === 'CallExpression') {
    const callee = expr.firstChild;
    if (callee?.name === 'MemberExpression') {
      const parts = childrenOf(callee);
      const recv = parts[0];
      const prop = parts[2];
      if (recv?.name === 'VariableName' && parts[1]?.name === '.' && prop && MUTATORS.has(ctx.interp.text(ctx, prop))) {
        const name = ctx.interp.text(ctx, recv);
        const frame = ctx.locals?.get(name) ? ctx.locals : ctx.scope.get(name) ? ctx.scope : null;
        const b = frame?.get(name);
        if (frame && b && (b.value.t === 'list' || b.value.t === 'dict' || b.value.t === 'set' || b.value.t === 'unresolved')) {
          frame.set(name, b.value, originOf(ctx, node));
        }
      }
    }
  }
}

function execDelete(node: SyntaxNode, ctx: Ctx): void {
  for (const target of splitChildren(childrenOf(node).slice(1))) {
    const t = target[0];
    if (!t) continue;
    if (t.name === 'VariableName') {
      const name = ctx.interp.text(ctx, t);
      const frame = ctx.locals ?? ctx.scope;
      if (!frame.vars.delete(name)) raiseOrNote(ctx, t, 'NameError', `name '${name}' is not defined`);
      continue;
    }
    if (t.name === 'MemberExpression') {
      const parts = childrenOf(t);
      const obj = evalExpr(parts[0] as SyntaxNode, ctx);
      if (parts[1]?.name === '[') {
        const key = evalExpr(parts[2] as SyntaxNode, ctx);
        const o = obj as unknown as { delitem?: (k: Value, site: Site) => void };
        if (obj.t === 'dict' && key.t !== 'unresolved') {
          guard(ctx, t, () => {
            const h = hashKey(key);
            if (typeof h !== 'string') throw h;
            if (!obj.entries.delete(h)) {
              if (obj.partial) throw obj.partial;
              throw new OpFailure('KeyError', pyStr(key));
            }
            return NONE;
          });
        } else if (obj.t === 'list' && (key.t === 'int' || key.t === 'bool')) {
          guard(ctx, t, () => {
            const n = key.t === 'bool' ? (key.v ? 1 : 0) : key.v;
            const i = n < 0 ? n + obj.items.length : n;
            if (obj.partial && n < 0) throw obj.partial;
            if (i < 0 || i >= obj.items.length) throw obj.partial ?? new OpFailure('IndexError', 'list assignment index out of range');
            obj.items.splice(i, 1);
            return NONE;
          });
        } else if (typeof o.delitem === 'function') {
          guard(ctx, t, () => {
            o.delitem?.(key, siteOf(ctx, t));
            return NONE;
          });
        } else {
          markUnknownTarget(parts[0] as SyntaxNode, ctx, 'del of an item is not evaluated', t);
        }
      }
    }
  }
}

export function execStatement(node: SyntaxNode, ctx: Ctx): void {
  ctx.interp.tick();
  // Module-level statements (also inside if/try/for at module level) collect the environment variables read
  // while they run, helper functions included: which variables a setting's statement depends on.
  if (ctx.locals !== null) return execStatementKind(node, ctx);
  ctx.interp.enterStatement(ctx.interp.origin(ctx, node));
  try {
    execStatementKind(node, ctx);
  } finally {
    ctx.interp.leaveStatement();
  }
}

function execStatementKind(node: SyntaxNode, ctx: Ctx): void {
  switch (node.name) {
    case 'AssignStatement':
      execAssign(node, ctx);
      return;
    case 'UpdateStatement':
      execUpdate(node, ctx);
      return;
    case 'ExpressionStatement':
      execExpressionStatement(node, ctx);
      return;
    case 'ImportStatement':
      execImport(node, ctx);
      return;
    case 'IfStatement':
      execIf(node, ctx);
      return;
    case 'TryStatement':
      execTry(node, ctx);
      return;
    case 'ForStatement':
      execFor(node, ctx);
      return;
    case 'WithStatement':
      execWith(node, ctx);
      return;
    case 'FunctionDefinition':
      execFunctionDef(node, ctx);
      return;
    case 'DecoratedStatement': {
      const kids = childrenOf(node);
      const decorators = kids.filter((k) => k.name === 'Decorator');
      const def = kids.find((k) => k.name === 'FunctionDefinition' || k.name === 'ClassDefinition');
      if (def?.name === 'FunctionDefinition') execFunctionDef(def, ctx, decorators);
      else if (def) execStatement(def, ctx);
      return;
    }
    case 'ClassDefinition': {
      const nameNode = childrenOf(node).find((k) => k.name === 'VariableName');
      if (nameNode) {
        const name = ctx.interp.text(ctx, nameNode);
        assignName(name, new ClassObject(name), ctx, originOf(ctx, node));
      }
      return;
    }
    case 'ReturnStatement': {
      const kids = childrenOf(node).filter((k) => k.name !== 'return');
      if (kids.length === 0) throw new ReturnSignal(NONE);
      const groups = splitChildren(kids);
      const value = groups.length === 1 && !kids.some((k) => k.name === ',') ? evalExpr(kids[0] as SyntaxNode, ctx) : tuple(groups.map((g) => evalExpr(g[0] as SyntaxNode, ctx)));
      throw new ReturnSignal(value);
    }
    case 'RaiseStatement':
      execRaise(node, ctx);
      return;
    case 'AssertStatement': {
      const cond = childrenOf(node)[1];
      if (!cond) return;
      const t = truthOf(evalExpr(cond, ctx), ctx, cond);
      if (t === false) throw new PyRaise('AssertionError', ctx.interp.text(ctx, cond), originOf(ctx, node));
      return;
    }
    case 'ScopeStatement': {
      const kids = childrenOf(node);
      if (kids[0]?.name === 'global' && ctx.globalNames instanceof Set) {
        for (const k of kids) if (k.name === 'VariableName') (ctx.globalNames as Set<string>).add(ctx.interp.text(ctx, k));
      }
      return;
    }
    case 'DeleteStatement':
      execDelete(node, ctx);
      return;
    case 'PassStatement':
      return;
    case 'BreakStatement':
      throw new BreakSignal();
    case 'ContinueStatement':
      throw new ContinueSignal();
    case 'StatementGroup':
      for (const s of statementsOf(node)) execStatement(s, ctx);
      return;
    case 'WhileStatement':
      havoc(node, ctx, 'is set in a while loop, which is not evaluated');
      return;
    case 'MatchStatement':
      havoc(node, ctx, 'is set in a match statement, which is not evaluated');
      return;
    default:
      havoc(node, ctx, `is set in a ${node.name} statement, which is not evaluated`);
  }
}

