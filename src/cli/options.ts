import * as z from 'zod/mini';
import { type DjangoVersion, NEWEST_DJANGO, parseDjangoVersion } from '../engine/django.ts';
import { UsageError } from '../engine/errors.ts';
import type { FailOn } from '../report/report.ts';

/** `secaudit check` options as commander hands them over; validated once, here. */
const checkOptionsSchema = z.strictObject({
  deploy: z.optional(z.boolean()),
  settings: z.optional(z.string().check(z.regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, 'must be a dotted Python module name, e.g. config.settings.production'))),
  envFile: z.optional(z.array(z.string())),
  env: z.optional(z.array(z.string())),
  inheritEnv: z.optional(z.boolean()),
  format: z.optional(z.enum(['text', 'json'])),
  output: z.optional(z.string()),
  failOn: z.optional(z.enum(['error', 'warning', 'info', 'never'])),
  rules: z.optional(z.string()),
  djangoVersion: z.optional(z.string()),
  verbose: z.optional(z.boolean()),
  quiet: z.optional(z.boolean()),
  color: z.optional(z.boolean()),
});

export interface CheckOptions {
  readonly project: string;
  readonly deploy: boolean;
  readonly settings: string | null;
  readonly envFiles: readonly string[];
  readonly envPairs: readonly string[];
  readonly inheritEnv: boolean;
  readonly format: 'text' | 'json';
  readonly output: string | null;
  readonly failOn: FailOn;
  readonly rulesDir: string | null;
  readonly django: DjangoVersion;
  readonly verbose: boolean;
  readonly quiet: boolean;
  readonly color: boolean | undefined;
}

const FLAG: Record<string, string> = {
  envFile: '--env-file',
  inheritEnv: '--inherit-env',
  failOn: '--fail-on',
  djangoVersion: '--django-version',
};

function flagName(key: string): string {
  return FLAG[key] ?? `--${key}`;
}

export function parseCheckOptions(project: string | undefined, raw: Record<string, unknown>): CheckOptions {
  const result = checkOptionsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? 'options');
    throw new UsageError(`${flagName(key)}: ${issue?.message ?? 'invalid value'}`, 'run secaudit check --help for the accepted values');
  }
  const o = result.data;
  let django = NEWEST_DJANGO;
  if (o.djangoVersion !== undefined) {
    const v = parseDjangoVersion(o.djangoVersion);
    if (!v || v.major < 2 || v.major > 9) {
      throw new UsageError(`--django-version ${JSON.stringify(o.djangoVersion)} is not a Django version`, 'write it as MAJOR.MINOR, e.g. --django-version 4.2');
    }
    django = v;
  }
  if (o.verbose && o.quiet) throw new UsageError('--verbose and --quiet cannot be used together', 'pick one');
  return {
    project: project ?? '.',
    deploy: o.deploy ?? false,
    settings: o.settings ?? null,
    envFiles: o.envFile ?? [],
    envPairs: o.env ?? [],
    inheritEnv: o.inheritEnv ?? false,
    format: o.format ?? 'text',
    output: o.output ?? null,
    failOn: o.failOn ?? 'warning',
    rulesDir: o.rules ?? null,
    django,
    verbose: o.verbose ?? false,
    quiet: o.quiet ?? false,
    color: o.color,
  };
}
