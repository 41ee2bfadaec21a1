import type { SyntaxNode } from '@lezer/common';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type DjangoVersion, djangoDefaults } from '../engine/django.ts';
import { LoadError } from '../engine/errors.ts';
import type { CallableInfo, CallableParam, EnvironmentVariable, ProjectView } from '../engine/rule.ts';
import { type SettingEntry, type Settings, createSettings } from '../engine/settings.ts';
import type { Diagnostic, Origin } from '../engine/types.ts';
import type { IgnoreDirective } from '../engine/suppressions.ts';
import type { ProjectFacts } from '../engine/facts.ts';
import { collectDirectives } from './comments.ts';
import { noFacts, readFacts } from './facts/index.ts';
import { type SettingsSource, hiddenOf, layerSettings, readSettingsFile } from './settings-files/index.ts';
import { type DeployEnvInput, buildDeployEnvironment } from './environment.ts';
import { type Discovery, discoverSettings } from './discover.ts';
import { FsError, type ProjectFs, nodeFs, relativePath } from './fs.ts';
import { Interpreter } from './python/interpreter.ts';
import type { EnvStore } from './python/scope.ts';
import { type ParsedPython, parsePython, positionOf } from './python/parse.ts';
import { childrenOf, splitChildren } from './python/syntax.ts';

export interface LoadInput {
  /** The project directory as the user gave it (relative to cwd). */
  readonly project: string;
  readonly cwd: string;
  readonly settingsModule: string | null;
  readonly envFiles: readonly string[];
  readonly envPairs: readonly string[];
  readonly processEnv: Readonly<Record<string, string | undefined>> | null;
  readonly django: DjangoVersion;
  /** `--settings-file` layers over the settings module (JSON, TS/JS, .env), relative to cwd; later ones win. */
  readonly settingsFiles?: readonly string[];
  /** For tests: an in-memory tree instead of the disk. */
  readonly fs?: ProjectFs;
}

export interface LoadedProject {
  readonly root: string;
  readonly discovery: Discovery;
  readonly settings: Settings;
  /** The environment after the settings ran. */
  readonly environment: ReadonlyMap<string, EnvironmentVariable>;
  readonly diagnostics: readonly Diagnostic[];
  readonly envReads: ReadonlyMap<string, readonly Origin[]>;
  readonly project: ProjectView;
  /** The text of every file read (settings modules, env files, data files), by display path. */
  readonly sources: ReadonlyMap<string, string>;
  /** `# secaudit: ignore[...]` comments in those files. */
  readonly directives: readonly IgnoreDirective[];
  /** What the project's other files say about the deployment: nginx, app-server binds, the pinned Django. */
  readonly facts: ProjectFacts;
  /** Milliseconds spent evaluating the settings and reading the other deployment files. */
  readonly timings: { readonly settings: number; readonly facts: number };
}

/** Django loads every name of the settings module for which `name.isupper()` holds. */
export function isSettingName(name: string): boolean {
  return /[A-Za-z]/.test(name) && name === name.toUpperCase();
}

function projectFs(input: LoadInput): ProjectFs {
  if (input.fs) return input.fs;
  const root = resolve(input.cwd, input.project);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new LoadError(`project directory ${input.project} does not exist`, 'pass the directory that holds manage.py');
  }
  if (!isDir) throw new LoadError(`${input.project} is not a directory`, 'pass the directory that holds manage.py');
  return nodeFs(root);
}

