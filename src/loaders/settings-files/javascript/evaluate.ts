/**
 * A static evaluator for the JavaScript/TypeScript subset settings modules are written in. Nothing is run:
 * literals, operators, `process.env`, a few built-ins and the module's own small functions are evaluated
 * with JavaScript's semantics; anything else is unknown with the reason and the source text, and whatever
 * an unfollowed statement may change (its arguments, the names it mentions, `process.env`) is marked as
 * such instead of being trusted.
 */
import type { SyntaxNode } from '@lezer/common';
import { dirname, extname, resolve } from 'node:path';
import type { Diagnostic, Origin } from '../../../engine/types.ts';
import { type Unresolved, type ValueSource, unresolved } from '../../../engine/values.ts';
import { LineIndex } from '../../env/text.ts';
import { FsError, type ProjectFs, isInside, relativePath } from '../../fs.ts';
import type { EnvStore } from '../../python/scope.ts';
import { sameOrigin } from '../common.ts';
import { type JsonNode, JsonSyntaxError, parseJson } from '../json-parse.ts';
import { type ParsedModule, dialectOf, kids, originAt, parseModule, textOf } from './parse.ts';
import {
  type JsArray,
  type JsFunction,
  type JsObject,
  type JsPrimitive,
  type JsProp,
  type JsValue,
  HOLE,
  NULL,
  UNDEFINED,
  fromHost,
  isUnresolved,
  jsBool,
  jsNum,
  jsStr,
  jsUnknown,
  newArray,
  newObject,
  ownKeys,
  srcOf,
  toPrimitive,
  truthyJs,
  typeOfJs,
  withSrc,
} from './values.ts';

/** Evaluation stops (the value is unknown) after this many expression steps: a guard against blow-ups. */
const MAX_STEPS = 500_000;
const MAX_CALL_DEPTH = 40;
/** Project modules followed through imports in one evaluation; settings packages are far smaller. */
const MAX_MODULES = 200;
/** Strings longer than this are not built (a doubling `const` chain could otherwise exhaust memory). */
const MAX_STRING = 1_000_000;

export interface EvalContext {
  readonly env: EnvStore;
  readonly fs: ProjectFs | null;
  /** `process.env.X = ...` assignments the modules made (process.env itself is read-only here). */
  readonly envOverlay: Map<string, { readonly value: string; readonly at: Origin }>;
  /** Set once an unfollowed statement may have changed process.env (e.g. `dotenv.config()`). */
  envTaint: { readonly reason: string; readonly at: Origin } | null;
  readonly envReads: Map<string, Origin[]>;
  readonly diagnostics: Diagnostic[];
  readonly modules: Map<string, ModuleEval>;
  readonly jsonModules: Map<string, JsValue>;
  steps: number;
  callDepth: number;
}

export function newContext(env: EnvStore, fs: ProjectFs | null): EvalContext {
  return { env, fs, envOverlay: new Map(), envTaint: null, envReads: new Map(), diagnostics: [], modules: new Map(), jsonModules: new Map(), steps: 0, callDepth: 0 };
}

interface Binding {
  /** null: declared but not initialised yet (the temporal dead zone). */
  value: JsValue | null;
  readonly declaredAt: Origin;
  readonly lazy?: () => JsValue;
}

class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }
}

/** Raised inside a function body the evaluator does not follow; the call's value becomes unknown. */
class Bail extends Error {
  constructor(readonly u: Unresolved) {
    super(u.reason);
  }
}

/** The settings module throws while loading (an unconditional or decided `throw`). */
export class ModuleThrows extends Error {
  constructor(
    message: string,
    readonly at: Origin,
  ) {
    super(message);
  }
}

/** `a?.b` on a nullish `a` ends the whole chain with undefined. */
const SHORT = Symbol('short-circuit');
type ChainValue = JsValue | typeof SHORT;

type Completion = { readonly kind: 'normal' } | { readonly kind: 'return'; readonly value: JsValue };
const NORMAL: Completion = { kind: 'normal' };

type Resolved =
  | { readonly kind: 'module'; readonly mod: ModuleEval }
  | { readonly kind: 'value'; readonly value: JsValue }
  | { readonly kind: 'unknown'; readonly reason: string };

