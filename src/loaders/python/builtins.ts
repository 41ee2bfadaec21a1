import {
  type DictValue,
  type SetValue,
  type Value,
  dictSet,
  FALSE,
  NONE,
  TRUE,
  bool,
  float,
  hashKey,
  int,
  list,
  numberOf,
  pyLen,
  pyStr,
  repr,
  str,
  truthy,
  tuple,
  typeName,
  unresolved,
} from '../../engine/values.ts';
import { type CallArgs, ClassObject, PyObject, type Site, arg, isPyObject } from './objects.ts';
import { OpFailure, compare } from './operators.ts';
import { getAttribute, iterate, sortValues } from './methods.ts';

function fail(excType: string, message: string): never {
  throw new OpFailure(excType, message);
}

/** Calls any callable value; the evaluator installs the real implementation (it needs the interpreter). */
export type Caller = (fn: Value, args: CallArgs, site: Site) => Value;

const NO_KEYWORDS: ReadonlyMap<string, Value> = new Map();

export function positional(...values: Value[]): CallArgs {
  return { positional: values, keywords: NO_KEYWORDS };
}

/** A builtin type (`str`, `bool`, ...): callable, usable with isinstance, and compared by identity as a `cast`. */
export class BuiltinType extends PyObject {
  readonly type = 'type';
  constructor(
    readonly name: string,
    private readonly construct: (args: CallArgs, site: Site) => Value,
    /** The value kinds that are instances of this type. */
    readonly kinds: readonly Value['t'][],
  ) {
    super();
  }
  override call(args: CallArgs, site: Site): Value {
    if (args.unknown) return args.unknown;
    return this.construct(args, site);
  }
}

class BuiltinFunction extends PyObject {
  readonly type = 'builtin_function_or_method';
  constructor(
    readonly name: string,
    private readonly impl: (args: CallArgs, site: Site) => Value,
  ) {
    super();
  }
  override call(args: CallArgs, site: Site): Value {
    if (args.unknown) return args.unknown;
    return this.impl(args, site);
  }
}

/** Python's int() of a str. */
export function parseIntLiteral(text: string, base = 10): number | null {
  const s = text.trim().replace(/_(?=[0-9a-zA-Z])/g, '');
  const m = /^([+-]?)(?:0([xob]))?([0-9a-zA-Z]+)$/i.exec(s);
  if (!m) return null;
  let b = base;
  const prefix = (m[2] ?? '').toLowerCase();
  if (prefix) {
    const pb = prefix === 'x' ? 16 : prefix === 'o' ? 8 : 2;
    if (base !== 0 && base !== pb) return null;
    b = pb;
  } else if (base === 0) {
    if (/^0+[1-9]/.test(m[3] ?? '')) return null;
    b = 10;
  }
  const digits = m[3] ?? '';
  const valid = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (![...digits.toLowerCase()].every((c) => valid.includes(c))) return null;
  const n = parseInt(digits, b);
  return (s.startsWith('-') ? -1 : 1) * n;
}

export function parseFloatLiteral(text: string): number | null {
  const s = text.trim().replace(/(?<=\d)_(?=\d)/g, '').toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return null;
  return Number(s);
}

function toInt(args: CallArgs): Value {
  const v = args.positional[0];
  if (v === undefined) return int(0);
  const baseArg = arg(args, 1, 'base');
  switch (v.t) {
    case 'int':
      return v;
    case 'bool':
      return int(v.v ? 1 : 0);
    case 'float':
      if (!Number.isFinite(v.v)) return fail('ValueError', 'cannot convert float to integer');
      return int(Math.trunc(v.v));
    case 'str':
    case 'bytes': {
      const base = baseArg && baseArg.t === 'int' ? baseArg.v : 10;
      const n = parseIntLiteral(v.v, base);
      if (n === null || !Number.isSafeInteger(n)) {
        return fail('ValueError', `invalid literal for int() with base ${base}: ${repr(v)}`);
      }
      return int(n);
    }
    case 'unresolved':
      return v;
    default:
      return fail('TypeError', `int() argument must be a string or a number, not '${typeName(v)}'`);
  }
}

function toFloat(args: CallArgs): Value {
  const v = args.positional[0];
  if (v === undefined) return float(0);
  switch (v.t) {
    case 'int':
    case 'bool':
    case 'float':
      return float(numberOf(v));
    case 'str': {
      const n = parseFloatLiteral(v.v);
      if (n === null) return fail('ValueError', `could not convert string to float: ${repr(v)}`);
      return float(n);
    }
    case 'unresolved':
      return v;
    default:
      return fail('TypeError', `float() argument must be a string or a number, not '${typeName(v)}'`);
  }
}

