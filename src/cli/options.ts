import { isAbsolute, resolve } from 'node:path';
import * as z from 'zod/mini';
import type { LoadedConfig } from '../config/config.ts';
import { type DjangoVersion, NEWEST_DJANGO, parseDjangoVersion } from '../engine/django.ts';
import { UsageError } from '../engine/errors.ts';
import type { Severity } from '../engine/types.ts';
import type { FailOn } from '../report/report.ts';

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** `secaudit check` options as commander hands them over; validated once, here. */
const checkFlagsSchema = z.strictObject({
  deploy: z.optional(z.boolean()),
  settings: z.optional(z.string().check(z.regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, 'must be a dotted Python module name, e.g. config.settings.production'))),
  envFile: z.optional(z.array(z.string())),
  settingsFile: z.optional(z.array(z.string())),
  env: z.optional(z.array(z.string())),
  inheritEnv: z.optional(z.boolean()),
  format: z.optional(z.enum(FORMATS)),
  output: z.optional(z.string()),
  report: z.optional(z.array(z.string())),
  failOn: z.optional(z.enum(['error', 'warning', 'info', 'never'])),
  rules: z.optional(z.string()),
  djangoVersion: z.optional(z.string()),
  verbose: z.optional(z.boolean()),
  quiet: z.optional(z.boolean()),
  color: z.optional(z.boolean()),
  config: z.optional(z.union([z.string(), z.boolean()])),
  baseline: z.optional(z.string()),
  writeBaseline: z.optional(z.string()),
  sarifCategory: z.optional(z.string().check(z.minLength(1))),
  includeSuppressed: z.optional(z.boolean()),
  stepSummary: z.optional(z.boolean()),
  url: z.optional(z.array(z.string())),
  resolve: z.optional(z.array(z.string())),
  ca: z.optional(z.string()),
  timeout: z.optional(z.string()),
  httpPort: z.optional(z.string()),
  httpsPort: z.optional(z.string()),
  certWarnDays: z.optional(z.string()),
});

export type CheckFlags = z.infer<typeof checkFlagsSchema>;

export interface ReportTarget {
  readonly format: Format;
  readonly file: string;
}

/** How to reach and judge the live sites (`secaudit probe`, `check --url`). */
export interface LiveOptions {
  /** curl-style HOST:PORT:ADDR entries, validated by the probe. */
  readonly resolve: readonly string[];
  /** A CA file (PEM) to trust instead of the bundled roots: absolute, or relative to the cwd. */
  readonly ca: string | null;
  /** Seconds per network step. */
  readonly timeout: number;
  readonly httpPort: number | null;
  readonly httpsPort: number | null;
  readonly certWarnDays: number;
}

export interface CheckOptions {
  /** The project directory; null for `secaudit probe` (live sites only). */
  readonly project: string | null;
  /** Live sites to probe (`check --url`, `secaudit probe URL`, or the configuration's `urls` for `probe`). */
  readonly urls: readonly string[];
  /** Which URLs came from the configuration file (their findings are anchored at its `urls` line). */
  readonly urlsFromConfig: boolean;
  readonly live: LiveOptions;
  readonly deploy: boolean;
  readonly settings: string | null;
  /** Settings files layered over the settings module: absolute, or relative to the cwd. */
  readonly settingsFiles: readonly string[];
  /** Env files: absolute, or relative to the cwd. */
  readonly envFiles: readonly string[];
  readonly envPairs: readonly string[];
  readonly inheritEnv: boolean;
  readonly format: Format;
  readonly output: string | null;
  readonly reports: readonly ReportTarget[];
  readonly failOn: FailOn;
  readonly rulesDir: string | null;
  readonly django: DjangoVersion;
  readonly verbose: boolean;
  readonly quiet: boolean;
  readonly color: boolean | undefined;
  readonly baseline: string | null;
  readonly writeBaseline: string | null;
  readonly sarifCategory: string | null;
  readonly includeSuppressed: boolean;
  readonly severity: ReadonlyMap<string, Severity>;
  readonly disabled: ReadonlyMap<string, string>;
  /** Append a Markdown summary to $GITHUB_STEP_SUMMARY when it is set. */
  readonly stepSummary: boolean;
  readonly config: LoadedConfig | null;
}

const FLAG: Record<string, string> = {
  envFile: '--env-file',
  settingsFile: '--settings-file',
  inheritEnv: '--inherit-env',
  failOn: '--fail-on',
  djangoVersion: '--django-version',
  writeBaseline: '--write-baseline',
  sarifCategory: '--sarif-category',
  includeSuppressed: '--include-suppressed',
  httpPort: '--http-port',
  httpsPort: '--https-port',
  certWarnDays: '--cert-warn-days',
  stepSummary: '--no-step-summary',
};

