import type { SyntaxNode } from '@lezer/common';
import { join } from 'node:path';
import { LoadError } from '../../engine/errors.ts';
import type { Diagnostic, Origin } from '../../engine/types.ts';
import { type Unresolved, type Value, NONE, str, strDict, tuple, unresolved } from '../../engine/values.ts';
import { FsError, type ProjectFs, isInside, relativePath } from '../fs.ts';
import { createBuiltins } from './builtins.ts';
import { callValue, evalExpr } from './expressions.ts';
import {
  type CallArgs,
  type Ctx,
  ExternalObject,
  type InterpreterApi,
  type ModuleRecord,
  ModuleNotFound,
  ModuleObject,
  PyFunction,
  PyRaise,
  type Site,
} from './objects.ts';
import { OpFailure, normPath } from './operators.ts';
import { type ParsedPython, findSyntaxProblem, parsePython, positionOf } from './parse.ts';
import { type EnvStore, Scope } from './scope.ts';
import { BreakSignal, ContinueSignal, ReturnSignal, UnknownFlow, execBlock, execStatement, havoc, statementsOf } from './statements.ts';
import { registerBuiltinTypes } from './envlibs.ts';
import { interpreterBuiltins, isQuietModule, nativeModule } from './stdlib.ts';

/** Evaluation stops after this many steps (statements and calls): settings never need that many. */
const MAX_STEPS = 2_000_000;
const MAX_DEPTH = 60;

class BudgetExceeded extends Error {}

export interface InterpreterOptions {
  readonly fs: ProjectFs;
  /** Directories that act as `sys.path` entries for project modules, most important first. */
  readonly pythonRoots: readonly string[];
  readonly env: EnvStore;
  /**
   * Modules already read and parsed, by path: re-evaluating the settings in another environment ("what if the
   * deployment forgot DJANGO_DEBUG?") reuses them instead of reading and parsing every module again.
   */
  readonly parsed?: Map<string, ParsedPython>;
}

/** Evaluates a project's settings modules on a safe subset of Python. It never runs project code. */
export class Interpreter implements InterpreterApi {
  env: EnvStore;
  readonly root: string;
  readonly modules = new Map<string, ModuleRecord>();
  readonly diagnostics: Diagnostic[] = [];
  /** Every environment variable the settings read, with where. */
  readonly envReads = new Map<string, Origin[]>();
  /** The variables read while each module-level statement ran (helper functions included), by `file:line`. */
  readonly envReadsByStatement = new Map<string, Set<string>>();
  private readonly statements: string[] = [];
  /** Every project file the settings read (modules, env files, JSON...), by project-relative path. */
  readonly texts = new Map<string, string>();
  private readonly fs: ProjectFs;
  private readonly pythonRoots: readonly string[];
  private readonly builtins: Map<string, Value>;
  private readonly natives = new Map<string, Value>();
  private readonly diagnosticKeys = new Set<string>();
  private steps = 0;
  /** fs.kind answers, memoised: module lookups ask the same paths again and again. */
  private readonly kinds = new Map<string, 'file' | 'dir' | null>();
  private exhausted = false;
  private readonly parseCache: Map<string, ParsedPython>;

  constructor(options: InterpreterOptions) {
    this.fs = options.fs;
    this.root = options.fs.root;
    this.pythonRoots = options.pythonRoots;
    this.parseCache = options.parsed ?? new Map();
    this.env = options.env;
    this.builtins = createBuiltins((fn, args, site) => callValue(fn, args, site));
    for (const [k, v] of Object.entries(interpreterBuiltins())) this.builtins.set(k, v);
    registerBuiltinTypes(this.builtins);
  }

  origin(ctx: Ctx, node: SyntaxNode): Origin {
    return { file: ctx.module.file, ...positionOf(ctx.module.parsed.lineStarts, node.from) };
  }

  text(ctx: Ctx, node: SyntaxNode): string {
    return ctx.module.parsed.text.slice(node.from, node.to);
  }