function toStr(args: CallArgs): Value {
  const v = args.positional[0];
  if (v === undefined) return str('');
  if (v.t === 'unresolved') return v;
  if (v.t === 'bytes' && args.positional.length > 1) {
    return str(new TextDecoder().decode(Uint8Array.from(v.v, (c) => c.charCodeAt(0))));
  }
  if (v.t === 'object') {
    const s = (v as unknown as { str?: () => string }).str;
    if (typeof s === 'function') return str(s.call(v));
    return unresolved(`str() of a ${v.type} is not evaluated`, '', null);
  }
  const u = v.t === 'list' || v.t === 'tuple' || v.t === 'dict' || v.t === 'set' ? findNested(v) : null;
  if (u) return u;
  return str(pyStr(v));
}

function findNested(v: Value): Value | null {
  if (v.t === 'unresolved') return v;
  if (v.t === 'list' || v.t === 'tuple') {
    if (v.partial) return v.partial;
    for (const i of v.items) {
      const u = findNested(i);
      if (u) return u;
    }
  }
  if (v.t === 'dict') {
    if (v.partial) return v.partial;
    for (const e of v.entries.values()) {
      const u = findNested(e.value);
      if (u) return u;
    }
  }
  return null;
}

function toSet(items: readonly Value[]): SetValue {
  const out: SetValue = { t: 'set', items: new Map() };
  for (const v of items) {
    const h = hashKey(v);
    if (typeof h !== 'string') throw h;
    out.items.set(h, v);
  }
  return out;
}

function toDict(args: CallArgs, site: Site): Value {
  const out: DictValue = { t: 'dict', entries: new Map() };
  const src = args.positional[0];
  if (src) {
    if (src.t === 'dict') {
      for (const [k, e] of src.entries) out.entries.set(k, e);
      if (src.partial) out.partial = src.partial;
    } else {
      for (const pair of iterate(src, site)) {
        if (pair.t !== 'tuple' && pair.t !== 'list') return fail('TypeError', 'cannot convert dictionary update sequence element');
        const [k, v] = pair.items;
        if (!k || !v || pair.items.length !== 2) return fail('ValueError', 'dictionary update sequence element has the wrong length');
        const h = hashKey(k);
        if (typeof h !== 'string') throw h;
        dictSet(out, h, k, v);
      }
    }
  }
  for (const [k, v] of args.keywords) out.entries.set(`s:${k}`, { key: str(k), value: v });
  return out;
}

function minMax(which: 'min' | 'max', args: CallArgs, site: Site): Value {
  if (args.keywords.has('key')) throw unresolved(`${which}(key=...) is not evaluated`, site.expr, site.at);
  const items = args.positional.length === 1 ? iterate(args.positional[0] as Value, site) : [...args.positional];
  if (items.length === 0) {
    const d = args.keywords.get('default');
    if (d) return d;
    return fail('ValueError', `${which}() arg is an empty sequence`);
  }
  let best = items[0] as Value;
  for (const v of items.slice(1)) {
    const better = compare(which === 'min' ? '<' : '>', v, best);
    if (better.t === 'unresolved') return better;
    if (better.t === 'bool' && better.v) best = v;
  }
  return best;
}

function isInstance(v: Value, types: Value): boolean | null {
  if (v.t === 'unresolved') return null;
  if (types.t === 'tuple') {
    let unknown = false;
    for (const t of types.items) {
      const r = isInstance(v, t);
      if (r) return true;
      if (r === null) unknown = true;
    }
    return unknown ? null : false;
  }
  if (types instanceof BuiltinType) {
    if (types.name === 'int' && v.t === 'bool') return true;
    return types.kinds.includes(v.t);
  }
  return null;
}

