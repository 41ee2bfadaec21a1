/** Result types shared by the env-file parsers (re-exported from `./dotenv.ts`). */

export interface EnvEntry {
  readonly key: string;
  /** null = a key without a value where the dialect allows it (python-dotenv `KEY` alone). */
  readonly value: string | null;
  /** 1-based line where the key starts. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) where the key starts. */
  readonly column: number;
}

export interface EnvProblem {
  readonly line: number;
  readonly column: number;
  /** One line, lower-case start, e.g. "unterminated double-quoted value". */
  readonly message: string;
}

export interface EnvParseResult {
  readonly entries: readonly EnvEntry[];
  readonly problems: readonly EnvProblem[];
}