/** Runs the settings module in an environment, layers the settings files over it, and collects the settings Django would load. */
function evaluateSettings(
  fs: ProjectFs,
  discovery: Discovery | null,
  env: EnvStore,
  input: LoadInput,
  parsed: Map<string, ParsedPython>,
): { interp: Interpreter; settings: Settings; sources: SettingsSource[] } {
  const exported = env.clone();
  const interp = new Interpreter({ fs, pythonRoots: discovery?.pythonRoots ?? [fs.root], env, parsed });
  const entries = new Map<string, SettingEntry>();
  let file = '';
  let hidden: { reason: string; at: Origin } | null = null;
  if (discovery) {
    const record = interp.run(discovery.module);
    for (const [name, b] of record.scope.vars) {
      if (!isSettingName(name)) continue;
      entries.set(name, { name, value: b.value, origin: b.origin, overridden: b.history });
    }
    const taint = record.scope.taints[0];
    hidden = taint ? { reason: taint.reason, at: taint.at } : null;
    file = record.file;
  }
  // Settings files see the variables the deployment exports, not what the Python settings put in os.environ.
  const sources = (input.settingsFiles ?? []).map((given) => readSettingsFile({ given, cwd: input.cwd, root: fs.root, env: exported, fs }));
  if (!discovery) file = sources[0]?.file ?? '';
  const layered = layerSettings(entries, sources);
  const settings = createSettings(discovery?.module ?? null, file, layered, djangoDefaults(input.django), hiddenOf(sources) ?? hidden);
  return { interp, settings, sources };
}

/** Where the settings module is; with --settings-file alone, a project without one is fine. */
function discover(fs: ProjectFs, input: LoadInput, env: EnvStore): Discovery | null {
  const fromEnv = env.get('DJANGO_SETTINGS_MODULE');
  try {
    return discoverSettings(fs, input.settingsModule, fromEnv && typeof fromEnv.value === 'string' ? { module: fromEnv.value, source: fromEnv.source } : null);
  } catch (e) {
    if (e instanceof LoadError && (input.settingsFiles ?? []).length > 0 && input.settingsModule === null && !fromEnv) return null;
    throw e;
  }
}

export function loadProject(input: LoadInput): LoadedProject {
  const fs = projectFs(input);
  const envInput: DeployEnvInput = { envFiles: input.envFiles, envPairs: input.envPairs, processEnv: input.processEnv, cwd: input.cwd, root: fs.root };
  const envTexts = new Map<string, string>();
  const env = buildDeployEnvironment(envInput, envTexts);
  const deployEnv = env.clone();
  const discovery = discover(fs, input, env);
  const started = performance.now();
  const parsed = new Map<string, ParsedPython>();
  const { interp, settings, sources: layers } = evaluateSettings(fs, discovery, env, input, parsed);
  const without = new Map<string, Settings | null>();
  const settingsWithout = (variables: readonly string[]): Settings | null => {
    const key = [...variables].sort().join('\0');
    if (!without.has(key)) {
      const reduced = deployEnv.clone();
      for (const v of variables) reduced.delete(v);
      try {
        without.set(key, evaluateSettings(fs, discovery, reduced, input, parsed).settings);
      } catch (e) {
        if (!(e instanceof LoadError)) throw e;
        without.set(key, null);
      }
    }
    return without.get(key) ?? null;
  };
  const sources = new Map<string, string>([...envTexts, ...interp.texts]);
  for (const layer of layers) if (layer.text !== undefined) sources.set(layer.file, layer.text);
  const envReads = new Map<string, Origin[]>();
  for (const reads of [interp.envReads, ...layers.map((l) => l.envReads ?? new Map<string, readonly Origin[]>())]) {
    for (const [name, at] of reads) envReads.set(name, [...(envReads.get(name) ?? []), ...at]);
  }
  const environment = new Map<string, EnvironmentVariable>();
  for (const [k, v] of interp.env.vars) {
    environment.set(k, { value: typeof v.value === 'string' ? v.value : null, definedAt: v.definedAt, source: v.source });
  }
  const evaluated = performance.now();
  const facts = readFacts(fs, discovery?.pythonRoots ?? [fs.root], deployEnv);
  for (const [file, text] of facts.texts) if (!sources.has(file)) sources.set(file, text);
  return {
    root: fs.root,
    discovery: discovery ?? { module: '', via: '--settings-file', at: null, pythonRoots: [fs.root] },
    settings,
    environment,
    diagnostics: [...interp.diagnostics, ...layers.flatMap((l) => l.diagnostics), ...facts.diagnostics],
    envReads,
    project: createProjectView(fs, interp, settingsWithout, envReads),
    sources,
    directives: collectDirectives(sources),
    facts: facts.facts,
    timings: { settings: evaluated - started, facts: performance.now() - evaluated },
  };
}

