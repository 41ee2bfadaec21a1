import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/engine/errors.ts';
import { repr } from '../../../src/engine/values.ts';
import { EnvStore } from '../../../src/loaders/python/scope.ts';
import { parseSettingsFile } from '../../../src/loaders/settings-files/index.ts';
import { type JsonNode, JsonSyntaxError, parseJson } from '../../../src/loaders/settings-files/json-parse.ts';

const FILE = 'conf/settings.json';
const load = (text: string) => parseSettingsFile('json', FILE, text, new EnvStore());

/** [setting, Python repr, line, column of the key]. */
type E = readonly [name: string, repr: string, line: number, column: number];

const entries = (text: string): E[] =>
  [...load(text).entries.values()].map((e) => [e.name, e.value.t === 'unresolved' ? `<unknown: ${e.value.reason}>` : repr(e.value), e.origin?.line ?? 0, e.origin?.column ?? 0]);

describe('JSON settings: values and positions', () => {
  const rows: ReadonlyArray<{ name: string; text: string; entries: readonly E[] }> = [
    { name: 'scalars as json.loads types them', text: '{"DEBUG": false, "SECURE_HSTS_SECONDS": 31536000, "RATIO": 0.5, "X_FRAME_OPTIONS": "DENY", "SECURE_SSL_HOST": null}', entries: [['DEBUG', 'False', 1, 2], ['SECURE_HSTS_SECONDS', '31536000', 1, 18], ['RATIO', '0.5', 1, 51], ['X_FRAME_OPTIONS', "'DENY'", 1, 65], ['SECURE_SSL_HOST', 'None', 1, 92]] },
    { name: '1.0 and 1e3 are floats, 1 and -0 are ints', text: '{"A": 1.0, "B": 1e3, "C": 1, "D": -0, "E": -0.0, "F": 2.5E-3}', entries: [['A', '1.0', 1, 2], ['B', '1000.0', 1, 12], ['C', '1', 1, 22], ['D', '0', 1, 30], ['E', '-0.0', 1, 39], ['F', '0.0025', 1, 50]] },
    {
      name: 'arrays are lists (tuples exported as arrays stay lists), objects are dicts',
      text: '{\n  "ALLOWED_HOSTS": ["example.com", ".example.org"],\n  "DATABASES": {"default": {"ENGINE": "django.db.backends.postgresql", "PORT": 5432}},\n  "ADMINS": [["Ops", "ops@example.com"]]\n}',
      entries: [
        ['ALLOWED_HOSTS', "['example.com', '.example.org']", 2, 3],
        ['DATABASES', "{'default': {'ENGINE': 'django.db.backends.postgresql', 'PORT': 5432}}", 3, 3],
        ['ADMINS', "[['Ops', 'ops@example.com']]", 4, 3],
      ],
    },
    { name: 'escapes and a surrogate pair', text: '{"S": "tab\\t\\"q\\" \\\\ \\/ \\u00e9 \\ud83d\\ude00 \\n"}', entries: [['S', "'tab\\t\"q\" \\\\ / é 😀 \\n'", 1, 2]] },
    { name: 'a lone surrogate escape is kept, as Python does', text: '{"S": "\\ud800"}', entries: [['S', "'\ud800'", 1, 2]] },
    { name: 'CRLF line endings and a BOM', text: '\ufeff{\r\n"DEBUG": true,\r\n  "X": 1\r\n}\r\n', entries: [['DEBUG', 'True', 2, 1], ['X', '1', 3, 3]] },
    { name: 'columns count UTF-16 units', text: '{"N": "é😀", "M": 2}', entries: [['N', "'é😀'", 1, 2], ['M', '2', 1, 14]] },
    { name: 'nested duplicate keys: first position, last value', text: '{"D": {"a": 1, "b": 2, "a": 3}}', entries: [['D', "{'a': 3, 'b': 2}", 1, 2]] },
    { name: 'an empty object sets nothing', text: '  {}  ', entries: [] },
    {
      name: 'an integer beyond 2**53 is unknown, not rounded',
      text: '{"BIG": 12345678901234567890, "OK": 9007199254740991}',
      entries: [['BIG', '<unknown: the integer 12345678901234567890 is too large to be held exactly (beyond 2**53)>', 1, 2], ['OK', '9007199254740991', 1, 31]],
    },
    { name: 'a float beyond double range is inf, as in Python', text: '{"F": 1e400}', entries: [['F', 'inf', 1, 2]] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(entries(row.text)).toEqual(row.entries);
    });
  }

  it('an unresolved value carries its source text and position', () => {
    const e = load('{\n  "BIG": 12345678901234567890\n}').entries.get('BIG');
    expect(e?.value).toEqual({ t: 'unresolved', reason: 'the integer 12345678901234567890 is too large to be held exactly (beyond 2**53)', expr: '12345678901234567890', at: { file: FILE, line: 2, column: 10 } });
  });

  it('a repeated top-level key: the last wins, the first is in overridden, with a warning', () => {
    const s = load('{"DEBUG": true,\n "X": 1,\n "DEBUG": false}');
    expect(s.entries.get('DEBUG')).toEqual({ name: 'DEBUG', value: { t: 'bool', v: false }, origin: { file: FILE, line: 3, column: 2 }, overridden: [{ file: FILE, line: 1, column: 2 }] });
    expect(s.diagnostics).toEqual([{ level: 'warning', code: 'settings-duplicate-key', message: `DEBUG appears again in ${FILE} (first at line 1); the last one wins`, location: { file: FILE, line: 3, column: 2 } }]);
  });

  it('names Django ignores (not upper-case) are left out with an info diagnostic', () => {
    const s = load('{"debug": true, "Secret_Key": "x", "_": 1, "1": 2, "DEBUG": false}');
    expect([...s.entries.keys()]).toEqual(['DEBUG']);
    expect(s.diagnostics.map((d) => [d.code, d.level, d.location?.column])).toEqual([
      ['settings-key-ignored', 'info', 2],
      ['settings-key-ignored', 'info', 17],
      ['settings-key-ignored', 'info', 36],
      ['settings-key-ignored', 'info', 44],
    ]);
    expect(s.diagnostics[0]?.message).toBe(`"debug" in ${FILE} is not upper-case, so Django ignores it (only upper-case names are settings)`);
  });
});

