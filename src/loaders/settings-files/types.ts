import type { SettingEntry } from '../../engine/settings.ts';
import type { Diagnostic, Origin } from '../../engine/types.ts';

/** One settings file read as a layer of settings (`--settings-file`). */
export interface SettingsSource {
  readonly kind: 'json' | 'ts' | 'env';
  /** Project-relative (or as given when outside the project), '/'-separated. */
  readonly file: string;
  /** Setting names → value and origin (file:line:column of the key or property). */
  readonly entries: ReadonlyMap<string, SettingEntry>;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Set when the file may set settings that cannot be seen (a TS object spreading an unknown value, a
   * statement that may add keys): other names are then unknown rather than Django's default. Same meaning
   * as `createSettings`' `hidden` argument.
   */
  readonly hidden?: { readonly reason: string; readonly at: Origin };
  /** The file's text, when it was read from disk (for ignore comments and SARIF line hashes). */
  readonly text?: string;
  /** TS/JS only: every `process.env` variable the module read, with where. */
  readonly envReads?: ReadonlyMap<string, readonly Origin[]>;
}
