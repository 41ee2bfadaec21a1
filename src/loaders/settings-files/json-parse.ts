/**
 * A strict JSON parser (RFC 8259) that keeps the offset of every value and object key, which JSON.parse
 * cannot. It accepts exactly what RFC 8259 allows: no trailing commas, no comments, no NaN/Infinity, no
 * single quotes, no leading zeros, no unescaped control characters in strings. Like Python's json module
 * and JSON.parse, a repeated object key keeps its first position and takes the last value (RFC 8259 leaves
 * this open; both implementations do so). Lone surrogate escapes (`"\ud800"`) are kept, as both do.
 */

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonLiteral;

export interface JsonMember {
  readonly key: string;
  /** Offset of the key's opening quote. */
  readonly keyOffset: number;
  readonly value: JsonNode;
}
export interface JsonObject {
  readonly kind: 'object';
  readonly offset: number;
  /** Every member in source order, duplicates included. */
  readonly members: readonly JsonMember[];
}
export interface JsonArray {
  readonly kind: 'array';
  readonly offset: number;
  readonly items: readonly JsonNode[];
}
export interface JsonString {
  readonly kind: 'string';
  readonly offset: number;
  readonly value: string;
}
export interface JsonNumber {
  readonly kind: 'number';
  readonly offset: number;
  /** The literal as written: it tells an int (`1`) from a float (`1.0`, `1e0`) the way Python's json does. */
  readonly text: string;
}
export interface JsonLiteral {
  readonly kind: 'true' | 'false' | 'null';
  readonly offset: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Deeper nesting than this is refused (Python's json gives up near 1000 levels too). */
const MAX_DEPTH = 500;

export function parseJson(text: string): JsonNode {
  const p = new JsonParser(text);
  // RFC 8259 §8.1: a parser MAY ignore a byte-order mark.
  if (text.charCodeAt(0) === 0xfeff) p.pos = 1;
  p.skipSpace();
  if (p.pos >= text.length) throw new JsonSyntaxError('the file is empty: expected a JSON value', p.pos);
  const value = p.value(0);
  p.skipSpace();
  if (p.pos < text.length) throw new JsonSyntaxError(`unexpected ${p.describe(p.pos)} after the JSON value`, p.pos);
  return value;
}

class JsonParser {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else if (c === 0x2f && (t[this.pos + 1] === '/' || t[this.pos + 1] === '*')) throw new JsonSyntaxError('comments are not allowed in JSON', this.pos);
      else return;
    }
  }

