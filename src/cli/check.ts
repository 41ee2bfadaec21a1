import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinRules } from '../../rules/index.ts';
import { formatDjangoVersion } from '../engine/django.ts';
import { ConfigError } from '../engine/errors.ts';
import type { Rule } from '../engine/rule.ts';
import { runRules } from '../engine/run-rules.ts';
import type { Diagnostic } from '../engine/types.ts';
import { loadProject } from '../loaders/load-project.ts';
import type { Report } from '../report/report.ts';
import { summarize } from '../report/report.ts';
import { VERSION } from '../version.ts';
import { colorLevel } from './color.ts';
import type { Hooks } from './main.ts';
import type { CheckOptions } from './options.ts';

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly now: Date;
  write(text: string): void;
}

/** The Django check ids in SILENCED_SYSTEM_CHECKS (exact strings, as Django compares them). */
function silencedIds(report: { settings: ReturnType<typeof loadProject>['settings'] }, diagnostics: Diagnostic[]): Set<string> {
  const entry = report.settings.get('SILENCED_SYSTEM_CHECKS');
  const ids = new Set<string>();
  if (!entry) return ids;
  const v = entry.value;
  if (v.t === 'list' || v.t === 'tuple') {
    for (const item of v.items) if (item.t === 'str') ids.add(item.v);
    if (v.partial || v.items.some((i) => i.t === 'unresolved')) {
      diagnostics.push({ level: 'warning', code: 'silenced-unknown', message: 'part of SILENCED_SYSTEM_CHECKS could not be evaluated; only the known ids are silenced', location: entry.origin });
    }
  } else if (v.t === 'unresolved') {
    diagnostics.push({ level: 'warning', code: 'silenced-unknown', message: `SILENCED_SYSTEM_CHECKS could not be evaluated (${v.reason}); nothing is silenced`, location: entry.origin });
  }
  return ids;
}

/** Runs `secaudit check`: load the settings, run the rules, print the report. Returns the exit code. */
export async function runCheck(options: CheckOptions, hooks: Hooks, io: CliIo): Promise<number> {
  const started = performance.now();
  const rules: Rule[] = [...builtinRules];
  if (options.rulesDir) {
    const { loadUserRules } = await import('./user-rules.ts');
    rules.push(...(await loadUserRules(options.rulesDir, io.cwd, new Set(rules.map((r) => r.id)), hooks.importModule)));
  }
  const loaded = loadProject({
    project: options.project,
    cwd: io.cwd,
    settingsModule: options.settings,
    envFiles: options.envFiles,
    envPairs: options.envPairs,
    processEnv: options.inheritEnv ? io.env : null,
    django: options.django,
  });
  const loadedAt = performance.now();
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const result = runRules(
    rules,
    { settings: loaded.settings, environment: loaded.environment, django: options.django, now: io.now, project: loaded.project },
    { deploy: options.deploy, silenced: silencedIds(loaded, diagnostics) },
  );
  const ranAt = performance.now();
  const report: Report = {
    tool: { name: 'secaudit', version: VERSION },
    target: {
      project: options.project.split('\\').join('/'),
      settingsModule: loaded.settings.module,
      settingsFile: loaded.settings.file,
      discoveredVia: loaded.discovery.via,
      djangoVersion: formatDjangoVersion(options.django),
      deploy: options.deploy,
    },
    findings: result.findings,
    outcomes: result.outcomes,
    diagnostics,
    suppressed: result.suppressed,
    failOn: options.failOn,
  };
  let text: string;
  if (options.format === 'json') {
    const { renderJson } = await import('../report/json.ts');
    text = renderJson(report);
  } else {
    const { renderText } = await import('../report/text.ts');
    const toFile = options.output !== null;
    text = renderText(report, {
      color: toFile ? 0 : colorLevel(options.color, io.env, io.stdoutIsTTY),
      verbose: options.verbose,
      quiet: options.quiet,
      timings: [
        { step: 'load settings', ms: loadedAt - started },
        { step: 'rules', ms: ranAt - loadedAt },
      ],
    });
  }
  if (options.output) {
    try {
      writeFileSync(resolve(io.cwd, options.output), text);
    } catch (e) {
      throw new ConfigError(`cannot write --output ${options.output} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check that the directory exists and is writable');
    }
  } else {
    io.write(text);
  }
  if (result.errors.length > 0) {
    const first = result.errors[0] as { ruleId: string; error: unknown };
    const err = first.error instanceof Error ? first.error : new Error(String(first.error));
    err.message = `rule ${first.ruleId} failed: ${err.message}`;
    throw err;
  }
  return summarize(report).failed ? 1 : 0;
}