const GLOBAL_NATIVES = new Set(['process', 'Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'JSON', 'Object', 'console', 'Array', 'require']);
const PROTOTYPE_NAMES = new Set(['constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf', '__proto__']);
const STRING_METHODS = new Set([
  'at',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'concat',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'normalize',
  'padEnd',
  'padStart',
  'replace',
  'replaceAll',
  'slice',
  'split',
  'startsWith',
  'substring',
  'toLowerCase',
  'toString',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'valueOf',
]);
const NUMBER_METHODS = new Set(['toString', 'toFixed', 'valueOf']);
const MUTATING_ARRAY_METHODS = new Set(['pop', 'shift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'forEach']);
const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];

export class ModuleEval {
  readonly scope = new Scope(null);
  state: 'new' | 'running' | 'done' = 'new';
  /** Live ES exports: name → read the binding now. */
  readonly exports = new Map<string, { readonly get: () => JsValue; readonly at: Origin }>();
  readonly starExports: SyntaxNode[] = [];
  /** CommonJS `module.exports` (a fresh object until replaced) and where it was assigned, if it was. */
  cjs: JsValue = newObject();
  cjsAt: Origin | null = null;
  private readonly cjsInitial: JsObject;
  private readonly reassigned = new Map<string, Origin>();
  /** Calls of functions from outside the module (packages, unknown values) made so far. */
  private externalCalls = 0;

  constructor(
    readonly ctx: EvalContext,
    readonly m: ParsedModule,
    /** Absolute path, when the module is a project file (relative imports resolve against it). */
    readonly abs: string | null,
  ) {
    this.cjsInitial = this.cjs as JsObject;
  }

  // ------------------------------------------------------------------------------------------ helpers

  at(node: SyntaxNode | number): Origin {
    return originAt(this.m, typeof node === 'number' ? node : node.from);
  }

  text(node: SyntaxNode): string {
    return textOf(this.m, node);
  }

  unknown(reason: string, node: SyntaxNode): JsValue {
    return jsUnknown(unresolved(reason, this.text(node), this.at(node)));
  }

  private step(node: SyntaxNode): void {
    this.ctx.steps++;
    if (this.ctx.steps > MAX_STEPS) throw new Bail(unresolved('the module needs too many evaluation steps', this.text(node), this.at(node)));
  }

  diagnose(level: Diagnostic['level'], code: string, message: string, at: Origin | null): void {
    if (this.ctx.diagnostics.some((d) => d.code === code && d.message === message)) return;
    this.ctx.diagnostics.push({ level, code, message, location: at });
  }

  // --------------------------------------------------------------------------------------- module run

  run(): void {
    if (this.state !== 'new') return;
    this.state = 'running';
    const top = this.m.tree.topNode;
    this.findReassignments(top);
    const statements = kids(top);
    for (const s of statements) this.hoist(s, this.scope, true);
    // ES modules evaluate their imports first, in order (a dependency's process.env writes come first).
    for (const s of statements) {
      if (s.name === 'ImportDeclaration' || (s.name === 'ExportDeclaration' && kids(s).some((c) => c.name === 'from'))) {
        const spec = specNode(s);
        if (!spec || kids(s).some((c) => c.name === 'type')) continue;
        const source = this.stringValue(spec);
        const target = this.resolveImport(source, spec);
        // `import 'dotenv/config'`: a package imported for its side effects may set environment variables.
        const bindsNothing = !kids(s).some((c) => c.name === 'VariableDefinition' || c.name === 'ImportGroup' || c.name === 'Star');
        if (target.kind === 'unknown' && s.name === 'ImportDeclaration' && bindsNothing && !source.startsWith('.')) {
          this.ctx.envTaint ??= { reason: `import '${source}' (${this.m.file}:${this.at(s).line}), which may set environment variables`, at: this.at(s) };
        }
      }
    }
    for (const s of statements) {
      try {
        this.moduleStatement(s);
      } catch (e) {
        if (!(e instanceof Bail)) throw e;
        this.taintNode(s, e.u);
      }
    }
    this.state = 'done';
  }

  /** Names assigned anywhere (`x = ...`, `x++`): their `let`/`var` bindings are not trusted. */
  private findReassignments(top: SyntaxNode): void {
    top.cursor().iterate((ref) => {
      if (ref.name === 'AssignmentExpression' || ref.name === 'UnaryExpression' || ref.name === 'PostfixExpression') {
        const target = ref.name === 'UnaryExpression' ? ref.node.lastChild : ref.node.firstChild;
        const op = kids(ref.node).find((c) => c.name === 'ArithOp' && /^(\+\+|--)$/.test(this.text(c)));
        if (target?.name === 'VariableName' && (ref.name === 'AssignmentExpression' || op)) {
          const name = this.text(target);
          if (!this.reassigned.has(name)) this.reassigned.set(name, this.at(ref.node));
        }
      }
    });
  }

  /** Declares the names a statement binds: functions get their value, the rest wait for their statement. */
  private hoist(s: SyntaxNode, scope: Scope, moduleLevel: boolean): void {
    let decl = s;
    if (s.name === 'ExportDeclaration') decl = kids(s).find((c) => c.name.endsWith('Declaration')) ?? s;
    if (decl.name === 'FunctionDeclaration') {
      const nameNode = kids(decl).find((c) => c.name === 'VariableDefinition');
      if (nameNode) scope.vars.set(this.text(nameNode), { value: this.makeFunction(decl, scope), declaredAt: this.at(nameNode) });
      return;
    }
    if (decl.name === 'VariableDeclaration' || decl.name === 'ClassDeclaration' || decl.name === 'EnumDeclaration') {
      for (const nameNode of this.declaredNames(decl)) scope.vars.set(this.text(nameNode), { value: null, declaredAt: this.at(nameNode) });
    }
    if (moduleLevel && s.name === 'ImportDeclaration') this.bindImport(s);
  }

  private declaredNames(decl: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    if (decl.name === 'ClassDeclaration') {
      const n = kids(decl).find((c) => c.name === 'VariableDefinition');
      return n ? [n] : [];
    }
    if (decl.name === 'EnumDeclaration') {
      const n = kids(decl).find((c) => c.name === 'TypeDefinition');
      return n ? [n] : [];
    }
    for (const c of kids(decl)) {
      if (c.name === 'VariableDefinition') out.push(c);
      else if (c.name === 'ObjectPattern' || c.name === 'ArrayPattern') {
        c.cursor().iterate((ref) => {
          if (ref.name === 'VariableDefinition') out.push(ref.node);
          if (ref.name === 'ArrowFunction' || ref.name === 'FunctionExpression') return false;
          return undefined;
        });
      }
    }
    return out;
  }

  private moduleStatement(s: SyntaxNode): void {
    switch (s.name) {
      case 'ImportDeclaration':
      case 'FunctionDeclaration':
      case 'TypeAliasDeclaration':
      case 'InterfaceDeclaration':
      case 'Hashbang':
      case ';':
        return;
      case 'ExportDeclaration':
        this.exportDeclaration(s);
        return;
      default: {
        const c = this.statement(s, this.scope, false);
        if (c.kind === 'return') throw new Bail(unresolved('return outside a function', this.text(s), this.at(s)));
      }
    }
  }

  // ---------------------------------------------------------------------------------------- exports

  private exportDeclaration(s: SyntaxNode): void {
    const parts = kids(s);
    const second = parts[1];
    if (!second) return;
    if (second.name === 'type') return;
    if (second.name === 'default') {
      const target = parts[2];
      if (!target) return;
      let value: JsValue;
      if (target.name === 'FunctionDeclaration') {
        value = this.makeFunction(target, this.scope);
        const nameNode = kids(target).find((c) => c.name === 'VariableDefinition');
        if (nameNode) this.scope.vars.set(this.text(nameNode), { value, declaredAt: this.at(nameNode) });
      } else if (target.name === 'ClassDeclaration') {
        value = this.unknown('classes are not evaluated', target);
        const nameNode = kids(target).find((c) => c.name === 'VariableDefinition');
        if (nameNode) this.scope.vars.set(this.text(nameNode), { value, declaredAt: this.at(nameNode) });
      } else value = this.expr(target, this.scope);
      this.exports.set('default', { get: () => value, at: this.at(s) });
      return;
    }
    if (second.name === 'Equals') {
      const target = parts[2];
      if (target) {
        this.cjs = this.expr(target, this.scope);
        this.cjsAt = this.at(s);
      }
      return;
    }
    if (second.name === 'Star') {
      const spec = specNode(s);
      const asIndex = parts.findIndex((c) => c.name === 'as');
      const asName = asIndex >= 0 ? parts[asIndex + 1] : undefined;
      if (!spec) return;
      if (asName) {
        const exported = asName.name === 'String' ? this.stringValue(asName) : this.text(asName);
        this.exports.set(exported, { get: () => this.namespaceOf(this.stringValue(spec), spec), at: this.at(s) });
      } else this.starExports.push(spec);
      return;
    }
    if (second.name === 'ExportGroup') {
      const from = specNode(s);
      for (const { local, exported, node } of this.specifiers(second)) {
        const at = this.at(node);
        if (from) this.exports.set(exported, { get: () => this.importedValue(this.stringValue(from), local, from), at });
        else this.exports.set(exported, { get: () => this.readName(local, node, this.scope), at });
      }
      return;
    }
    // export <declaration>
    const decl = parts.find((c) => c.name.endsWith('Declaration'));
    if (!decl) return;
    if (decl.name === 'AmbientDeclaration' || decl.name === 'TypeAliasDeclaration' || decl.name === 'InterfaceDeclaration') return;
    if (decl.name !== 'FunctionDeclaration') {
      const c = this.statement(decl, this.scope, false);
      if (c.kind === 'return') return;
    }
    const names = decl.name === 'FunctionDeclaration' ? kids(decl).filter((c) => c.name === 'VariableDefinition').slice(0, 1) : this.declaredNames(decl);
    for (const n of names) {
      const name = this.text(n);
      this.exports.set(name, { get: () => this.readName(name, n, this.scope), at: this.at(n) });
    }
  }

  /** `{ a, b as c, "d" as e, default as f }` of an import or export group. */
  private specifiers(group: SyntaxNode): Array<{ local: string; exported: string; node: SyntaxNode }> {
    const out: Array<{ local: string; exported: string; node: SyntaxNode }> = [];
    const parts = kids(group).filter((c) => c.name !== '{' && c.name !== '}');
    let current: SyntaxNode[] = [];
    const flush = () => {
      const names = current.filter((c) => c.name !== 'as' && c.name !== 'type');
      const isType = current.some((c) => c.name === 'type') && names.length > 0;
      const first = names[0];
      const last = names[names.length - 1];
      if (first && last && !isType) {
        const nameOf = (n: SyntaxNode) => (n.name === 'String' ? this.stringValue(n) : this.text(n));
        out.push({ local: nameOf(first), exported: nameOf(last), node: last });
      }
      current = [];
    };
    for (const p of parts) {
      if (p.name === ',') flush();
      else current.push(p);
    }
    flush();
    return out;
  }

  /** Every name the module exports, through `export *` too; null when one of those modules cannot be read. */
  exportNames(seen: Set<ModuleEval>): string[] | null {
    if (seen.has(this)) return [];
    seen.add(this);
    const names = [...this.exports.keys()];
    for (const spec of this.starExports) {
      const target = this.resolveImport(this.stringValue(spec), spec);
      if (target.kind !== 'module' || target.mod.state !== 'done') return null;
      const more = target.mod.exportNames(seen);
      if (more === null) return null;
      for (const n of more) if (n !== 'default' && !names.includes(n)) names.push(n);
    }
    return names;
  }

  /** The value a module exports under `name` (after running it). */
  exportValue(name: string, node: SyntaxNode): JsValue {
    if (this.state === 'new') this.run();
    if (this.state === 'running') return this.unknown(`${this.m.file} is part of an import cycle; its exports are not known yet`, node);
    const e = this.exports.get(name);
    if (e) return e.get();
    for (const spec of this.starExports) {
      if (name === 'default') break;
      const target = this.resolveImport(this.stringValue(spec), spec);
      if (target.kind === 'module' && (target.mod.exports.has(name) || target.mod.starExports.length > 0)) return target.mod.exportValue(name, node);
      if (target.kind !== 'module') return this.unknown(`${name} may come from ${this.text(spec)}: ${target.kind === 'unknown' ? target.reason : 'not a module'}`, node);
    }
    if (this.exports.size === 0 && this.starExports.length === 0) {
      // A CommonJS module seen through import: default is module.exports, names are its properties.
      return name === 'default' ? this.cjs : this.getProp(this.cjs, name, node);
    }
    return this.unknown(`${this.m.file} has no export named ${name}`, node);
  }

  // ---------------------------------------------------------------------------------------- imports

  private bindImport(s: SyntaxNode): void {
    const parts = kids(s);
    if (parts.some((c) => c.name === 'type')) return;
    const spec = specNode(s);
    if (!spec) return;
    const source = this.stringValue(spec);
    const bind = (nameNode: SyntaxNode, get: () => JsValue) => {
      let cache: JsValue | null = null;
      this.scope.vars.set(this.text(nameNode), {
        value: null,
        declaredAt: this.at(nameNode),
        lazy: () => {
          cache ??= get();
          return cache;
        },
      });
    };
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === 'Star') {
        const def = parts.slice(i).find((c) => c.name === 'VariableDefinition');
        if (def) bind(def, () => this.namespaceOf(source, spec));
        break;
      }
      if (p.name === 'VariableDefinition') bind(p, () => this.importedValue(source, 'default', spec));
      if (p.name === 'ImportGroup') {
        for (const { local, exported } of this.specifiers(p)) {
          const def = kids(p).find((c) => c.name === 'VariableDefinition' && this.text(c) === exported);
          if (def) bind(def, () => this.importedValue(source, local, spec));
        }
      }
    }
  }

  private importedValue(source: string, name: string, node: SyntaxNode): JsValue {
    const target = this.resolveImport(source, node);
    if (target.kind === 'unknown') return this.unknown(target.reason, node);
    if (target.kind === 'value') return name === 'default' ? target.value : this.getProp(target.value, name, node);
    return target.mod.exportValue(name, node);
  }

  private namespaceOf(source: string, node: SyntaxNode): JsValue {
    const target = this.resolveImport(source, node);
    if (target.kind === 'unknown') return this.unknown(target.reason, node);
    if (target.kind === 'value') {
      const ns = newObject();
      setProp(ns, 'default', target.value, this.at(node), '');
      return ns;
    }
    const mod = target.mod;
    if (mod.state === 'new') mod.run();
    if (mod.state === 'running') return this.unknown(`${mod.m.file} is part of an import cycle`, node);
    const ns = newObject();
    if (mod.exports.size === 0 && mod.starExports.length === 0) {
      setProp(ns, 'default', mod.cjs, mod.cjsAt, '');
      return ns;
    }
    const names = mod.exportNames(new Set());
    if (names === null) {
      ns.partial = unresolved('the names another module exports with export * are not known', this.text(node), this.at(node));
      for (const [name, e] of mod.exports) setProp(ns, name, e.get(), e.at, '');
      return ns;
    }
    for (const name of names) setProp(ns, name, mod.exportValue(name, node), mod.exports.get(name)?.at ?? this.at(node), '');
    return ns;
  }

  /** Finds and loads an imported module: project files only; `process` is the built-in. */
  resolveImport(source: string, node: SyntaxNode): Resolved {
    if (source === 'process' || source === 'node:process') return { kind: 'value', value: { k: 'native', name: 'process' } };
    if (!source.startsWith('.') && !source.startsWith('/')) {
      return { kind: 'unknown', reason: `${source} is a package import, which is not read` };
    }
    const fs = this.ctx.fs;
    if (!fs || !this.abs) return { kind: 'unknown', reason: `${source} is not read: the settings file is not inside the project` };
    const base = resolve(dirname(this.abs), source);
    if (!isInside(fs.root, base)) return { kind: 'unknown', reason: `${source} is outside the project, which is not read` };
    const candidates: string[] = [base];
    const ext = extname(base);
    // TypeScript resolves an import of './x.js' to the source file './x.ts'.
    const tsFor: Record<string, string> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts' };
    const tsExt = tsFor[ext];
    if (tsExt) candidates.push(base.slice(0, -ext.length) + tsExt);
    for (const e of EXTENSIONS) candidates.push(base + e);
    for (const e of EXTENSIONS) candidates.push(resolve(base, `index${e}`));
    const found = candidates.find((c) => fs.kind(c) === 'file');
    if (!found) {
      this.diagnose('warning', 'settings-import-missing', `cannot find ${source} (imported by ${this.m.file}) in the project`, this.at(node));
      return { kind: 'unknown', reason: `cannot find ${source} in the project` };
    }
    const rel = relativePath(fs.root, found);
    const loaded = this.ctx.modules.get(found);
    if (loaded) return { kind: 'module', mod: loaded };
    if (this.ctx.modules.size + this.ctx.jsonModules.size >= MAX_MODULES) return { kind: 'unknown', reason: `${rel} is not read: more than ${MAX_MODULES} modules are imported` };
    let text: string;
    try {
      text = fs.readText(found);
    } catch (e) {
      if (e instanceof FsError) return { kind: 'unknown', reason: `${rel} ${e.message}` };
      throw e;
    }
    if (found.endsWith('.json')) {
      // Node evaluates a module once: every import of the file sees the same object.
      let value = this.ctx.jsonModules.get(found);
      if (!value) {
        value = this.jsonModule(rel, text, node);
        this.ctx.jsonModules.set(found, value);
      }
      return { kind: 'value', value };
    }
    if (!/\.[cm]?[jt]s$/.test(found)) return { kind: 'unknown', reason: `${rel} is not a JavaScript or TypeScript module` };
    let mod = this.ctx.modules.get(found);
    if (!mod) {
      mod = new ModuleEval(this.ctx, parseModule(rel, text, dialectOf(found)), found);
      this.ctx.modules.set(found, mod);
    }
    if (mod.state === 'new') mod.run();
    return { kind: 'module', mod };
  }

  private jsonModule(file: string, text: string, node: SyntaxNode): JsValue {
    try {
      return jsonToJs(parseJson(text), file, text);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      return this.unknown(`${file} is not valid JSON: ${e.message}`, node);
    }
  }

  // ------------------------------------------------------------------------------------- statements

  /** Runs a statement. In a function body (`inFunction`) anything not followed throws Bail. */
  private statement(s: SyntaxNode, scope: Scope, inFunction: boolean): Completion {
    this.step(s);
    switch (s.name) {
      case ';':
      case 'TypeAliasDeclaration':
      case 'InterfaceDeclaration':
      case 'FunctionDeclaration':
        return NORMAL;
      case 'VariableDeclaration':
        this.variableDeclaration(s, scope);
        return NORMAL;
      case 'ClassDeclaration':
      case 'EnumDeclaration':
        for (const n of this.declaredNames(s)) this.bind(scope, this.text(n), this.unknown(`${s.name === 'ClassDeclaration' ? 'classes' : 'enums'} are not evaluated`, s), n);
        return NORMAL;
      case 'AmbientDeclaration':
        for (const c of kids(s)) {
          if (c.name === 'VariableDeclaration') for (const n of this.declaredNames(c)) this.bind(scope, this.text(n), this.unknown('declared with `declare`, so its value is defined elsewhere', c), n);
        }
        return NORMAL;
      case 'ExpressionStatement': {
        const e = s.firstChild;
        if (!e) return NORMAL;
        const before = this.externalCalls;
        this.expr(e, scope);
        if (!inFunction && this.externalCalls > before) this.unfollowedStatement(s);
        return NORMAL;
      }
      case 'Block': {
        const inner = new Scope(scope);
        for (const c of kids(s)) if (c.name !== '{' && c.name !== '}') this.hoist(c, inner, false);
        for (const c of kids(s)) {
          if (c.name === '{' || c.name === '}') continue;
          const r = this.statement(c, inner, inFunction);
          if (r.kind === 'return') return r;
        }
        return NORMAL;
      }
      case 'IfStatement': {
        const parts = kids(s).filter((c) => c.name !== 'if' && c.name !== 'else');
        const [cond, then, otherwise] = parts;
        if (!cond || !then) return NORMAL;
        const test = truthyJs(this.expr(cond, scope));
        if (test === null) {
          const u = unresolved('the condition cannot be decided', this.text(cond), this.at(cond));
          if (inFunction) throw new Bail(u);
          this.taintNode(s, unresolved(`may be changed by the if statement at ${this.m.file}:${this.at(s).line}, whose condition cannot be decided`, this.text(cond), this.at(cond)));
          return NORMAL;
        }
        if (test) return this.statement(then, scope, inFunction);
        return otherwise ? this.statement(otherwise, scope, inFunction) : NORMAL;
      }
      case 'ReturnStatement': {
        const e = kids(s).find((c) => c.name !== 'return' && c.name !== ';');
        if (!inFunction) throw new Bail(unresolved('return outside a function', this.text(s), this.at(s)));
        return { kind: 'return', value: e ? this.expr(e, scope) : UNDEFINED };
      }
      case 'ThrowStatement': {
        if (inFunction) throw new Bail(unresolved('the function throws', this.text(s), this.at(s)));
        const e = kids(s).find((c) => c.name !== 'throw' && c.name !== ';');
        throw new ModuleThrows(e ? this.text(e) : 'throw', this.at(s));
      }
      default: {
        const u = unresolved(`${describeStatement(s.name)} is not evaluated`, this.text(s), this.at(s));
        if (inFunction) throw new Bail(u);
        this.taintNode(s, unresolved(`may be changed by the ${describeStatement(s.name)} at ${this.m.file}:${this.at(s).line}, which is not evaluated`, this.text(s), this.at(s)));
        return NORMAL;
      }
    }
  }

  /**
   * A call in statement position to something outside the module (`dotenv.config()`, `setup(settings)`)
   * may change what it is given and process.env.
   */
  private unfollowedStatement(s: SyntaxNode): void {
    const e = s.firstChild ?? s;
    this.taintNode(s, this.changedBy(e));
    this.ctx.envTaint ??= { reason: `${clipText(this.text(e))} (${this.m.file}:${this.at(e).line}), which may set environment variables`, at: this.at(e) };
  }

  /** Why something is no longer known: this call or statement, which is not followed, may have changed it. */
  private changedBy(node: SyntaxNode): Unresolved {
    return unresolved(`may be changed by ${clipText(this.text(node))} (${this.m.file}:${this.at(node).line}), which is not evaluated`, this.text(node), this.at(node));
  }

  private variableDeclaration(s: SyntaxNode, scope: Scope): void {
    const parts = kids(s);
    const keyword = parts[0]?.name ?? 'const';
    let pattern: SyntaxNode | null = null;
    let init: SyntaxNode | null = null;
    let sawEquals = false;
    const finish = () => {
      if (!pattern) return;
      let value = init ? this.expr(init, scope) : UNDEFINED;
      if (keyword === 'let' || keyword === 'var') {
        const reassignedAt = this.patternNames(pattern)
          .map((n) => this.reassigned.get(this.text(n)))
          .find((o): o is Origin => o !== undefined);
        if (reassignedAt) value = jsUnknown(unresolved(`it is bound with ${keyword} and reassigned at line ${reassignedAt.line}`, this.text(s), this.at(s)));
      }
      if (keyword === 'using' || keyword === 'await') value = this.unknown('using declarations are not evaluated', s);
      this.bindPattern(pattern, value, scope);
      pattern = null;
      init = null;
      sawEquals = false;
    };
    for (const c of parts.slice(1)) {
      if (c.name === 'VariableDefinition' || c.name === 'ObjectPattern' || c.name === 'ArrayPattern') {
        finish();
        pattern = c;
      } else if (c.name === 'Equals') sawEquals = true;
      else if (c.name === ',' || c.name === ';') {
        if (c.name === ',') finish();
      } else if (sawEquals && !init) init = c;
    }
    finish();
  }

  private patternNames(p: SyntaxNode): SyntaxNode[] {
    if (p.name === 'VariableDefinition') return [p];
    const out: SyntaxNode[] = [];
    p.cursor().iterate((ref) => {
      if (ref.name === 'VariableDefinition') out.push(ref.node);
      if (ref.name === 'ArrowFunction' || ref.name === 'FunctionExpression') return false;
      return undefined;
    });
    return out;
  }

  private bind(scope: Scope, name: string, value: JsValue, node: SyntaxNode): void {
    const existing = scope.vars.get(name);
    if (existing && !existing.lazy) existing.value = value;
    else scope.vars.set(name, { value, declaredAt: this.at(node) });
  }

  /** Binds `const x = v`, `const { A, B: b = 'd', ...rest } = v`, `const [a, , b] = v`. */
  private bindPattern(p: SyntaxNode, value: JsValue, scope: Scope): void {
    if (p.name === 'VariableDefinition') {
      this.bind(scope, this.text(p), value, p);
      return;
    }
    if (p.name === 'ObjectPattern') {
      const used: string[] = [];
      for (const prop of kids(p).filter((c) => c.name === 'PatternProperty')) {
        const parts = kids(prop);
        if (parts[0]?.name === 'Spread') {
          const target = parts[1];
          if (!target) continue;
          this.bindPattern(target, this.restObject(value, used, prop), scope);
          continue;
        }
        const eq = parts.findIndex((c) => c.name === 'Equals');
        const dflt = eq >= 0 ? parts[eq + 1] : undefined;
        const head = eq >= 0 ? parts.slice(0, eq) : parts;
        let key: string | null;
        let target: SyntaxNode | undefined;
        if (head.length === 1 && head[0]?.name === 'VariableDefinition') {
          key = this.text(head[0]);
          target = head[0];
        } else {
          const colon = head.findIndex((c) => c.name === ':');
          target = head[colon + 1];
          key = this.propertyKey(head.slice(0, colon), scope);
        }
        if (!target) continue;
        if (key === null) {
          this.bindPattern(target, this.unknown('a computed key is not known', prop), scope);
          continue;
        }
        used.push(key);
        let v = this.getProp(value, key, prop);
        if (v.k === 'undefined' && dflt) v = withDefaultSrc(this.expr(dflt, scope), v);
        this.bindPattern(target, v, scope);
      }
      return;
    }
    if (p.name === 'ArrayPattern') {
      let index = 0;
      let spread = false;
      for (const c of kids(p)) {
        if (c.name === '[' || c.name === ']') continue;
        if (c.name === ',') {
          index++;
          continue;
        }
        if (c.name === 'Spread') {
          spread = true;
          continue;
        }
        if (c.name === 'Equals') continue;
        if (spread) {
          this.bindPattern(c, this.arraySlice(value, index, p), scope);
          spread = false;
          continue;
        }
        if (c.name === 'VariableDefinition' || c.name === 'ObjectPattern' || c.name === 'ArrayPattern') {
          let v = this.getProp(value, String(index), c);
          const next = c.nextSibling;
          if (next?.name === 'Equals' && next.nextSibling && v.k === 'undefined') v = this.expr(next.nextSibling, scope);
          this.bindPattern(c, v, scope);
        }
      }
      return;
    }
  }

  private restObject(value: JsValue, used: readonly string[], node: SyntaxNode): JsValue {
    if (value.k === 'unknown') return value;
    if (value.k !== 'object') return this.unknown('rest of a non-object is not evaluated', node);
    if (value.taint) return jsUnknown(value.taint);
    const out = newObject();
    for (const k of ownKeys(value)) {
      if (used.includes(k)) continue;
      const p = value.props.get(k) as JsProp;
      out.props.set(k, p);
    }
    out.partial = value.partial;
    return out;
  }

  private arraySlice(value: JsValue, from: number, node: SyntaxNode): JsValue {
    if (value.k === 'unknown') return value;
    if (value.k !== 'array' || value.taint || value.partial) return this.unknown('the rest of this value is not known', node);
    return newArray(value.items.slice(from));
  }

  // ------------------------------------------------------------------------------------ expressions

  expr(node: SyntaxNode, scope: Scope): JsValue {
    const v = this.chain(node, scope);
    return v === SHORT ? UNDEFINED : v;
  }

  private chain(node: SyntaxNode, scope: Scope): ChainValue {
    this.step(node);
    switch (node.name) {
      case 'MemberExpression':
        return this.member(node, scope);
      case 'CallExpression':
        return this.call(node, scope);
      default:
        return this.simple(node, scope);
    }
  }

  private simple(node: SyntaxNode, scope: Scope): JsValue {
    switch (node.name) {
      case 'Number':
        return this.numberLiteral(node);
      case 'String':
        return this.stringLiteral(node);
      case 'TemplateString':
        return this.template(node, scope);
      case 'BooleanLiteral':
        return jsBool(this.text(node) === 'true');
      case 'null':
        return NULL;
      case 'VariableName':
        return this.readName(this.text(node), node, scope);
      case 'ParenthesizedExpression': {
        const inner = kids(node).find((c) => c.name !== '(' && c.name !== ')');
        return inner ? this.expr(inner, scope) : UNDEFINED;
      }
      case 'SequenceExpression': {
        let last: JsValue = UNDEFINED;
        for (const c of kids(node)) if (c.name !== ',') last = this.expr(c, scope);
        return last;
      }
      case 'ArrayExpression':
        return this.arrayLiteral(node, scope);
      case 'ObjectExpression':
        return this.objectLiteral(node, scope);
      case 'UnaryExpression':
        return this.unary(node, scope);
      case 'BinaryExpression':
        return this.binary(node, scope);
      case 'ConditionalExpression':
        return this.conditional(node, scope);
      case 'AssignmentExpression':
        return this.assignment(node, scope);
      case 'PostfixExpression': {
        const [inner, op] = kids(node);
        if (inner && op?.name === 'LogicOp') return this.expr(inner, scope);
        if (inner) this.taintNode(node, unresolved('changed by ++/--', this.text(node), this.at(node)));
        return this.unknown('++/-- is not evaluated', node);
      }
      case 'PrefixCast': {
        const last = node.lastChild;
        return last ? this.expr(last, scope) : UNDEFINED;
      }
      case 'ArrowFunction':
      case 'FunctionExpression':
        return this.makeFunction(node, scope);
      case 'this':
        return this.unknown('`this` is not evaluated', node);
      case 'RegExp':
        return this.unknown('regular expressions are not evaluated', node);
      case 'NewExpression':
        this.externalCalls++;
        this.taintArgs(node);
        return this.unknown('`new` expressions are not evaluated', node);
      case 'AwaitExpression': {
        // The awaited call still runs (and may change what it is given); its result arrives at run time.
        const inner = node.lastChild;
        if (inner) this.expr(inner, scope);
        return this.unknown('await is not evaluated (the value arrives at run time)', node);
      }
      case 'ImportMeta':
        return this.unknown('import.meta is not evaluated', node);
      case 'DynamicImport':
        return this.unknown('dynamic import() is not evaluated', node);
      default:
        if (hasEffects(node)) {
          this.externalCalls++;
          this.taintNode(node, this.changedBy(node));
        }
        return this.unknown(`${node.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} is not evaluated`, node);
    }
  }

  readName(name: string, node: SyntaxNode, scope: Scope): JsValue {
    const b = scope.lookup(name);
    if (b) {
      if (b.lazy) return b.lazy();
      if (b.value === null) return this.unknown(`${name} is used before its declaration (line ${b.declaredAt.line}), which throws ReferenceError`, node);
      return b.value;
    }
    switch (name) {
      case 'undefined':
        return UNDEFINED;
      case 'NaN':
        return jsNum(NaN);
      case 'Infinity':
        return jsNum(Infinity);
      case 'module':
        return { k: 'native', name: 'module' };
      case 'exports':
        return this.cjsInitial;
      default:
        if (GLOBAL_NATIVES.has(name)) return { k: 'native', name };
        return this.unknown(`${name} is not defined in the module`, node);
    }
  }

  private numberLiteral(node: SyntaxNode): JsValue {
    const raw = this.text(node).replace(/_/g, '');
    if (raw.endsWith('n')) return this.unknown('BigInt literals are not evaluated', node);
    if (/^0[0-9]/.test(raw)) return this.unknown('legacy octal literals are not evaluated', node);
    const m = /^0([xob])(.*)$/i.exec(raw);
    if (m) return jsNum(parseInt(m[2] ?? '', m[1]?.toLowerCase() === 'x' ? 16 : m[1]?.toLowerCase() === 'o' ? 8 : 2));
    return jsNum(Number(raw));
  }

  stringValue(node: SyntaxNode): string {
    const raw = this.text(node);
    const decoded = decodeEscapes(raw.slice(1, -1));
    return decoded ?? raw.slice(1, -1);
  }

  private stringLiteral(node: SyntaxNode): JsValue {
    const decoded = decodeEscapes(this.text(node).slice(1, -1));
    return decoded === null ? this.unknown('legacy octal escapes are not evaluated', node) : jsStr(decoded);
  }

  private template(node: SyntaxNode, scope: Scope): JsValue {
    let out = '';
    let src: ValueSource | undefined;
    let pos = node.from + 1;
    const end = node.to - 1;
    const literal = (from: number, to: number) => this.m.text.slice(from, to).replace(/\r\n?/g, '\n');
    for (const c of kids(node)) {
      if (c.from > pos) out += literal(pos, c.from);
      if (c.name === 'Escape') {
        const d = decodeEscapes(this.text(c));
        if (d === null) return this.unknown('octal escapes are not allowed in template literals', c);
        out += d;
      } else if (c.name === 'Interpolation') {
        const inner = kids(c).find((k) => k.name !== 'InterpolationStart' && k.name !== 'InterpolationEnd');
        const v = inner ? this.expr(inner, scope) : UNDEFINED;
        const p = toPrimitive(v, this.at(c));
        if (isUnresolved(p)) return jsUnknown(p);
        src ??= srcOf(v);
        out += String(p);
        if (out.length > MAX_STRING) return this.unknown('the string is too long to build', node);
      }
      pos = c.to;
    }
    if (end > pos) out += literal(pos, end);
    return jsStr(out, src);
  }

  private arrayLiteral(node: SyntaxNode, scope: Scope): JsValue {
    const out = newArray([]);
    let spread = false;
    let pendingHole = true;
    for (const c of kids(node)) {
      if (c.name === '[') continue;
      if (c.name === ']') break;
      if (c.name === ',') {
        if (pendingHole) out.items.push(HOLE);
        pendingHole = true;
        continue;
      }
      if (c.name === 'Spread') {
        spread = true;
        continue;
      }
      pendingHole = false;
      const v = this.expr(c, scope);
      if (!spread) {
        out.items.push(v);
        continue;
      }
      spread = false;
      const items = this.iterate(v, c);
      if (items.k === 'items') out.items.push(...items.items);
      if (items.partial) out.partial ??= items.partial;
    }
    return out;
  }

  /** The items `...v` produces in an array or call. */
  private iterate(v: JsValue, node: SyntaxNode): { k: 'items'; items: JsValue[]; partial: Unresolved | null } | { k: 'none'; partial: Unresolved } {
    switch (v.k) {
      case 'array':
        if (v.taint) return { k: 'none', partial: v.taint };
        return { k: 'items', items: v.items.map((i) => (i === HOLE ? UNDEFINED : i)), partial: v.partial };
      case 'str':
        return { k: 'items', items: [...v.v].map((ch) => jsStr(ch, v.src)), partial: null };
      case 'unknown':
        return { k: 'none', partial: v.u };
      default:
        return { k: 'none', partial: unresolved(`spreading ${typeOfJs(v) ?? 'this value'} throws TypeError (not iterable)`, this.text(node), this.at(node)) };
    }
  }

  private objectLiteral(node: SyntaxNode, scope: Scope): JsValue {
    const obj = newObject();
    for (const prop of kids(node).filter((c) => c.name === 'Property')) {
      const parts = kids(prop);
      const first = parts[0];
      if (!first) continue;
      if (first.name === 'Spread') {
        const e = parts[1];
        if (e) this.spreadInto(obj, this.expr(e, scope), e);
        continue;
      }
      const bodyIndex = parts.findIndex((c) => c.name === 'ParamList');
      const colon = parts.findIndex((c) => c.name === ':');
      const keyParts = parts.slice(0, bodyIndex >= 0 ? bodyIndex : colon >= 0 ? colon : parts.length).filter((c) => !['get', 'set', 'async', 'Star'].includes(c.name));
      const key = this.propertyKey(keyParts, scope);
      const keyNode = keyParts[0] ?? prop;
      const at = this.at(keyNode);
      if (key === null) {
        this.spreadInto(obj, this.unknown('a computed property key is not known', prop), prop);
        continue;
      }
      if (bodyIndex >= 0) {
        const accessor = parts.some((c) => c.name === 'get' || c.name === 'set');
        setProp(obj, key, accessor ? this.unknown('getters and setters are not evaluated', prop) : this.makeFunction(prop, scope), at, this.text(prop));
        continue;
      }
      if (colon < 0) {
        // Shorthand `{ DEBUG }`.
        setProp(obj, key, this.readName(key, keyNode, scope), at, key);
        continue;
      }
      const valueNode = parts[colon + 1];
      if (!valueNode) continue;
      const value = this.expr(valueNode, scope);
      // `__proto__: x` (not computed, not shorthand) sets the prototype, not a property.
      if (key === '__proto__' && keyParts[0]?.name !== '[') continue;
      setProp(obj, key, value, at, this.text(valueNode));
    }
    return obj;
  }

  /** A property key: `a`, `'a'`, `1`, `[expr]`; null when a computed key is not known. */
  private propertyKey(parts: readonly SyntaxNode[], scope: Scope): string | null {
    const first = parts[0];
    if (!first) return null;
    if (first.name === '[') {
      const e = parts[1];
      if (!e) return null;
      const p = toPrimitive(this.expr(e, scope), this.at(e));
      return isUnresolved(p) ? null : String(p);
    }
    if (first.name === 'String') return this.stringValue(first);
    if (first.name === 'Number') {
      const n = this.numberLiteral(first);
      return n.k === 'num' ? String(n.v) : null;
    }
    return this.text(first);
  }

  /** `{ ...v }` into `target`: own enumerable properties, with the origins they were defined at. */
  private spreadInto(target: JsObject, v: JsValue, node: SyntaxNode): void {
    const at = this.at(node);
    switch (v.k) {
      case 'object': {
        const hidden = v.taint ?? v.partial;
        if (hidden) overrideAll(target, hidden, at, (key) => !v.props.has(key) || v.taint !== null);
        for (const key of ownKeys(v)) {
          const p = v.props.get(key) as JsProp;
          const value = v.taint ? jsUnknown(v.taint) : p.value;
          setProp(target, key, value, p.at ?? at, p.expr, p.history);
        }
        return;
      }
      case 'array':
        if (v.taint || v.partial) {
          overrideAll(target, (v.taint ?? v.partial) as Unresolved, at, () => true);
          return;
        }
        v.items.forEach((item, i) => setProp(target, String(i), item, at, this.text(node)));
        return;
      case 'str':
        // Object spread of a string copies its UTF-16 units (unlike array spread, which iterates code points).
        v.v.split('').forEach((ch, i) => setProp(target, String(i), jsStr(ch), at, this.text(node)));
        return;
      case 'unknown':
        overrideAll(target, v.u, at, () => true);
        return;
      case 'native':
        overrideAll(target, unresolved(`the properties of ${v.name} are not listed`, this.text(node), at), at, () => true);
        return;
      default:
        return;
    }
  }

  private unary(node: SyntaxNode, scope: Scope): JsValue {
    const [opNode, operand] = kids(node);
    if (!opNode || !operand) return this.unknown('incomplete expression', node);
    const op = this.text(opNode);
    if (op === 'delete') {
      this.deleteTarget(operand, scope);
      return jsBool(true);
    }
    if (op === '++' || op === '--') {
      this.taintNode(node, unresolved('changed by ++/--', this.text(node), this.at(node)));
      return this.unknown('++/-- is not evaluated', node);
    }
    const v = this.expr(operand, scope);
    const src = srcOf(v);
    switch (op) {
      case '!': {
        const t = truthyJs(v);
        return t === null ? this.unknownFrom(v, node) : jsBool(!t, src);
      }
      case 'typeof': {
        const t = typeOfJs(v);
        return t === null ? this.unknownFrom(v, node) : jsStr(t, src);
      }
      case 'void':
        return UNDEFINED;
      case '-':
      case '+':
      case '~': {
        const p = toPrimitive(v, this.at(node));
        if (isUnresolved(p)) return jsUnknown(p);
        const r = op === '-' ? -(p as number) : op === '+' ? +(p as number) : ~(p as number);
        return jsNum(r, src);
      }
      default:
        return this.unknown(`the operator ${op} is not evaluated`, node);
    }
  }

  private unknownFrom(v: JsValue, node: SyntaxNode): JsValue {
    return v.k === 'unknown' ? jsUnknown(v.u) : this.unknown('not evaluated', node);
  }

  private binary(node: SyntaxNode, scope: Scope): JsValue {
    const parts = kids(node);
    const [leftNode, opNode, rightNode] = parts;
    if (!leftNode || !opNode) return this.unknown('incomplete expression', node);
    const op = opNode.name === 'as' || opNode.name === 'satisfies' ? opNode.name : this.text(opNode);
    // TypeScript's `x as T`, `x as const`, `x satisfies T` do nothing at run time.
    if (op === 'as' || op === 'satisfies') return this.expr(leftNode, scope);
    if (!rightNode) return this.unknown('incomplete expression', node);
    if (op === '&&' || op === '||' || op === '??') return this.logical(op, leftNode, rightNode, node, scope);
    const left = this.expr(leftNode, scope);
    const right = this.expr(rightNode, scope);
    const src = srcOf(left) ?? srcOf(right);
    if (op === 'instanceof' || op === 'in') return this.unknown(`the operator ${op} is not evaluated`, node);
    if (op === '===' || op === '!==') {
      const eq = strictEquals(left, right);
      if (eq === null) return this.unknownOf(left, right, node);
      return jsBool(op === '===' ? eq : !eq, src);
    }
    if (op === '==' || op === '!=') {
      const eq = looseEquals(left, right, this.at(node));
      if (eq === null || isUnresolved(eq)) return isUnresolved(eq) ? jsUnknown(eq) : this.unknownOf(left, right, node);
      return jsBool(op === '==' ? eq : !eq, src);
    }
    const a = toPrimitive(left, this.at(leftNode));
    if (isUnresolved(a)) return jsUnknown(a);
    const b = toPrimitive(right, this.at(rightNode));
    if (isUnresolved(b)) return jsUnknown(b);
    const r = hostBinary(op, a, b);
    if (r === undefined) return this.unknown(`the operator ${op} is not evaluated`, node);
    if (typeof r === 'string' && r.length > MAX_STRING) return this.unknown('the string is too long to build', node);
    return fromHost(r, src);
  }

  private unknownOf(left: JsValue, right: JsValue, node: SyntaxNode): JsValue {
    if (left.k === 'unknown') return jsUnknown(left.u);
    if (right.k === 'unknown') return jsUnknown(right.u);
    return this.unknown('the comparison cannot be decided', node);
  }

  private logical(op: '&&' | '||' | '??', leftNode: SyntaxNode, rightNode: SyntaxNode, node: SyntaxNode, scope: Scope): JsValue {
    const left = this.expr(leftNode, scope);
    let useRight: boolean | null;
    if (op === '??') useRight = left.k === 'unknown' ? null : left.k === 'undefined' || left.k === 'null';
    else {
      const t = truthyJs(left);
      useRight = t === null ? null : op === '&&' ? t : !t;
    }
    if (useRight === null) {
      if (hasEffects(rightNode)) this.taintNode(rightNode, unresolved('may be changed by an expression that runs on a condition that cannot be decided', this.text(node), this.at(node)));
      return left.k === 'unknown' ? jsUnknown(left.u) : this.unknown('the condition cannot be decided', node);
    }
    if (!useRight) return left;
    const right = this.expr(rightNode, scope);
    // `process.env.X ?? 'default'`: the default stands for the unset variable.
    if (op !== '&&') {
      const src = srcOf(left);
      if (src && !srcOf(right)) return withSrc(right, { ...src, defaulted: true });
    }
    return right;
  }

  private conditional(node: SyntaxNode, scope: Scope): JsValue {
    const parts = kids(node).filter((c) => c.name !== 'LogicOp');
    const [testNode, thenNode, elseNode] = parts;
    if (!testNode || !thenNode || !elseNode) return this.unknown('incomplete expression', node);
    const test = this.expr(testNode, scope);
    const t = truthyJs(test);
    if (t !== null) return this.expr(t ? thenNode : elseNode, scope);
    const u = unresolved('it depends on a condition that cannot be decided', this.text(testNode), this.at(testNode));
    if (hasEffects(thenNode) || hasEffects(elseNode)) {
      this.taintNode(node, unresolved('may be changed by a branch of a condition that cannot be decided', this.text(node), this.at(node)));
      return jsUnknown(u);
    }
    const a = this.expr(thenNode, scope);
    const b = this.expr(elseNode, scope);
    if (a.k === 'unknown' || b.k === 'unknown') return jsUnknown(u);
    return jsUnknown(u, [a, b]);
  }

  // ------------------------------------------------------------------------------- member and calls

  private memberParts(node: SyntaxNode): { objNode: SyntaxNode; optional: boolean; keyNode: SyntaxNode | null; computed: boolean } | null {
    const parts = kids(node);
    const objNode = parts[0];
    if (!objNode) return null;
    const optional = parts.some((c) => c.name === '?.');
    const bracket = parts.findIndex((c) => c.name === '[');
    if (bracket >= 0) return { objNode, optional, keyNode: parts[bracket + 1] ?? null, computed: true };
    return { objNode, optional, keyNode: parts.find((c) => c.name === 'PropertyName' || c.name === 'PrivatePropertyName') ?? null, computed: false };
  }

  private memberKey(mp: { keyNode: SyntaxNode | null; computed: boolean }, scope: Scope): string | JsValue {
    if (!mp.keyNode) return UNDEFINED;
    if (!mp.computed) return this.text(mp.keyNode);
    const k = this.expr(mp.keyNode, scope);
    const p = toPrimitive(k, this.at(mp.keyNode));
    return isUnresolved(p) ? jsUnknown(p) : String(p);
  }

  private member(node: SyntaxNode, scope: Scope): ChainValue {
    const mp = this.memberParts(node);
    if (!mp) return this.unknown('incomplete expression', node);
    const obj = this.chain(mp.objNode, scope);
    if (obj === SHORT) return SHORT;
    if (mp.optional && (obj.k === 'undefined' || obj.k === 'null')) return SHORT;
    const key = this.memberKey(mp, scope);
    if (typeof key !== 'string') return key.k === 'unknown' ? key : this.unknown('the property name is not known', node);
    return this.getProp(obj, key, node);
  }

  getProp(obj: JsValue, key: string, node: SyntaxNode): JsValue {
    switch (obj.k) {
      case 'unknown':
        return jsUnknown(obj.u);
      case 'undefined':
      case 'null':
        return this.unknown(`reading ${key} of ${obj.k} throws TypeError${obj.src ? ` (${obj.src.envVar} is not set)` : ''}`, node);
      case 'str':
        if (key === 'length') return jsNum(obj.v.length, obj.src);
        if (/^(0|[1-9][0-9]*)$/.test(key)) {
          const ch = obj.v[Number(key)];
          return ch === undefined ? UNDEFINED : jsStr(ch, obj.src);
        }
        return STRING_METHODS.has(key) ? this.unknown(`the method ${key} is only evaluated when called`, node) : UNDEFINED;
      case 'num':
      case 'bool':
        return NUMBER_METHODS.has(key) ? this.unknown(`the method ${key} is only evaluated when called`, node) : UNDEFINED;
      case 'array': {
        if (obj.taint) return jsUnknown(obj.taint);
        if (key === 'length') return obj.partial ? jsUnknown(obj.partial) : jsNum(obj.items.length);
        if (/^(0|[1-9][0-9]*)$/.test(key)) {
          if (obj.partial) return jsUnknown(obj.partial);
          return obj.items[Number(key)] ?? UNDEFINED;
        }
        return this.unknown(`${key} of an array is not evaluated here`, node);
      }
      case 'object': {
        if (obj.taint) return jsUnknown(obj.taint);
        const p = obj.props.get(key);
        if (p) return p.value;
        if (obj.partial) return jsUnknown(obj.partial);
        if (PROTOTYPE_NAMES.has(key)) return this.unknown(`${key} of an object is not evaluated`, node);
        return UNDEFINED;
      }
      case 'native':
        return this.nativeProp(obj.name, key, node);
      case 'function':
        return this.unknown(`properties of functions are not evaluated`, node);
      default: {
        const never: never = obj;
        return never;
      }
    }
  }

  private nativeProp(name: string, key: string, node: SyntaxNode): JsValue {
    if (name === 'process') {
      if (key === 'env') return { k: 'native', name: 'process.env' };
      return this.unknown(`process.${key} is not evaluated`, node);
    }
    if (name === 'process.env') return this.readEnv(key, node);
    if (name === 'module') {
      if (key === 'exports') return this.cjs;
      return this.unknown(`module.${key} is not evaluated`, node);
    }
    const known: Record<string, readonly string[]> = {
      Number: ['parseInt', 'parseFloat', 'isInteger', 'isNaN', 'isFinite', 'isSafeInteger'],
      JSON: ['parse'],
      Object: ['assign', 'freeze', 'keys', 'values', 'entries', 'fromEntries'],
      Array: ['isArray'],
    };
    if (name === 'console') return { k: 'native', name: `console.${key}` };
    if (known[name]?.includes(key)) return { k: 'native', name: `${name}.${key}` };
    return this.unknown(`${name}.${key} is not evaluated`, node);
  }

  private readEnv(name: string, node: SyntaxNode): JsValue {
    const at = this.at(node);
    const reads = this.ctx.envReads.get(name);
    if (reads) {
      if (!reads.some((o) => sameOrigin(o, at))) reads.push(at);
    } else this.ctx.envReads.set(name, [at]);
    const over = this.ctx.envOverlay.get(name);
    if (over) return jsStr(over.value, { envVar: name, via: 'process.env', defaulted: false, definedAt: over.at });
    const v = this.ctx.env.get(name);
    if (v) {
      if (typeof v.value !== 'string') return jsUnknown(v.value);
      return jsStr(v.value, { envVar: name, via: 'process.env', defaulted: false, definedAt: v.definedAt });
    }
    if (this.ctx.envTaint) return this.unknown(`environment variable ${name} is not set, but may be set by ${this.ctx.envTaint.reason}`, node);
    return { k: 'undefined', src: { envVar: name, via: 'process.env', defaulted: true, definedAt: null } };
  }

  private args(argList: SyntaxNode | undefined, scope: Scope): JsValue[] | JsValue {
    if (!argList) return [];
    const out: JsValue[] = [];
    let spread = false;
    for (const c of kids(argList)) {
      if (c.name === '(' || c.name === ')' || c.name === ',') continue;
      if (c.name === 'Spread') {
        spread = true;
        continue;
      }
      const v = this.expr(c, scope);
      if (!spread) {
        out.push(v);
        continue;
      }
      spread = false;
      const items = this.iterate(v, c);
      if (items.k === 'none' || items.partial) return jsUnknown(items.partial as Unresolved);
      out.push(...items.items);
    }
    return out;
  }

  private call(node: SyntaxNode, scope: Scope): ChainValue {
    const parts = kids(node);
    const calleeNode = parts[0];
    const argList = parts.find((c) => c.name === 'ArgList');
    if (!calleeNode) return this.unknown('incomplete call', node);
    const optionalCall = parts.some((c) => c.name === '?.');
    if (calleeNode.name === 'MemberExpression') {
      const mp = this.memberParts(calleeNode);
      if (!mp) return this.unknown('incomplete call', node);
      const recv = this.chain(mp.objNode, scope);
      if (recv === SHORT) return SHORT;
      if (mp.optional && (recv.k === 'undefined' || recv.k === 'null')) return SHORT;
      const key = this.memberKey(mp, scope);
      if (typeof key !== 'string') {
        this.taintArgs(node);
        return key.k === 'unknown' ? key : this.unknown('the method name is not known', node);
      }
      if (optionalCall) {
        const fn = this.peekMethod(recv, key);
        if (fn === 'nullish') return SHORT;
      }
      const args = this.args(argList, scope);
      if (!Array.isArray(args)) {
        this.taintArgs(node);
        return args;
      }
      return this.callMethod(recv, key, args, node, scope);
    }
    const callee = this.chain(calleeNode, scope);
    if (callee === SHORT) return SHORT;
    if (optionalCall && (callee.k === 'undefined' || callee.k === 'null')) return SHORT;
    const args = this.args(argList, scope);
    if (!Array.isArray(args)) {
      this.taintArgs(node);
      return args;
    }
    return this.callValue(callee, args, node, scope);
  }

  /** Whether `recv[key]` is nullish (for `recv.key?.()`); 'other' when it is anything else or unknown. */
  private peekMethod(recv: JsValue, key: string): 'nullish' | 'other' {
    if (recv.k === 'object' && !recv.taint && !recv.partial && !recv.props.has(key) && !PROTOTYPE_NAMES.has(key)) return 'nullish';
    if (recv.k === 'object') {
      const p = recv.props.get(key);
      if (p && (p.value.k === 'undefined' || p.value.k === 'null')) return 'nullish';
    }
    return 'other';
  }

  /** Calls `fn(...args)`; `fn` is a module function, a built-in, or something unknown. */
  callValue(fn: JsValue, args: readonly JsValue[], node: SyntaxNode, scope: Scope): JsValue {
    switch (fn.k) {
      case 'function':
        return this.callFunction(fn, args, node);
      case 'native':
        return this.callNative(fn.name, args, node, scope);
      case 'unknown':
        this.externalCalls++;
        this.taintValues(args, this.changedBy(node));
        return jsUnknown(fn.u);
      default:
        return this.unknown(`${this.text(node.firstChild ?? node)} is not a function (TypeError)`, node);
    }
  }

  private callNative(name: string, args: readonly JsValue[], node: SyntaxNode, scope: Scope): JsValue {
    const a0 = args[0] ?? UNDEFINED;
    const prim = (v: JsValue): JsPrimitive | Unresolved => toPrimitive(v, this.at(node));
    switch (name) {
      case 'Number': {
        if (args.length === 0) return jsNum(0);
        const p = prim(a0);
        return isUnresolved(p) ? jsUnknown(p) : jsNum(Number(p), srcOf(a0));
      }
      case 'String': {
        if (args.length === 0) return jsStr('');
        const p = prim(a0);
        return isUnresolved(p) ? jsUnknown(p) : jsStr(String(p), srcOf(a0));
      }
      case 'Boolean': {
        const t = truthyJs(a0);
        return t === null ? this.unknownFrom(a0, node) : jsBool(t, srcOf(a0));
      }
      case 'parseInt':
      case 'Number.parseInt':
      case 'parseFloat':
      case 'Number.parseFloat': {
        const ps = args.slice(0, 2).map(prim);
        const bad = ps.find(isUnresolved);
        if (bad) return jsUnknown(bad);
        const [s, radix] = ps as JsPrimitive[];
        const r = name.endsWith('parseInt') ? parseInt(String(s), radix === undefined ? undefined : Number(radix)) : parseFloat(String(s));
        return jsNum(r, srcOf(a0));
      }
      case 'Number.isInteger':
      case 'Number.isNaN':
      case 'Number.isFinite':
      case 'Number.isSafeInteger': {
        if (a0.k === 'unknown') return jsUnknown(a0.u);
        const v = a0.k === 'num' ? a0.v : null;
        const f = { 'Number.isInteger': Number.isInteger, 'Number.isNaN': Number.isNaN, 'Number.isFinite': Number.isFinite, 'Number.isSafeInteger': Number.isSafeInteger }[name];
        return jsBool(v !== null && f(v), srcOf(a0));
      }
      case 'Array.isArray':
        return a0.k === 'unknown' ? jsUnknown(a0.u) : jsBool(a0.k === 'array');
      case 'JSON.parse': {
        const p = prim(a0);
        if (isUnresolved(p)) return jsUnknown(p);
        if (args.length > 1) return this.unknown('JSON.parse with a reviver is not evaluated', node);
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(p));
        } catch (e) {
          return this.unknown(`JSON.parse throws ${(e as Error).name} on this value${srcOf(a0) ? ` (from ${srcOf(a0)?.envVar})` : ''}`, node);
        }
        return hostToJs(parsed, this.at(node), this.text(node), srcOf(a0));
      }
      case 'Object.freeze':
        return a0;
      case 'Object.assign': {
        if (a0.k !== 'object') {
          this.taintValues(args, unresolved('may be changed by Object.assign on an unknown target', this.text(node), this.at(node)));
          return a0.k === 'unknown' ? jsUnknown(a0.u) : this.unknown('Object.assign on a non-object is not evaluated', node);
        }
        const argNodes = kids(node.lastChild ?? node).filter((c) => !['(', ')', ',', 'Spread'].includes(c.name));
        args.slice(1).forEach((src, i) => this.spreadInto(a0, src, argNodes[i + 1] ?? node));
        return a0;
      }
      case 'Object.keys':
      case 'Object.values':
      case 'Object.entries': {
        if (a0.k !== 'object') return a0.k === 'unknown' ? jsUnknown(a0.u) : this.unknown(`${name} of ${typeOfJs(a0)} is not evaluated`, node);
        const hidden = a0.taint ?? a0.partial;
        if (hidden) return jsUnknown(hidden);
        const keys = ownKeys(a0);
        if (name === 'Object.keys') return newArray(keys.map((k) => jsStr(k)));
        if (name === 'Object.values') return newArray(keys.map((k) => (a0.props.get(k) as JsProp).value));
        return newArray(keys.map((k) => newArray([jsStr(k), (a0.props.get(k) as JsProp).value])));
      }
      case 'Object.fromEntries': {
        if (a0.k !== 'array') return a0.k === 'unknown' ? jsUnknown(a0.u) : this.unknown('Object.fromEntries of a non-array is not evaluated', node);
        if (a0.taint || a0.partial) return jsUnknown((a0.taint ?? a0.partial) as Unresolved);
        const out = newObject();
        for (const pair of a0.items) {
          const k = this.getProp(pair, '0', node);
          const kp = prim(k);
          if (isUnresolved(kp)) {
            overrideAll(out, kp, this.at(node), () => true);
            continue;
          }
          setProp(out, String(kp), this.getProp(pair, '1', node), this.at(node), this.text(node));
        }
        return out;
      }
      case 'require': {
        const p = prim(a0);
        if (isUnresolved(p) || typeof p !== 'string') return this.unknown('require() of a computed name is not evaluated', node);
        const target = this.resolveImport(p, node);
        if (target.kind === 'unknown') return this.unknown(target.reason, node);
        if (target.kind === 'value') return target.value;
        const mod = target.mod;
        if (mod.state === 'running') return this.unknown(`${mod.m.file} is part of a require cycle`, node);
        if (mod.exports.size > 0 || mod.starExports.length > 0) return this.namespaceOf(p, node);
        return mod.cjs;
      }
      default:
        if (name.startsWith('console.')) return UNDEFINED;
        this.externalCalls++;
        this.taintValues(args, this.changedBy(node));
        return this.unknown(`${name}() is not evaluated`, node);
    }
  }

  private callMethod(recv: JsValue, key: string, args: readonly JsValue[], node: SyntaxNode, scope: Scope): JsValue {
    switch (recv.k) {
      case 'str':
        return this.stringMethod(recv, key, args, node);
      case 'num':
      case 'bool': {
        if (!NUMBER_METHODS.has(key)) return this.unknown(`${key}() is not evaluated`, node);
        const ps = args.map((a) => toPrimitive(a, this.at(node)));
        const bad = ps.find(isUnresolved);
        if (bad) return jsUnknown(bad);
        try {
          const method = (recv.v as unknown as Record<string, (...a: unknown[]) => unknown>)[key] as (...a: unknown[]) => unknown;
          return fromHost(method.apply(recv.v, ps) as JsPrimitive, recv.src);
        } catch (e) {
          return this.unknown(`${key}() throws ${(e as Error).name}`, node);
        }
      }
      case 'array':
        return this.arrayMethod(recv, key, args, node);
      case 'object': {
        if (recv.taint) return jsUnknown(recv.taint);
        const p = recv.props.get(key);
        if (p) return this.callValue(p.value, args, node, scope);
        if (recv.partial) return jsUnknown(recv.partial);
        if (key === 'hasOwnProperty') {
          const k = toPrimitive(args[0] ?? UNDEFINED, this.at(node));
          return isUnresolved(k) ? jsUnknown(k) : jsBool(recv.props.has(String(k)));
        }
        return this.unknown(`${key}() is not a method of this object`, node);
      }
      case 'native': {
        const fn = this.nativeProp(recv.name, key, node);
        return this.callValue(fn, args, node, scope);
      }
      case 'undefined':
      case 'null':
        return this.unknown(`calling ${key}() on ${recv.k} throws TypeError${recv.src ? ` (${recv.src.envVar} is not set)` : ''}`, node);
      case 'unknown':
        this.externalCalls++;
        this.taintValues(args, this.changedBy(node));
        return jsUnknown(recv.u);
      case 'function':
        return this.unknown(`${key}() of a function is not evaluated`, node);
      default: {
        const never: never = recv;
        return never;
      }
    }
  }

  private stringMethod(recv: JsValue & { k: 'str' }, key: string, args: readonly JsValue[], node: SyntaxNode): JsValue {
    if (!STRING_METHODS.has(key)) return this.unknown(`the string method ${key}() is not evaluated`, node);
    const ps: JsPrimitive[] = [];
    for (const a of args) {
      if (a.k === 'array' || a.k === 'object' || a.k === 'function' || a.k === 'native') return this.unknown(`${key}() with ${typeOfJs(a) === 'function' ? 'a function' : 'an object'} argument is not evaluated`, node);
      const p = toPrimitive(a, this.at(node));
      if (isUnresolved(p)) return jsUnknown(p);
      ps.push(p);
    }
    if ((key === 'padStart' || key === 'padEnd') && Number(ps[0]) > MAX_STRING) return this.unknown('the string is too long to build', node);
    let r: unknown;
    try {
      const method = (String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[key] as (...a: unknown[]) => unknown;
      r = method.apply(recv.v, ps);
    } catch (e) {
      return this.unknown(`${key}() throws ${(e as Error).name}`, node);
    }
    if (Array.isArray(r)) return newArray(r.map((s) => jsStr(String(s), recv.src)));
    return fromHost(r as JsPrimitive, recv.src);
  }

  private arrayMethod(arr: JsArray, key: string, args: readonly JsValue[], node: SyntaxNode): JsValue {
    const why = arr.taint;
    if (why) return jsUnknown(why);
    const a0 = args[0] ?? UNDEFINED;
    switch (key) {
      case 'map':
      case 'filter': {
        if (a0.k !== 'function' && a0.k !== 'native') return a0.k === 'unknown' ? jsUnknown(a0.u) : this.unknown(`${key}() needs a function`, node);
        const out = newArray([]);
        out.partial = arr.partial;
        arr.items.forEach((item, i) => {
          if (item === HOLE) {
            if (key === 'map') out.items.push(HOLE);
            return;
          }
          const r = this.callValue(a0, [item, jsNum(i), arr], node, new Scope(null));
          if (key === 'map') {
            out.items.push(r);
            return;
          }
          const keep = truthyJs(r);
          if (keep === true) out.items.push(item);
          else if (keep === null) out.partial ??= r.k === 'unknown' ? r.u : unresolved('whether an item is kept cannot be decided', this.text(node), this.at(node));
        });
        return out;
      }
      case 'join': {
        if (arr.partial) return jsUnknown(arr.partial);
        const sepP = a0.k === 'undefined' ? ',' : toPrimitive(a0, this.at(node));
        if (isUnresolved(sepP)) return jsUnknown(sepP);
        const parts: string[] = [];
        let src: ValueSource | undefined;
        for (const item of arr.items) {
          if (item.k === 'undefined' || item.k === 'null') {
            parts.push('');
            continue;
          }
          const p = toPrimitive(item, this.at(node));
          if (isUnresolved(p)) return jsUnknown(p);
          src ??= srcOf(item);
          parts.push(String(p));
        }
        return jsStr(parts.join(String(sepP)), src);
      }
      case 'includes':
      case 'indexOf': {
        let unknown = false;
        for (let i = 0; i < arr.items.length; i++) {
          const item = arr.items[i] as JsValue;
          const eq = key === 'includes' ? sameValueZero(item, a0) : strictEquals(item, a0);
          if (eq === true) return key === 'includes' ? jsBool(true) : jsNum(i);
          if (eq === null) unknown = true;
          if (eq === null && key === 'indexOf') return this.unknownOf(item, a0, node);
        }
        if (unknown || arr.partial) return arr.partial ? jsUnknown(arr.partial) : this.unknown('whether the array holds it cannot be decided', node);
        return key === 'includes' ? jsBool(false) : jsNum(-1);
      }
      case 'concat': {
        const out = newArray([...arr.items]);
        out.partial = arr.partial;
        for (const a of args) {
          if (a.k === 'array') {
            if (a.taint) return jsUnknown(a.taint);
            out.items.push(...a.items);
            out.partial ??= a.partial;
          } else if (a.k === 'unknown') out.partial ??= a.u;
          else out.items.push(a);
        }
        return out;
      }
      case 'slice':
      case 'at': {
        if (arr.partial) return jsUnknown(arr.partial);
        const ps = args.map((a) => toPrimitive(a, this.at(node)));
        const bad = ps.find(isUnresolved);
        if (bad) return jsUnknown(bad);
        if (key === 'at') return arr.items.at(Number(ps[0] ?? 0)) ?? UNDEFINED;
        return newArray(arr.items.slice(...(ps as number[])));
      }
      case 'push':
      case 'unshift': {
        if (key === 'push') arr.items.push(...args);
        else arr.items.unshift(...args);
        return arr.partial ? jsUnknown(arr.partial) : jsNum(arr.items.length);
      }
      default: {
        const u = unresolved(`${key}() on an array is not evaluated`, this.text(node), this.at(node));
        if (MUTATING_ARRAY_METHODS.has(key)) arr.taint = unresolved(`may be changed by ${clipText(this.text(node))}, which is not evaluated`, this.text(node), this.at(node));
        this.taintValues(args, u);
        return jsUnknown(u);
      }
    }
  }

  // -------------------------------------------------------------------------------------- functions

  makeFunction(node: SyntaxNode, scope: Scope): JsFunction {
    const nameNode = kids(node).find((c) => c.name === 'VariableDefinition' || c.name === 'PropertyDefinition');
    return { k: 'function', name: nameNode ? this.text(nameNode) : 'anonymous', node, closure: scope, module: this };
  }

  private callFunction(fn: JsFunction, args: readonly JsValue[], callNode: SyntaxNode): JsValue {
    const mod = fn.module as ModuleEval;
    if (mod !== this) return mod.callFunction(fn, args, callNode);
    const node = fn.node;
    const parts = kids(node);
    if (parts.some((c) => c.name === 'async' || c.name === 'Star')) return this.unknown(`${fn.name} is async or a generator, which is not evaluated`, callNode);
    if (this.ctx.callDepth >= MAX_CALL_DEPTH) return this.unknown('calls nest too deeply (recursion?)', callNode);
    const scope = new Scope(fn.closure as Scope);
    const params = parts.find((c) => c.name === 'ParamList');
    const arrow = parts.findIndex((c) => c.name === 'Arrow');
    const body = arrow >= 0 ? parts[arrow + 1] : parts.find((c) => c.name === 'Block');
    if (!body) return this.unknown('the function has no body', callNode);
    this.ctx.callDepth++;
    try {
      if (params) this.bindParams(params, args, scope);
      if (body.name !== 'Block') return this.expr(body, scope);
      for (const c of kids(body)) if (c.name !== '{' && c.name !== '}') this.hoist(c, scope, false);
      for (const c of kids(body)) {
        if (c.name === '{' || c.name === '}') continue;
        const r = this.statement(c, scope, true);
        if (r.kind === 'return') return r.value;
      }
      return UNDEFINED;
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      // The body was not followed to the end: whatever it could reach may have changed.
      const why = unresolved(`may be changed by ${fn.name}(), whose body is not fully evaluated`, this.text(callNode), this.at(callNode));
      this.taintValues(args, why);
      this.taintNode(body, why);
      return jsUnknown(unresolved(`${fn.name}() is not evaluated: ${e.u.reason}`, this.text(callNode), this.at(callNode)));
    } finally {
      this.ctx.callDepth--;
    }
  }

  private bindParams(params: SyntaxNode, args: readonly JsValue[], scope: Scope): void {
    if (params.firstChild?.name === 'VariableDefinition' && params.firstChild === params.lastChild) {
      // `s => ...`: the parameter list is the bare name.
      this.bind(scope, this.text(params.firstChild), args[0] ?? UNDEFINED, params.firstChild);
      return;
    }
    let index = 0;
    let rest = false;
    let pattern: SyntaxNode | null = null;
    let dflt: SyntaxNode | null = null;
    let sawEquals = false;
    const finish = () => {
      if (!pattern) return;
      let v: JsValue = rest ? newArray(args.slice(index)) : (args[index] ?? UNDEFINED);
      if (!rest && v.k === 'undefined' && dflt) v = this.expr(dflt, scope);
      this.bindPattern(pattern, v, scope);
      index++;
      pattern = null;
      dflt = null;
      sawEquals = false;
      rest = false;
    };
    for (const c of kids(params)) {
      if (c.name === '(' || c.name === ')') continue;
      if (c.name === ',') {
        finish();
        continue;
      }
      if (c.name === 'Spread') rest = true;
      else if (c.name === 'VariableDefinition' || c.name === 'ObjectPattern' || c.name === 'ArrayPattern') pattern = c;
      else if (c.name === 'Equals') sawEquals = true;
      else if (sawEquals && !dflt) dflt = c;
    }
    finish();
  }

  // ------------------------------------------------------------------------------------ assignments

  private assignment(node: SyntaxNode, scope: Scope): JsValue {
    const parts = kids(node);
    const [target, opNode, valueNode] = parts;
    if (!target || !opNode || !valueNode) return this.unknown('incomplete assignment', node);
    const op = this.text(opNode);
    if (target.name === 'MemberExpression') {
      const mp = this.memberParts(target);
      if (!mp) return this.unknown('incomplete assignment', node);
      const obj = this.expr(mp.objNode, scope);
      const key = this.memberKey(mp, scope);
      const why = unresolved(`may be changed by ${clipText(this.text(node))} (${this.m.file}:${this.at(node).line}), which is not evaluated`, this.text(node), this.at(node));
      // `module.exports = ...`
      if (obj.k === 'native' && obj.name === 'module' && key === 'exports') {
        if (op !== '=') return this.unknown('compound assignment to module.exports is not evaluated', node);
        this.cjs = this.expr(valueNode, scope);
        this.cjsAt = this.at(node);
        return this.cjs;
      }
      if (obj.k === 'native' && obj.name === 'process.env' && typeof key === 'string') {
        const v = this.compound(op, () => this.readEnv(key, target), valueNode, scope, node);
        const p = toPrimitive(v, this.at(valueNode));
        if (isUnresolved(p)) {
          this.ctx.envTaint ??= { reason: `${this.text(node)} (${this.m.file}:${this.at(node).line})`, at: this.at(node) };
          return v;
        }
        // Node stores every environment value as a string.
        this.ctx.envOverlay.set(key, { value: String(p), at: this.at(node) });
        return v;
      }
      if (typeof key !== 'string' || obj.k !== 'object' || obj.taint) {
        if (obj.k === 'array' && typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key) && op === '=' && !obj.taint && !obj.partial) {
          const v = this.expr(valueNode, scope);
          const i = Number(key);
          while (obj.items.length < i) obj.items.push(UNDEFINED);
          obj.items[i] = v;
          return v;
        }
        this.deepTaint(obj, why);
        return this.unknown('the assignment target is not known', node);
      }
      const v = this.compound(op, () => this.getProp(obj, key, target), valueNode, scope, node);
      const keyNode = mp.keyNode ?? target;
      setProp(obj, key, v, this.at(keyNode), this.text(valueNode));
      return v;
    }
    if (target.name === 'VariableName') {
      const name = this.text(target);
      const b = scope.lookup(name);
      const value = this.unknown(`${name} is reassigned here`, node);
      if (b && !b.lazy) b.value = value;
      this.taintNode(valueNode, unresolved(`may be changed by ${clipText(this.text(node))}`, this.text(node), this.at(node)));
      return value;
    }
    this.taintNode(node, unresolved(`may be changed by ${clipText(this.text(node))}, which is not evaluated`, this.text(node), this.at(node)));
    return this.unknown('destructuring assignment is not evaluated', node);
  }

  /** The value `target op= value` stores (`=`, `+=`, `??=`, `||=`, `&&=`, ...). */
  private compound(op: string, current: () => JsValue, valueNode: SyntaxNode, scope: Scope, node: SyntaxNode): JsValue {
    if (op === '=') return this.expr(valueNode, scope);
    const cur = current();
    if (op === '??=' || op === '||=' || op === '&&=') {
      let assign: boolean | null;
      if (op === '??=') assign = cur.k === 'unknown' ? null : cur.k === 'undefined' || cur.k === 'null';
      else {
        const t = truthyJs(cur);
        assign = t === null ? null : op === '||=' ? !t : t;
      }
      if (assign === null) return this.unknown('the condition cannot be decided', node);
      return assign ? this.expr(valueNode, scope) : cur;
    }
    const right = this.expr(valueNode, scope);
    const a = toPrimitive(cur, this.at(node));
    const b = toPrimitive(right, this.at(valueNode));
    if (isUnresolved(a)) return jsUnknown(a);
    if (isUnresolved(b)) return jsUnknown(b);
    const r = hostBinary(op.slice(0, -1), a, b);
    return r === undefined ? this.unknown(`${op} is not evaluated`, node) : fromHost(r, srcOf(cur) ?? srcOf(right));
  }

  private deleteTarget(operand: SyntaxNode, scope: Scope): void {
    if (operand.name !== 'MemberExpression') return;
    const mp = this.memberParts(operand);
    if (!mp) return;
    const obj = this.expr(mp.objNode, scope);
    const key = this.memberKey(mp, scope);
    if (obj.k === 'object' && typeof key === 'string' && !obj.taint) {
      obj.props.delete(key);
      return;
    }
    if (obj.k === 'native' && obj.name === 'process.env') {
      this.ctx.envTaint ??= { reason: `${this.text(operand)} is deleted`, at: this.at(operand) };
      return;
    }
    this.deepTaint(obj, unresolved(`may be changed by delete ${this.text(operand)}`, this.text(operand), this.at(operand)));
  }

  // ---------------------------------------------------------------------------------------- tainting

  /** Marks what a statement or expression that is not followed may have changed: every object it names. */
  private taintNode(node: SyntaxNode, why: Unresolved): void {
    node.cursor().iterate((ref) => {
      if (ref.name !== 'VariableName') return undefined;
      const name = this.text(ref.node);
      if (name === 'process') {
        this.ctx.envTaint ??= { reason: `${clipText(this.text(node))} (${this.m.file}:${this.at(node).line})`, at: this.at(node) };
        return undefined;
      }
      const b = this.scope.lookup(name);
      if (!b) return undefined;
      const parent = ref.node.parent;
      if (parent?.name === 'AssignmentExpression' && parent.firstChild?.from === ref.from && !b.lazy) {
        if (b.value?.k !== 'unknown') b.value = jsUnknown(why);
        return undefined;
      }
      const v = b.lazy ? null : b.value;
      if (v) this.deepTaint(v, why);
      return undefined;
    });
  }

  private taintArgs(node: SyntaxNode): void {
    const argList = kids(node).find((c) => c.name === 'ArgList');
    if (argList) this.taintNode(argList, this.changedBy(node));
  }

  private taintValues(values: readonly JsValue[], why: Unresolved): void {
    for (const v of values) this.deepTaint(v, why);
  }

  private deepTaint(v: JsValue, why: Unresolved, seen = new Set<JsValue>()): void {
    if (seen.has(v)) return;
    seen.add(v);
    if (v.k === 'array') {
      for (const i of v.items) this.deepTaint(i, why, seen);
      v.taint ??= why;
    } else if (v.k === 'object') {
      for (const p of v.props.values()) this.deepTaint(p.value, why, seen);
      v.taint ??= why;
    }
  }
}

