import type { SyntaxNode } from '@lezer/common';
import type { Origin } from '../../engine/types.ts';
import { type ObjectValue, type Unresolved, type Value, unresolved } from '../../engine/values.ts';
import type { ParsedPython } from './parse.ts';
import type { EnvStore, Scope } from './scope.ts';

/** A module of the project being evaluated. */
export interface ModuleRecord {
  readonly name: string;
  /** Project-relative path with `/` separators. */
  readonly file: string;
  /** Absolute path (virtual in tests). */
  readonly path: string;
  readonly isPackage: boolean;
  readonly parsed: ParsedPython;
  readonly scope: Scope;
  status: 'loading' | 'done';
}

export interface CallArgs {
  readonly positional: readonly Value[];
  readonly keywords: ReadonlyMap<string, Value>;
  /** Set when `*args` / `**kwargs` could not be expanded: the call's arguments are not fully known. */
  readonly unknown?: Unresolved;
}

/** What a native function needs to know about the place it is called from. */
export interface Site {
  readonly ctx: Ctx;
  readonly at: Origin;
  /** Source text of the call, for unresolved reasons. */
  readonly expr: string;
}

/** Evaluation state. `scope` is the module's globals (or a fork of them), `locals` a function's frame. */
export interface Ctx {
  readonly interp: InterpreterApi;
  readonly module: ModuleRecord;
  scope: Scope;
  locals: Scope | null;
  /** Frames of enclosing functions and comprehensions, innermost first (searched after `locals`). */
  enclosing: readonly Scope[];
  globalNames: ReadonlySet<string> | null;
  /** Exception names that enclosing `try` statements catch, innermost last. */
  readonly catching: readonly (readonly string[])[];
  readonly depth: number;
  /** Inside `try: ... except ImportError`, the world where outside packages are not installed. */
  readonly externalImportsFail?: boolean;
}

export interface InterpreterApi {
  env: EnvStore;
  readonly root: string;
  origin(ctx: Ctx, node: SyntaxNode): Origin;
  text(ctx: Ctx, node: SyntaxNode): string;
  diagnose(level: 'error' | 'warning' | 'info', code: string, message: string, at: Origin | null): void;
  importModule(name: string, site: Site): Value;
  builtin(name: string): Value | undefined;
  /** True for a module that is neither in the project nor modelled natively (an installed package, perhaps). */
  isOutsideModule(name: string): boolean;
  callFunction(fn: PyFunction, args: CallArgs, site: Site): Value;
  /** Reads a project file (for `open`, `json.load`, env files); null when missing, Unresolved when outside the project. */
  readProjectFile(absPath: string, site: Site): string | null | Unresolved;
  fileKind(absPath: string): 'file' | 'dir' | null | Unresolved;
  /** Entry names of a project directory (empty outside the project). */
  listDir(absDir: string): readonly string[];
  /** Records that the settings read an environment variable. */
  noteEnvRead(name: string, at: Origin): void;
  enterStatement(at: Origin): void;
  leaveStatement(): void;
  tick(): void;
}

/** A Python exception raised during evaluation; caught by `try` when a handler matches. */
export class PyRaise extends Error {
  constructor(
    readonly excType: string,
    readonly detail: string,
    readonly at: Origin,
  ) {
    super(`${excType}: ${detail}`);
  }
}

/** Exception classes the evaluator knows, each with its base class. */
const EXCEPTION_BASES: Record<string, string | null> = {
  BaseException: null,
  Exception: 'BaseException',
  ImportError: 'Exception',
  ModuleNotFoundError: 'ImportError',
  LookupError: 'Exception',
  KeyError: 'LookupError',
  IndexError: 'LookupError',
  ValueError: 'Exception',
  TypeError: 'Exception',
  AttributeError: 'Exception',
  NameError: 'Exception',
  OSError: 'Exception',
  IOError: 'Exception',
  EnvironmentError: 'Exception',
  FileNotFoundError: 'OSError',
  PermissionError: 'OSError',
  RuntimeError: 'Exception',
  NotImplementedError: 'RuntimeError',
  AssertionError: 'Exception',
  UnicodeDecodeError: 'ValueError',
  JSONDecodeError: 'ValueError',
  ImproperlyConfigured: 'Exception',
  UndefinedValueError: 'Exception',
};

export function isKnownException(name: string): boolean {
  return name in EXCEPTION_BASES;
}

/** Whether `except <handler>` catches an exception of type `exc`. */
export function exceptionMatches(exc: string, handler: string): boolean {
  const normalise = (n: string) => (n === 'IOError' || n === 'EnvironmentError' ? 'OSError' : n);
  const target = normalise(handler);
  for (let t: string | null | undefined = normalise(exc); t; t = EXCEPTION_BASES[t]) {
    if (t === target) return true;
  }
  return false;
}