describe('JSON settings: errors name file:line:column', () => {
  const rows: ReadonlyArray<readonly [name: string, text: string, message: string, line: number, column: number]> = [
    ['trailing comma in an object', '{\n  "DEBUG": false,\n}', "invalid JSON: trailing comma before '}' is not allowed in JSON", 2, 17],
    ['trailing comma in an array', '{"A": [1, 2,]}', "invalid JSON: trailing comma before ']' is not allowed in JSON", 1, 12],
    ['unterminated string', '{"SECRET_KEY": "abc', 'invalid JSON: unterminated string', 1, 16],
    ['a line break inside a string', '{"A": "a\nb"}', 'invalid JSON: unterminated string (a line break inside a string must be written \\n)', 1, 7],
    ['a tab inside a string', '{"A": "a\tb"}', 'invalid JSON: control character U+0009 in a string must be escaped', 1, 9],
    ['line comment', '{\n  // prod\n  "A": 1}', 'invalid JSON: comments are not allowed in JSON', 2, 3],
    ['block comment after the value', '{"A": 1} /* x */', 'invalid JSON: comments are not allowed in JSON', 1, 10],
    ['NaN', '{"A": NaN}', 'invalid JSON: NaN is not valid JSON', 1, 7],
    ['-Infinity', '{"A": -Infinity}', 'invalid JSON: -Infinity is not valid JSON', 1, 7],
    ['single quotes', "{'A': 1}", 'invalid JSON: strings must use double quotes in JSON', 1, 2],
    ['a Python literal', '{"A": True}', "invalid JSON: 'True' is Python, not JSON (write true)", 1, 7],
    ['leading zero', '{"A": 012}', 'invalid JSON: numbers must not have leading zeros in JSON', 1, 7],
    ['a bare dot', '{"A": 1.}', "invalid JSON: invalid number: expected a digit after '.'", 1, 9],
    ['hex number', '{"A": 0x1F}', 'invalid JSON: invalid number: unexpected unquoted text', 1, 8],
    ['invalid escape', '{"A": "\\q"}', "invalid JSON: invalid escape '\\q' in a string", 1, 8],
    ['short \\u escape', '{"A": "\\u12"}', 'invalid JSON: invalid \\u escape: expected four hex digits', 1, 8],
    ['unquoted key', '{DEBUG: 1}', 'invalid JSON: unexpected unquoted text: expected a double-quoted property name', 1, 2],
    ['an unquoted value is not echoed (it may be a secret)', '{"SECRET_KEY": django-insecure-abc}', 'invalid JSON: unexpected unquoted text: expected a JSON value', 1, 16],
    ['missing colon', '{"A" 1}', "invalid JSON: unexpected unquoted text: expected ':' after the property name", 1, 6],
    ['missing comma', '{"A": 1\n "B": 2}', "invalid JSON: unexpected '\"': expected ',' or '}' after a property value", 2, 2],
    ['missing closing brace', '{"A": 1', "invalid JSON: unexpected end of file: expected ',' or '}' after a property value", 1, 8],
    ['two values', '{"A": 1} {"B": 2}', "invalid JSON: unexpected '{' after the JSON value", 1, 10],
    ['empty file', ' \n', 'invalid JSON: the file is empty: expected a JSON value', 2, 1],
    ['an array at the top level', '[{"DEBUG": true}]', `the top level of ${FILE} is an array, not an object of settings`, 1, 1],
    ['a string at the top level', '\n "DEBUG"', `the top level of ${FILE} is a string, not an object of settings`, 2, 2],
    ['null at the top level', 'null', `the top level of ${FILE} is null, not an object of settings`, 1, 1],
    ['an upper-case name that is not a setting name', '{"DEBUG": 1,\n "ALLOWED-HOSTS": []}', '"ALLOWED-HOSTS" is not a Django setting name (upper-case letters, digits and _, starting with a letter)', 2, 2],
    ['a name starting with a digit', '{"1X": 1}', '"1X" is not a Django setting name (upper-case letters, digits and _, starting with a letter)', 1, 2],
  ];
  for (const [name, text, message, line, column] of rows) {
    it(name, () => {
      let error: unknown;
      try {
        load(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).message).toBe(message);
      expect((error as LoadError).origin).toEqual({ file: FILE, line, column });
    });
  }
});

