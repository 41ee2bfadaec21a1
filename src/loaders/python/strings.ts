import {
  type Value,
  floatRepr,
  numberOf,
  pyStr,
  repr,
} from '../../engine/values.ts';

export interface StringLiteral {
  readonly kind: 'str' | 'bytes';
  readonly value: string;
}

/** A literal's prefix letters, lower-cased (`rb`, `f`, ...), and the quoted body. */
export function splitPrefix(token: string): { prefix: string; quote: string; body: string } {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(token);
  if (!m) return { prefix: '', quote: '', body: token };
  const prefix = (m[1] ?? '').toLowerCase();
  const quote = m[2] ?? '';
  return { prefix, quote, body: token.slice(m[0].length, token.length - quote.length) };
}

/** Decodes a (non-f) string literal token. Returns null for escapes it does not model (`\N{...}`). */
export function decodeStringToken(token: string): StringLiteral | null {
  const { prefix, body } = splitPrefix(token);
  const bytes = prefix.includes('b');
  if (prefix.includes('r')) return { kind: bytes ? 'bytes' : 'str', value: body };
  const value = decodeEscapes(body, bytes);
  return value === null ? null : { kind: bytes ? 'bytes' : 'str', value };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Python's escape processing for a non-raw literal body. */
export function decodeEscapes(body: string, bytes: boolean): string | null {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1];
    if (n === undefined) {
      out += '\\';
      continue;
    }
    i++;
    if (n === '\n') continue;
    if (n === '\r') {
      if (body[i + 1] === '\n') i++;
      continue;
    }
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    if (n >= '0' && n <= '7') {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCodePoint(parseInt(digits, 8));
      continue;
    }
    const hexLength = n === 'x' ? 2 : !bytes && n === 'u' ? 4 : !bytes && n === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLength);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) return null;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return null;
      out += String.fromCodePoint(code);
      i += hexLength;
      continue;
    }
    if (!bytes && n === 'N') return null;
    // Unknown escapes keep their backslash (Python warns but keeps it).
    out += `\\${n}`;
  }
  return out;
}

/** Replaces `{{` and `}}` in the literal parts of an f-string. */
export function unescapeBraces(s: string): string {
  return s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}

export class FormatError extends Error {}

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/su.exec(spec);
  if (!m) throw new FormatError(`unsupported format spec '${spec}'`);
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? '',
    sign: m[3] ?? '-',
    alt: m[5] === '#',
    zero: m[6] === '0',
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : null,
    type: m[10] ?? '',
  };
}

function pad(s: string, spec: Spec, defaultAlign: string): string {
  const length = [...s].length;
  if (length >= spec.width) return s;
  const fill = spec.fill;
  const n = spec.width - length;
  const align = spec.align || (spec.zero && defaultAlign === '>' ? '=' : defaultAlign);
  switch (align) {
    case '<':
      return s + fill.repeat(n);
    case '^':
      return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(Math.ceil(n / 2));
    case '=': {
      const sign = /^[+\- ]/.test(s) ? (s[0] as string) : '';
      return sign + fill.repeat(n) + s.slice(sign.length);
    }
    default:
      return fill.repeat(n) + s;
  }
}

/**
 * `n.toFixed(digits)` with Python's rounding: both round the exact binary value, but on an exact tie
 * (2.25 to one digit) JavaScript rounds up and Python to even.
 */
export function toFixedPython(n: number, digits: number): string {
  const plain = n.toFixed(digits);
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return plain;
  const exact = n.toFixed(Math.min(100, digits + 30));
  const tail = exact.slice(exact.indexOf('.') + 1 + digits);
  if (!/^50*$/.test(tail)) return plain;
  const down = exact.slice(0, exact.length - tail.length).replace(/\.$/, '');
  const lastDigit = Number(down.replace(/\D/g, '').slice(-1));
  return lastDigit % 2 === 0 ? down : plain;
}

function group(digits: string, sep: string, every = 3): string {
  if (!sep) return digits;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % every === 0) out += sep;
    out += digits[i];
  }
  return out;
}

function signed(n: number, body: string, sign: string): string {
  if (n < 0 || Object.is(n, -0)) return `-${body}`;
  if (sign === '+') return `+${body}`;
  if (sign === ' ') return ` ${body}`;
  return body;
}