/** What `secaudit probe` audits besides the live site: no project, Django's defaults as the settings. */
export function noProject(cwd: string, django: DjangoVersion): LoadedProject {
  const settings = createSettings(null, '', new Map(), djangoDefaults(django), null);
  return {
    root: cwd,
    discovery: { module: '', via: 'no project', at: null, pythonRoots: [] },
    settings,
    environment: new Map(),
    diagnostics: [],
    envReads: new Map(),
    project: {
      envReads: new Map(),
      envReadsByStatement: new Map(),
      settingsWithout: () => null,
      inspectCallable: () => ({ kind: 'unknown', reason: 'no project was audited' }),
    },
    sources: new Map(),
    directives: [],
    facts: noFacts(),
    timings: { settings: 0, facts: 0 },
  };
}

/** Decorators from django.views.decorators keep the view's signature (they use functools.wraps). */
const SIGNATURE_KEEPING = /^(requires_csrf_token|csrf_exempt|csrf_protect|ensure_csrf_cookie|never_cache|cache_page\(.*\)|vary_on_headers\(.*\)|require_(GET|POST|safe|http_methods\(.*\)))$/s;

/** Whether a parameter list has a bare `/` (lezer leaves it out of the tree, so look at the text between commas). */
export function positionalOnlyCount(list: SyntaxNode, text: string): number {
  const kids = childrenOf(list);
  let start = list.from + 1;
  let params = 0;
  for (const k of [...kids.filter((c) => c.name === ','), { from: list.to - 1, to: list.to }]) {
    const segment = text.slice(start, k.from).trim();
    if (segment === '/') return params;
    if (segment !== '') params++;
    start = k.to;
  }
  return 0;
}

function paramsOf(list: SyntaxNode | undefined, text: string): CallableParam[] {
  if (!list) return [];
  const out: CallableParam[] = [];
  const positionalOnly = positionalOnlyCount(list, text);
  let kind: CallableParam['kind'] = 'normal';
  for (const g of splitChildren(childrenOf(list).filter((n) => n.name !== '(' && n.name !== ')'))) {
    const [a, b] = g;
    if (!a) continue;
    const t = text.slice(a.from, a.to);
    if (t === '/') continue;
    if (a.name === '*' && !b) {
      kind = 'keywordOnly';
      continue;
    }
    if (a.name === '*' && b) {
      out.push({ name: text.slice(b.from, b.to), kind: 'star', hasDefault: false });
      kind = 'keywordOnly';
      continue;
    }
    if (a.name === '**' && b) {
      out.push({ name: text.slice(b.from, b.to), kind: 'doubleStar', hasDefault: false });
      continue;
    }
    out.push({ name: t, kind: out.length < positionalOnly ? 'positionalOnly' : kind, hasDefault: g.some((n) => n.name === 'AssignOp') });
  }
  return out;
}

/** Module-level statements, including those inside if/else and try blocks (not inside defs or classes). */
function moduleLevelStatements(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const stmt of childrenOf(node)) {
    if (stmt.name === 'IfStatement' || stmt.name === 'TryStatement' || stmt.name === 'WithStatement') {
      for (const body of childrenOf(stmt).filter((c) => c.name === 'Body')) out.push(...moduleLevelStatements(body));
    } else out.push(stmt);
  }
  return out;
}

