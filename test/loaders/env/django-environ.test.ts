import { describe, expect, it } from 'vitest';
import { type EnvEntry, parseDjangoEnviron } from '../../../src/loaders/env/dotenv.ts';

type E = readonly [key: string, value: string, line: number, column: number];
type P = readonly [line: number, column: number, message: string];
interface Row {
  readonly name: string;
  readonly input: string;
  readonly parseComments?: boolean;
  readonly entries: readonly E[];
  readonly problems?: readonly P[];
}

const entry = ([key, value, line, column]: E): EnvEntry => ({ key, value, line, column });
const problem = ([line, column, message]: P) => ({ line, column, message });
const REF_X = '$' + '{X}';
const INVALID = 'invalid line: django-environ expects KEY=value (KEY of letters, digits and _, no spaces around "=", optional "export ")';

// Expected values follow django-environ 0.12.0 Env.read_env; see src/loaders/env/django-environ.ts.
const rows: readonly Row[] = [
  { name: 'export prefix (exactly "export " + one space)', input: 'export KEY=v', entries: [['KEY', 'v', 1, 8]] },
  { name: 'export with two spaces is rejected', input: 'export  KEY=v', entries: [], problems: [[1, 1, INVALID]] },
  { name: 'KEY = v is rejected', input: 'KEY = v\nB=1', entries: [['B', '1', 2, 1]], problems: [[1, 1, INVALID]] },
  { name: 'KEY =v is rejected', input: 'KEY =v', entries: [], problems: [[1, 1, INVALID]] },
  { name: 'KEY= v keeps the blank', input: 'KEY= v', entries: [['KEY', ' v', 1, 1]] },
  { name: 'KEY: v is rejected', input: 'KEY: v', entries: [], problems: [[1, 1, INVALID]] },
  { name: 'KEY without = is rejected', input: 'KEY', entries: [], problems: [[1, 1, INVALID]] },
  { name: 'key with a dash is rejected', input: 'K-1=v', entries: [], problems: [[1, 1, INVALID]] },
  { name: 'indented assignment is rejected', input: ' KEY=v', entries: [], problems: [[1, 1, INVALID]] },
  { name: 'lowercase and digits in keys', input: 'k_1=v\n1=one', entries: [['k_1', 'v', 1, 1], ['1', 'one', 2, 1]] },
  { name: 'unquoted abc#def', input: 'KEY=abc#def', entries: [['KEY', 'abc#def', 1, 1]] },
  { name: 'v  # c is kept whole by default', input: 'KEY=v  # c', entries: [['KEY', 'v  # c', 1, 1]] },
  {
    name: 'single quotes stripped, contents literal',
    input: "KEY='single \\n " + REF_X + "'",
    entries: [['KEY', 'single \\n ' + REF_X, 1, 1]],
  },
  {
    name: 'double quotes: \\n \\r \\t kept as escapes, other \\x become x',
    input: String.raw`KEY="double \n \r \t \x \" \\ \$ ` + REF_X + '"',
    entries: [['KEY', String.raw`double \n \r \t x " \ $ ` + REF_X, 1, 1]],
  },
  { name: 'a backslash at the end of a double-quoted value stays', input: 'KEY="abc\\"', entries: [['KEY', 'abc\\', 1, 1]] },
  { name: "'\"x\"' loses both pairs of quotes", input: `KEY='"x"'`, entries: [['KEY', 'x', 1, 1]] },
  { name: 'quotes only when the whole value is wrapped', input: `KEY="a" b\nK2='it's'`, entries: [['KEY', '"a" b', 1, 1], ['K2', "it's", 2, 1]] },
  {
    name: 'multi-line quoted values are not supported',
    input: 'KEY="a\nb"\nC=1',
    entries: [['KEY', '"a', 1, 1], ['C', '1', 3, 1]],
    problems: [[2, 1, INVALID]],
  },
  { name: 'duplicate keys: all returned, last wins', input: 'A=1\nA=2', entries: [['A', '1', 1, 1], ['A', '2', 2, 1]] },
  { name: 'empty values', input: "A=\nB=''\nC=\"\"", entries: [['A', '', 1, 1], ['B', '', 2, 1], ['C', '', 3, 1]] },
  { name: '= inside the value', input: 'A=a=b', entries: [['A', 'a=b', 1, 1]] },
  { name: 'comments and empty lines are skipped silently', input: '#KEY=v\n\n# c\nA=1', entries: [['A', '1', 4, 1]] },
  {
    name: 'whitespace-only line and indented comment are "Invalid line"',
    input: 'A=1\n   \n  # c\n\tB=2',
    entries: [['A', '1', 1, 1]],
    problems: [
      [2, 1, 'whitespace-only line (django-environ logs it as "Invalid line")'],
      [3, 1, 'indented comment (django-environ only skips lines that start with "#")'],
      [4, 1, INVALID],
    ],
  },
  { name: 'CRLF', input: 'A=1\r\nB=2\r\n', entries: [['A', '1', 1, 1], ['B', '2', 2, 1]] },
  { name: 'CR', input: 'A=1\rB=2', entries: [['A', '1', 1, 1], ['B', '2', 2, 1]] },
  {
    name: 'splitlines() also breaks at \\f, \\x85 and U+2028',
    input: 'A=x\fB=y\x85C=z\u2028D=w',
    entries: [['A', 'x', 1, 1], ['B', 'y', 1, 5], ['C', 'z', 1, 9], ['D', 'w', 1, 13]],
  },
  {
    name: 'BOM is kept, so the first line is invalid',
    input: '\ufeffKEY=v\nB=1',
    entries: [['B', '1', 2, 1]],
    problems: [[1, 1, 'byte-order mark before the key (django-environ reads the file as utf8 and keeps it)']],
  },
  // parse_comments=True (and the behaviour of 0.11.x)
  { name: 'parse_comments: v  # c keeps the blanks', input: 'KEY=v  # c', parseComments: true, entries: [['KEY', 'v  ', 1, 1]] },
  { name: 'parse_comments: abc#def cut at #', input: 'KEY=abc#def', parseComments: true, entries: [['KEY', 'abc', 1, 1]] },
  { name: 'parse_comments: single-quoted value, then comment', input: "KEY='a # b' # c", parseComments: true, entries: [['KEY', 'a # b', 1, 1]] },
  { name: 'parse_comments: double-quoted value, then comment keeps quotes', input: 'KEY="abc" # c', parseComments: true, entries: [['KEY', '"abc" ', 1, 1]] },
  { name: 'parse_comments: # inside double quotes cuts', input: 'KEY="a#b"', parseComments: true, entries: [['KEY', '"a', 1, 1]] },
  { name: 'parse_comments: "abc"# c still unquotes', input: 'KEY="abc"# c', parseComments: true, entries: [['KEY', 'abc', 1, 1]] },
  { name: 'parse_comments=False explicitly', input: 'KEY=v # c', parseComments: false, entries: [['KEY', 'v # c', 1, 1]] },
];

describe('parseDjangoEnviron', () => {
  it.each(rows)('$name', ({ input, parseComments, entries, problems }) => {
    const r = parseComments === undefined ? parseDjangoEnviron(input) : parseDjangoEnviron(input, { parseComments });
    expect(r.entries).toEqual(entries.map(entry));
    expect(r.problems).toEqual((problems ?? []).map(problem));
  });
});