  /** What is at `at`, for a message. Unquoted text is not echoed: it may be a secret missing its quotes. */
  describe(at: number): string {
    if (at >= this.text.length) return 'end of file';
    const cp = this.text.codePointAt(at) ?? 0;
    if (cp < 0x20 || cp === 0x7f) return `control character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const ch = String.fromCodePoint(cp);
    if (/[\p{L}\p{N}_$]/u.test(ch)) return 'unquoted text';
    return `'${ch}'`;
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`, this.pos);
    const t = this.text;
    const at = this.pos;
    const c = t[at];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return { kind: 'string', offset: at, value: this.string() };
      case undefined:
        throw new JsonSyntaxError('unexpected end of file: expected a JSON value', at);
      case "'":
        throw new JsonSyntaxError('strings must use double quotes in JSON', at);
      default:
        break;
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const lit of ['true', 'false', 'null'] as const) {
      if (t.startsWith(lit, at)) {
        this.pos += lit.length;
        return { kind: lit, offset: at };
      }
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(t.slice(at, at + 40))?.[0];
    if (word === 'NaN' || word === 'Infinity') throw new JsonSyntaxError(`${word} is not valid JSON`, at);
    if (word === 'True' || word === 'False' || word === 'None') {
      throw new JsonSyntaxError(`'${word}' is Python, not JSON (write ${word === 'None' ? 'null' : word.toLowerCase()})`, at);
    }
    throw new JsonSyntaxError(`unexpected ${this.describe(at)}: expected a JSON value`, at);
  }

  object(depth: number): JsonObject {
    const t = this.text;
    const offset = this.pos;
    this.pos++;
    const members: JsonMember[] = [];
    this.skipSpace();
    if (t[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', offset, members };
    }
    for (;;) {
      this.skipSpace();
      const keyOffset = this.pos;
      if (t[this.pos] !== '"') {
        if (t[this.pos] === '}' && members.length > 0) throw new JsonSyntaxError('trailing comma before \'}\' is not allowed in JSON', this.lastComma);
        if (t[this.pos] === "'") throw new JsonSyntaxError('strings must use double quotes in JSON', this.pos);
        throw new JsonSyntaxError(`unexpected ${this.describe(this.pos)}: expected a double-quoted property name`, this.pos);
      }
      const key = this.string();
      this.skipSpace();
      if (t[this.pos] !== ':') throw new JsonSyntaxError(`unexpected ${this.describe(this.pos)}: expected ':' after the property name`, this.pos);
      this.pos++;
      this.skipSpace();
      const value = this.value(depth + 1);
      members.push({ key, keyOffset, value });
      this.skipSpace();
      const sep = t[this.pos];
      if (sep === ',') {
        this.lastComma = this.pos;
        this.pos++;
        continue;
      }
      if (sep === '}') {
        this.pos++;
        return { kind: 'object', offset, members };
      }
      throw new JsonSyntaxError(`unexpected ${this.describe(this.pos)}: expected ',' or '}' after a property value`, this.pos);
    }
  }

  private lastComma = 0;

  array(depth: number): JsonArray {
    const t = this.text;
    const offset = this.pos;
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (t[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', offset, items };
    }
    for (;;) {
      this.skipSpace();
      if (t[this.pos] === ']' && items.length > 0) throw new JsonSyntaxError('trailing comma before \']\' is not allowed in JSON', this.lastComma);
      if (t[this.pos] === ',') throw new JsonSyntaxError('unexpected \',\': expected a JSON value', this.pos);
      items.push(this.value(depth + 1));
      this.skipSpace();
      const sep = t[this.pos];
      if (sep === ',') {
        this.lastComma = this.pos;
        this.pos++;
        continue;
      }
      if (sep === ']') {
        this.pos++;
        return { kind: 'array', offset, items };
      }
      throw new JsonSyntaxError(`unexpected ${this.describe(this.pos)}: expected ',' or ']' after an array item`, this.pos);
    }
  }

  number(): JsonNumber {
    const t = this.text;
    const offset = this.pos;
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(t.slice(offset, offset + 400));
    if (!m) {
      if (t[offset] === '-' && t.startsWith('Infinity', offset + 1)) throw new JsonSyntaxError('-Infinity is not valid JSON', offset);
      throw new JsonSyntaxError(`invalid number: expected a digit after '-'`, offset + 1);
    }
    const end = offset + m[0].length;
    const next = t[end];
    if (next !== undefined && /[0-9.eE+\-xXa-zA-Z_]/.test(next)) {
      if (/^-?0[0-9]/.test(t.slice(offset, offset + 3))) throw new JsonSyntaxError('numbers must not have leading zeros in JSON', offset);
      if (next === '.' && !/[.eE]/.test(m[0])) throw new JsonSyntaxError('invalid number: expected a digit after \'.\'', end + 1);
      if ((next === 'e' || next === 'E') && !/[eE]/.test(m[0])) throw new JsonSyntaxError('invalid number: expected a digit in the exponent', end + 1);
      throw new JsonSyntaxError(`invalid number: unexpected ${this.describe(end)}`, end);
    }
    this.pos = end;
    return { kind: 'number', offset, text: m[0] };
  }

  /** Reads a string at `pos` (which is on its opening quote) and returns its value. */
  string(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= t.length) throw new JsonSyntaxError('unterminated string', start);
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        out += t.slice(runStart, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) {
        if (c === 0x0a || c === 0x0d) throw new JsonSyntaxError('unterminated string (a line break inside a string must be written \\n)', start);
        throw new JsonSyntaxError(`control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in a string must be escaped`, i);
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(runStart, i);
      const e = t[i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          i += 2;
          break;
        case 'b':
          out += '\b';
          i += 2;
          break;
        case 'f':
          out += '\f';
          i += 2;
          break;
        case 'n':
          out += '\n';
          i += 2;
          break;
        case 'r':
          out += '\r';
          i += 2;
          break;
        case 't':
          out += '\t';
          i += 2;
          break;
        case 'u': {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('invalid \\u escape: expected four hex digits', i);
          // Two escapes of a surrogate pair make one character: the UTF-16 units simply follow each other.
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          break;
        }
        case undefined:
          throw new JsonSyntaxError('unterminated string', start);
        default:
          throw new JsonSyntaxError(`invalid escape '\\${e}' in a string`, i);
      }
      runStart = i;
    }
  }
}