/** Finds a module-level function in a module's source without running it. */
function inspectModuleFunction(file: string, text: string, name: string): CallableInfo {
  const parsed = parsePython(file, text);
  const variants: CallableParam[][] = [];
  let location: Origin | null = null;
  let unknown: CallableInfo | null = null;
  for (const stmt of moduleLevelStatements(parsed.tree.topNode)) {
    let def: SyntaxNode | null = stmt;
    const decorators: string[] = [];
    if (stmt.name === 'DecoratedStatement') {
      for (const c of childrenOf(stmt)) {
        if (c.name === 'Decorator') decorators.push(text.slice(c.from, c.to).replace(/^@\s*/, '').trim());
      }
      def = childrenOf(stmt).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') ?? null;
    }
    if (!def) continue;
    const kids = childrenOf(def);
    if (def.name === 'ImportStatement') {
      const t = text.slice(def.from, def.to);
      if (t.endsWith('*') || new RegExp(`\\b${name}\\b`).test(t)) unknown = { kind: 'unknown', reason: `${name} is imported into ${file}, and imports are not followed here` };
      continue;
    }
    if (def.name === 'AssignStatement' && kids.some((k) => k.name === 'VariableName' && text.slice(k.from, k.to) === name)) {
      unknown = { kind: 'unknown', reason: `${name} is assigned in ${file}, not defined with def` };
      continue;
    }
    if (def.name !== 'FunctionDefinition' && def.name !== 'ClassDefinition') continue;
    const nameNode = kids.find((k) => k.name === 'VariableName');
    if (!nameNode || text.slice(nameNode.from, nameNode.to) !== name) continue;
    if (def.name === 'ClassDefinition') {
      unknown = { kind: 'unknown', reason: `${name} is a class; its call signature is not inspected` };
      continue;
    }
    const unknownDecorator = decorators.find((d) => !SIGNATURE_KEEPING.test(d.replace(/^[\w.]*\./, '')));
    if (unknownDecorator) {
      unknown = { kind: 'unknown', reason: `${name} is decorated with @${unknownDecorator}, which may change its signature` };
      continue;
    }
    const params = paramsOf(kids.find((k) => k.name === 'ParamList'), text);
    // A later top-level def replaces an earlier one; defs in the branches of an if/try are alternatives.
    const conditional = stmt.parent?.name === 'Body';
    if (conditional) variants.push(params);
    else variants.splice(0, variants.length, params);
    location = { file, ...positionOf(parsed.lineStarts, def.from) };
  }
  if (unknown) return unknown;
  if (location) return { kind: 'function', variants, location };
  return { kind: 'missing', reason: `${file} defines no ${name}` };
}

function createProjectView(
  fs: ProjectFs,
  interp: Interpreter,
  settingsWithout: ProjectView['settingsWithout'],
  envReads: ReadonlyMap<string, readonly Origin[]>,
): ProjectView {
  const isProjectTop = (mod: string) => interp.isOutsideModule(mod) === false && interp.findModuleFile(mod.split('.')[0] as string) !== null;
  return {
    envReads,
    envReadsByStatement: interp.envReadsByStatement,
    settingsWithout,
    inspectCallable(dotted) {
      if (dotted === 'django.views.csrf.csrf_failure') return { kind: 'known-good' };
      const dot = dotted.lastIndexOf('.');
      if (dot < 0) return { kind: 'import-error', reason: `'${dotted}' is not a dotted path to a view` };
      const mod = dotted.slice(0, dot);
      const fn = dotted.slice(dot + 1);
      if (!fn) return { kind: 'import-error', reason: `'${dotted}' is not a dotted path to a view` };
      const found = interp.findModuleFile(mod);
      if (!found) {
        const top = mod.split('.')[0] as string;
        if (!isProjectTop(top)) {
          if (top === 'django') return { kind: 'unknown', reason: `${mod} is part of Django, which is not inspected` };
          return { kind: 'unknown', reason: `${mod} is not in the project (an installed package, perhaps)` };
        }
        const parentDot = mod.lastIndexOf('.');
        if (parentDot < 0) return { kind: 'import-error', reason: `no module named '${mod}'` };
        const parent = mod.slice(0, parentDot);
        if (interp.findModuleFile(parent)) return { kind: 'missing', reason: `${parent} has no submodule ${mod.slice(parentDot + 1)}` };
        return { kind: 'import-error', reason: `no module named '${parent}'` };
      }
      let text: string;
      try {
        text = fs.readText(found.path);
      } catch (e) {
        if (e instanceof FsError) return { kind: 'unknown', reason: `${relativePath(fs.root, found.path)} ${e.message}` };
        throw e;
      }
      return inspectModuleFunction(relativePath(fs.root, found.path), text, fn);
    },
  };
}
