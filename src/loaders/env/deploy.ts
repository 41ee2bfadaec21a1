/**
 * The deployment's env file (`--env-file`): the common ground of a POSIX shell that sources the file,
 * docker compose `env_file` and python-dotenv, strict about anything whose meaning differs between them.
 *
 * - Lines: blank lines, `# comment` lines (indentation allowed), `KEY=value`, optionally `export KEY=value`.
 *   `export KEY [KEY2 ...]` without `=` only marks variables for export and sets nothing (no entry).
 *   Spaces around `=` are accepted (compose and python-dotenv accept them; a shell would not).
 * - KEY: a shell name, `[A-Za-z_][A-Za-z0-9_]*`.
 * - Unquoted value: the rest of the line; a `#` preceded by whitespace starts a comment (`abc#def` is
 *   kept whole); surrounding whitespace is trimmed; backslashes are literal except `\$`, which is a
 *   literal `$`.
 * - 'single quoted': literal, may span lines, no escapes.
 * - "double quoted": may span lines; `\\`, `\"`, `\$`, `` \` `` give the character, `\n` a newline (as
 *   python-dotenv), backslash + newline is removed (shell line continuation), any other backslash is kept
 *   (as in a shell: `"\d"` is `\d`).
 * - After a closing quote only whitespace and a `# comment` may follow.
 * - Expansion in unquoted and double-quoted values: `$NAME`, `${NAME}`, `${NAME:-word}` (unset or empty),
 *   `${NAME-word}` (unset), `${NAME:+word}` / `${NAME+word}`, `${NAME:?msg}` / `${NAME?msg}` (a problem when
 *   triggered). NAME is looked up among the keys defined earlier in this file (latest definition), then
 *   `lookup`; unset gives "". The word may itself contain expansions. `$` not followed by a name or `{` is
 *   a literal `$`. Command substitution (`$(...)`, backticks), other `${...}` forms and quotes inside a
 *   `${...}` word are problems. (Earlier keys of the file win over `lookup` as in a shell, where the
 *   file's assignments replace inherited variables.)
 * - Line ends \n, \r\n or \r; a line break inside a quoted value is "\n". A leading byte-order mark is
 *   ignored.
 *
 * Every line that is not one of the above is a problem; after a problem, parsing resumes on the next
 * line (the line after the opening quote for an unterminated quoted value).
 */
