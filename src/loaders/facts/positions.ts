/**
 * TOML and JSON parsers give values without positions. These scanners walk the same text and record where each
 * key (and each array item) starts, keyed by its path, so a fact can point at its line. They run only after the
 * real parser (smol-toml, JSON.parse) accepted the text, so they follow the grammar without re-validating it.
 */

export type PathPart = string | number;

/** The map key of a path: `['tool', 'poetry', 'dependencies', 'django']`. */
export function pathKey(path: readonly PathPart[]): string {
  return JSON.stringify(path);
}

function decodeBasic(body: string): string {
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const c = body[k] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++k];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'f':
        out += '\f';
        break;
      case 'r':
        out += '\r';
        break;
      case 'e':
        out += '\u001b';
        break;
      case 'u':
      case 'U': {
        const len = e === 'u' ? 4 : 8;
        out += String.fromCodePoint(Number.parseInt(body.slice(k + 1, k + 1 + len), 16) || 0);
        k += len;
        break;
      }
      case 'x':
        out += String.fromCharCode(Number.parseInt(body.slice(k + 1, k + 3), 16) || 0);
        k += 2;
        break;
      default:
        out += e ?? '';
    }
  }
  return out;
}

/**
 * Offsets of every key, table header and array item of a TOML document, by path. Paths longer than `maxDepth`
 * are walked but not recorded (a uv.lock has thousands of wheel entries nobody asks about).
 */
export function tomlPositions(text: string, maxDepth = Infinity): Map<string, number> {
  const out = new Map<string, number>();
  const arrayTables = new Map<string, number>();
  let i = 0;
  let table: PathPart[] = [];

  const skipBlank = (newlines: boolean) => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else if (newlines && (c === 10 || c === 13)) i++;
      else if (c === 35) {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end;
      } else return;
    }
  };

  /** Skips a string at `i`; returns its decoded text when `decode` (keys), else ''. */
  const readString = (decode: boolean): string => {
    const quote = text.charCodeAt(i);
    const q = quote === 34 ? '"' : "'";
    const triple = text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote;
    const start = i + (triple ? 3 : 1);
    i = start;
    for (;;) {
      if (i >= text.length) return decode ? text.slice(start) : '';
      const c = text.charCodeAt(i);
      if (quote === 34 && c === 92) {
        i += 2;
        continue;
      }
      if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
        let end = i;
        i += triple ? 3 : 1;
        // A multi-line string may end with one or two quotes before its closing delimiter.
        while (triple && text.charCodeAt(i) === quote && i - end < 5) {
          i++;
          end++;
        }
        if (!decode) return '';
        const body = text.slice(start, end);
        return q === '"' ? decodeBasic(body) : body;
      }
      if (!triple && (c === 10 || c === 13)) return decode ? text.slice(start, i) : '';
      i++;
    }
  };

  const readKey = (): { parts: string[]; at: number } => {
    const at = i;
    const parts: string[] = [];
    for (;;) {
      skipBlank(false);
      if (text[i] === '"' || text[i] === "'") parts.push(readString(true));
      else {
        const start = i;
        for (;;) {
          const c = text.charCodeAt(i);
          // A-Z a-z 0-9 _ -
          if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45) i++;
          else break;
        }
        parts.push(text.slice(start, i));
      }
      skipBlank(false);
      if (text[i] !== '.') return { parts, at };
      i++;
    }
  };

  /** `path` is null below maxDepth: walk, but record nothing. */
  const record = (path: PathPart[] | null, at: number): void => {
    if (path && path.length <= maxDepth) out.set(pathKey(path), at);
  };
  const child = (path: PathPart[] | null, ...parts: PathPart[]): PathPart[] | null => (path && path.length + parts.length <= maxDepth ? [...path, ...parts] : null);
  const value = (path: PathPart[] | null): void => {
    const c = text[i];
    if (c === '"' || c === "'") {
      readString(false);
    } else if (c === '[') {
      i++;
      let index = 0;
      for (;;) {
        skipBlank(true);
        if (i >= text.length || text[i] === ']') {
          i++;
          return;
        }
        const before = i;
        const item = child(path, index);
        record(item, i);
        value(item);
        index++;
        skipBlank(true);
        if (text[i] === ',') i++;
        else if (text[i] !== ']' && i === before) i++;
      }
    } else if (c === '{') {
      i++;
      for (;;) {
        skipBlank(true);
        if (i >= text.length || text[i] === '}') {
          i++;
          return;
        }
        const before = i;
        const key = readKey();
        const member = child(path, ...key.parts);
        record(member, key.at);
        skipBlank(false);
        if (text[i] === '=') i++;
        skipBlank(false);
        value(member);
        skipBlank(true);
        if (text[i] === ',') i++;
        else if (text[i] !== '}' && i === before) i++;
      }
    } else {
      for (; i < text.length; i++) {
        const d = text.charCodeAt(i);
        // , ] } # \r \n end a bare value (a number, boolean or date)
        if (d === 44 || d === 93 || d === 125 || d === 35 || d === 13 || d === 10) break;
      }
    }
  };

  while (i < text.length) {
    skipBlank(true);
    if (i >= text.length) break;
    const before = i;
    if (text[i] === '[') {
      const at = i;
      const isArray = text[i + 1] === '[';
      i += isArray ? 2 : 1;
      const { parts } = readKey();
      i += isArray ? 2 : 1;
      const resolved: PathPart[] = [];
      parts.forEach((part, k) => {
        resolved.push(part);
        const key = pathKey(resolved);
        if (k < parts.length - 1 && arrayTables.has(key)) resolved.push(arrayTables.get(key) as number);
      });
      if (isArray) {
        const key = pathKey(resolved);
        const index = (arrayTables.get(key) ?? -1) + 1;
        arrayTables.set(key, index);
        resolved.push(index);
      }
      table = resolved;
      record(table, at);
      continue;
    }
    const key = readKey();
    const path = [...table, ...key.parts];
    record(path, key.at);
    skipBlank(false);
    if (text[i] === '=') i++;
    skipBlank(false);
    value(path);
    // Defensive: the text was validated by the TOML parser, but never loop on something unexpected.
    if (i === before) i++;
  }
  return out;
}

