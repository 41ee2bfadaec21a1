/** A word of a shell command line after quote removal, with where it starts in the text. */
export interface ShellWord {
  readonly text: string;
  /** Offset of the word's first character in the parsed text. */
  readonly start: number;
  /** Contains a parameter expansion or command substitution (`$PORT`, `${X:-y}`, `$(...)`, backticks), kept as written. */
  readonly expands: boolean;
}

export interface ShellParse {
  /** Simple commands, split at `;`, `&`, `&&`, `|`, `||`, newlines, parentheses and braces. */
  readonly commands: readonly (readonly ShellWord[])[];
  /** The first problem (an unterminated quote), or null. */
  readonly error: { readonly message: string; readonly offset: number } | null;
}

const BLANK = new Set([' ', '\t']);
const OPERATOR = new Set([';', '&', '|', '(', ')', '\n', '\r']);

/**
 * Splits a POSIX shell command line into simple commands and words, the way `sh` reads it before expansion:
 * quotes and backslashes are removed, expansions are kept as written (their values are not known here),
 * comments and redirections are dropped. Control structures (`if`, `case`, functions) are not interpreted:
 * their keywords come out as ordinary words.
 */
export function splitShell(text: string): ShellParse {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let error: ShellParse['error'] = null;
  let i = 0;

  const endCommand = () => {
    const kept = words.filter((w) => w.text !== '{' && w.text !== '}');
    if (kept.length > 0) commands.push(kept);
    words = [];
  };

  /** Copies an expansion starting at `$` or a backtick verbatim; returns its text. */
  const expansion = (): string => {
    const start = i;
    if (text[i] === '`') {
      i++;
      while (i < text.length && text[i] !== '`') i += text[i] === '\\' ? 2 : 1;
      i++;
      return text.slice(start, Math.min(i, text.length));
    }
    i++; // $
    const open = text[i];
    if (open === '{' || open === '(') {
      const close = open === '{' ? '}' : ')';
      let depth = 0;
      for (; i < text.length; i++) {
        const c = text[i];
        if (c === '\\') {
          i++;
          continue;
        }
        if (c === "'" && close === ')') {
          const end = text.indexOf("'", i + 1);
          i = end < 0 ? text.length : end;
          continue;
        }
        if (c === open) depth++;
        else if (c === close && --depth === 0) {
          i++;
          break;
        }
      }
      return text.slice(start, i);
    }
    while (i < text.length && /[A-Za-z0-9_@*#?$!-]/.test(text[i] as string)) {
      const special = !/[A-Za-z0-9_]/.test(text[i] as string);
      i++;
      if (special && i - start === 2) break; // $?, $@, $1 ... are one character
    }
    return text.slice(start, i);
  };

  const readWord = (): ShellWord => {
    const start = i;
    let out = '';
    let expands = false;
    while (i < text.length) {
      const c = text[i] as string;
      if (BLANK.has(c) || OPERATOR.has(c) || c === '<' || c === '>') break;
      if (c === '\\') {
        if (text[i + 1] === '\n') i += 2;
        else {
          out += text[i + 1] ?? '';
          i += 2;
        }
        continue;
      }
      if (c === "'") {
        const end = text.indexOf("'", i + 1);
        if (end < 0) {
          error ??= { message: 'unterminated single quote', offset: i };
          out += text.slice(i + 1);
          i = text.length;
          break;
        }
        out += text.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (c === '"') {
        const open = i;
        i++;
        while (i < text.length && text[i] !== '"') {
          const d = text[i] as string;
          if (d === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) {
            if (text[i + 1] !== '\n') out += text[i + 1];
            i += 2;
          } else if (d === '$' || d === '`') {
            out += expansion();
            expands = true;
          } else {
            out += d;
            i++;
          }
        }
        if (i >= text.length) {
          error ??= { message: 'unterminated double quote', offset: open };
          break;
        }
        i++;
        continue;
      }
      if ((c === '$' && i + 1 < text.length && /[A-Za-z0-9_{(@*#?$!-]/.test(text[i + 1] as string)) || c === '`') {
        out += expansion();
        expands = true;
        continue;
      }
      out += c;
      i++;
    }
    return { text: out, start, expands };
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (OPERATOR.has(c)) {
      endCommand();
      i++;
      continue;
    }
    if (c === '<' || c === '>') {
      // A redirection: drop the operator (`>`, `>>`, `2>&1`, `&>`) and its target word.
      while (i < text.length && '<>&|'.includes(text[i] as string)) i++;
      while (BLANK.has(text[i] as string)) i++;
      if (i < text.length && !OPERATOR.has(text[i] as string)) readWord();
      continue;
    }
    const word = readWord();
    // `2>file`: a number directly before a redirection is its file descriptor, not a word.
    if ((text[i] === '<' || text[i] === '>') && /^\d+$/.test(word.text)) continue;
    words.push(word);
  }
  endCommand();
  return { commands, error };
}
