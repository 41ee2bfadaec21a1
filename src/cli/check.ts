import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { builtinRules } from '../../rules/index.ts';
import { type LoadedConfig, loadConfig } from '../config/config.ts';
import { type Baseline, type LineText, createBaseline, matchBaseline } from '../engine/baseline.ts';
import { formatDjangoVersion } from '../engine/django.ts';
import { ConfigError, UsageError } from '../engine/errors.ts';
import type { MessageDef, Rule } from '../engine/rule.ts';
import { compareFindings, runRules } from '../engine/run-rules.ts';
import { type Suppression, applyInlineSuppressions } from '../engine/suppressions.ts';
import type { Diagnostic, Finding, Origin, RuleOutcome, Severity } from '../engine/types.ts';
import { type LoadedProject, loadProject, noProject } from '../loaders/load-project.ts';
import { lineHashes } from '../report/fingerprint.ts';
import type { Report } from '../report/report.ts';
import { summarize } from '../report/report.ts';
import { VERSION } from '../version.ts';
import { docsUrl } from '../docs/rules-table.ts';
import { colorLevel } from './color.ts';
import type { Hooks } from './main.ts';
import { type CheckOptions, type Format, mergeOptions, parseCheckFlags } from './options.ts';

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly now: Date;
  write(text: string): void;
  /** One line for people on stderr (e.g. "wrote the baseline"). */
  note(text: string): void;
}

/** The Django check ids in SILENCED_SYSTEM_CHECKS (exact strings, as Django compares them). */
function silencedIds(loaded: LoadedProject, diagnostics: Diagnostic[]): Set<string> {
  const entry = loaded.settings.get('SILENCED_SYSTEM_CHECKS');
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

/** The rule with every message reported at `severity` (a `severity` entry in the configuration). */
function withSeverity(rule: Rule, severity: Severity): Rule {
  const messages: Record<string, MessageDef> = {};
  for (const [id, def] of Object.entries(rule.messages)) messages[id] = { ...def, severity };
  return { ...rule, severity, messages };
}

/** Applies the configuration's `severity` and `disable` tables; an id that names no rule is an error. */
function configureRules(all: readonly Rule[], options: CheckOptions): { rules: Rule[]; disabled: { ruleId: string; reason: string }[] } {
  const ids = new Set(all.map((r) => r.id));
  const config = options.config;
  for (const [table, map] of [['severity', options.severity], ['disable', options.disabled]] as const) {
    for (const id of map.keys()) {
      if (ids.has(id)) continue;
      const django = all.find((r) => r.django.includes(id));
      throw new ConfigError(
        `${table}: '${id}' is not a rule id`,
        django ? `use the rule id '${django.id}'` : 'secaudit rules lists the ids',
        config ? config.locate(id, table) : undefined,
      );
    }
  }
  const rules = all.filter((r) => !options.disabled.has(r.id)).map((r) => {
    const severity = options.severity.get(r.id);
    return severity ? withSeverity(r, severity) : r;
  });
  const disabled = [...options.disabled].map(([ruleId, reason]) => ({ ruleId, reason })).sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
  return { rules, disabled };
}

/** The directory of the git repository the project is in, and the project's path inside it ('' at the root). */
function repositoryPath(projectDir: string): string {
  for (let dir = projectDir; ; dir = dirname(dir)) {
    try {
      statSync(join(dir, '.git'));
      return relative(dir, projectDir).split(sep).join('/');
    } catch {
      if (dir === dirname(dir)) return '';
    }
  }
}

function readBaseline(file: string, cwd: string): Baseline {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read baseline ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'create it with --write-baseline FILE');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`baseline ${file} is not JSON: ${(e as Error).message}`, 'recreate it with --write-baseline FILE', { file, line: 1, column: 1 });
  }
  const b = raw as Partial<Baseline> | null;
  const valid =
    b !== null &&
    typeof b === 'object' &&
    b.version === 1 &&
    b.tool === 'secaudit' &&
    Array.isArray(b.findings) &&
    b.findings.every((e) => e !== null && typeof e === 'object' && typeof e.ruleId === 'string' && typeof e.messageId === 'string');
  if (!valid) throw new ConfigError(`${file} is not a secaudit baseline (version 1)`, 'recreate it with --write-baseline FILE', { file, line: 1, column: 1 });
  return b as Baseline;
}

