import { resolve } from 'node:path';
import { LoadError } from '../../../engine/errors.ts';
import type { Origin } from '../../../engine/types.ts';
import type { Unresolved } from '../../../engine/values.ts';
import type { ProjectFs } from '../../fs.ts';
import type { EnvStore } from '../../python/scope.ts';
import { EntryCollector, checkSettingNames } from '../common.ts';
import type { SettingsSource } from '../types.ts';
import { ModuleEval, ModuleThrows, clipText, newContext } from './evaluate.ts';
import { dialectOf, parseModule } from './parse.ts';
import { type JsProp, type JsValue, describeJs, ownKeys, toPython } from './values.ts';

export interface JsSettingsOptions {
  /** Project files, for relative imports; without it, imports are unknown. */
  readonly fs?: ProjectFs | undefined;
  /** Absolute path of the file (default: `file` under `fs.root`, when `file` is project-relative). */
  readonly path?: string | undefined;
}

const HINT = 'export the settings as an object literal: export default { DEBUG: false, ... } (or export const settings = {...}, module.exports = {...})';

/**
 * A TS/JS module that exports the settings object (`export default {...}`, `export default settings`,
 * `export const settings = {...}`, `module.exports = {...}`, TS `export = {...}`), read without running it.
 */
export function parseJsSettings(file: string, text: string, env: EnvStore, options: JsSettingsOptions = {}): SettingsSource {
  const fs = options.fs ?? null;
  const abs = options.path ?? (fs && !file.startsWith('/') && !file.startsWith('../') && file !== '..' ? resolve(fs.root, file) : null);
  const ctx = newContext(env, fs);
  const mod = new ModuleEval(ctx, parseModule(file, text, dialectOf(file)), abs);
  if (abs) ctx.modules.set(abs, mod);
  try {
    mod.run();
  } catch (e) {
    if (e instanceof ModuleThrows) {
      throw new LoadError(
        `${e.at.file} throws while loading (${clipText(e.message)}), so the settings cannot be loaded`,
        'pass the environment the deployment exports (--env-file, --env), or make the module load without it',
        e.at,
      );
    }
    throw e;
  }
  const chosen = chooseExport(mod);
  if (!chosen) throw new LoadError(`${file} has no settings export`, HINT, { file, line: 1, column: 1 });
  const value = chosen.value;
  if (value.k === 'unknown') {
    throw new LoadError(`the settings ${chosen.how} cannot be read statically: ${value.u.reason}`, HINT, value.u.at ?? chosen.at);
  }
  if (value.k !== 'object') throw new LoadError(`${file} exports ${describeJs(value)} as its settings, not an object`, HINT, chosen.at);

  const diagnostics = ctx.diagnostics;
  const keys = ownKeys(value);
  const props = keys.map((key) => ({ key, p: value.props.get(key) as JsProp }));
  const kept = checkSettingNames(
    file,
    props.map(({ key, p }) => ({ key, at: p.at ?? chosen.at })),
    diagnostics,
  );
  const out = new EntryCollector();
  for (const { key, p } of props) {
    if (!kept.has(key)) continue;
    const origin = p.at ?? chosen.at;
    const v: JsValue = value.taint ? { k: 'unknown', u: value.taint } : p.value;
    if (v.k === 'undefined') {
      const why = v.src ? ` (process.env.${v.src.envVar} is not set)` : '';
      diagnostics.push({ level: 'info', code: 'settings-key-undefined', message: `${key} is undefined${why}, so it is not set`, location: origin });
      continue;
    }
    out.set(key, toPython(v, origin, p.expr), origin, p.history);
  }
  const hidden: Unresolved | null = value.taint ?? value.partial;
  const source: SettingsSource = {
    kind: 'ts',
    file,
    entries: out.entries,
    diagnostics,
    envReads: ctx.envReads,
    ...(hidden ? { hidden: { reason: hidden.reason, at: hidden.at ?? chosen.at } } : {}),
  };
  return source;
}

function chooseExport(mod: ModuleEval): { value: JsValue; at: Origin; how: string } | null {
  const dflt = mod.exports.get('default');
  if (dflt) return { value: dflt.get(), at: dflt.at, how: 'default export' };
  const named = mod.exports.get('settings');
  if (named) return { value: named.get(), at: named.at, how: 'export `settings`' };
  if (mod.starExports.length > 0) {
    const v = mod.exportValue('settings', mod.m.tree.topNode);
    if (v.k !== 'unknown' || !/has no export/.test(v.u.reason)) return { value: v, at: { file: mod.m.file, line: 1, column: 1 }, how: 'export `settings`' };
  }
  if (mod.cjsAt) return { value: mod.cjs, at: mod.cjsAt, how: 'module.exports' };
  if (mod.cjs.k === 'object' && mod.cjs.props.size > 0) {
    const first = [...mod.cjs.props.values()][0];
    return { value: mod.cjs, at: first?.at ?? { file: mod.m.file, line: 1, column: 1 }, how: 'exports' };
  }
  return null;
}