/** The parse tree as a plain JS value, to compare with JSON.parse. */
function plain(n: JsonNode): unknown {
  switch (n.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const m of n.members) Object.defineProperty(o, m.key, { value: plain(m.value), enumerable: true, configurable: true, writable: true });
      return o;
    }
    case 'array':
      return n.items.map(plain);
    case 'string':
      return n.value;
    case 'number':
      return Number(n.text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
  }
}

describe('JSON parser agrees with JSON.parse (the engine is the oracle)', () => {
  const valid = [
    '0',
    '-0.5e-3',
    '1E+2',
    '"\\u0041\\u00e9\\ud83d\\ude00"',
    '[]',
    '[[], {}, [{}]]',
    '{"a": {"b": [1, "2", null, true, false]}}',
    ' \t\r\n{ "k" : "v" } \n',
    '{"__proto__": 1, "constructor": 2}',
    '{"a": 1, "a": 2}',
    '"\\b\\f\\n\\r\\t\\/\\\\\\""',
    '123456789.123456789e-5',
  ];
  for (const text of valid) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      expect(plain(parseJson(text))).toEqual(JSON.parse(text));
    });
  }
  const invalid = ['[1,]', '{"a":1,}', '01', '1.', '.5', '+1', '"a', "'a'", 'nul', '[1 2]', '{"a" 1}', '"\\x41"', '"\t"', 'NaN', 'Infinity', '[', '{', '', '1 2', '{"a":1}}', '0x10', '-', '1e', '// c\n1'];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)} like JSON.parse`, () => {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parseJson(text)).toThrow(JsonSyntaxError);
    });
  }
});