  diagnose(level: Diagnostic['level'], code: string, message: string, at: Origin | null): void {
    const key = `${level}|${code}|${message}|${at ? `${at.file}:${at.line}:${at.column}` : ''}`;
    if (this.diagnosticKeys.has(key)) return;
    this.diagnosticKeys.add(key);
    this.diagnostics.push({ level, code, message, location: at });
  }

  builtin(name: string): Value | undefined {
    return this.builtins.get(name);
  }

  noteEnvRead(name: string, at: Origin): void {
    const list = this.envReads.get(name);
    if (list) list.push(at);
    else this.envReads.set(name, [at]);
    for (const key of this.statements) {
      const vars = this.envReadsByStatement.get(key);
      if (vars) vars.add(name);
      else this.envReadsByStatement.set(key, new Set([name]));
    }
  }

  /** A module-level statement starts (see execStatement); reads until leaveStatement are attributed to it. */
  enterStatement(at: Origin): void {
    this.statements.push(`${at.file}:${at.line}`);
  }

  leaveStatement(): void {
    this.statements.pop();
  }

  tick(): void {
    if (++this.steps > MAX_STEPS) throw new BudgetExceeded();
  }

  private kind(path: string): 'file' | 'dir' | null {
    let k = this.kinds.get(path);
    if (k === undefined) {
      k = this.fs.kind(path);
      this.kinds.set(path, k);
    }
    return k;
  }

