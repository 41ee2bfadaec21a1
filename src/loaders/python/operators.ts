import {
  type DictValue,
  type SetValue,
  type Value,
  FALSE,
  TRUE,
  bool,
  findUnresolved,
  float,
  hashKey,
  int,
  list,
  numberOf,
  pyEquals,
  pyIs,
  tuple,
  typeName,
} from '../../engine/values.ts';
import { FormatError, percentFormat } from './strings.ts';

/** A Python exception raised by an operator (TypeError, ZeroDivisionError, ...); the evaluator adds the position. */
export class OpFailure extends Error {
  constructor(
    readonly excType: string,
    message: string,
  ) {
    super(message);
  }
}

type Num = Extract<Value, { t: 'bool' | 'int' | 'float' }>;

function isNum(v: Value): v is Num {
  return v.t === 'bool' || v.t === 'int' || v.t === 'float';
}

function intResult(n: number): Value {
  if (!Number.isSafeInteger(n)) throw new OpFailure('OverflowError', 'integer result is too large to evaluate exactly');
  return int(n);
}

function numeric(a: Num, b: Num, op: (x: number, y: number) => number): Value {
  const r = op(numberOf(a), numberOf(b));
  return a.t === 'float' || b.t === 'float' ? float(r) : intResult(r);
}