import { LineIndex, universalNewlines } from './text.ts';
import type { EnvEntry, EnvParseResult, EnvProblem } from './types.ts';

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const WORD = /[^\s=#]*/y;

/** A problem found while reading a statement (not an Error: it never leaves this module, and no stack is needed). */
class Problem {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

type Mode = 'unquoted' | 'double' | 'word-unquoted' | 'word-double';

class DeployParser {
  private pos = 0;
  readonly entries: EnvEntry[] = [];
  readonly problems: EnvProblem[] = [];
  private readonly defined = new Map<string, string>();
  private readonly index: LineIndex;

  constructor(
    private readonly src: string,
    private readonly lookup: (name: string) => string | undefined,
  ) {
    this.index = new LineIndex(src);
  }

  private peek(): string {
    return this.src.charAt(this.pos);
  }

  private skipBlanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private lineEnd(from: number): number {
    const nl = this.src.indexOf('\n', from);
    return nl < 0 ? this.src.length : nl;
  }

  private readName(): string {
    const start = this.pos;
    if (!NAME_START.test(this.peek())) return '';
    while (NAME_CHAR.test(this.peek())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private atLineEnd(): boolean {
    return this.pos >= this.src.length || this.peek() === '\n';
  }

  /** Whitespace, then a `# comment` or nothing, up to the end of the line. */
  private expectLineEnd(message: string): void {
    this.skipBlanks();
    if (this.peek() === '#') this.pos = this.lineEnd(this.pos);
    if (!this.atLineEnd()) throw new Problem(this.pos, message);
  }

  private value(name: string): string | undefined {
    return this.defined.has(name) ? this.defined.get(name) : this.lookup(name);
  }

  parse(): void {
    while (this.pos < this.src.length) {
      this.skipBlanks();
      if (this.peek() === '\n') {
        this.pos++;
        continue;
      }
      if (this.pos >= this.src.length) break;
      try {
        this.statement();
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        this.problems.push({ ...this.index.at(e.offset), message: e.message });
        // Resume on the line after the problem (for an unterminated quote: after the opening quote's line).
        this.pos = this.lineEnd(e.offset);
      }
      if (this.peek() === '\n') this.pos++;
    }
  }

  private statement(): void {
    if (this.peek() === '#') {
      this.pos = this.lineEnd(this.pos);
      return;
    }
    let exported = false;
    const start = this.pos;
    if (this.src.startsWith('export', this.pos) && /[ \t]/.test(this.src.charAt(this.pos + 6))) {
      this.pos += 6;
      this.skipBlanks();
      exported = true;
      if (this.atLineEnd() || this.peek() === '#') throw new Problem(start, 'expected a variable name after "export"');
    }
    const keyAt = this.pos;
    const key = this.readName();
    if (!key || !(this.peek() === '=' || this.peek() === ' ' || this.peek() === '\t' || this.peek() === '#' || this.atLineEnd())) {
      // Not a shell name: say what the word was.
      WORD.lastIndex = keyAt;
      const word = WORD.exec(this.src)?.[0] ?? '';
      if (!word && this.src.charAt(keyAt) === '=') throw new Problem(keyAt, 'missing variable name before "="');
      throw new Problem(keyAt, `invalid variable name ${JSON.stringify(word)}: use letters, digits and _, not starting with a digit`);
    }
    this.skipBlanks();
    if (this.peek() !== '=') {
      if (exported) {
        // `export NAME [NAME ...]`: marks variables for export, assigns nothing.
        for (;;) {
          if (this.peek() === '#' || this.atLineEnd()) return this.expectLineEnd('');
          const at = this.pos;
          if (!this.readName() || !(this.peek() === ' ' || this.peek() === '\t' || this.peek() === '#' || this.atLineEnd())) {
            throw new Problem(at, 'expected variable names after "export"');
          }
          this.skipBlanks();
        }
      }
      if (key === 'export') throw new Problem(keyAt, 'expected a variable name after "export"');
      if (this.atLineEnd() || this.peek() === '#') throw new Problem(keyAt, `${key} has no "=": write ${key}=value (or ${key}= for an empty value)`);
      throw new Problem(keyAt, `expected "=" after ${key}`);
    }
    this.pos++;
    this.skipBlanks();
    let value: string;
    const open = this.pos;
    if (this.peek() === "'") {
      const close = this.src.indexOf("'", open + 1);
      if (close < 0) throw new Problem(open, 'unterminated single-quoted value');
      value = this.src.slice(open + 1, close);
      this.pos = close + 1;
      this.expectLineEnd('unexpected text after the closing quote');
    } else if (this.peek() === '"') {
      if (!this.hasClosingDoubleQuote(open + 1)) throw new Problem(open, 'unterminated double-quoted value');
      this.pos++;
      value = this.word('double');
      if (this.peek() !== '"') throw new Problem(open, 'unterminated double-quoted value');
      this.pos++;
      this.expectLineEnd('unexpected text after the closing quote');
    } else {
      value = this.word('unquoted');
      if (this.peek() === '#') this.pos = this.lineEnd(this.pos);
    }
    this.entries.push({ key, value, ...this.index.at(keyAt) });
    this.defined.set(key, value);
  }

  private hasClosingDoubleQuote(from: number): boolean {
    for (let i = from; i < this.src.length; i++) {
      const c = this.src.charAt(i);
      if (c === '\\') i++;
      else if (c === '"') return true;
    }
    return false;
  }

  /**
   * Reads characters up to the end of the value (unquoted: end of line or a whitespace-preceded `#`;
   * double: an unescaped `"`; word-*: the `}` closing a `${...}`), expanding as it goes. Leaves pos on the
   * terminator.
   */
  private word(mode: Mode): string {
    let out = '';
    /** Unquoted values drop trailing whitespace of the text, not of what expansions produce. */
    let keep = 0;
    const inDouble = mode === 'double' || mode === 'word-double';
    const inWord = mode === 'word-unquoted' || mode === 'word-double';
    for (;;) {
      const c = this.peek();
      if (
        this.pos >= this.src.length ||
        (inWord && c === '}') ||
        (mode === 'double' && c === '"') ||
        (!inDouble && c === '\n') ||
        (mode === 'unquoted' && c === '#' && /[ \t]/.test(this.src.charAt(this.pos - 1)))
      ) {
        return mode === 'unquoted' ? out.slice(0, keep) : out;
      }
      if (inWord && (c === '"' || c === "'")) throw new Problem(this.pos, 'quotes inside ${...} are not supported: quote the whole value instead');
      if (c === '`') throw new Problem(this.pos, 'command substitution (`...`) is not supported: quote the value with single quotes');
      if (c === '\\') {
        const n = this.src.charAt(this.pos + 1);
        if (inDouble) {
          if (n === '\\' || n === '"' || n === '$' || n === '`') {
            out += n;
            this.pos += 2;
          } else if (n === 'n') {
            out += '\n';
            this.pos += 2;
          } else if (n === '\n') {
            this.pos += 2;
          } else {
            out += '\\';
            this.pos++;
          }
        } else if (n === '$') {
          out += '$';
          this.pos += 2;
        } else {
          out += '\\';
          this.pos++;
        }
        keep = out.length;
        continue;
      }
      if (c === '$') {
        out += this.expansion(inDouble);
        keep = out.length;
        continue;
      }
      out += c;
      this.pos++;
      if (c !== ' ' && c !== '\t') keep = out.length;
    }
  }

  /** At a `$`: the expansion's value, pos after it. */
  private expansion(inDouble: boolean): string {
    const dollar = this.pos;
    const n = this.src.charAt(dollar + 1);
    if (n === '(') throw new Problem(dollar, 'command substitution $(...) is not supported: quote the value with single quotes');
    if (n !== '{') {
      this.pos++;
      const name = this.readName();
      return name ? (this.value(name) ?? '') : '$';
    }
    this.pos += 2;
    const nameAt = this.pos;
    const name = this.readName();
    const close = (): void => {
      if (this.peek() !== '}') throw new Problem(dollar, 'unterminated ${...} expansion');
      this.pos++;
    };
    const op = /^(:?[-+?])/.exec(this.src.slice(this.pos, this.pos + 2))?.[1];
    if (!name || (this.peek() !== '}' && !op)) {
      const end = this.src.indexOf('}', nameAt);
      if (end < 0 || end > this.lineEnd(dollar)) throw new Problem(dollar, 'unterminated ${...} expansion');
      const text = this.src.slice(dollar, end + 1);
      throw new Problem(dollar, `unsupported expansion ${text}: use $NAME, \${NAME}, \${NAME:-default} or \${NAME-default}`);
    }
    if (!op) {
      close();
      return this.value(name) ?? '';
    }
    this.pos += op.length;
    const word = this.word(inDouble ? 'word-double' : 'word-unquoted');
    close();
    const current = this.value(name);
    const colon = op.startsWith(':');
    const missing = current === undefined || (colon && current === '');
    switch (op.charAt(op.length - 1)) {
      case '-':
        return missing ? word : (current ?? '');
      case '+':
        return missing ? '' : word;
      default: // '?'
        if (missing) throw new Problem(dollar, `${name} is ${current === undefined ? 'not set' : 'empty'}${word ? `: ${word}` : ''}`);
        return current ?? '';
    }
  }
}

export function parseDeployEnvFile(text: string, lookup?: (name: string) => string | undefined): EnvParseResult {
  const src = universalNewlines(text.startsWith('\ufeff') ? text.slice(1) : text);
  const parser = new DeployParser(src, lookup ?? (() => undefined));
  parser.parse();
  return { entries: parser.entries, problems: parser.problems };
}
