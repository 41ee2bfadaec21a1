import { describe, expect, it } from 'vitest';
import { type EnvEntry, interpolatePythonDotenv, parsePythonDotenv } from '../../../src/loaders/env/dotenv.ts';

type E = readonly [key: string, value: string | null, line: number, column: number];
type P = readonly [line: number, column: number, message: string];
interface Row {
  readonly name: string;
  readonly input: string;
  readonly entries: readonly E[];
  readonly problems?: readonly P[];
}

const REF_X = '$' + '{X}';

const entry = ([key, value, line, column]: E): EnvEntry => ({ key, value, line, column });
const problem = ([line, column, message]: P) => ({ line, column, message });

// Expected values follow python-dotenv's parser.py (main after v1.2.2); see src/loaders/env/python-dotenv.ts.
const parseRows: readonly Row[] = [
  { name: 'export prefix', input: 'export KEY=v', entries: [['KEY', 'v', 1, 8]] },
  { name: 'export with several blanks, spaces around =', input: 'export  X = 1', entries: [['X', '1', 1, 9]] },
  { name: 'spaces around =', input: 'KEY = v', entries: [['KEY', 'v', 1, 1]] },
  {
    name: 'KEY: v is a parse error, the next line still parses',
    input: 'KEY: v\nOK=1',
    entries: [['OK', '1', 2, 1]],
    problems: [[1, 1, `could not parse statement: text after key "KEY:" is not '='`]],
  },
  { name: 'key without = has value None', input: 'KEY', entries: [['KEY', null, 1, 1]] },
  { name: 'key without = then a comment', input: 'K1 # comment', entries: [['K1', null, 1, 1]] },
  { name: '"export" alone is a key', input: 'export', entries: [['export', null, 1, 1]] },
  { name: 'exportA is a key', input: 'exportA=1', entries: [['exportA', '1', 1, 1]] },
  { name: 'unquoted # without a blank before it is kept', input: 'KEY=abc#def', entries: [['KEY', 'abc#def', 1, 1]] },
  { name: 'unquoted comment after blanks is dropped', input: 'KEY=v  # c', entries: [['KEY', 'v', 1, 1]] },
  { name: 'a comment right after "= " is the value', input: 'KEY= # c', entries: [['KEY', '# c', 1, 1]] },
  { name: 'unquoted value is trimmed', input: 'KEY=\t v w \t', entries: [['KEY', 'v w', 1, 1]] },
  { name: 'U+00A0 is whitespace to Python, so it starts a comment', input: 'KEY=a\u00a0#x', entries: [['KEY', 'a', 1, 1]] },
  {
    name: 'single quotes: only \\\\ and \\\' are escapes, ${X} is kept raw',
    input: String.raw`KEY='single \n ` + REF_X + String.raw` \\ \' \"'`,
    entries: [['KEY', String.raw`single \n ` + REF_X + String.raw` \ ' \"`, 1, 1]],
  },
  {
    name: 'double quotes: \\\\ \\\' \\" \\a \\b \\f \\n \\r \\t \\v decoded, others kept',
    input: String.raw`KEY="d \\ \' \" \a \b \f \n \r \t \v \x \$ ` + REF_X + '"',
    entries: [['KEY', 'd \\ \' " \x07 \b \f \n \r \t \v \\x \\$ ${X}', 1, 1]],
  },
  { name: 'double-quoted value across lines', input: 'A="multi\nline"\nB=2', entries: [['A', 'multi\nline', 1, 1], ['B', '2', 3, 1]] },
  { name: 'single-quoted value across lines', input: "A='a\nb'", entries: [['A', 'a\nb', 1, 1]] },
  { name: 'duplicate keys are all returned, in order', input: 'A=1\nA=2', entries: [['A', '1', 1, 1], ['A', '2', 2, 1]] },
  {
    name: 'empty values',
    input: "A=\nB=\"\"\nC=''\nD= ",
    entries: [['A', '', 1, 1], ['B', '', 2, 1], ['C', '', 3, 1], ['D', '', 4, 1]],
  },
  { name: '= inside the value', input: 'URL=postgres://u:p@h/db?x=1&y=2', entries: [['URL', 'postgres://u:p@h/db?x=1&y=2', 1, 1]] },
  { name: 'comment after a quoted value', input: 'KEY="v" # c', entries: [['KEY', 'v', 1, 1]] },
  {
    name: 'text after a closing quote',
    input: 'KEY="v"x\nB=1',
    entries: [['B', '1', 2, 1]],
    problems: [[1, 1, 'could not parse statement: text after the closing quote']],
  },
  {
    name: 'a quote runs to the next quote in the file, then the statement fails',
    input: 'A="abc\nB="def"\nC=1\n',
    entries: [['C', '1', 3, 1]],
    problems: [[1, 1, 'could not parse statement: text after the closing quote']],
  },
  {
    name: 'unterminated double quote: only its own line is skipped',
    input: 'KEY="unterminated\nB=2',
    entries: [['B', '2', 2, 1]],
    problems: [[1, 1, 'could not parse statement: unterminated double-quoted value']],
  },
  {
    name: 'unterminated single quote',
    input: "KEY='open\nB=2",
    entries: [['B', '2', 2, 1]],
    problems: [[1, 1, 'could not parse statement: unterminated single-quoted value']],
  },
  { name: 'a backslash before the last quote does not escape it', input: 'A="a\\"', entries: [['A', 'a\\', 1, 1]] },
  { name: '=value has no key', input: '=v\nB=1', entries: [['B', '1', 2, 1]], problems: [[1, 1, "could not parse statement: no key before '='"]] },
  { name: 'single-quoted key', input: "'Q K'=v", entries: [['Q K', 'v', 1, 1]] },
  { name: 'double quotes are part of a key', input: '"D"=1', entries: [['"D"', '1', 1, 1]] },
  {
    name: 'blank lines and indentation before a key',
    input: '\n\n   KEY=1\n# comment\n   # indented comment\n',
    entries: [['KEY', '1', 3, 4]],
  },
  {
    name: 'problem position is the statement, not the blank lines before it',
    input: 'A=1\n\n\nbad line here\nB=2',
    entries: [['A', '1', 1, 1], ['B', '2', 5, 1]],
    problems: [[4, 1, `could not parse statement: text after key "bad" is not '='`]],
  },
  { name: 'CRLF (open() gives \\n, also inside values)', input: 'A=1\r\nB="x\r\ny"\r\nC=3\r\n', entries: [['A', '1', 1, 1], ['B', 'x\ny', 2, 1], ['C', '3', 4, 1]] },
  { name: 'CR line ends', input: 'A=1\rB=2', entries: [['A', '1', 1, 1], ['B', '2', 2, 1]] },
  { name: 'BOM at file start is stripped (newest python-dotenv)', input: '\ufeffKEY=v', entries: [['KEY', 'v', 1, 1]] },
  { name: 'BOM elsewhere is not whitespace', input: 'A=1\n\ufeffB=2', entries: [['A', '1', 1, 1], ['\ufeffB', '2', 2, 1]] },
  { name: 'astral characters count as two UTF-16 columns', input: "'\u{1F600}'=1 \n  K=\"\u{1F600}\"", entries: [['\u{1F600}', '1', 1, 1], ['K', '\u{1F600}', 2, 3]] },
  { name: 'empty input', input: '', entries: [] },
  { name: 'whitespace only', input: ' \n\t\n', entries: [] },
];

