import type { Origin } from './types.ts';

/**
 * The value of a setting as Python would hold it after the settings module ran.
 * Anything the loaders could not evaluate is `unresolved`, with the reason and the source text: never a guess.
 * Lists, dicts and sets are mutable (as in Python, two names can share one list); everything else is immutable.
 */
export type Value =
  | NoneValue
  | BoolValue
  | IntValue
  | FloatValue
  | StrValue
  | BytesValue
  | PathValue
  | ListValue
  | TupleValue
  | DictValue
  | SetValue
  | Unresolved
  | ObjectValue;

/** Where an environment-derived scalar came from, so messages can name the variable. */
export interface ValueSource {
  readonly envVar: string;
  /** The call that read it, e.g. `env.bool`, `os.environ.get`, `config`. */
  readonly via: string;
  /** True when the variable was not set and the call's default was used. */
  readonly defaulted: boolean;
  /** Where the variable was defined (an env file line), when known. */
  readonly definedAt: Origin | null;
}

interface Scalar {
  readonly src?: ValueSource;
}

export interface NoneValue extends Scalar {
  readonly t: 'none';
}
export interface BoolValue extends Scalar {
  readonly t: 'bool';
  readonly v: boolean;
}
export interface IntValue extends Scalar {
  readonly t: 'int';
  readonly v: number;
}
export interface FloatValue extends Scalar {
  readonly t: 'float';
  readonly v: number;
}
export interface StrValue extends Scalar {
  readonly t: 'str';
  readonly v: string;
}
/** Bytes are held as a string of code units 0-255. */
export interface BytesValue extends Scalar {
  readonly t: 'bytes';
  readonly v: string;
}
/** A pathlib path (POSIX). `v` is absolute when it came from `__file__`, relative otherwise. */
export interface PathValue extends Scalar {
  readonly t: 'path';
  readonly v: string;
}

/**
 * A container whose full contents are not known (e.g. `[*unknown]`, `{**unknown}`) carries `partial`:
 * the items it shows are certain, but there may be more.
 */
export interface ListValue {
  readonly t: 'list';
  items: Value[];
  partial?: Unresolved | undefined;
}
export interface TupleValue {
  readonly t: 'tuple';
  readonly items: readonly Value[];
  readonly partial?: Unresolved | undefined;
}
export interface DictValue {
  readonly t: 'dict';
  /** Keyed by `hashKey(key)`, insertion-ordered like Python's dict. */
  entries: Map<string, DictEntry>;
  partial?: Unresolved | undefined;
}
export interface DictEntry {
  readonly key: Value;
  readonly value: Value;
}
export interface SetValue {
  readonly t: 'set';
  items: Map<string, Value>;
  partial?: Unresolved | undefined;
}

export interface Unresolved {
  readonly t: 'unresolved';
  /** Why the value could not be known, one line, e.g. "environment variable SECRET_KEY is not set". */
  readonly reason: string;
  /** The source text that produced it (trimmed). */
  readonly expr: string;
  readonly at: Origin | null;
  /** Set when the value is unknown because a required environment variable (no default) is missing: Django would not start. */
  readonly requiredEnv?: string;
}

/** A Python object the evaluator models (a module, a function, an `environ.Env`). Rules treat it as opaque. */
export interface ObjectValue {
  readonly t: 'object';
  /** Python-ish type name for messages, e.g. `module`, `function`, `environ.Env`. */
  readonly type: string;
}

export const NONE: NoneValue = Object.freeze({ t: 'none' });
export const TRUE: BoolValue = Object.freeze({ t: 'bool', v: true });
export const FALSE: BoolValue = Object.freeze({ t: 'bool', v: false });

export function str(v: string, src?: ValueSource): StrValue {
  return src ? { t: 'str', v, src } : { t: 'str', v };
}
export function bool(v: boolean, src?: ValueSource): BoolValue {
  if (src) return { t: 'bool', v, src };
  return v ? TRUE : FALSE;
}
export function int(v: number, src?: ValueSource): IntValue {
  return src ? { t: 'int', v, src } : { t: 'int', v };
}
export function float(v: number, src?: ValueSource): FloatValue {
  return src ? { t: 'float', v, src } : { t: 'float', v };
}
export function list(items: Value[], partial?: Unresolved): ListValue {
  return partial ? { t: 'list', items, partial } : { t: 'list', items };
}
export function tuple(items: readonly Value[], partial?: Unresolved): TupleValue {
  return partial ? { t: 'tuple', items, partial } : { t: 'tuple', items };
}
export function unresolved(reason: string, expr: string, at: Origin | null, requiredEnv?: string): Unresolved {
  return requiredEnv === undefined ? { t: 'unresolved', reason, expr: clip(expr), at } : { t: 'unresolved', reason, expr: clip(expr), at, requiredEnv };
}

export function dict(pairs: ReadonlyArray<readonly [Value, Value]> = [], partial?: Unresolved): DictValue | Unresolved {
  const out: DictValue = { t: 'dict', entries: new Map() };
  if (partial) out.partial = partial;
  for (const [k, v] of pairs) {
    const h = hashKey(k);
    if (typeof h !== 'string') return h;
    dictSet(out, h, k, v);
  }
  return out;
}

