import {
  type DictValue,
  type ListValue,
  type SetValue,
  type Value,
  dictSet,
  NONE,
  bool,
  hashKey,
  int,
  list,
  pyEquals,
  pyStr,
  str,
  tuple,
  typeName,
  unresolved,
} from '../../engine/values.ts';
import { type CallArgs, NativeFunction, type Site, arg, isPyObject } from './objects.ts';
import { OpFailure, joinPath, normPath } from './operators.ts';
import { FormatError, convert, formatValue, parseFormatTemplate } from './strings.ts';

/** Python's whitespace for str.split()/strip() without arguments. */
const WS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function fail(excType: string, message: string): never {
  throw new OpFailure(excType, message);
}

function method(name: string, impl: (args: CallArgs, site: Site) => Value): NativeFunction {
  return new NativeFunction(name, impl);
}

function needStr(v: Value | undefined, what: string): string | null {
  if (v === undefined || v.t === 'none') return null;
  if (v.t === 'str') return v.v;
  if (v.t === 'unresolved') throw v;
  return fail('TypeError', `${what} must be str or None, not ${typeName(v)}`);
}

function stripChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  const set = chars ?? WS;
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start] as string)) start++;
  if (right) while (end > start && set.includes(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

export function splitStr(s: string, sep: string | null, maxsplit: number): string[] {
  if (sep === null) {
    const out: string[] = [];
    let i = 0;
    while (i < s.length) {
      while (i < s.length && WS.includes(s[i] as string)) i++;
      if (i >= s.length) break;
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(stripChars(s.slice(i), null, false, true));
        return out;
      }
      let j = i;
      while (j < s.length && !WS.includes(s[j] as string)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  if (sep === '') fail('ValueError', 'empty separator');
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

function rsplitStr(s: string, sep: string | null, maxsplit: number): string[] {
  if (maxsplit < 0) return splitStr(s, sep, -1);
  if (sep === null) {
    const out: string[] = [];
    let i = s.length;
    while (i > 0) {
      while (i > 0 && WS.includes(s[i - 1] as string)) i--;
      if (i <= 0) break;
      if (out.length === maxsplit) {
        out.unshift(stripChars(s.slice(0, i), null, true, false));
        return out;
      }
      let j = i;
      while (j > 0 && !WS.includes(s[j - 1] as string)) j--;
      out.unshift(s.slice(j, i));
      i = j;
    }
    return out;
  }
  const parts = s.split(sep);
  if (parts.length <= maxsplit + 1) return parts;
  return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
}

function intArg(v: Value | undefined, fallback: number): number {
  if (v === undefined || v.t === 'none') return fallback;
  if (v.t === 'int' || v.t === 'bool') return v.t === 'bool' ? (v.v ? 1 : 0) : v.v;
  if (v.t === 'unresolved') throw v;
  return fail('TypeError', `an integer is required, not ${typeName(v)}`);
}

/** Items of an iterable value for builtins and methods; throws the Unresolved when it is not known. */
export function iterate(v: Value, site: Site): Value[] {
  switch (v.t) {
    case 'list':
    case 'tuple':
      if (v.partial) throw v.partial;
      return [...v.items];
    case 'set':
      if (v.partial) throw v.partial;
      return [...v.items.values()];
    case 'dict':
      if (v.partial) throw v.partial;
      return [...v.entries.values()].map((e) => e.key);
    case 'str':
      return [...v.v].map((c) => str(c));
    case 'bytes':
      return [...v.v].map((c) => int(c.charCodeAt(0)));
    case 'unresolved':
      throw v;
    case 'object': {
      const o = v as unknown as { iterate?: (site: Site) => Value[] };
      if (isPyObject(v) && typeof o.iterate === 'function') return o.iterate(site);
      throw unresolved(`iterating over a ${v.type} is not evaluated`, site.expr, site.at);
    }
    default:
      return fail('TypeError', `'${typeName(v)}' object is not iterable`);
  }
}

function strFormat(template: string, args: CallArgs, site: Site): Value {
  let auto = 0;
  let out = '';
  try {
    for (const part of parseFormatTemplate(template)) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      let v: Value | undefined;
      if (part.name === '') v = args.positional[auto++];
      else if (/^\d+$/.test(part.name)) v = args.positional[Number(part.name)];
      else v = args.keywords.get(part.name);
      if (v === undefined) {
        if (args.unknown) return args.unknown;
        return fail(part.name === '' || /^\d+$/.test(part.name) ? 'IndexError' : 'KeyError', `format field '${part.name}' has no value`);
      }
      for (const a of part.accessors) {
        if (a.kind === 'attr') v = getAttribute(v, a.key, site) ?? fail('AttributeError', `no attribute '${a.key}'`);
        else v = subscript(v, /^\d+$/.test(a.key) ? int(Number(a.key)) : str(a.key));
      }
      if (v.t === 'unresolved') return v;
      if (part.conversion) v = convert(v, part.conversion);
      let spec = part.spec;
      if (spec.includes('{')) {
        const inner = strFormat(spec, args, site);
        if (inner.t !== 'str') return inner;
        spec = inner.v;
      }
      out += formatValue(v, spec);
    }
  } catch (e) {
    if (e instanceof FormatError) fail('ValueError', e.message);
    throw e;
  }
  return str(out);
}

function encodeUtf8(s: string): string {
  return String.fromCharCode(...new TextEncoder().encode(s));
}

function decodeUtf8(b: string): string {
  const bytes = Uint8Array.from(b, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('UnicodeDecodeError', "'utf-8' codec can't decode the bytes");
  }
}

function strMethod(self: string, name: string, site: Site): Value | undefined {
  const m = (impl: (args: CallArgs) => Value) => method(`str.${name}`, (args) => impl(args));
  switch (name) {
    case 'lower':
      return m(() => str(self.toLowerCase()));
    case 'upper':
      return m(() => str(self.toUpperCase()));
    case 'casefold':
      return m(() => str(self.toLowerCase()));
    case 'title':
      return m(() => str(self.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase())));
    case 'capitalize':
      return m(() => str(self.charAt(0).toUpperCase() + self.slice(1).toLowerCase()));
    case 'swapcase':
      return m(() => str([...self].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')));
    case 'strip':
    case 'lstrip':
    case 'rstrip':
      return m((a) => str(stripChars(self, needStr(a.positional[0], 'strip arg'), name !== 'rstrip', name !== 'lstrip')));
    case 'split':
      return m((a) => list(splitStr(self, needStr(arg(a, 0, 'sep'), 'sep'), intArg(arg(a, 1, 'maxsplit'), -1)).map((s) => str(s))));
    case 'rsplit':
      return m((a) => list(rsplitStr(self, needStr(arg(a, 0, 'sep'), 'sep'), intArg(arg(a, 1, 'maxsplit'), -1)).map((s) => str(s))));
    case 'splitlines':
      return m((a) => {
        const keep = arg(a, 0, 'keepends');
        const keepEnds = keep !== undefined && keep.t === 'bool' && keep.v;
        const parts = self.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g) ?? [];
        const lines = parts.filter((p, i) => p !== '' || i < parts.length - 1).filter((p) => p !== '');
        return list(lines.map((l) => str(keepEnds ? l : l.replace(/(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])$/, ''))));
      });
    case 'replace':
      return m((a) => {
        const old = needStr(a.positional[0], 'replace arg') ?? '';
        const rep = needStr(a.positional[1], 'replace arg') ?? '';
        const count = intArg(arg(a, 2, 'count'), -1);
        if (count < 0) return str(self.split(old).join(rep));
        const parts = self.split(old);
        return str(parts.slice(0, count + 1).join(rep) + (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : ''));
      });
    case 'startswith':
    case 'endswith':
      return m((a) => {
        const p = a.positional[0];
        const options = p?.t === 'tuple' ? p.items : p ? [p] : [];
        const test = (v: Value) => {
          const s = needStr(v, `${name} arg`) ?? '';
          return name === 'startswith' ? self.startsWith(s) : self.endsWith(s);
        };
        return bool(options.some(test));
      });
    case 'join':
      return m((a) => {
        const items = iterate(a.positional[0] ?? NONE, site);
        const parts: string[] = [];
        for (const it of items) {
          if (it.t === 'unresolved') return it;
          if (it.t !== 'str') fail('TypeError', `sequence item: expected str instance, ${typeName(it)} found`);
          parts.push(it.v);
        }
        return str(parts.join(self));
      });
    case 'format':
      return method('str.format', (a, s) => strFormat(self, a, s));
    case 'format_map':
      return method('str.format_map', (a, s) => {
        const mapping = a.positional[0];
        if (!mapping || mapping.t !== 'dict') return fail('TypeError', 'format_map() argument must be a mapping');
        const keywords = new Map<string, Value>();
        for (const e of mapping.entries.values()) if (e.key.t === 'str') keywords.set(e.key.v, e.value);
        return strFormat(self, { positional: [], keywords }, s);
      });
    case 'isdigit':
    case 'isnumeric':
    case 'isdecimal':
      return m(() => bool(self.length > 0 && /^\d+$/u.test(self)));
    case 'isalpha':
      return m(() => bool(self.length > 0 && /^\p{L}+$/u.test(self)));
    case 'isalnum':
      return m(() => bool(self.length > 0 && /^[\p{L}\p{N}]+$/u.test(self)));
    case 'isspace':
      return m(() => bool(self.length > 0 && [...self].every((c) => WS.includes(c))));
    case 'isupper':
      return m(() => bool(/[A-Z]/.test(self) && self === self.toUpperCase()));
    case 'islower':
      return m(() => bool(/[a-z]/.test(self) && self === self.toLowerCase()));
    case 'count':
      return m((a) => {
        const sub = needStr(a.positional[0], 'count arg') ?? '';
        return int(sub === '' ? self.length + 1 : self.split(sub).length - 1);
      });
    case 'find':
    case 'index':
    case 'rfind':
    case 'rindex':
      return m((a) => {
        const sub = needStr(a.positional[0], `${name} arg`) ?? '';
        const i = name.startsWith('r') ? self.lastIndexOf(sub) : self.indexOf(sub);
        if (i < 0 && name.endsWith('index')) fail('ValueError', 'substring not found');
        return int(i);
      });
    case 'partition':
    case 'rpartition':
      return m((a) => {
        const sep = needStr(a.positional[0], 'separator') ?? '';
        const i = name === 'partition' ? self.indexOf(sep) : self.lastIndexOf(sep);
        if (i < 0) return name === 'partition' ? tuple([str(self), str(''), str('')]) : tuple([str(''), str(''), str(self)]);
        return tuple([str(self.slice(0, i)), str(sep), str(self.slice(i + sep.length))]);
      });
    case 'removeprefix':
      return m((a) => {
        const p = needStr(a.positional[0], 'prefix') ?? '';
        return str(p && self.startsWith(p) ? self.slice(p.length) : self);
      });
    case 'removesuffix':
      return m((a) => {
        const p = needStr(a.positional[0], 'suffix') ?? '';
        return str(p && self.endsWith(p) ? self.slice(0, self.length - p.length) : self);
      });
    case 'zfill':
      return m((a) => {
        const width = intArg(a.positional[0], 0);
        const sign = /^[+-]/.test(self) ? (self[0] as string) : '';
        return str(sign + self.slice(sign.length).padStart(width - sign.length, '0'));
      });
    case 'center':
    case 'ljust':
    case 'rjust':
      return m((a) => {
        const width = intArg(a.positional[0], 0);
        const fill = needStr(a.positional[1], 'fillchar') ?? ' ';
        const align = name === 'ljust' ? '<' : name === 'rjust' ? '>' : '^';
        return str(formatValue(str(self), `${fill}${align}${width}`));
      });
    case 'encode':
      return m(() => ({ t: 'bytes', v: encodeUtf8(self) }));
    default:
      return undefined;
  }
}

function listMethod(self: ListValue, name: string, site: Site): Value | undefined {
  const m = (impl: (args: CallArgs) => Value) => method(`list.${name}`, (args) => impl(args));
  switch (name) {
    case 'append':
      return m((a) => {
        self.items.push(a.positional[0] ?? NONE);
        return NONE;
      });
    case 'extend':
      return m((a) => {
        const src = a.positional[0] ?? NONE;
        try {
          self.items.push(...iterate(src, site));
        } catch (e) {
          if (e instanceof Object && (e as Value).t === 'unresolved') {
            self.partial = e as ListValue['partial'];
            return NONE;
          }
          throw e;
        }
        return NONE;
      });
    case 'insert':
      return m((a) => {
        let i = intArg(a.positional[0], 0);
        if (i < 0) i = Math.max(0, self.items.length + i);
        self.items.splice(Math.min(i, self.items.length), 0, a.positional[1] ?? NONE);
        return NONE;
      });
    case 'remove':
      return m((a) => {
        const target = a.positional[0] ?? NONE;
        for (let i = 0; i < self.items.length; i++) {
          const eq = pyEquals(self.items[i] as Value, target);
          if (eq === null) throw unresolved('list.remove() on a list with unknown items', site.expr, site.at);
          if (eq) {
            self.items.splice(i, 1);
            return NONE;
          }
        }
        if (self.partial) throw self.partial;
        return fail('ValueError', 'list.remove(x): x not in list');
      });
    case 'pop':
      return m((a) => {
        if (self.partial) throw self.partial;
        let i = intArg(a.positional[0], -1);
        if (i < 0) i += self.items.length;
        const [v] = self.items.splice(i, 1);
        return v ?? fail('IndexError', 'pop from empty list');
      });
    case 'clear':
      return m(() => {
        self.items.length = 0;
        delete self.partial;
        return NONE;
      });
    case 'copy':
      return m(() => list([...self.items], self.partial));
    case 'reverse':
      return m(() => {
        self.items.reverse();
        return NONE;
      });
    case 'sort':
      return m((a) => {
        if (a.keywords.has('key')) throw unresolved('list.sort(key=...) is not evaluated', site.expr, site.at);
        sortValues(self.items);
        const rev = a.keywords.get('reverse');
        if (rev && rev.t === 'bool' && rev.v) self.items.reverse();
        return NONE;
      });
    case 'index':
    case 'count':
      return sequenceMethod(self.items, name, site);
    default:
      return undefined;
  }
}

export function sortValues(items: Value[]): void {
  const sample = items[0];
  if (!sample) return;
  if (items.every((i) => i.t === 'str')) items.sort((x, y) => ((x as { v: string }).v < (y as { v: string }).v ? -1 : 1));
  else if (items.every((i) => i.t === 'int' || i.t === 'float' || i.t === 'bool')) {
    items.sort((x, y) => Number((x as { v: number | boolean }).v) - Number((y as { v: number | boolean }).v));
  } else throw new OpFailure('Unknown', 'sorting mixed values is not evaluated');
}

function sequenceMethod(items: readonly Value[], name: string, _site: Site): Value {
  return method(name, (a) => {
    const target = a.positional[0] ?? NONE;
    let count = 0;
    for (let i = 0; i < items.length; i++) {
      const eq = pyEquals(items[i] as Value, target);
      if (eq === null) throw unresolved(`${name}() over unknown items`, '', null);
      if (eq) {
        if (name === 'index') return int(i);
        count++;
      }
    }
    if (name === 'index') return fail('ValueError', 'x is not in list');
    return int(count);
  });
}

export function dictGet(self: DictValue, key: Value): Value | undefined {
  const h = hashKey(key);
  if (typeof h !== 'string') throw h;
  const entry = self.entries.get(h);
  if (entry) return entry.value;
  if (self.partial) throw self.partial;
  return undefined;
}

function dictUpdate(self: DictValue, a: CallArgs, site: Site): void {
  const src = a.positional[0];
  if (src) {
    if (src.t === 'dict') {
      for (const [k, e] of src.entries) self.entries.set(k, e);
      if (src.partial) self.partial = src.partial;
    } else if (src.t === 'unresolved') {
      self.partial = src;
    } else {
      for (const pair of iterate(src, site)) {
        if (pair.t !== 'tuple' && pair.t !== 'list') fail('TypeError', 'dictionary update sequence element is not a pair');
        const [k, v] = pair.items;
        if (!k || !v) fail('ValueError', 'dictionary update sequence element has the wrong length');
        const h = hashKey(k);
        if (typeof h !== 'string') throw h;
        dictSet(self, h, k, v);
      }
    }
  }
  for (const [k, v] of a.keywords) self.entries.set(`s:${k}`, { key: str(k), value: v });
  if (a.unknown) self.partial = a.unknown;
}

function dictMethod(self: DictValue, name: string, site: Site): Value | undefined {
  const m = (impl: (args: CallArgs) => Value) => method(`dict.${name}`, (args) => impl(args));
  switch (name) {
    case 'get':
      return m((a) => dictGet(self, a.positional[0] ?? NONE) ?? a.positional[1] ?? NONE);
    case 'keys':
      return m(() => list([...self.entries.values()].map((e) => e.key), self.partial));
    case 'values':
      return m(() => list([...self.entries.values()].map((e) => e.value), self.partial));
    case 'items':
      return m(() => list([...self.entries.values()].map((e) => tuple([e.key, e.value])), self.partial));
    case 'update':
      return m((a) => {
        dictUpdate(self, a, site);
        return NONE;
      });
    case 'setdefault':
      return m((a) => {
        const key = a.positional[0] ?? NONE;
        const existing = dictGet(self, key);
        if (existing) return existing;
        const h = hashKey(key);
        if (typeof h !== 'string') throw h;
        const v = a.positional[1] ?? NONE;
        self.entries.set(h, { key, value: v });
        return v;
      });
    case 'pop':
      return m((a) => {
        const key = a.positional[0] ?? NONE;
        const h = hashKey(key);
        if (typeof h !== 'string') throw h;
        const entry = self.entries.get(h);
        if (entry) {
          self.entries.delete(h);
          return entry.value;
        }
        if (self.partial) throw self.partial;
        return a.positional[1] ?? fail('KeyError', pyStr(key));
      });
    case 'copy':
      return m(() => {
        const d: DictValue = { t: 'dict', entries: new Map(self.entries) };
        if (self.partial) d.partial = self.partial;
        return d;
      });
    case 'clear':
      return m(() => {
        self.entries.clear();
        delete self.partial;
        return NONE;
      });
    default:
      return undefined;
  }
}

function setMethod(self: SetValue, name: string, site: Site): Value | undefined {
  const m = (impl: (args: CallArgs) => Value) => method(`set.${name}`, (args) => impl(args));
  const add = (v: Value) => {
    const h = hashKey(v);
    if (typeof h !== 'string') throw h;
    self.items.set(h, v);
  };
  switch (name) {
    case 'add':
      return m((a) => {
        add(a.positional[0] ?? NONE);
        return NONE;
      });
    case 'update':
      return m((a) => {
        for (const src of a.positional) for (const v of iterate(src, site)) add(v);
        return NONE;
      });
    case 'discard':
    case 'remove':
      return m((a) => {
        const h = hashKey(a.positional[0] ?? NONE);
        if (typeof h !== 'string') throw h;
        if (!self.items.delete(h) && name === 'remove') {
          if (self.partial) throw self.partial;
          fail('KeyError', 'element not in set');
        }
        return NONE;
      });
    case 'union':
      return m((a) => {
        const out: SetValue = { t: 'set', items: new Map(self.items) };
        for (const src of a.positional) {
          for (const v of iterate(src, site)) {
            const h = hashKey(v);
            if (typeof h !== 'string') throw h;
            out.items.set(h, v);
          }
        }
        return out;
      });
    case 'copy':
      return m(() => ({ t: 'set', items: new Map(self.items), ...(self.partial ? { partial: self.partial } : {}) }));
    default:
      return undefined;
  }
}

function pathParent(p: string): string {
  if (p === '/' || p === '.' || p === '') return p === '' ? '.' : p;
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return p.slice(0, i);
}

function pathName(p: string): string {
  if (p === '/' || p === '.') return '';
  return p.slice(p.lastIndexOf('/') + 1);
}

function pathSuffix(p: string): string {
  const name = pathName(p);
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i) : '';
}

function pathAttr(self: string, name: string, site: Site): Value | undefined {
  const path = (v: string): Value => ({ t: 'path', v });
  const m = (impl: (args: CallArgs) => Value) => method(`Path.${name}`, (args) => impl(args));
  const fileKind = () => {
    const abs = self.startsWith('/') ? self : null;
    if (!abs) throw unresolved('a relative path depends on the working directory at run time', site.expr, site.at);
    const k = site.ctx.interp.fileKind(normPath(abs));
    if (typeof k === 'object' && k !== null) throw k;
    return k;
  };
  switch (name) {
    case 'parent':
      return path(pathParent(self));
    case 'parents': {
      const out: Value[] = [];
      for (let p = pathParent(self), prev = self; p !== prev; prev = p, p = pathParent(p)) out.push(path(p));
      return tuple(out);
    }
    case 'name':
      return str(pathName(self));
    case 'suffix':
      return str(pathSuffix(self));
    case 'stem': {
      const n = pathName(self);
      const s = pathSuffix(self);
      return str(s ? n.slice(0, -s.length) : n);
    }
    case 'parts':
      return tuple((self.startsWith('/') ? ['/', ...self.split('/').filter(Boolean)] : self.split('/').filter(Boolean)).map((s) => str(s)));
    case 'resolve':
      return m(() => {
        if (!self.startsWith('/')) throw unresolved('resolving a relative path depends on the working directory', site.expr, site.at);
        return path(normPath(self));
      });
    case 'absolute':
      return m(() => {
        if (!self.startsWith('/')) throw unresolved('a relative path depends on the working directory', site.expr, site.at);
        return path(self);
      });
    case 'joinpath':
      return m((a) => {
        let p = self;
        for (const part of a.positional) {
          if (part.t === 'unresolved') return part;
          if (part.t !== 'str' && part.t !== 'path') fail('TypeError', 'expected str or PathLike');
          p = joinPath(p, part.v);
        }
        return path(p);
      });
    case 'with_name':
      return m((a) => path(joinPath(pathParent(self), needStr(a.positional[0], 'name') ?? '')));
    case 'with_suffix':
      return m((a) => {
        const s = pathSuffix(self);
        const base = s ? self.slice(0, -s.length) : self;
        return path(base + (needStr(a.positional[0], 'suffix') ?? ''));
      });
    case 'as_posix':
    case '__str__':
    case '__fspath__':
      return m(() => str(self));
    case 'expanduser':
      return m(() => {
        if (self.startsWith('~')) throw unresolved('the home directory is not known', site.expr, site.at);
        return path(self);
      });
    case 'exists':
      return m(() => bool(fileKind() !== null));
    case 'is_file':
      return m(() => bool(fileKind() === 'file'));
    case 'is_dir':
      return m(() => bool(fileKind() === 'dir'));
    case 'is_absolute':
      return m(() => bool(self.startsWith('/')));
    case 'mkdir':
    case 'touch':
      return m(() => NONE);
    case 'read_text':
      return m(() => {
        const text = site.ctx.interp.readProjectFile(normPath(self), site);
        if (text === null) return fail('FileNotFoundError', `No such file or directory: '${self}'`);
        if (typeof text !== 'string') return text;
        return str(text);
      });
    default:
      return undefined;
  }
}

/** Attribute lookup on a value: methods of builtin types, or the object's own attributes. Undefined = AttributeError. */
export function getAttribute(v: Value, name: string, site: Site): Value | undefined {
  switch (v.t) {
    case 'str':
      return strMethod(v.v, name, site);
    case 'bytes':
      if (name === 'decode') return method('bytes.decode', () => str(decodeUtf8(v.v)));
      if (name === 'strip' || name === 'lower' || name === 'upper') {
        return method(`bytes.${name}`, () => {
          const r = strMethod(v.v, name, site) as NativeFunction;
          const s = r.call({ positional: [], keywords: new Map() }, site);
          return s.t === 'str' ? { t: 'bytes', v: s.v } : s;
        });
      }
      return undefined;
    case 'list':
      return listMethod(v, name, site);
    case 'tuple':
      return name === 'index' || name === 'count' ? sequenceMethod(v.items, name, site) : undefined;
    case 'dict':
      return dictMethod(v, name, site);
    case 'set':
      return setMethod(v, name, site);
    case 'path':
      return pathAttr(v.v, name, site);
    case 'float':
      if (name === 'is_integer') return method('float.is_integer', () => bool(Number.isInteger(v.v)));
      if (name === 'real') return v;
      return undefined;
    case 'int':
    case 'bool':
      if (name === 'real') return v;
      return undefined;
    case 'unresolved':
      return v;
    case 'object':
      if (isPyObject(v)) return v.getattr(name, site);
      return undefined;
    default:
      return undefined;
  }
}

function normIndex(i: number, length: number): number {
  return i < 0 ? i + length : i;
}

function sliceBounds(length: number, start: Value | null, stop: Value | null, step: Value | null): [number, number, number] {
  const s = step && step.t !== 'none' ? intArg(step, 1) : 1;
  if (s === 0) fail('ValueError', 'slice step cannot be zero');
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const def = (v: Value | null, d: number) => (v && v.t !== 'none' ? intArg(v, d) : null);
  let a = def(start, 0);
  let b = def(stop, length);
  if (s > 0) {
    a = a === null ? 0 : clamp(a < 0 ? a + length : a, 0, length);
    b = b === null ? length : clamp(b < 0 ? b + length : b, 0, length);
  } else {
    a = a === null ? length - 1 : clamp(a < 0 ? a + length : a, -1, length - 1);
    b = b === null ? -1 : clamp(b < 0 ? b + length : b, -1, length - 1);
  }
  return [a, b, s];
}

function sliceItems<T>(items: readonly T[], a: number, b: number, s: number): T[] {
  const out: T[] = [];
  if (s > 0) for (let i = a; i < b; i += s) out.push(items[i] as T);
  else for (let i = a; i > b; i += s) out.push(items[i] as T);
  return out;
}

export function slice(v: Value, start: Value | null, stop: Value | null, step: Value | null): Value {
  switch (v.t) {
    case 'str': {
      const chars = [...v.v];
      const [a, b, s] = sliceBounds(chars.length, start, stop, step);
      return str(sliceItems(chars, a, b, s).join(''));
    }
    case 'list':
    case 'tuple': {
      if (v.partial) return v.partial;
      const [a, b, s] = sliceBounds(v.items.length, start, stop, step);
      const items = sliceItems(v.items, a, b, s);
      return v.t === 'list' ? list(items) : tuple(items);
    }
    case 'unresolved':
      return v;
    default:
      return fail('TypeError', `'${typeName(v)}' object is not subscriptable`);
  }
}

export function subscript(v: Value, key: Value, site?: Site): Value {
  if (key.t === 'unresolved') return key;
  switch (v.t) {
    case 'dict': {
      const got = dictGet(v, key);
      if (got === undefined) return fail('KeyError', pyStr(key));
      return got;
    }
    case 'list':
    case 'tuple': {
      if (key.t !== 'int' && key.t !== 'bool') return fail('TypeError', `indices must be integers, not ${typeName(key)}`);
      const i = normIndex(key.t === 'bool' ? (key.v ? 1 : 0) : key.v, v.items.length);
      const item = v.items[i];
      if (v.partial && (key.t === 'int' && key.v < 0)) return v.partial;
      if (item === undefined) {
        if (v.partial) return v.partial;
        return fail('IndexError', `${v.t} index out of range`);
      }
      return item;
    }
    case 'str': {
      if (key.t !== 'int') return fail('TypeError', `string indices must be integers, not ${typeName(key)}`);
      const chars = [...v.v];
      const c = chars[normIndex(key.v, chars.length)];
      return c === undefined ? fail('IndexError', 'string index out of range') : str(c);
    }
    case 'unresolved':
      return v;
    case 'object': {
      const o = v as unknown as { getitem?: (k: Value, site?: Site) => Value };
      if (typeof o.getitem === 'function') return o.getitem(key, site);
      return fail('TypeError', `'${v.type}' object is not subscriptable`);
    }
    default:
      return fail('TypeError', `'${typeName(v)}' object is not subscriptable`);
  }
}

export function setSubscript(target: Value, key: Value, value: Value): void {
  switch (target.t) {
    case 'dict': {
      const h = hashKey(key);
      if (typeof h !== 'string') {
        target.partial = h;
        return;
      }
      dictSet(target, h, key, value);
      return;
    }
    case 'list': {
      if (key.t !== 'int') fail('TypeError', 'list indices must be integers');
      const i = normIndex(key.v, target.items.length);
      if (i < 0 || i >= target.items.length) fail('IndexError', 'list assignment index out of range');
      target.items[i] = value;
      return;
    }
    default:
      return fail('TypeError', `'${typeName(target)}' object does not support item assignment`);
  }
}