function unsupported(op: string, a: Value, b: Value): never {
  throw new OpFailure('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function floorDiv(x: number, y: number): number {
  if (y === 0) throw new OpFailure('ZeroDivisionError', 'integer division or modulo by zero');
  return Math.floor(x / y);
}

function pyMod(x: number, y: number): number {
  if (y === 0) throw new OpFailure('ZeroDivisionError', 'integer division or modulo by zero');
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

/** Joins POSIX path parts the way pathlib does: an absolute part restarts, `.` and empty parts vanish. */
export function joinPath(base: string, part: string): string {
  const joined = part.startsWith('/') ? part : base === '' || base === '.' ? part : `${base.replace(/\/+$/, '')}/${part}`;
  return cleanPath(joined);
}

export function cleanPath(p: string): string {
  const absolute = p.startsWith('/');
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  const out = (absolute ? '/' : '') + parts.join('/');
  return out === '' ? '.' : out;
}

/** Like os.path.normpath / Path.resolve without symlinks: also folds `..`. */
export function normPath(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(s);
  }
  const r = (absolute ? '/' : '') + out.join('/');
  return r === '' ? (absolute ? '/' : '.') : r;
}

/** Objects that implement an operator themselves (environ.Path's `-`). */
interface WithOperators {
  binop(op: string, other: Value, reflected: boolean): Value | null;
}

function hasOperators(v: Value): v is Value & WithOperators {
  return v.t === 'object' && typeof (v as unknown as Partial<WithOperators>).binop === 'function';
}

export function binaryOp(op: string, a: Value, b: Value): Value {
  const unknown = a.t === 'unresolved' ? a : b.t === 'unresolved' ? b : null;
  if (unknown) return unknown;
  if (hasOperators(a)) {
    const r = a.binop(op, b, false);
    if (r) return r;
  }
  if (hasOperators(b)) {
    const r = b.binop(op, a, true);
    if (r) return r;
  }
  switch (op) {
    case '+':
      if (isNum(a) && isNum(b)) return numeric(a, b, (x, y) => x + y);
      if (a.t === 'str' && b.t === 'str') return { t: 'str', v: a.v + b.v };
      if (a.t === 'bytes' && b.t === 'bytes') return { t: 'bytes', v: a.v + b.v };
      if (a.t === 'list' && b.t === 'list') return list([...a.items, ...b.items], a.partial ?? b.partial);
      if (a.t === 'tuple' && b.t === 'tuple') return tuple([...a.items, ...b.items], a.partial ?? b.partial);
      return unsupported(op, a, b);
    case '-':
      if (isNum(a) && isNum(b)) return numeric(a, b, (x, y) => x - y);
      if (a.t === 'set' && b.t === 'set') {
        if (b.partial) return b.partial;
        const items = new Map([...a.items].filter(([k]) => !b.items.has(k)));
        return setOf(items, a.partial);
      }
      return unsupported(op, a, b);
    case '*': {
      if (isNum(a) && isNum(b)) return numeric(a, b, (x, y) => x * y);
      const [seq, count] = isNum(b) && b.t !== 'float' ? [a, numberOf(b)] : isNum(a) && a.t !== 'float' ? [b, numberOf(a)] : [null, 0];
      if (seq && count <= 10_000) {
        const n = Math.max(0, count);
        if (seq.t === 'str') return { t: 'str', v: seq.v.repeat(n) };
        if (seq.t === 'bytes') return { t: 'bytes', v: seq.v.repeat(n) };
        if (seq.t === 'list') return list(Array.from({ length: n }, () => seq.items).flat(), seq.partial);
        if (seq.t === 'tuple') return tuple(Array.from({ length: n }, () => seq.items).flat(), seq.partial);
      }
      return unsupported(op, a, b);
    }
    case '/':
      if (a.t === 'path' && (b.t === 'str' || b.t === 'path')) return { t: 'path', v: joinPath(a.v, b.v) };
      if (a.t === 'str' && b.t === 'path') return { t: 'path', v: joinPath(a.v, b.v) };
      if (isNum(a) && isNum(b)) {
        if (numberOf(b) === 0) throw new OpFailure('ZeroDivisionError', 'division by zero');
        return float(numberOf(a) / numberOf(b));
      }
      return unsupported(op, a, b);
    case '//':
      if (isNum(a) && isNum(b)) return numeric(a, b, floorDiv);
      return unsupported(op, a, b);
    case '%':
      if (isNum(a) && isNum(b)) return numeric(a, b, pyMod);
      if (a.t === 'str') return formatPercent(a.v, b);
      return unsupported(op, a, b);
    case '**':
      if (isNum(a) && isNum(b)) {
        if (numberOf(b) < 0 && a.t !== 'float') return float(numberOf(a) ** numberOf(b));
        return numeric(a, b, (x, y) => x ** y);
      }
      return unsupported(op, a, b);
    case '|':
    case '&':
    case '^':
      return bitwise(op, a, b);
    case '<<':
      if ((a.t === 'int' || a.t === 'bool') && (b.t === 'int' || b.t === 'bool')) return intResult(numberOf(a) * 2 ** numberOf(b));
      return unsupported(op, a, b);
    case '>>':
      if ((a.t === 'int' || a.t === 'bool') && (b.t === 'int' || b.t === 'bool')) return int(Math.floor(numberOf(a) / 2 ** numberOf(b)));
      return unsupported(op, a, b);
    default:
      throw new OpFailure('NotImplementedError', `operator ${op} is not evaluated`);
  }
}

function setOf(items: Map<string, Value>, partial: SetValue['partial']): SetValue {
  const s: SetValue = { t: 'set', items };
  if (partial) s.partial = partial;
  return s;
}

function bitwise(op: string, a: Value, b: Value): Value {
  if (a.t === 'bool' && b.t === 'bool') {
    const r = op === '|' ? a.v || b.v : op === '&' ? a.v && b.v : a.v !== b.v;
    return bool(r);
  }
  if ((a.t === 'int' || a.t === 'bool') && (b.t === 'int' || b.t === 'bool')) {
    const x = BigInt(numberOf(a));
    const y = BigInt(numberOf(b));
    const r = op === '|' ? x | y : op === '&' ? x & y : x ^ y;
    return intResult(Number(r));
  }
  if (a.t === 'set' && b.t === 'set') {
    if (op === '|') return setOf(new Map([...a.items, ...b.items]), a.partial ?? b.partial);
    if (a.partial || b.partial) return (a.partial ?? b.partial) as Value;
    if (op === '&') return setOf(new Map([...a.items].filter(([k]) => b.items.has(k))), undefined);
    return setOf(new Map([...[...a.items].filter(([k]) => !b.items.has(k)), ...[...b.items].filter(([k]) => !a.items.has(k))]), undefined);
  }
  if (op === '|' && a.t === 'dict' && b.t === 'dict') {
    const d: DictValue = { t: 'dict', entries: new Map([...a.entries, ...b.entries]) };
    const partial = a.partial ?? b.partial;
    if (partial) d.partial = partial;
    return d;
  }
  return unsupported(op, a, b);
}

function formatPercent(template: string, b: Value): Value {
  try {
    if (b.t === 'tuple') {
      if (b.partial) return b.partial;
      const u = b.items.find((i) => i.t === 'unresolved');
      if (u) return u;
      return { t: 'str', v: percentFormat(template, b.items, null) };
    }
    if (b.t === 'dict') {
      const lookup = (key: string) => b.entries.get(`s:${key}`)?.value;
      const u = findUnresolved(b);
      const text = percentFormat(template, [b], lookup);
      if (u && template.includes('%(')) return u;
      return { t: 'str', v: text };
    }
    return { t: 'str', v: percentFormat(template, [b], null) };
  } catch (e) {
    if (e instanceof FormatError) throw new OpFailure('TypeError', e.message);
    throw e;
  }
}

export function unaryOp(op: string, v: Value): Value {
  if (v.t === 'unresolved') return v;
  switch (op) {
    case '-':
      if (isNum(v)) return v.t === 'float' ? float(-v.v) : int(-numberOf(v));
      break;
    case '+':
      if (isNum(v)) return v.t === 'float' ? v : int(numberOf(v));
      break;
    case '~':
      if (v.t === 'int' || v.t === 'bool') return int(-numberOf(v) - 1);
      break;
  }
  throw new OpFailure('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`);
}

/** Python ordering; null when unknown. */
function order(a: Value, b: Value): number | null {
  if (isNum(a) && isNum(b)) return Math.sign(numberOf(a) - numberOf(b));
  if ((a.t === 'str' && b.t === 'str') || (a.t === 'bytes' && b.t === 'bytes')) {
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  }
  if ((a.t === 'list' && b.t === 'list') || (a.t === 'tuple' && b.t === 'tuple')) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const x = a.items[i] as Value;
      const y = b.items[i] as Value;
      const eq = pyEquals(x, y);
      if (eq === null) return null;
      if (!eq) return order(x, y);
    }
    if (a.partial || b.partial) return null;
    return Math.sign(a.items.length - b.items.length);
  }
  if (a.t === 'unresolved' || b.t === 'unresolved') return null;
  throw new OpFailure('TypeError', `'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** `needle in haystack`; null when unknown. */
export function contains(haystack: Value, needle: Value, site?: unknown): boolean | null {
  switch (haystack.t) {
    case 'str':
    case 'bytes':
      if (needle.t === 'unresolved') return null;
      if (needle.t !== haystack.t) throw new OpFailure('TypeError', `'in <string>' requires string as left operand, not ${typeName(needle)}`);
      return haystack.v.includes(needle.v);
    case 'list':
    case 'tuple': {
      let unknown = false;
      for (const item of haystack.items) {
        const eq = pyEquals(item, needle);
        if (eq === true) return true;
        if (eq === null) unknown = true;
      }
      return unknown || haystack.partial ? null : false;
    }
    case 'set':
    case 'dict': {
      const h = hashKey(needle);
      if (typeof h !== 'string') return null;
      const found = haystack.t === 'set' ? haystack.items.has(h) : haystack.entries.has(h);
      if (found) return true;
      return haystack.partial ? null : false;
    }
    case 'unresolved':
      return null;
    case 'object': {
      const o = haystack as unknown as { contains?: (v: Value, site: unknown) => boolean | null };
      if (typeof o.contains === 'function') return o.contains(needle, site);
      throw new OpFailure('Unknown', `membership in a ${haystack.type} is not evaluated`);
    }
    default:
      throw new OpFailure('TypeError', `argument of type '${typeName(haystack)}' is not iterable`);
  }
}

export function compare(op: string, a: Value, b: Value, site?: unknown): Value {
  let r: boolean | null;
  switch (op) {
    case '==':
      r = pyEquals(a, b);
      break;
    case '!=': {
      const eq = pyEquals(a, b);
      r = eq === null ? null : !eq;
      break;
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const o = order(a, b);
      r = o === null ? null : op === '<' ? o < 0 : op === '>' ? o > 0 : op === '<=' ? o <= 0 : o >= 0;
      break;
    }
    case 'in':
      r = contains(b, a, site);
      break;
    case 'not in': {
      const c = contains(b, a, site);
      r = c === null ? null : !c;
      break;
    }
    case 'is':
      r = pyIs(a, b);
      break;
    case 'is not': {
      const s = pyIs(a, b);
      r = s === null ? null : !s;
      break;
    }
    default:
      throw new OpFailure('NotImplementedError', `comparison ${op} is not evaluated`);
  }
  if (r === null) {
    const u = findUnresolved(a) ?? findUnresolved(b);
    if (u) return u;
    throw new OpFailure('Unknown', `cannot decide a ${typeName(a)} ${op} a ${typeName(b)}`);
  }
  return r ? TRUE : FALSE;
}