/** Sets a dict entry the way Python does: an existing equal key keeps its original key object. */
export function dictSet(d: DictValue, hash: string, key: Value, value: Value): void {
  const existing = d.entries.get(hash);
  d.entries.set(hash, { key: existing ? existing.key : key, value });
}

/** A dict with string keys, e.g. for parsed JSON objects. */
export function strDict(pairs: ReadonlyArray<readonly [string, Value]>): DictValue {
  const out: DictValue = { t: 'dict', entries: new Map() };
  for (const [k, v] of pairs) out.entries.set(`s:${k}`, { key: str(k), value: v });
  return out;
}

const EXPR_MAX = 120;
function clip(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ').trim();
  return oneLine.length > EXPR_MAX ? `${oneLine.slice(0, EXPR_MAX - 1)}…` : oneLine;
}

/**
 * Python's hash identity for dict keys and set members: `1`, `1.0` and `True` are the same key.
 * Returns the key, or an Unresolved when the value is unhashable or unknown.
 */
export function hashKey(v: Value): string | Unresolved {
  switch (v.t) {
    case 'none':
      return 'n:';
    case 'bool':
      return `#:${v.v ? 1 : 0}`;
    case 'int':
    case 'float':
      return `#:${v.v}`;
    case 'str':
      return `s:${v.v}`;
    case 'bytes':
      return `b:${v.v}`;
    case 'path':
      return `p:${v.v}`;
    case 'tuple': {
      if (v.partial) return v.partial;
      const parts: string[] = [];
      for (const item of v.items) {
        const h = hashKey(item);
        if (typeof h !== 'string') return h;
        parts.push(JSON.stringify(h));
      }
      return `t:[${parts.join(',')}]`;
    }
    case 'unresolved':
      return v;
    case 'list':
    case 'dict':
    case 'set':
      return unresolved(`unhashable type: '${v.t}'`, '', null);
    case 'object':
      return unresolved(`cannot use a ${v.type} as a key`, '', null);
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** Python truthiness; `null` when it cannot be known. */
export function truthy(v: Value): boolean | null {
  switch (v.t) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'int':
    case 'float':
      return v.v !== 0;
    case 'str':
    case 'bytes':
      return v.v.length > 0;
    case 'path':
    case 'object':
      return true;
    case 'list':
    case 'tuple':
      if (v.items.length > 0) return true;
      return v.partial ? null : false;
    case 'dict':
      if (v.entries.size > 0) return true;
      return v.partial ? null : false;
    case 'set':
      if (v.items.size > 0) return true;
      return v.partial ? null : false;
    case 'unresolved':
      return null;
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** The first unresolved part of a value (itself, an item, or a container's partial marker), if any. */
export function findUnresolved(v: Value, depth = 0): Unresolved | null {
  if (depth > 50) return null;
  switch (v.t) {
    case 'unresolved':
      return v;
    case 'list':
    case 'tuple': {
      for (const item of v.items) {
        const u = findUnresolved(item, depth + 1);
        if (u) return u;
      }
      return v.partial ?? null;
    }
    case 'set': {
      for (const item of v.items.values()) {
        const u = findUnresolved(item, depth + 1);
        if (u) return u;
      }
      return v.partial ?? null;
    }
    case 'dict': {
      for (const { value } of v.entries.values()) {
        const u = findUnresolved(value, depth + 1);
        if (u) return u;
      }
      return v.partial ?? null;
    }
    default:
      return null;
  }
}

function isNumeric(v: Value): v is BoolValue | IntValue | FloatValue {
  return v.t === 'bool' || v.t === 'int' || v.t === 'float';
}

export function numberOf(v: BoolValue | IntValue | FloatValue): number {
  return v.t === 'bool' ? (v.v ? 1 : 0) : v.v;
}

/** Python `==`; `null` when either side (or a part of it) is unknown. */
export function pyEquals(a: Value, b: Value, depth = 0): boolean | null {
  if (depth > 50) return null;
  if (a.t === 'unresolved' || b.t === 'unresolved') return null;
  if (isNumeric(a) && isNumeric(b)) return numberOf(a) === numberOf(b);
  if (a.t === 'object' || b.t === 'object') return a === b ? true : null;
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'none':
      return true;
    case 'str':
    case 'bytes':
    case 'path':
      return a.v === (b as typeof a).v;
    case 'list':
    case 'tuple': {
      const bb = b as typeof a;
      const common = Math.min(a.items.length, bb.items.length);
      let unknown = false;
      for (let i = 0; i < common; i++) {
        const eq = pyEquals(a.items[i] as Value, bb.items[i] as Value, depth + 1);
        if (eq === false) return false;
        if (eq === null) unknown = true;
      }
      if (a.partial || bb.partial) return null;
      if (a.items.length !== bb.items.length) return false;
      return unknown ? null : true;
    }
    case 'dict': {
      const bb = b as DictValue;
      if (a.partial || bb.partial) return null;
      if (a.entries.size !== bb.entries.size) return false;
      let unknown = false;
      for (const [k, entry] of a.entries) {
        const other = bb.entries.get(k);
        if (!other) return false;
        const eq = pyEquals(entry.value, other.value, depth + 1);
        if (eq === false) return false;
        if (eq === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'set': {
      const bb = b as SetValue;
      if (a.partial || bb.partial) return null;
      if (a.items.size !== bb.items.size) return false;
      for (const k of a.items.keys()) if (!bb.items.has(k)) return false;
      return true;
    }
    default:
      return null;
  }
}

/** Python's `is` for the cases that are well defined: singletons and the same mutable object. */
export function pyIs(a: Value, b: Value): boolean | null {
  if (a.t === 'unresolved' || b.t === 'unresolved') return null;
  if (a.t === 'none' || b.t === 'none') return a.t === b.t;
  if (a.t === 'bool' && b.t === 'bool') return a.v === b.v;
  if (a.t === 'bool' || b.t === 'bool') return false;
  if (a === b) return true;
  if (a.t === 'list' || a.t === 'dict' || a.t === 'set' || b.t === 'list' || b.t === 'dict' || b.t === 'set') return false;
  if (a.t !== b.t) return false;
  // Identity of equal ints or strings depends on CPython's caches: do not guess.
  return null;
}

export function typeName(v: Value): string {
  switch (v.t) {
    case 'none':
      return 'NoneType';
    case 'path':
      return 'PosixPath';
    case 'unresolved':
      return 'unknown';
    case 'object':
      return v.type;
    default:
      return v.t;
  }
}

/** Python's `repr()`. Unresolved parts print as `<unknown>`. */
export function repr(v: Value, depth = 0): string {
  if (depth > 20) return '...';
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'int':
      return String(v.v);
    case 'float':
      return floatRepr(v.v);
    case 'str':
      return strRepr(v.v);
    case 'bytes':
      return `b${strRepr(v.v)}`;
    case 'path':
      return `PosixPath(${strRepr(v.v)})`;
    case 'list':
      return `[${v.items.map((i) => repr(i, depth + 1)).join(', ')}${v.partial ? ', ...' : ''}]`;
    case 'tuple':
      if (v.items.length === 1 && !v.partial) return `(${repr(v.items[0] as Value, depth + 1)},)`;
      return `(${v.items.map((i) => repr(i, depth + 1)).join(', ')}${v.partial ? ', ...' : ''})`;
    case 'dict': {
      const parts = [...v.entries.values()].map((e) => `${repr(e.key, depth + 1)}: ${repr(e.value, depth + 1)}`);
      if (v.partial) parts.push('...');
      return `{${parts.join(', ')}}`;
    }
    case 'set': {
      if (v.items.size === 0 && !v.partial) return 'set()';
      const parts = [...v.items.values()].map((i) => repr(i, depth + 1));
      if (v.partial) parts.push('...');
      return `{${parts.join(', ')}}`;
    }
    case 'unresolved':
      return '<unknown>';
    case 'object':
      return `<${v.type}>`;
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** Python's str(): like repr but strings and paths print bare. */
export function pyStr(v: Value): string {
  if (v.t === 'str') return v.v;
  if (v.t === 'path') return v.v;
  return repr(v);
}

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's float repr: shortest round-trip digits, `1.0` for integral values, exponent from 1e16. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa = '', exp = '0'] = n.toExponential().split('e');
    const e = Number(exp);
    const sign = e < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(n);
  return s.includes('.') ? s : `${s}.0`;
}

/** Number of code points, as Python's `len()` counts a str. */
export function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Deep copy of mutable containers, preserving aliasing inside the copy. */
export function cloneValue(v: Value, memo: Map<object, Value>): Value {
  if (v.t !== 'list' && v.t !== 'dict' && v.t !== 'set' && v.t !== 'tuple') return v;
  const seen = memo.get(v);
  if (seen) return seen;
  switch (v.t) {
    case 'list': {
      const copy: ListValue = { t: 'list', items: [] };
      if (v.partial) copy.partial = v.partial;
      memo.set(v, copy);
      copy.items = v.items.map((i) => cloneValue(i, memo));
      return copy;
    }
    case 'tuple': {
      const copy = tuple(v.items.map((i) => cloneValue(i, memo)), v.partial);
      memo.set(v, copy);
      return copy;
    }
    case 'dict': {
      const copy: DictValue = { t: 'dict', entries: new Map() };
      if (v.partial) copy.partial = v.partial;
      memo.set(v, copy);
      for (const [k, e] of v.entries) copy.entries.set(k, { key: e.key, value: cloneValue(e.value, memo) });
      return copy;
    }
    case 'set': {
      const copy: SetValue = { t: 'set', items: new Map(v.items) };
      if (v.partial) copy.partial = v.partial;
      memo.set(v, copy);
      return copy;
    }
  }
}