// ------------------------------------------------------------------------------------------ helpers

export function setProp(obj: JsObject, key: string, value: JsValue, at: Origin | null, expr: string, earlier: readonly Origin[] = []): void {
  const old = obj.props.get(key);
  const history: Origin[] = old ? [...old.history, ...(old.at ? [old.at] : [])] : [];
  for (const o of earlier) if (!history.some((h) => sameOrigin(h, o))) history.push(o);
  obj.props.set(key, { value, at, history, expr });
}

/** A spread or computed key that is not known may override any property set before it. */
function overrideAll(target: JsObject, why: Unresolved, at: Origin, which: (key: string) => boolean): void {
  for (const key of [...target.props.keys()]) {
    if (!which(key)) continue;
    setProp(target, key, jsUnknown(unresolved(`${key} may be overridden: ${why.reason}`, why.expr, why.at ?? at)), at, why.expr);
  }
  target.partial ??= why;
}

function withDefaultSrc(v: JsValue, from: JsValue): JsValue {
  const src = srcOf(from);
  return src && !srcOf(v) ? withSrc(v, { ...src, defaulted: true }) : v;
}

function describeStatement(name: string): string {
  const names: Record<string, string> = {
    ForStatement: 'for loop',
    WhileStatement: 'while loop',
    DoStatement: 'do loop',
    TryStatement: 'try statement',
    SwitchStatement: 'switch statement',
    LabeledStatement: 'labeled statement',
    WithStatement: 'with statement',
    NamespaceDeclaration: 'namespace',
  };
  return names[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Whether evaluating the expression could change something (an assignment, a call, delete, ++ or --). */
function hasEffects(node: SyntaxNode): boolean {
  let found = false;
  node.cursor().iterate((ref) => {
    if (found) return false;
    if (ref.name === 'ArrowFunction' || ref.name === 'FunctionExpression') return false;
    if (ref.name === 'AssignmentExpression' || ref.name === 'CallExpression' || ref.name === 'NewExpression' || ref.name === 'delete') found = true;
    // `++`/`--` are the only two-character ArithOp tokens of a unary or postfix expression.
    if (ref.name === 'ArithOp' && ref.to - ref.from === 2 && (ref.node.parent?.name === 'UnaryExpression' || ref.node.parent?.name === 'PostfixExpression')) found = true;
    return undefined;
  });
  return found;
}

/** The module specifier of an import or export-from statement: the string after `from`, or `import 'x'`. */
function specNode(s: SyntaxNode): SyntaxNode | undefined {
  const parts = kids(s);
  const from = parts.findIndex((c) => c.name === 'from');
  if (from >= 0) return parts[from + 1]?.name === 'String' ? parts[from + 1] : undefined;
  return s.name === 'ImportDeclaration' ? parts.find((c) => c.name === 'String') : undefined;
}

export function clipText(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 59)}…` : one;
}

/** JS string-literal escapes; null for a legacy octal escape (a syntax error in modules). */
export function decodeEscapes(s: string): string | null {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[i + 1];
    i++;
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        if (/[0-9]/.test(s[i + 1] ?? '')) return null;
        out += '\0';
        break;
      case 'x': {
        out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
        break;
      }
      case 'u': {
        if (s[i + 1] === '{') {
          const close = s.indexOf('}', i);
          out += String.fromCodePoint(parseInt(s.slice(i + 2, close), 16));
          i = close;
        } else {
          out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
          i += 4;
        }
        break;
      }
      case '\r':
        if (s[i + 1] === '\n') i++;
        break;
      case '\n':
      case '\u2028':
      case '\u2029':
        break;
      case undefined:
        out += '\\';
        break;
      default:
        if (/[1-9]/.test(e)) return null;
        out += e;
    }
  }
  return out;
}

function strictEquals(a: JsValue, b: JsValue): boolean | null {
  if (a.k === 'unknown' || b.k === 'unknown') return null;
  const objA = a.k === 'array' || a.k === 'object' || a.k === 'function' || a.k === 'native';
  const objB = b.k === 'array' || b.k === 'object' || b.k === 'function' || b.k === 'native';
  if (objA || objB) {
    if (a.k === 'native' && b.k === 'native') return a.name === b.name;
    return a === b;
  }
  return (a as { v?: unknown }).v === (b as { v?: unknown }).v && a.k === b.k;
}

function sameValueZero(a: JsValue, b: JsValue): boolean | null {
  if (a.k === 'num' && b.k === 'num' && Number.isNaN(a.v) && Number.isNaN(b.v)) return true;
  return strictEquals(a, b);
}

function looseEquals(a: JsValue, b: JsValue, at: Origin): boolean | null | Unresolved {
  if (a.k === 'unknown' || b.k === 'unknown') return null;
  const isObj = (v: JsValue) => v.k === 'array' || v.k === 'object' || v.k === 'function' || v.k === 'native';
  if (isObj(a) && isObj(b)) return strictEquals(a, b);
  const pa = toPrimitive(a, at);
  const pb = toPrimitive(b, at);
  if (isUnresolved(pa)) return pa;
  if (isUnresolved(pb)) return pb;
  // biome-ignore lint/suspicious/noDoubleEquals: JavaScript's loose equality is what is being evaluated
  return pa == pb;
}

/** A binary operator on primitives, with the host's (JavaScript's) exact semantics. */
function hostBinary(op: string, a: JsPrimitive, b: JsPrimitive): JsPrimitive | undefined {
  // The operands are primitives: every coercion below is the one JavaScript itself performs.
  const x = a as unknown as number;
  const y = b as unknown as number;
  switch (op) {
    case '+':
      return (a as unknown as string) + (b as unknown as string);
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
    case '**':
      return x ** y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    case '&':
      return x & y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    case '<<':
      return x << y;
    case '>>':
      return x >> y;
    case '>>>':
      return x >>> y;
    default:
      return undefined;
  }
}

/** A value JSON.parse returned, as a JsValue whose properties point at the call. */
function hostToJs(v: unknown, at: Origin, expr: string, src: ValueSource | undefined, depth = 0): JsValue {
  if (depth > 100) return jsUnknown(unresolved('the JSON nests too deeply', expr, at));
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return fromHost(v, src);
  if (Array.isArray(v)) return newArray(v.map((i) => hostToJs(i, at, expr, src, depth + 1)));
  const obj = newObject();
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) setProp(obj, k, hostToJs(val, at, expr, src, depth + 1), at, expr);
  return obj;
}

/** A JSON module (`import data from './x.json'`): objects keep the position of each key. */
function jsonToJs(node: JsonNode, file: string, text: string): JsValue {
  const lines = new LineIndex(text);
  const at = (offset: number): Origin => ({ file, ...lines.at(offset) });
  const conv = (n: JsonNode): JsValue => {
    switch (n.kind) {
      case 'object': {
        const obj = newObject();
        for (const m of n.members) setProp(obj, m.key, conv(m.value), at(m.keyOffset), m.key);
        return obj;
      }
      case 'array':
        return newArray(n.items.map(conv));
      case 'string':
        return jsStr(n.value);
      case 'number':
        return jsNum(Number(n.text));
      case 'true':
        return jsBool(true);
      case 'false':
        return jsBool(false);
      case 'null':
        return NULL;
      default: {
        const never: never = n;
        return never;
      }
    }
  };
  return conv(node);
}