/** Creates the builtins; `call` lets map/filter/sorted call user functions. */
export function createBuiltins(call: Caller): Map<string, Value> {
  const b = new Map<string, Value>();
  const fn = (name: string, impl: (args: CallArgs, site: Site) => Value) => b.set(name, new BuiltinFunction(name, impl));
  const type = (name: string, kinds: readonly Value['t'][], impl: (args: CallArgs, site: Site) => Value) =>
    b.set(name, new BuiltinType(name, impl, kinds));

  b.set('True', TRUE);
  b.set('False', FALSE);
  b.set('None', NONE);
  type('bool', ['bool'], (a) => {
    const v = a.positional[0];
    if (!v) return FALSE;
    const t = truthy(v);
    if (t === null) return v.t === 'unresolved' ? v : unresolved('truth value is not known', '', null);
    return bool(t);
  });
  type('int', ['int'], toInt);
  type('float', ['float'], toFloat);
  type('str', ['str'], toStr);
  type('bytes', ['bytes'], (a) => {
    const v = a.positional[0];
    if (v?.t === 'str') return { t: 'bytes', v: String.fromCharCode(...new TextEncoder().encode(v.v)) };
    return v?.t === 'unresolved' ? v : { t: 'bytes', v: '' };
  });
  type('list', ['list'], (a, site) => list(a.positional[0] ? iterate(a.positional[0], site) : []));
  type('tuple', ['tuple'], (a, site) => tuple(a.positional[0] ? iterate(a.positional[0], site) : []));
  type('set', ['set'], (a, site) => toSet(a.positional[0] ? iterate(a.positional[0], site) : []));
  type('frozenset', ['set'], (a, site) => toSet(a.positional[0] ? iterate(a.positional[0], site) : []));
  type('dict', ['dict'], toDict);
  type('object', [], () => unresolved('object() instances are not evaluated', '', null));

  fn('repr', (a) => {
    const v = a.positional[0] ?? NONE;
    return v.t === 'unresolved' ? v : str(repr(v));
  });
  fn('len', (a, site) => {
    const v = a.positional[0] ?? NONE;
    if (v.t === 'str') return int(pyLen(v.v));
    if (v.t === 'unresolved') return v;
    return int(iterate(v, site).length);
  });
  fn('abs', (a) => {
    const v = a.positional[0] ?? NONE;
    if (v.t === 'int' || v.t === 'bool') return int(Math.abs(numberOf(v)));
    if (v.t === 'float') return float(Math.abs(v.v));
    if (v.t === 'unresolved') return v;
    return fail('TypeError', `bad operand type for abs(): '${typeName(v)}'`);
  });
  fn('round', (a) => {
    const v = a.positional[0] ?? NONE;
    if (v.t === 'unresolved') return v;
    if (v.t !== 'int' && v.t !== 'float' && v.t !== 'bool') return fail('TypeError', 'round() needs a number');
    const nd = a.positional[1];
    const n = numberOf(v);
    if (!nd || nd.t === 'none') {
      const r = Math.round(n);
      // Python rounds half to even.
      return int(Math.abs(n % 1) === 0.5 ? 2 * Math.round(n / 2) : r);
    }
    const digits = nd.t === 'int' ? nd.v : 0;
    return float(Number(n.toFixed(Math.max(0, digits))));
  });
  fn('min', (a, site) => minMax('min', a, site));
  fn('max', (a, site) => minMax('max', a, site));
  fn('sum', (a, site) => {
    let total: Value = a.positional[1] ?? int(0);
    for (const v of iterate(a.positional[0] ?? NONE, site)) {
      if (v.t === 'unresolved') return v;
      if ((v.t !== 'int' && v.t !== 'float' && v.t !== 'bool') || (total.t !== 'int' && total.t !== 'float' && total.t !== 'bool')) {
        return fail('TypeError', 'sum() of non-numbers is not evaluated');
      }
      const r = numberOf(total) + numberOf(v);
      total = total.t === 'float' || v.t === 'float' ? float(r) : int(r);
    }
    return total;
  });
  const anyAll = (name: 'any' | 'all') =>
    fn(name, (a, site) => {
      let unknown: Value | null = null;
      for (const v of iterate(a.positional[0] ?? NONE, site)) {
        const t = truthy(v);
        if (t === null) unknown ??= v;
        else if (name === 'any' ? t : !t) return bool(name === 'any');
      }
      return unknown ?? bool(name === 'all');
    });
  anyAll('any');
  anyAll('all');
  fn('sorted', (a, site) => {
    if (a.keywords.has('key')) throw unresolved('sorted(key=...) is not evaluated', site.expr, site.at);
    const items = iterate(a.positional[0] ?? NONE, site);
    sortValues(items);
    const rev = a.keywords.get('reverse');
    if (rev && truthy(rev)) items.reverse();
    return list(items);
  });
  fn('reversed', (a, site) => list(iterate(a.positional[0] ?? NONE, site).reverse()));
  fn('range', (a) => {
    const nums = a.positional.map((v) => (v.t === 'int' || v.t === 'bool' ? numberOf(v) : NaN));
    if (a.positional.some((v) => v.t === 'unresolved')) return a.positional.find((v) => v.t === 'unresolved') as Value;
    if (nums.some(Number.isNaN)) return fail('TypeError', 'range() needs integers');
    const [start, stop, step] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, nums[2] ?? 1];
    if (step === 0) return fail('ValueError', 'range() arg 3 must not be zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    if (count > 100_000) throw unresolved('range() is too long to evaluate', '', null);
    return list(Array.from({ length: count }, (_, i) => int(start + i * step)));
  });
  fn('enumerate', (a, site) => {
    const start = a.positional[1] ?? a.keywords.get('start');
    const s = start && start.t === 'int' ? start.v : 0;
    return list(iterate(a.positional[0] ?? NONE, site).map((v, i) => tuple([int(s + i), v])));
  });
  fn('zip', (a, site) => {
    const seqs = a.positional.map((v) => iterate(v, site));
    const n = seqs.length === 0 ? 0 : Math.min(...seqs.map((s) => s.length));
    return list(Array.from({ length: n }, (_, i) => tuple(seqs.map((s) => s[i] as Value))));
  });
  fn('map', (a, site) => {
    const f = a.positional[0] ?? NONE;
    const seqs = a.positional.slice(1).map((v) => iterate(v, site));
    const n = seqs.length === 0 ? 0 : Math.min(...seqs.map((s) => s.length));
    return list(Array.from({ length: n }, (_, i) => call(f, positional(...seqs.map((s) => s[i] as Value)), site)));
  });
  fn('filter', (a, site) => {
    const f = a.positional[0] ?? NONE;
    const out: Value[] = [];
    for (const v of iterate(a.positional[1] ?? NONE, site)) {
      const keep = f.t === 'none' ? v : call(f, positional(v), site);
      const t = truthy(keep);
      if (t === null) throw keep.t === 'unresolved' ? keep : unresolved('filter() on unknown values', site.expr, site.at);
      if (t) out.push(v);
    }
    return list(out);
  });
  fn('isinstance', (a) => {
    const r = isInstance(a.positional[0] ?? NONE, a.positional[1] ?? NONE);
    if (r === null) return (a.positional[0]?.t === 'unresolved' ? a.positional[0] : unresolved('isinstance() of this type is not evaluated', '', null)) as Value;
    return bool(r);
  });
  fn('callable', (a) => {
    const v = a.positional[0] ?? NONE;
    if (v.t === 'unresolved') return v;
    return bool(isPyObject(v) && typeof v.call === 'function');
  });
  fn('getattr', (a, site) => {
    const obj = a.positional[0] ?? NONE;
    const name = a.positional[1];
    if (!name || name.t !== 'str') return name?.t === 'unresolved' ? name : fail('TypeError', 'attribute name must be string');
    const v = getAttribute(obj, name.v, site);
    if (v !== undefined) return v;
    const d = a.positional[2];
    if (d) return d;
    return fail('AttributeError', `'${typeName(obj)}' object has no attribute '${name.v}'`);
  });
  fn('hasattr', (a, site) => {
    const obj = a.positional[0] ?? NONE;
    const name = a.positional[1];
    if (!name || name.t !== 'str') return name?.t === 'unresolved' ? name : fail('TypeError', 'attribute name must be string');
    if (obj.t === 'unresolved') return obj;
    return bool(getAttribute(obj, name.v, site) !== undefined);
  });
  fn('ord', (a) => {
    const v = a.positional[0] ?? NONE;
    if (v.t === 'str' && pyLen(v.v) === 1) return int(v.v.codePointAt(0) ?? 0);
    return v.t === 'unresolved' ? v : fail('TypeError', 'ord() expected a character');
  });
  fn('chr', (a) => {
    const v = a.positional[0] ?? NONE;
    if (v.t === 'int') return str(String.fromCodePoint(v.v));
    return v.t === 'unresolved' ? v : fail('TypeError', 'an integer is required');
  });
  fn('print', () => NONE);
  fn('id', (_a, site) => unresolved('id() is not evaluated', site.expr, site.at));
  fn('hash', (_a, site) => unresolved('hash() is not evaluated', site.expr, site.at));
  fn('input', (_a, site) => unresolved('input() reads the terminal at run time', site.expr, site.at));
  fn('__import__', (_a, site) => unresolved('__import__() is not evaluated', site.expr, site.at));
  for (const name of ['Exception', 'BaseException', 'ImportError', 'ModuleNotFoundError', 'KeyError', 'IndexError', 'LookupError',
    'ValueError', 'TypeError', 'AttributeError', 'NameError', 'OSError', 'IOError', 'EnvironmentError', 'FileNotFoundError',
    'PermissionError', 'RuntimeError', 'NotImplementedError', 'AssertionError', 'UnicodeDecodeError']) {
    b.set(name, new ClassObject(name));
  }
  return b;
}