function flagName(key: string): string {
  return FLAG[key] ?? `--${key}`;
}

/** Validates the raw commander options (exit 2 on a bad one). */
export function parseCheckFlags(raw: Record<string, unknown>): CheckFlags {
  const result = checkFlagsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? 'options');
    throw new UsageError(`${flagName(key)}: ${issue?.message ?? 'invalid value'}`, 'run secaudit check --help for the accepted values');
  }
  return result.data;
}

function parseReport(spec: string): ReportTarget {
  const eq = spec.indexOf('=');
  const format = spec.slice(0, eq);
  const file = spec.slice(eq + 1);
  if (eq < 1 || !file || !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--report ${JSON.stringify(spec)} is not FORMAT=FILE`, `write e.g. --report sarif=secaudit.sarif (formats: ${FORMATS.join(', ')})`);
  }
  return { format: format as Format, file };
}

function parseDjango(text: string, where: string): DjangoVersion {
  const v = parseDjangoVersion(text);
  if (!v || v.major < 2 || v.major > 9) throw new UsageError(`${where} ${JSON.stringify(text)} is not a Django version`, 'write it as MAJOR.MINOR, e.g. 4.2');
  return v;
}

function parseNumber(text: string | undefined, flag: string, min: number, max: number, integer: boolean): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} ${JSON.stringify(text)} is not ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`, `e.g. ${flag} ${integer ? Math.max(min, 1) : 10}`);
  }
  return n;
}

/** CLI flags win over the configuration file, which wins over the defaults. Config paths are relative to the config file. */
export function mergeOptions(project: string | undefined | null, flags: CheckFlags, config: LoadedConfig | null, command: 'check' | 'probe' = 'check'): CheckOptions {
  const c = config?.values ?? {};
  const fromConfig = (p: string) => (config && !isAbsolute(p) ? resolve(config.dir, p) : p);
  if (flags.verbose && flags.quiet) throw new UsageError('--verbose and --quiet cannot be used together', 'pick one');
  const configEnv = Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`);
  const urls = flags.url ?? (command === 'probe' ? c.urls ?? [] : []);
  return {
    project: command === 'probe' ? null : project ?? '.',
    urls,
    urlsFromConfig: flags.url === undefined && urls.length > 0,
    live: {
      resolve: flags.resolve ?? c.resolve ?? [],
      ca: flags.ca ?? (c.ca ? fromConfig(c.ca) : null),
      timeout: parseNumber(flags.timeout, '--timeout', 0.1, 300, false) ?? c.timeout ?? 10,
      httpPort: parseNumber(flags.httpPort, '--http-port', 1, 65535, true),
      httpsPort: parseNumber(flags.httpsPort, '--https-port', 1, 65535, true),
      certWarnDays: parseNumber(flags.certWarnDays, '--cert-warn-days', 0, 3650, true) ?? c['cert-warn-days'] ?? 30,
    },
    deploy: flags.deploy ?? c.deploy ?? false,
    settings: flags.settings ?? c.settings ?? null,
    settingsFiles: flags.settingsFile ?? (c['settings-files'] ?? []).map(fromConfig),
    envFiles: flags.envFile ?? (c['env-files'] ?? []).map(fromConfig),
    envPairs: [...configEnv, ...(flags.env ?? [])],
    inheritEnv: flags.inheritEnv ?? c['inherit-env'] ?? false,
    format: flags.format ?? 'text',
    output: flags.output ?? null,
    reports: (flags.report ?? []).map(parseReport),
    failOn: flags.failOn ?? c['fail-on'] ?? 'warning',
    rulesDir: flags.rules ?? (c.rules ? fromConfig(c.rules) : null),
    django: flags.djangoVersion ? parseDjango(flags.djangoVersion, '--django-version') : c['django-version'] ? parseDjango(c['django-version'], 'django-version') : NEWEST_DJANGO,
    verbose: flags.verbose ?? false,
    quiet: flags.quiet ?? false,
    color: flags.color,
    baseline: flags.baseline ?? (c.baseline ? fromConfig(c.baseline) : null),
    writeBaseline: flags.writeBaseline ?? null,
    sarifCategory: flags.sarifCategory ?? c['sarif-category'] ?? null,
    includeSuppressed: flags.includeSuppressed ?? false,
    severity: new Map(Object.entries(c.severity ?? {})),
    disabled: new Map(Object.entries(c.disable ?? {})),
    stepSummary: flags.stepSummary ?? true,
    config,
  };
}