  /** The project file for a dotted module name: a package's `__init__.py` wins over a module file. */
  findModuleFile(name: string): { path: string; isPackage: boolean; namespace?: boolean } | null {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(name)) return null;
    const rel = name.split('.');
    let namespace: string | null = null;
    for (const root of this.pythonRoots) {
      const dir = join(root, ...rel);
      const init = join(dir, '__init__.py');
      if (this.kind(init) === 'file') return { path: init, isPackage: true };
      const file = `${dir}.py`;
      if (this.kind(file) === 'file') return { path: file, isPackage: false };
      if (namespace === null && this.kind(dir) === 'dir') namespace = dir;
    }
    // A directory without __init__.py is a namespace package (PEP 420): importable, with no code of its own.
    return namespace ? { path: namespace, isPackage: true, namespace: true } : null;
  }

  /** Whether the top-level package of `name` lives in the project (so a missing submodule is a real ImportError). */
  private isProjectPackage(name: string): boolean {
    const top = name.split('.')[0] as string;
    return this.pythonRoots.some((root) => this.kind(join(root, top)) === 'dir' || this.kind(join(root, `${top}.py`)) === 'file');
  }

  isOutsideModule(name: string): boolean {
    if (!name) return false;
    if (this.findModuleFile(name) || this.isProjectPackage(name)) return false;
    return nativeModule(name) === null && !isQuietModule(name);
  }

  importModule(name: string, site: Site): Value {
    const loaded = this.modules.get(name);
    if (loaded) return new ModuleObject(loaded);
    const found = this.findModuleFile(name);
    if (found) {
      const parent = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : null;
      if (parent && !this.modules.has(parent)) this.importModule(parent, site);
      const again = this.modules.get(name);
      if (again) return new ModuleObject(again);
      if (found.namespace) return new ModuleObject(this.namespaceModule(name, found.path));
      return new ModuleObject(this.loadModule(name, found.path, found.isPackage));
    }
    const cached = this.natives.get(name);
    if (cached) return cached;
    const native = nativeModule(name);
    if (native) {
      this.natives.set(name, native);
      return native;
    }
    if (this.isProjectPackage(name)) return new ModuleNotFound(name);
    if (!isQuietModule(name)) {
      this.diagnose('info', 'module-outside-project', `module '${name}' is outside the project and is not evaluated; values from it are unknown`, site.at);
    }
    return new ExternalObject(name);
  }

  private namespaceModule(name: string, dir: string): ModuleRecord {
    const file = relativePath(this.root, dir);
    const record: ModuleRecord = { name, file, path: join(dir, '__init__.py'), isPackage: true, parsed: parsePython(file, ''), scope: new Scope(), status: 'done' };
    record.scope.set('__name__', str(name), { file, line: 1, column: 1 });
    this.modules.set(name, record);
    return record;
  }

  /** Parses and runs one project module. A syntax error is fatal: Django could not import the module either. */
  loadModule(name: string, path: string, isPackage: boolean): ModuleRecord {
    const file = relativePath(this.root, path);
    let parsed = this.parseCache.get(path);
    if (!parsed) {
      let text: string;
      try {
        text = this.fs.readText(path);
      } catch (e) {
        if (e instanceof FsError) {
          throw new LoadError(`settings module ${name} (${file}) ${e.message}`, 'point --settings at a Python settings module', { file, line: 1, column: 1 });
        }
        throw e;
      }
      parsed = parsePython(file, text);
      const problem = findSyntaxProblem(parsed);
      if (problem) {
        throw new LoadError(
          `SyntaxError: ${problem.message}`,
          'fix the syntax error; Django cannot import this settings module either',
          { file, line: problem.line, column: problem.column },
        );
      }
      this.parseCache.set(path, parsed);
    }
    this.texts.set(file, parsed.text);
    const scope = new Scope();
    const record: ModuleRecord = { name, file, path, isPackage, parsed, scope, status: 'loading' };
    scope.set('__file__', str(path), { file, line: 1, column: 1 });
    scope.set('__name__', str(name), { file, line: 1, column: 1 });
    this.modules.set(name, record);
    this.execModule(record);
    record.status = 'done';
    return record;
  }

  private execModule(record: ModuleRecord): void {
    const ctx: Ctx = { interp: this, module: record, scope: record.scope, locals: null, enclosing: [], globalNames: null, catching: [], depth: 0 };
    for (const stmt of statementsOf(record.parsed.tree.topNode)) {
      if (this.exhausted) {
        havoc(stmt, ctx, 'was not evaluated: the settings took too many steps to evaluate');
        continue;
      }
      try {
        execStatement(stmt, ctx);
      } catch (e) {
        if (e instanceof PyRaise) {
          const at = this.origin(ctx, stmt);
          const detail = e.detail ? `: ${e.detail}` : '';
          this.diagnose(
            'warning',
            'settings-raise',
            `this statement raises ${e.excType}${detail} with the given environment, so Django would not start; what it sets is unknown`,
            at,
          );
          havoc(stmt, ctx, `could not be evaluated: the statement raises ${e.excType}`);
          continue;
        }
        if (e instanceof BudgetExceeded) {
          this.exhausted = true;
          this.diagnose('error', 'evaluation-budget', `evaluation stopped after ${MAX_STEPS} steps; later settings are unknown`, this.origin(ctx, stmt));
          havoc(stmt, ctx, 'was not evaluated: the settings took too many steps to evaluate');
          continue;
        }
        if (e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof UnknownFlow) continue;
        throw e;
      }
    }
  }

  callFunction(fn: PyFunction, args: CallArgs, site: Site): Value {
    if (site.ctx.depth >= MAX_DEPTH) return unresolved(`${fn.name}() recurses too deeply to evaluate`, site.expr, site.at);
    if (args.unknown) return unresolved(`the arguments of ${fn.name}() are not fully known (${args.unknown.reason})`, site.expr, site.at);
    const locals = new Scope();
    const at = fn.at;
    let i = 0;
    const extra: Value[] = [];
    for (const v of args.positional) {
      const p = fn.params.filter((x) => x.kind === 'normal')[i];
      if (p) locals.set(p.name, v, at);
      else extra.push(v);
      i++;
    }
    const star = fn.params.find((p) => p.kind === 'star');
    if (extra.length > 0) {
      if (!star) throw new OpFailure('TypeError', `${fn.name}() takes ${i - extra.length} positional arguments but ${i} were given`);
    }
    if (star) locals.set(star.name, tuple(extra), at);
    const kwargs: Array<readonly [string, Value]> = [];
    for (const [k, v] of args.keywords) {
      const p = fn.params.find((x) => x.name === k && (x.kind === 'normal' || x.kind === 'keywordOnly'));
      if (p) locals.set(k, v, at);
      else kwargs.push([k, v]);
    }
    const doubleStar = fn.params.find((p) => p.kind === 'doubleStar');
    if (kwargs.length > 0 && !doubleStar) throw new OpFailure('TypeError', `${fn.name}() got an unexpected keyword argument '${kwargs[0]?.[0]}'`);
    if (doubleStar) locals.set(doubleStar.name, strDict(kwargs), at);
    for (const p of fn.params) {
      if (p.kind === 'star' || p.kind === 'doubleStar' || locals.get(p.name)) continue;
      if (!p.defaultValue) throw new OpFailure('TypeError', `${fn.name}() missing required argument: '${p.name}'`);
      locals.set(p.name, p.defaultValue, at);
    }
    const sameModule = fn.module === site.ctx.module;
    const ctx: Ctx = {
      interp: this,
      module: fn.module,
      scope: sameModule ? site.ctx.scope : fn.module.scope,
      locals,
      enclosing: fn.closure ? [fn.closure] : [],
      globalNames: new Set<string>(),
      catching: site.ctx.catching,
      depth: site.ctx.depth + 1,
      ...(site.ctx.externalImportsFail ? { externalImportsFail: true } : {}),
    };
    if (fn.isLambda) return evalExpr(fn.body, ctx);
    try {
      execBlock(fn.body, ctx);
      return NONE;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      if (e instanceof UnknownFlow) return unresolved(`the result of ${fn.name}() ${e.reason}`, site.expr, site.at);
      throw e;
    }
  }

  readProjectFile(absPath: string, site: Site): string | null | Unresolved {
    const path = normPath(absPath);
    if (!isInside(this.root, path)) {
      return unresolved(`reads ${path}, which is outside the project`, site.expr, site.at);
    }
    try {
      const text = this.fs.readText(path);
      this.texts.set(relativePath(this.root, path), text);
      return text;
    } catch (e) {
      if (e instanceof FsError) {
        if (e.code === 'missing') return null;
        const rel = relativePath(this.root, path);
        this.diagnose('warning', 'file-unreadable', `${rel} ${e.message}; values read from it are unknown`, site.at);
        return unresolved(`${rel} ${e.message}`, site.expr, site.at);
      }
      throw e;
    }
  }

  listDir(absDir: string): readonly string[] {
    const path = normPath(absDir);
    return isInside(this.root, path) ? this.fs.list(path) : [];
  }

  fileKind(absPath: string): 'file' | 'dir' | null | Unresolved {
    const path = normPath(absPath);
    if (!isInside(this.root, path)) return unresolved(`${path} is outside the project`, path, null);
    return this.kind(path);
  }

  /** Runs the settings module `name` (and its parent packages, as Python's import does). */
  run(name: string): ModuleRecord {
    const found = this.findModuleFile(name);
    if (!found) {
      const rel = name.replace(/\./g, '/');
      const roots = this.pythonRoots.map((r) => relativePath(this.root, r)).join(', ');
      throw new LoadError(
        `settings module '${name}' not found: no ${rel}.py or ${rel}/__init__.py under ${roots}`,
        'pass --settings with the dotted module name relative to the project root',
      );
    }
    if (found.namespace) {
      throw new LoadError(`settings module '${name}' is a directory without __init__.py`, 'pass --settings the module inside it, e.g. --settings ' + `${name}.production`);
    }
    const parts = name.split('.');
    const site = this.syntheticSite();
    for (let k = 1; k < parts.length; k++) {
      const parent = parts.slice(0, k).join('.');
      if (!this.modules.has(parent) && this.findModuleFile(parent)) this.importModule(parent, site);
    }
    const existing = this.modules.get(name);
    if (existing) return existing;
    return this.loadModule(name, found.path, found.isPackage);
  }

  private syntheticSite(): Site {
    const parsed = parsePython('<secaudit>', '');
    const record: ModuleRecord = { name: '<secaudit>', file: '<secaudit>', path: this.root, isPackage: false, parsed, scope: new Scope(), status: 'done' };
    const ctx: Ctx = { interp: this, module: record, scope: record.scope, locals: null, enclosing: [], globalNames: null, catching: [], depth: 0 };
    return { ctx, at: { file: '<secaudit>', line: 1, column: 1 }, expr: '' };
  }
}

