/**
 * JavaScript values as the static evaluator holds them, and their conversion to the engine's Python values.
 * Primitive operators run on host primitives (so `==`, `+`, `<`, `parseInt` behave exactly as in Node);
 * objects and arrays are modelled, with the origin of every property kept for provenance.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Origin } from '../../../engine/types.ts';
import { type DictValue, type Unresolved, type Value, type ValueSource, NONE, bool, float, int, list, str, unresolved } from '../../../engine/values.ts';
import { choice } from '../../python/scope.ts';

interface Scalar {
  /** Set when the value was read from (or derived from) an environment variable. */
  readonly src?: ValueSource;
}
export interface JsUndefined extends Scalar {
  readonly k: 'undefined';
}
export interface JsNull extends Scalar {
  readonly k: 'null';
}
export interface JsBool extends Scalar {
  readonly k: 'bool';
  readonly v: boolean;
}
export interface JsNum extends Scalar {
  readonly k: 'num';
  readonly v: number;
}
export interface JsStr extends Scalar {
  readonly k: 'str';
  readonly v: string;
}
/** An object property and the places that set it (the last one in `at`, earlier ones in `history`). */
export interface JsProp {
  readonly value: JsValue;
  readonly at: Origin | null;
  readonly history: readonly Origin[];
  /** Source text of the value, for the reasons of values that cannot be converted. */
  readonly expr: string;
}
/**
 * `partial`: there may be more items/properties than shown (spread of an unknown value).
 * `taint`: something this evaluator does not follow may have changed it; every read is unknown.
 */
export interface JsArray {
  readonly k: 'array';
  items: JsValue[];
  partial: Unresolved | null;
  taint: Unresolved | null;
}
export interface JsObject {
  readonly k: 'object';
  readonly props: Map<string, JsProp>;
  partial: Unresolved | null;
  taint: Unresolved | null;
}
/** A function or arrow function of the module (called for `.map(s => s.trim())` and small helpers). */
export interface JsFunction {
  readonly k: 'function';
  readonly name: string;
  readonly node: SyntaxNode;
  /** Opaque to this module: the evaluator's scope the function closes over. */
  readonly closure: unknown;
  readonly module: unknown;
}
/** A built-in: `process`, `process.env`, `Number`, `JSON.parse`, ... */
export interface JsNative {
  readonly k: 'native';
  readonly name: string;
}
export interface JsUnknown {
  readonly k: 'unknown';
  readonly u: Unresolved;
  /** The values it may have, when it depends on an unknown condition whose branches are known. */
  readonly alts?: readonly JsValue[];
}

export type JsValue = JsUndefined | JsNull | JsBool | JsNum | JsStr | JsArray | JsObject | JsFunction | JsNative | JsUnknown;
export type JsPrimitive = undefined | null | boolean | number | string;

export const UNDEFINED: JsUndefined = Object.freeze({ k: 'undefined' });
/** An array hole (`[1, , 2]`): undefined when read, but skipped by map and filter. */
export const HOLE: JsUndefined = Object.freeze({ k: 'undefined' });
export const NULL: JsNull = Object.freeze({ k: 'null' });

export function jsStr(v: string, src?: ValueSource): JsStr {
  return src ? { k: 'str', v, src } : { k: 'str', v };
}
export function jsNum(v: number, src?: ValueSource): JsNum {
  return src ? { k: 'num', v, src } : { k: 'num', v };
}
export function jsBool(v: boolean, src?: ValueSource): JsBool {
  return src ? { k: 'bool', v, src } : { k: 'bool', v };
}
export function jsUnknown(u: Unresolved, alts?: readonly JsValue[]): JsUnknown {
  return alts ? { k: 'unknown', u, alts } : { k: 'unknown', u };
}
export function newObject(): JsObject {
  return { k: 'object', props: new Map(), partial: null, taint: null };
}
export function newArray(items: JsValue[]): JsArray {
  return { k: 'array', items, partial: null, taint: null };
}

export function srcOf(v: JsValue): ValueSource | undefined {
  switch (v.k) {
    case 'undefined':
    case 'null':
    case 'bool':
    case 'num':
    case 'str':
      return v.src;
    default:
      return undefined;
  }
}

/** The same primitive carrying a source (objects are returned unchanged). */
export function withSrc(v: JsValue, src: ValueSource | undefined): JsValue {
  if (!src) return v;
  switch (v.k) {
    case 'undefined':
    case 'null':
    case 'bool':
    case 'num':
    case 'str':
      return { ...v, src };
    default:
      return v;
  }
}

export function fromHost(v: JsPrimitive, src?: ValueSource): JsValue {
  if (v === undefined) return src ? { k: 'undefined', src } : UNDEFINED;
  if (v === null) return src ? { k: 'null', src } : NULL;
  if (typeof v === 'boolean') return jsBool(v, src);
  if (typeof v === 'number') return jsNum(v, src);
  return jsStr(v, src);
}

/** An array index key ('0', '1', ...), which JS orders before every other key. */
function isIndexKey(k: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 2 ** 32 - 1;
}

/** `Object.keys` order: array-index keys ascending, then the others in insertion order. */
export function ownKeys(o: JsObject): string[] {
  const idx: string[] = [];
  const rest: string[] = [];
  for (const k of o.props.keys()) (isIndexKey(k) ? idx : rest).push(k);
  idx.sort((a, b) => Number(a) - Number(b));
  return [...idx, ...rest];
}

/** Why `v` cannot be turned into a primitive, or null when it can. */
function customConversion(o: JsObject): boolean {
  return o.props.has('toString') || o.props.has('valueOf') || o.props.has('toJSON');
}