export interface JsonScan {
  /** Offsets of object members (their key) and array items, by path. */
  readonly positions: Map<string, number>;
  /** The first syntax error, with its offset. */
  readonly error: { readonly message: string; readonly offset: number } | null;
}

/** Offsets of every member and item of a JSON document, and the offset of its first syntax error. */
export function jsonPositions(text: string): JsonScan {
  const positions = new Map<string, number>();
  let i = 0;
  class Stop extends Error {
    constructor(
      readonly msg: string,
      readonly at: number,
    ) {
      super(msg);
    }
  }
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const fail = (what: string): never => {
    throw new Stop(i >= text.length ? `unexpected end of JSON, expected ${what}` : `unexpected ${JSON.stringify(text[i])}, expected ${what}`, i);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if ((text.charCodeAt(i) ?? 0) < 0x20) fail('a closing quote');
      i++;
    }
    if (text[i] !== '"') fail('a closing quote');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: PathPart[]): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name');
        const at = i;
        const key = str();
        positions.set(pathKey([...path, key]), at);
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        value([...path, key]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("',' or '}'");
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        ws();
        positions.set(pathKey([...path, index]), i);
        value([...path, index]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("',' or ']'");
      }
    } else if (c === '"') {
      str();
    } else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail('a value');
      i += (m as RegExpExecArray)[0].length;
    }
  };
  try {
    value([]);
    ws();
    if (i < text.length) fail('the end of the document');
    return { positions, error: null };
  } catch (e) {
    if (e instanceof Stop) return { positions, error: { message: e.msg, offset: e.at } };
    throw e;
  }
}
