import type { Origin } from './types.ts';

/**
 * A failure to audit that the user can fix: printed as one line with a hint, exit code 2, no stack trace.
 * Everything else that is thrown is a bug.
 */
export abstract class SecauditError extends Error {
  abstract readonly kind: string;
  constructor(
    message: string,
    readonly hint: string,
    readonly origin: Origin | null = null,
  ) {
    super(message);
  }
}

/** Bad command-line usage. */
export class UsageError extends SecauditError {
  readonly kind = 'usage';
}

/** A bad secaudit configuration file. */
export class ConfigError extends SecauditError {
  readonly kind = 'config';
}

/** The project or its settings could not be read. */
export class LoadError extends SecauditError {
  readonly kind = 'load';
}

/** A live target could not be probed. */
export class ProbeError extends SecauditError {
  readonly kind = 'probe';
}

/** `file:line:col` for an origin. */
export function formatOrigin(origin: Origin): string {
  return `${origin.file}:${origin.line}:${origin.column}`;
}