/** `format(value, spec)` for the types settings use: str, int, float, bool. */
export function formatValue(v: Value, specText: string): string {
  if (specText === '') return pyStr(v);
  const spec = parseSpec(specText);
  if (v.t === 'str' || v.t === 'path') {
    if (spec.type && spec.type !== 's') throw new FormatError(`unknown format code '${spec.type}' for str`);
    const s = spec.precision !== null ? [...v.v].slice(0, spec.precision).join('') : v.v;
    return pad(s, spec, '<');
  }
  if (v.t === 'int' || v.t === 'bool' || v.t === 'float') {
    const n = numberOf(v);
    const isInt = v.t !== 'float';
    let type = spec.type;
    if (!type) type = isInt ? 'd' : 'g-default';
    let body: string;
    switch (type) {
      case 'd':
      case 'n':
        if (!isInt) throw new FormatError("unknown format code 'd' for float");
        body = group(String(Math.abs(n)), spec.grouping);
        break;
      case 'x':
      case 'X':
      case 'o':
      case 'b': {
        if (!isInt) throw new FormatError(`unknown format code '${type}' for float`);
        const radix = type === 'o' ? 8 : type === 'b' ? 2 : 16;
        body = Math.abs(n).toString(radix);
        if (type === 'X') body = body.toUpperCase();
        if (spec.grouping === '_') body = group(body, '_', 4);
        if (spec.alt) body = `0${type === 'X' ? 'X' : type}${body}`;
        break;
      }
      case 'c':
        return pad(String.fromCodePoint(n), spec, '<');
      case 'f':
      case 'F':
      case '%': {
        const scaled = type === '%' ? Math.abs(n) * 100 : Math.abs(n);
        const fixed = toFixedPython(scaled, spec.precision ?? 6);
        const [ip = '', fp] = fixed.split('.');
        body = group(ip, spec.grouping) + (fp !== undefined ? `.${fp}` : '') + (type === '%' ? '%' : '');
        break;
      }
      case 'e':
      case 'E': {
        const [m = '', e = '0'] = Math.abs(n).toExponential(spec.precision ?? 6).split('e');
        const exp = Number(e);
        body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
        if (type === 'E') body = body.toUpperCase();
        break;
      }
      case 'g-default':
        body = spec.precision === null ? floatRepr(Math.abs(n)) : generalFormat(Math.abs(n), spec.precision);
        break;
      case 'g':
      case 'G':
        body = generalFormat(Math.abs(n), spec.precision ?? 6);
        if (type === 'G') body = body.toUpperCase();
        break;
      default:
        throw new FormatError(`unsupported format code '${type}'`);
    }
    const s = signed(n, body, spec.sign);
    return pad(s, spec, '>');
  }
  throw new FormatError(`cannot format a ${v.t} with a spec`);
}

function generalFormat(n: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(n));
  if (exp >= -4 && exp < p) {
    const s = n.toFixed(Math.max(0, p - 1 - exp));
    return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  }
  const [m = '', e = '0'] = n.toExponential(p - 1).split('e');
  const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
  const ex = Number(e);
  return `${mant}e${ex < 0 ? '-' : '+'}${String(Math.abs(ex)).padStart(2, '0')}`;
}

export function convert(v: Value, conversion: string): Value {
  if (conversion === 'r' || conversion === 'a') return { t: 'str', v: repr(v) };
  if (conversion === 's') return { t: 'str', v: pyStr(v) };
  throw new FormatError(`unknown conversion '!${conversion}'`);
}