/** JS ToBoolean; null when unknown. */
export function truthyJs(v: JsValue): boolean | null {
  switch (v.k) {
    case 'undefined':
    case 'null':
      return false;
    case 'bool':
      return v.v;
    case 'num':
      return v.v !== 0 && !Number.isNaN(v.v);
    case 'str':
      return v.v.length > 0;
    case 'array':
    case 'object':
    case 'function':
    case 'native':
      return true;
    case 'unknown':
      return null;
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** The primitive `v` converts to (ToPrimitive), or an Unresolved explaining why not. */
export function toPrimitive(v: JsValue, at: Origin | null, depth = 0): JsPrimitive | Unresolved {
  switch (v.k) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'bool':
    case 'num':
    case 'str':
      return v.v;
    case 'unknown':
      return v.u;
    case 'array': {
      if (v.taint) return v.taint;
      if (v.partial) return v.partial;
      if (depth > 20) return unresolved('the array nests too deeply to convert', '', at);
      const parts: string[] = [];
      for (const item of v.items) {
        if (item.k === 'undefined' || item.k === 'null') {
          parts.push('');
          continue;
        }
        const p = toPrimitive(item, at, depth + 1);
        if (isUnresolved(p)) return p;
        parts.push(String(p));
      }
      return parts.join(',');
    }
    case 'object':
      if (v.taint) return v.taint;
      if (customConversion(v)) return unresolved('an object with its own toString/valueOf is not converted', '', at);
      return '[object Object]';
    case 'function':
    case 'native':
      return unresolved('a function is not converted to a string or number', '', at);
    default: {
      const never: never = v;
      return never;
    }
  }
}

export function isUnresolved(x: unknown): x is Unresolved {
  return typeof x === 'object' && x !== null && (x as { t?: unknown }).t === 'unresolved';
}

/** `typeof v`. */
export function typeOfJs(v: JsValue): string | null {
  switch (v.k) {
    case 'undefined':
      return 'undefined';
    case 'null':
    case 'array':
    case 'object':
      return 'object';
    case 'bool':
      return 'boolean';
    case 'num':
      return 'number';
    case 'str':
      return 'string';
    case 'function':
    case 'native':
      return v.k === 'native' && (v.name === 'process' || v.name === 'process.env' || v.name === 'JSON' || v.name === 'console') ? 'object' : 'function';
    case 'unknown':
      return null;
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** A value to show in a message: `42`, `undefined`, `a string`, `an array` (string contents are not shown: secrets). */
export function describeJs(v: JsValue): string {
  switch (v.k) {
    case 'str':
      return 'a string';
    case 'num':
    case 'bool':
      return String(v.v);
    case 'undefined':
    case 'null':
      return v.k;
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'function':
    case 'native':
      return 'a function';
    case 'unknown':
      return 'an unknown value';
    default: {
      const never: never = v;
      return never;
    }
  }
}

/**
 * The Python value a setting holds when the JS value reaches Django: bool → bool, a number → int when
 * integral (else float), string → str, null → None, array → list, object → dict. `undefined` inside an
 * array becomes None and inside an object is left out, as JSON.stringify does; the caller drops a
 * top-level `undefined` (the setting is then not set). NaN and ±Infinity (JSON.stringify writes null) and
 * functions have no faithful Python counterpart and stay unresolved.
 */
export function toPython(v: JsValue, at: Origin | null, expr: string, depth = 0): Value {
  if (depth > 50) return unresolved('the value nests too deeply', expr, at);
  switch (v.k) {
    case 'undefined':
    case 'null':
      return v.src ? { ...NONE, src: v.src } : NONE;
    case 'bool':
      return bool(v.v, v.src);
    case 'num': {
      if (!Number.isFinite(v.v)) {
        return unresolved(`the value is ${v.v} (a failed number conversion?); JSON.stringify would write null`, expr, at);
      }
      if (Number.isInteger(v.v)) {
        if (!Number.isSafeInteger(v.v)) return unresolved(`the integer ${v.v} is too large to be held exactly (beyond 2**53)`, expr, at);
        return int(v.v === 0 ? 0 : v.v, v.src);
      }
      return float(v.v, v.src);
    }
    case 'str':
      return str(v.v, v.src);
    case 'array': {
      if (v.taint) return v.taint;
      const items = v.items.map((i) => (i.k === 'undefined' ? NONE : toPython(i, at, expr, depth + 1)));
      return v.partial ? list(items, v.partial) : list(items);
    }
    case 'object': {
      if (v.taint) return v.taint;
      if (v.props.has('toJSON')) return unresolved('an object with a toJSON method is not converted', expr, at);
      const d: DictValue = { t: 'dict', entries: new Map() };
      if (v.partial) d.partial = v.partial;
      for (const key of ownKeys(v)) {
        const p = v.props.get(key) as JsProp;
        if (p.value.k === 'undefined' || p.value.k === 'function' || p.value.k === 'native') continue;
        d.entries.set(`s:${key}`, { key: str(key), value: toPython(p.value, p.at ?? at, expr, depth + 1) });
      }
      return d;
    }
    case 'function':
    case 'native':
      return unresolved('the value is a function, which is not a setting value', expr, at);
    case 'unknown': {
      if (v.alts && at) return choice(v.alts.map((a) => toPython(a, at, expr, depth + 1)), v.u.reason, v.u.expr, at);
      return v.u;
    }
    default: {
      const never: never = v;
      return never;
    }
  }
}