function writeOut(file: string, cwd: string, text: string, what: string): void {
  try {
    writeFileSync(resolve(cwd, file), text);
  } catch (e) {
    throw new ConfigError(`cannot write ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check that the directory exists and is writable');
  }
}

/** Keeps each outcome's findings to those still shown; a rule whose findings were all suppressed says so. */
function settleOutcomes(outcomes: readonly RuleOutcome[], shown: readonly Finding[]): RuleOutcome[] {
  const kept = new Set(shown);
  return outcomes.map((o) => {
    if (o.status !== 'fail') return o;
    const findings = o.findings.filter((f) => kept.has(f));
    return { ...o, findings, status: findings.length > 0 ? 'fail' : 'suppressed' };
  });
}

/** Runs `secaudit check` or `secaudit probe` from the raw command-line options. Returns the exit code. */
export async function runCheckCommand(
  command: 'check' | 'probe',
  target: string | readonly string[] | undefined,
  raw: Record<string, unknown>,
  hooks: Hooks,
  io: CliIo,
): Promise<number> {
  const flags = parseCheckFlags(raw);
  const project = command === 'check' ? (target as string | undefined) : undefined;
  const urls = command === 'probe' && Array.isArray(target) && target.length > 0 ? [...target] : undefined;
  const config: LoadedConfig | null = flags.config === false ? null : loadConfig(project ?? '.', io.cwd, typeof flags.config === 'string' ? flags.config : null);
  const options = mergeOptions(project, urls ? { ...flags, url: urls } : flags, config, command);
  if (command === 'probe' && options.urls.length === 0) {
    throw new UsageError('secaudit probe needs a URL', 'secaudit probe https://example.com/ (or list urls in the configuration)');
  }
  return runCheck(options, hooks, io);
}

/** The worse of two outcomes of one rule on several live sites: error, fail, unknown, suppressed, pass, skipped. */
function mergeOutcomes(outcomes: readonly RuleOutcome[]): RuleOutcome[] {
  const rank: Record<RuleOutcome['status'], number> = { error: 5, fail: 4, unknown: 3, suppressed: 2, pass: 1, skipped: 0 };
  const byRule = new Map<string, RuleOutcome>();
  for (const o of outcomes) {
    const seen = byRule.get(o.ruleId);
    if (!seen) byRule.set(o.ruleId, o);
    else {
      const worse = rank[o.status] > rank[seen.status] ? o : seen;
      byRule.set(o.ruleId, { ...worse, findings: [...seen.findings, ...o.findings].sort(compareFindings) });
    }
  }
  return [...byRule.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** Runs an audit: load the settings and/or probe the live sites, run the rules, print the report. Returns the exit code. */
export async function runCheck(options: CheckOptions, hooks: Hooks, io: CliIo): Promise<number> {
  const started = performance.now();
  const all: Rule[] = [...builtinRules];
  if (options.rulesDir) {
    const { loadUserRules } = await import('./user-rules.ts');
    all.push(...(await loadUserRules(options.rulesDir, io.cwd, new Set(all.map((r) => r.id)), hooks.importModule)));
  }
  const builtinIds = new Set(builtinRules.map((r) => r.id));
  const configured = configureRules(all, options);
  const disabled = configured.disabled;
  const staticAudit = options.project !== null;
  const liveAudit = options.urls.length > 0;
  // Each rule runs only when what it reads is there: the project, the live site, or both.
  const rules = configured.rules.filter((r) => (r.kind === 'settings' ? staticAudit : r.kind === 'probe' ? liveAudit : staticAudit && liveAudit));
  // Probe and load at the same time: the network waits while the settings are evaluated.
  const probing = liveAudit ? import('./live.ts').then(({ probeAll }) => probeAll(options.urls, options.live, io.cwd, io.now)) : Promise.resolve([]);
  probing.catch(() => undefined);
  const loaded =
    options.project !== null
      ? loadProject({
          project: options.project,
          cwd: io.cwd,
          settingsModule: options.settings,
          envFiles: options.envFiles,
          envPairs: options.envPairs,
          processEnv: options.inheritEnv ? io.env : null,
          django: options.django,
          settingsFiles: options.settingsFiles,
        })
      : noProject(io.cwd, options.django);
  const observations = await probing;
  const loadedAt = performance.now();
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const knownIds = new Set(all.flatMap((r) => [r.id, ...r.django]));
  const projectDir = resolve(io.cwd, options.project ?? '.');
  const fallbackAnchor = loaded.settings.file ? { file: loaded.settings.file, line: 1, column: 1 } : null;
  // A live finding that no setting governs is shown on the configuration line naming its URL (project-relative).
  const config = options.config;
  const configAnchor = (url: string): Origin | null => {
    if (!config || !options.urlsFromConfig) return null;
    const at = config.locate(url, 'urls');
    const file = relative(projectDir, resolve(io.cwd, at.file)).split(sep).join('/');
    return { ...at, file };
  };
  const context = {
    settings: loaded.settings,
    environment: loaded.environment,
    django: options.django,
    now: io.now,
    project: loaded.project,
    directives: loaded.directives,
    knownIds,
    facts: loaded.facts,
    certWarnDays: options.live.certWarnDays,
  };
  const runOptions = { deploy: options.deploy, silenced: staticAudit ? silencedIds(loaded, diagnostics) : new Set<string>() };
  const results = [
    runRules(
      rules.filter((r) => r.kind === 'settings'),
      { ...context, observation: null },
      runOptions,
    ),
    ...observations.map((observation) =>
      runRules(
        rules.filter((r) => r.kind !== 'settings'),
        { ...context, observation },
        // A live finding no setting governs has no place in the code (SARIF, which needs one, uses fallbackAnchor).
        { ...runOptions, liveAnchor: () => configAnchor(observation.target.input) },
      ),
    ),
  ];
  const result = {
    findings: results.flatMap((r) => r.findings).sort(compareFindings),
    outcomes: mergeOutcomes(results.flatMap((r) => r.outcomes)),
    suppressed: results.flatMap((r) => r.suppressed),
    errors: results.flatMap((r) => r.errors),
  };
  const ranAt = performance.now();

  const suppressed: Suppression[] = result.suppressed.map((s) => ({ finding: s.finding, by: 'SILENCED_SYSTEM_CHECKS', justification: null }));
  const inline = applyInlineSuppressions(
    result.findings.filter((f) => f.ruleId !== 'suppression-comment-invalid'),
    loaded.directives,
  );
  suppressed.push(...inline.suppressed);
  const kept = new Set(inline.kept);
  let findings = result.findings.filter((f) => f.ruleId === 'suppression-comment-invalid' || kept.has(f));
  const lineText: LineText = (file, line) => loaded.sources.get(file)?.split(/\r\n|\r|\n/)[line - 1] ?? null;
  if (options.writeBaseline) {
    const baseline = createBaseline(findings, lineText);
    writeOut(options.writeBaseline, io.cwd, `${JSON.stringify(baseline, null, 2)}\n`, 'baseline');
    io.note(`secaudit: wrote ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} to the baseline ${options.writeBaseline}`);
  }
  const baselineFile = options.writeBaseline ?? options.baseline;
  if (baselineFile) {
    const matched = matchBaseline(findings, readBaseline(baselineFile, io.cwd), lineText);
    suppressed.push(...matched.known.map((f): Suppression => ({ finding: f, by: 'baseline', justification: baselineFile })));
    findings = matched.fresh;
  }

  suppressed.sort((a, b) => compareFindings(a.finding, b.finding));
  const report: Report = {
    tool: { name: 'secaudit', version: VERSION },
    target: {
      command: staticAudit ? 'check' : 'probe',
      project: options.project === null ? null : options.project.split('\\').join('/'),
      urls: options.urls,
      settingsModule: staticAudit ? loaded.settings.module : null,
      settingsFile: staticAudit ? loaded.settings.file : null,
      discoveredVia: staticAudit ? loaded.discovery.via : null,
      djangoVersion: formatDjangoVersion(options.django),
      deploy: options.deploy,
      repositoryPath: repositoryPath(projectDir),
      config: options.config?.file ?? null,
    },
    rules,
    findings,
    outcomes: settleOutcomes(result.outcomes, findings),
    diagnostics,
    suppressed,
    disabled,
    failOn: options.failOn,
    fallbackAnchor,
    observations,
  };

  const prefix = report.target.repositoryPath ? `${report.target.repositoryPath}/` : '';
  const hashes = new Map<string, string[] | null>();
  const lineHash = (repoFile: string, line: number): string | null => {
    if (!hashes.has(repoFile)) {
      const text = repoFile.startsWith(prefix) ? loaded.sources.get(repoFile.slice(prefix.length)) : undefined;
      hashes.set(repoFile, text === undefined ? null : lineHashes(text));
    }
    return hashes.get(repoFile)?.[line - 1] ?? null;
  };
  const env = io.env;
  const linkBase =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}` : null;
  const render = async (format: Format, toTerminal: boolean, limit?: number): Promise<string> => {
    switch (format) {
      case 'json': {
        const { renderJson } = await import('../report/json.ts');
        return renderJson(report);
      }
      case 'sarif': {
        const { renderSarif } = await import('../report/sarif.ts');
        return renderSarif(report, {
          category: options.sarifCategory,
          includeSuppressed: options.includeSuppressed,
          lineHash,
          docsUrl: (id) => {
            const rule = rules.find((r) => r.id === id);
            return rule ? docsUrl(rule, builtinIds.has(id)) : 'https://github.com/secaudit/secaudit';
          },
        });
      }
      case 'markdown': {
        const { renderMarkdown } = await import('../report/markdown.ts');
        return renderMarkdown(report, { linkBase, ...(limit !== undefined ? { limit } : {}) });
      }
      case 'text': {
        const { renderText } = await import('../report/text.ts');
        return renderText(report, {
          color: toTerminal ? colorLevel(options.color, io.env, io.stdoutIsTTY) : 0,
          verbose: options.verbose,
          quiet: options.quiet,
          timings: [
            { step: 'start-up', ms: started },
            ...(staticAudit
              ? [
                  { step: 'settings', ms: loaded.timings.settings },
                  { step: 'deployment files', ms: loaded.timings.facts },
                ]
              : []),
            ...observations.map((o) => ({ step: `probe ${o.target.input}`, ms: o.timings.find((t) => t.step === 'total')?.ms ?? 0 })),
            { step: 'rules', ms: ranAt - loadedAt },
          ],
        });
      }
    }
  };

  const main = await render(options.format, options.output === null);
  if (options.output) writeOut(options.output, io.cwd, main, '--output');
  else io.write(main);
  for (const extra of options.reports) writeOut(extra.file, io.cwd, await render(extra.format, false), `--report ${extra.format}`);
  if (options.stepSummary && env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, await render('markdown', false, 50));
    } catch (e) {
      io.note(`secaudit: warning: could not append to GITHUB_STEP_SUMMARY (${(e as NodeJS.ErrnoException).code ?? 'error'}); the report itself is complete`);
    }
  }

  if (result.errors.length > 0) {
    const first = result.errors[0] as { ruleId: string; error: unknown };
    const err = first.error instanceof Error ? first.error : new Error(String(first.error));
    err.message = `rule ${first.ruleId} failed: ${err.message}`;
    throw err;
  }
  return summarize(report).failed ? 1 : 0;
}