/** printf-style `%` formatting. `args` is a tuple's items, or a single value, or a dict for `%(name)s`. */
export function percentFormat(
  template: string,
  args: readonly Value[] | null,
  mapping: ((key: string) => Value | undefined) | null,
): string {
  let out = '';
  let argIndex = 0;
  const re = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])/gy;
  let last = 0;
  for (let i = template.indexOf('%'); i !== -1; i = template.indexOf('%', last)) {
    out += template.slice(last, i);
    re.lastIndex = i;
    const m = re.exec(template);
    if (!m) throw new FormatError('incomplete format');
    last = re.lastIndex;
    const [, key, flags = '', width, precision, type = ''] = m;
    if (type === '%') {
      out += '%';
      continue;
    }
    if (width === '*' || precision === '*') throw new FormatError("'*' width is not supported");
    let value: Value | undefined;
    if (key !== undefined) {
      if (!mapping) throw new FormatError('format requires a mapping');
      value = mapping(key);
      if (!value) throw new FormatError(`missing key '${key}'`);
    } else {
      if (!args) throw new FormatError('not enough arguments for format string');
      value = args[argIndex++];
      if (!value) throw new FormatError('not enough arguments for format string');
    }
    const align = flags.includes('-') ? '<' : '';
    const zero = flags.includes('0') && !flags.includes('-');
    const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const widthPart = width ?? '';
    const precPart = precision !== undefined ? `.${precision}` : '';
    let piece: string;
    switch (type) {
      case 's':
      case 'r':
      case 'a': {
        const text = type === 's' ? pyStr(value) : repr(value);
        piece = formatValue({ t: 'str', v: text }, `${align}${widthPart}${precPart}`);
        break;
      }
      case 'd':
      case 'i':
      case 'u': {
        if (value.t !== 'int' && value.t !== 'bool' && value.t !== 'float') {
          throw new FormatError(`%${type} format: a real number is required, not ${value.t}`);
        }
        const n = Math.trunc(numberOf(value));
        piece = formatValue({ t: 'int', v: n }, `${align}${sign}${zero ? '0' : ''}${widthPart}d`);
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
      case 'o': {
        if (value.t !== 'int' && value.t !== 'bool' && value.t !== 'float') {
          throw new FormatError(`%${type} format: a number is required, not ${value.t}`);
        }
        const numeric: Value = 'xXo'.includes(type) ? { t: 'int', v: Math.trunc(numberOf(value)) } : { t: 'float', v: numberOf(value) };
        piece = formatValue(numeric, `${align}${sign}${flags.includes('#') ? '#' : ''}${zero ? '0' : ''}${widthPart}${precPart}${type}`);
        break;
      }
      default:
        throw new FormatError(`unsupported format character '${type}'`);
    }
    out += piece;
  }
  out += template.slice(last);
  if (args && argIndex < args.length && !mapping) throw new FormatError('not all arguments converted during string formatting');
  return out;
}

export interface FormatField {
  /** '' for automatic numbering, a number, or a keyword name. */
  readonly name: string;
  /** `.attr` and `[key]` accessors after the name. */
  readonly accessors: readonly { readonly kind: 'attr' | 'index'; readonly key: string }[];
  readonly conversion: string;
  readonly spec: string;
}

/** Splits a `str.format` template into literal text and fields. */
export function parseFormatTemplate(template: string): Array<string | FormatField> {
  const parts: Array<string | FormatField> = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') {
        text += '{';
        i++;
        continue;
      }
      let depth = 1;
      let j = i + 1;
      for (; j < template.length && depth > 0; j++) {
        if (template[j] === '{') depth++;
        else if (template[j] === '}') depth--;
      }
      if (depth !== 0) throw new FormatError("expected '}' before end of string");
      const inner = template.slice(i + 1, j - 1);
      if (text) parts.push(text);
      text = '';
      parts.push(parseField(inner));
      i = j - 1;
    } else if (c === '}') {
      if (template[i + 1] !== '}') throw new FormatError("single '}' encountered in format string");
      text += '}';
      i++;
    } else {
      text += c;
    }
  }
  if (text) parts.push(text);
  return parts;
}

function parseField(inner: string): FormatField {
  let rest = inner;
  let spec = '';
  let conversion = '';
  const colon = indexOutsideBrackets(rest, ':');
  if (colon !== -1) {
    spec = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const bang = rest.indexOf('!');
  if (bang !== -1) {
    conversion = rest.slice(bang + 1);
    rest = rest.slice(0, bang);
  }
  const m = /^[^.[]*/.exec(rest);
  const name = m ? m[0] : '';
  const accessors: Array<{ kind: 'attr' | 'index'; key: string }> = [];
  const re = /\.([^.[]+)|\[([^\]]*)\]/gy;
  re.lastIndex = name.length;
  while (re.lastIndex < rest.length) {
    const a = re.exec(rest);
    if (!a) throw new FormatError('invalid format field');
    if (a[1] !== undefined) accessors.push({ kind: 'attr', key: a[1] });
    else accessors.push({ kind: 'index', key: a[2] ?? '' });
  }
  return { name, accessors, conversion, spec };
}

function indexOutsideBrackets(s: string, ch: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']') depth--;
    else if (s[i] === ch && depth === 0) return i;
  }
  return -1;
}