/** Whether an exception raised here would be caught by an enclosing `try`. `*` stands for a bare `except:`. */
export function isCaught(ctx: Ctx, exc: string): boolean {
  return ctx.catching.some((names) => names.some((h) => h === '*' || exceptionMatches(exc, h)));
}

export abstract class PyObject implements ObjectValue {
  readonly t = 'object' as const;
  abstract readonly type: string;
  /** Attribute lookup; undefined means AttributeError. */
  getattr(_name: string, _site: Site): Value | undefined {
    return undefined;
  }
  call?(args: CallArgs, site: Site): Value;
}

export function isPyObject(v: Value): v is PyObject & Value {
  return v.t === 'object';
}

export type NativeImpl = (args: CallArgs, site: Site) => Value;

export class NativeFunction extends PyObject {
  readonly type = 'builtin_function_or_method';
  constructor(
    readonly name: string,
    readonly impl: NativeImpl,
  ) {
    super();
  }
  override call(args: CallArgs, site: Site): Value {
    return this.impl(args, site);
  }
}

/** A module the evaluator models natively (os, json, environ, ...). Members may be built lazily. */
export class NativeModule extends PyObject {
  readonly type = 'module';
  private readonly cache = new Map<string, Value>();
  constructor(
    readonly name: string,
    private readonly members: Readonly<Record<string, () => Value>>,
  ) {
    super();
  }
  override getattr(name: string, site: Site): Value | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const make = this.members[name];
    if (make) {
      const v = make();
      this.cache.set(name, v);
      return v;
    }
    return site.ctx.interp.importModule(`${this.name}.${name}`, site);
  }
}

/** A project module object, as `import config.settings.base as base` gives. */
export class ModuleObject extends PyObject {
  readonly type = 'module';
  constructor(readonly record: ModuleRecord) {
    super();
  }
  override getattr(name: string, site: Site): Value | undefined {
    const b = this.record.scope.get(name);
    if (b) return b.value;
    if (this.record.isPackage) {
      const sub = site.ctx.interp.importModule(`${this.record.name}.${name}`, site);
      if (!(sub instanceof ModuleNotFound)) return sub;
    }
    if (this.record.scope.taints.length > 0) {
      const t = this.record.scope.taints[0] as { reason: string };
      return unresolved(`${this.record.name}.${name} may come from ${t.reason}`, `${this.record.name}.${name}`, site.at);
    }
    return undefined;
  }
}

/** Returned by importModule when a module cannot be found anywhere (the caller raises ImportError). */
export class ModuleNotFound extends PyObject {
  readonly type = 'missing-module';
  constructor(readonly name: string) {
    super();
  }
}

/** Anything from a module outside the project: every use of it is unknown. */
export class ExternalObject extends PyObject {
  readonly type = 'external';
  constructor(readonly path: string) {
    super();
  }
  override getattr(name: string): Value {
    return new ExternalObject(`${this.path}.${name}`);
  }
  override call(_args: CallArgs, site: Site): Value {
    return unresolved(`${this.path}() is outside the project and is not evaluated`, site.expr, site.at);
  }
}

export interface Param {
  readonly name: string;
  readonly kind: 'normal' | 'star' | 'doubleStar' | 'keywordOnly';
  readonly defaultValue: Value | null;
}

/** A function defined in the settings (or a lambda), evaluated on the same safe subset when called. */
export class PyFunction extends PyObject {
  readonly type = 'function';
  constructor(
    readonly name: string,
    readonly params: readonly Param[],
    /** A Body node for `def`, an expression node for `lambda`. */
    readonly body: SyntaxNode,
    readonly isLambda: boolean,
    readonly module: ModuleRecord,
    /** The local frame a nested def or a lambda inside a function closes over. */
    readonly closure: Scope | null,
    readonly at: Origin,
  ) {
    super();
  }
  override call(args: CallArgs, site: Site): Value {
    return site.ctx.interp.callFunction(this, args, site);
  }
}

/** An exception class or a plain class we only need by name. */
export class ClassObject extends PyObject {
  readonly type = 'type';
  constructor(
    readonly name: string,
    readonly construct?: NativeImpl,
  ) {
    super();
  }
  override call(args: CallArgs, site: Site): Value {
    if (this.construct) return this.construct(args, site);
    if (isKnownException(this.name)) return new ExceptionInstance(this.name, args.positional[0]);
    return unresolved(`instances of ${this.name} are not evaluated`, site.expr, site.at);
  }
}

export class ExceptionInstance extends PyObject {
  readonly type: string;
  constructor(
    readonly excType: string,
    readonly messageValue: Value | undefined,
  ) {
    super();
    this.type = excType;
  }
}

/** An open project file (`open(BASE_DIR / "secrets.json")`). */
export class FileObject extends PyObject {
  readonly type = '_io.TextIOWrapper';
  constructor(
    readonly path: string,
    readonly content: string,
  ) {
    super();
  }
}

export function arg(args: CallArgs, index: number, name: string): Value | undefined {
  return args.keywords.get(name) ?? args.positional[index];
}
