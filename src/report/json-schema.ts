import { z } from 'zod';

/**
 * The JSON report contract (`--format json`). Other tools consume it: change it only additively
 * within a `version`. README documents it; docs/report.schema.json is generated from it.
 */
const location = z.object({ file: z.string(), line: z.number().int().min(1), column: z.number().int().min(1) }).strict();
const severity = z.enum(['error', 'warning', 'info']);

export const reportSchema = z
  .object({
    version: z.literal(1),
    tool: z.object({ name: z.literal('secaudit'), version: z.string() }).strict(),
    target: z
      .object({
        command: z.enum(['check', 'probe']),
        project: z.string().nullable(),
        urls: z.array(z.string()),
        settingsModule: z.string().nullable(),
        settingsFile: z.string().nullable(),
        discoveredVia: z.string().nullable(),
        djangoVersion: z.string(),
        deploy: z.boolean(),
        repositoryPath: z.string(),
        config: z.string().nullable(),
      })
      .strict(),
    summary: z
      .object({
        error: z.number().int(),
        warning: z.number().int(),
        info: z.number().int(),
        unknown: z.number().int(),
        suppressed: z.number().int(),
        failed: z.boolean(),
      })
      .strict(),
    findings: z.array(
      z
        .object({
          ruleId: z.string(),
          messageId: z.string(),
          django: z.string().nullable(),
          severity,
          message: z.string(),
          hint: z.string(),
          setting: z.string().nullable(),
          url: z.string().nullable(),
          location: location.nullable(),
          overridden: z.array(location),
        })
        .strict(),
    ),
    outcomes: z.array(
      z
        .object({
          ruleId: z.string(),
          status: z.enum(['pass', 'fail', 'suppressed', 'unknown', 'skipped', 'error']),
          reason: z.string().nullable(),
          unknown: z
            .object({ setting: z.string().nullable(), reason: z.string(), expr: z.string(), location: location.nullable() })
            .strict()
            .nullable(),
        })
        .strict(),
    ),
    diagnostics: z.array(
      z.object({ level: z.enum(['error', 'warning', 'info']), code: z.string(), message: z.string(), location: location.nullable() }).strict(),
    ),
    suppressed: z.array(
      z
        .object({
          ruleId: z.string(),
          django: z.string().nullable(),
          message: z.string(),
          url: z.string().nullable(),
          location: location.nullable(),
          by: z.enum(['inline', 'SILENCED_SYSTEM_CHECKS', 'baseline']),
          justification: z.string().nullable(),
        })
        .strict(),
    ),
    disabled: z.array(z.object({ ruleId: z.string(), reason: z.string() }).strict()),
    /** What the probe saw of each live site (the Observation format of src/probe/observation.ts, version 1). */
    observations: z.array(z.object({ version: z.literal(1) }).passthrough()),
  })
  .strict();

export type JsonReport = z.infer<typeof reportSchema>;
