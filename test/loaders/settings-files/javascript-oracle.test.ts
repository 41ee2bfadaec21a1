import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/engine/values.ts';
import { type EnvVar, EnvStore } from '../../../src/loaders/python/scope.ts';
import { parseSettingsFile } from '../../../src/loaders/settings-files/index.ts';

/**
 * The static evaluator must give what Node gives. Each expression (written for this test, JavaScript only)
 * is run in a fresh V8 context with a stub `process.env`, and its JSON round trip is compared with the
 * statically evaluated setting converted back to plain data.
 */
const ENV: Readonly<Record<string, string>> = { HOSTS: ' a.example.com,b.example.com ,, ', DEBUG: 'False', PORT: '8443', EMPTY: '', LIST: '["x", 2, null]' };

const EXPRESSIONS = [
  "process.env.HOSTS.split(',').map((h) => h.trim()).filter(Boolean)",
  "process.env.HOSTS.split(',').map((h) => h.trim()).filter((h) => h.length > 0).join(' ')",
  "process.env.DEBUG === 'True' || process.env.DEBUG === 'true'",
  "process.env.DEBUG ? 'truthy' : 'falsy'",
  "process.env.EMPTY || 'default'",
  "process.env.EMPTY ?? 'default'",
  "process.env.MISSING ?? 'default'",
  "process.env.MISSING || process.env.PORT",
  'Number(process.env.PORT) + 1',
  "parseInt(process.env.PORT ?? '80', 10) * 2",
  "process.env.PORT + 1",
  "process.env.PORT - 1",
  "`${process.env.PORT}/${process.env.MISSING}/${null}`",
  'JSON.parse(process.env.LIST)',
  "[process.env.PORT, ...process.env.HOSTS.split(',')].length",
  "({ a: 1, ...{ b: 2, a: 3 }, c: [process.env.DEBUG] })",
  "({ 10: 'x', 2: 'y', z: 1, 1: 'w' })",
  "({ ...'a😀' })",
  "[...'a😀'].length",
  "[1, '1', true, null, 0].map((v) => v == 1)",
  "[1, '1', true, null, 0].map((v) => v === 1)",
  "[0, '', null, undefined, NaN, 'False', [], {}].map(Boolean)",
  "['1', '2', '3'].map(parseInt).map((n) => Number.isNaN(n))",
  "'a-b-c'.replace('-', '+') + 'a-b-c'.replaceAll('-', '')",
  "'  Mixed Case '.trim().toLowerCase().startsWith('mixed')",
  "'abc'.padStart(5, '*') + 'abc'.at(-1) + 'abc'.charAt(1)",
  '(7.5).toFixed(0) + (255).toString(16)',
  '2 ** 31 | 0',
  '-7 % 3',
  "'5' * '2'",
  "[] + {}",
  "[1, [2, 3]] + ''",
  'typeof process.env.MISSING',
  "process.env.MISSING?.split(',')?.length ?? -1",
  "Object.entries({ a: 1, b: [2] })",
  "Object.values({ x: 'y' }).concat(['z'])",
  "[3, 1, 2].slice(1).includes(2)",
  "(() => { const x = 2; return x * 21; })()",
  "((a, b = 'dflt') => a + b)('arg-')",
  "void 0 === undefined",
  "!!process.env.EMPTY",
  "String(null) + String(true) + String([1, 2])",
];

function toPlain(v: Value): unknown {
  switch (v.t) {
    case 'none':
      return null;
    case 'bool':
    case 'int':
    case 'float':
    case 'str':
      return v.v;
    case 'list':
      return v.items.map(toPlain);
    case 'dict': {
      const o: Record<string, unknown> = {};
      for (const e of v.entries.values()) o[e.key.t === 'str' ? e.key.v : '?'] = toPlain(e.value);
      return o;
    }
    default:
      return `<${v.t}${v.t === 'unresolved' ? `: ${v.reason}` : ''}>`;
  }
}

const store = new EnvStore(new Map(Object.entries(ENV).map(([k, v]): [string, EnvVar] => [k, { value: v, definedAt: null, source: '--env' }])));

describe('the static evaluator agrees with Node', () => {
  for (const expr of EXPRESSIONS) {
    it(expr, () => {
      const node: unknown = runInNewContext(`(${expr})`, { process: { env: { ...ENV } } }, { timeout: 1000 });
      const expected: unknown = JSON.parse(JSON.stringify({ X: node })).X;
      const source = parseSettingsFile('ts', 'settings.mjs', `export default { X: ${expr} };\n`, store);
      const entry = source.entries.get('X');
      expect(entry ? toPlain(entry.value) : undefined).toEqual(expected);
      // Key order too (toEqual ignores it).
      if (expected && typeof expected === 'object' && !Array.isArray(expected) && entry) {
        expect(Object.keys(toPlain(entry.value) as object)).toEqual(Object.keys(expected));
      }
    });
  }
});