describe('parsePythonDotenv', () => {
  it.each(parseRows)('$name', ({ input, entries, problems }) => {
    const r = parsePythonDotenv(input);
    expect(r.entries).toEqual(entries.map(entry));
    expect(r.problems).toEqual((problems ?? []).map(problem));
  });
});

interface InterpRow {
  readonly name: string;
  readonly input: string;
  readonly env: Readonly<Record<string, string>>;
  readonly override: boolean;
  readonly values: readonly (string | null)[];
}

const interpRows: readonly InterpRow[] = [
  { name: '${VAR} from the environment', input: 'A=${X}', env: { X: 'x' }, override: true, values: ['x'] },
  { name: '$VAR without braces is not expanded', input: 'A=$X-${X}', env: { X: 'x' }, override: true, values: ['$X-x'] },
  { name: 'unset gives ""', input: 'A=<${NOPE}>', env: {}, override: true, values: ['<>'] },
  { name: ':- default when unset', input: 'A=${NOPE:-dflt}', env: {}, override: true, values: ['dflt'] },
  { name: ':- default is NOT used for a variable set to ""', input: 'A=${E:-dflt}', env: { E: '' }, override: true, values: [''] },
  { name: '${VAR-default} is a variable named "VAR-default"', input: 'A=${X-dflt}', env: { X: 'x', 'X-dflt': 'odd' }, override: true, values: ['odd'] },
  { name: 'a nested default stops at the first }', input: 'A=${NOPE:-${B}}', env: { B: 'b' }, override: true, values: ['${B}'] },
  { name: '${X:=v} is not a variable reference', input: 'A=${X:=v}', env: { X: 'x' }, override: true, values: ['${X:=v}'] },
  { name: 'earlier keys of the file', input: 'A=1\nB=${A}2', env: {}, override: true, values: ['1', '12'] },
  { name: 'later keys are not visible', input: 'B=${A}\nA=1', env: {}, override: true, values: ['', '1'] },
  { name: 'override=True: the file wins over the environment', input: 'A=file\nB=${A}', env: { A: 'env' }, override: true, values: ['file', 'file'] },
  { name: 'override=False: the environment wins over the file', input: 'A=file\nB=${A}', env: { A: 'env' }, override: false, values: ['file', 'env'] },
  { name: 'single-quoted values are interpolated too', input: "A='${X}'", env: { X: 'x' }, override: true, values: ['x'] },
  { name: 'a key without value stays None', input: 'A\nB=${A}|', env: {}, override: true, values: [null, '|'] },
  { name: 'override=True: a valueless file key hides the environment', input: 'A\nB=${A}|', env: { A: 'env' }, override: true, values: [null, '|'] },
  { name: 'override=False: the environment hides a valueless file key', input: 'A\nB=${A}|', env: { A: 'env' }, override: false, values: [null, 'env|'] },
  { name: 'duplicates resolve against the earlier definition', input: 'A=1\nA=${A}2', env: {}, override: true, values: ['1', '12'] },
  { name: 'self reference before definition uses the environment', input: 'PATHX=${PATHX}:/x', env: { PATHX: '/a' }, override: true, values: ['/a:/x'] },
  { name: 'several references, unterminated ones kept', input: 'A=${X}${Y:-y}${Z', env: { X: 'x' }, override: true, values: ['xy${Z'] },
];

describe('interpolatePythonDotenv', () => {
  it.each(interpRows)('$name', ({ input, env, override, values }) => {
    const parsed = parsePythonDotenv(input);
    expect(parsed.problems).toEqual([]);
    const out = interpolatePythonDotenv(parsed.entries, (n) => env[n], override);
    expect(out.map((e) => e.value)).toEqual(values);
    expect(out.map((e) => [e.key, e.line, e.column])).toEqual(parsed.entries.map((e) => [e.key, e.line, e.column]));
  });
});
