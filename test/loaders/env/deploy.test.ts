import { describe, expect, it } from 'vitest';
import { type EnvEntry, parseDeployEnvFile } from '../../../src/loaders/env/dotenv.ts';

type E = readonly [key: string, value: string, line: number, column: number];
type P = readonly [line: number, column: number, message: string];
interface Row {
  readonly name: string;
  readonly input: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly entries: readonly E[];
  readonly problems?: readonly P[];
}

const entry = ([key, value, line, column]: E): EnvEntry => ({ key, value, line, column });
const problem = ([line, column, message]: P) => ({ line, column, message });
/** `${` without a template literal. */
const $ = (body: string): string => '$' + '{' + body + '}';
const UNSUPPORTED = ': use $NAME, ' + $('NAME') + ', ' + $('NAME:-default') + ' or ' + $('NAME-default');

const rows: readonly Row[] = [
  // lines
  { name: 'KEY=value', input: 'KEY=value', entries: [['KEY', 'value', 1, 1]] },
  { name: 'export KEY=value', input: 'export KEY=value\nexport\tB=2', entries: [['KEY', 'value', 1, 8], ['B', '2', 2, 8]] },
  { name: 'blank lines, comments, indentation', input: '\n# c\n   # c\n\t\n  KEY=v\n', entries: [['KEY', 'v', 5, 3]] },
  { name: 'spaces around = are accepted', input: 'KEY = v', entries: [['KEY', 'v', 1, 1]] },
  { name: 'export NAME without = sets nothing', input: 'A=1\nexport A B # c', entries: [['A', '1', 1, 1]] },
  { name: 'empty values', input: "A=\nB=''\nC=\"\"\nD=   \nE= # c", entries: [['A', '', 1, 1], ['B', '', 2, 1], ['C', '', 3, 1], ['D', '', 4, 1], ['E', '', 5, 1]] },
  { name: 'duplicate keys: all returned, last wins', input: 'A=1\nA=2', entries: [['A', '1', 1, 1], ['A', '2', 2, 1]] },
  { name: '= inside the value', input: 'URL=postgres://u:p@h/db?a=1', entries: [['URL', 'postgres://u:p@h/db?a=1', 1, 1]] },
  // unquoted
  { name: 'unquoted abc#def is kept', input: 'KEY=abc#def', entries: [['KEY', 'abc#def', 1, 1]] },
  { name: 'unquoted # after whitespace is a comment', input: 'KEY=v  # c\nK2=a\t#b', entries: [['KEY', 'v', 1, 1], ['K2', 'a', 2, 1]] },
  { name: 'unquoted value starting with #', input: 'KEY=#v', entries: [['KEY', '#v', 1, 1]] },
  { name: 'unquoted inner spaces kept, ends trimmed', input: 'KEY=  a  b  ', entries: [['KEY', 'a  b', 1, 1]] },
  { name: 'unquoted quotes inside are literal', input: `KEY=it's "x"`, entries: [['KEY', `it's "x"`, 1, 1]] },
  { name: 'unquoted backslashes are literal, \\$ is $', input: 'KEY=a\\b\\n\\$X', entries: [['KEY', 'a\\b\\n$X', 1, 1]] },
  // single quotes
  { name: 'single quotes are literal', input: "KEY='a \\n $X " + $('X') + " # c' # comment", env: { X: 'x' }, entries: [['KEY', 'a \\n $X ' + $('X') + ' # c', 1, 1]] },
  { name: 'single-quoted value across lines', input: "KEY='a\nb'\nB=1", entries: [['KEY', 'a\nb', 1, 1], ['B', '1', 3, 1]] },
  // double quotes
  {
    name: 'double quotes: \\\\ \\" \\$ \\` and \\n, other backslashes kept',
    input: String.raw`KEY="a \\ \" \$X \` \n \t \d # c" # comment`,
    entries: [['KEY', 'a \\ " $X ` \n \\t \\d # c', 1, 1]],
  },
  { name: 'double-quoted value across lines', input: 'KEY="a\nb"\nB=1', entries: [['KEY', 'a\nb', 1, 1], ['B', '1', 3, 1]] },
  { name: 'backslash-newline in double quotes is removed', input: 'KEY="a\\\nb"', entries: [['KEY', 'ab', 1, 1]] },
  // expansion
  {
    name: '$VAR and ' + $('VAR') + ' in unquoted and double-quoted values',
    input: `A=x\nB=$A-${$('A')}\nC="$A/${$('A')}"`,
    entries: [['A', 'x', 1, 1], ['B', 'x-x', 2, 1], ['C', 'x/x', 3, 1]],
  },
  { name: 'unset expands to ""', input: `A=<$NOPE${$('NOPE')}>`, entries: [['A', '<>', 1, 1]] },
  { name: 'lookup supplies variables', input: `A=${$('HOST')}:$PORT`, env: { HOST: 'h', PORT: '1' }, entries: [['A', 'h:1', 1, 1]] },
  { name: 'the file wins over lookup', input: `HOST=file\nA=${$('HOST')}`, env: { HOST: 'env' }, entries: [['HOST', 'file', 1, 1], ['A', 'file', 2, 1]] },
  { name: 'later keys are not visible', input: 'A=$B\nB=1', entries: [['A', '', 1, 1], ['B', '1', 2, 1]] },
  { name: 'the latest definition is used', input: 'A=1\nA=2\nB=$A', entries: [['A', '1', 1, 1], ['A', '2', 2, 1], ['B', '2', 3, 1]] },
  {
    name: ':- and - defaults',
    input: `A=${$('U:-d')}|${$('E:-d')}|${$('U-d')}|${$('E-d')}|${$('S:-d')}`,
    env: { E: '', S: 's' },
    entries: [['A', 'd|d|d||s', 1, 1]],
  },
  {
    name: ':+ and + alternatives',
    input: `A=${$('U:+a')}|${$('E:+a')}|${$('E+a')}|${$('S:+a')}`,
    env: { E: '', S: 's' },
    entries: [['A', '||a|a', 1, 1]],
  },
  { name: ':? and ? when set', input: `A=${$('S:?must be set')}${$('E?x')}`, env: { E: '', S: 's' }, entries: [['A', 's', 1, 1]] },
  { name: 'expansions inside a default', input: `A=${$('U:-$S/' + $('T'))}`, env: { S: 's', T: 't' }, entries: [['A', 's/t', 1, 1]] },
  { name: '# inside a default is not a comment', input: `A=${$('U:-a #b')} # c`, entries: [['A', 'a #b', 1, 1]] },
  { name: 'expansion in a double-quoted default', input: `A="${$('U:-x y')}"`, entries: [['A', 'x y', 1, 1]] },
  { name: '$ not followed by a name is literal', input: 'A=a$ b$1 $$ $-', entries: [['A', 'a$ b$1 $$ $-', 1, 1]] },
  { name: 'an expansion ending in blanks is not trimmed', input: 'A=$S', env: { S: 'x  ' }, entries: [['A', 'x  ', 1, 1]] },
  // line ends
  { name: 'CRLF', input: 'A=1\r\nB="x\r\ny"\r\nC=3\r\n', entries: [['A', '1', 1, 1], ['B', 'x\ny', 2, 1], ['C', '3', 4, 1]] },
  { name: 'CR', input: 'A=1\rB=2', entries: [['A', '1', 1, 1], ['B', '2', 2, 1]] },
  { name: 'BOM at the start is ignored', input: '\ufeffKEY=v', entries: [['KEY', 'v', 1, 1]] },
  // problems
  { name: 'KEY value', input: 'KEY value\nB=1', entries: [['B', '1', 2, 1]], problems: [[1, 1, 'expected "=" after KEY']] },
  { name: 'KEY alone', input: '  KEY', entries: [], problems: [[1, 3, 'KEY has no "=": write KEY=value (or KEY= for an empty value)']] },
  { name: 'KEY: value', input: 'KEY: value', entries: [], problems: [[1, 1, 'invalid variable name "KEY:": use letters, digits and _, not starting with a digit']] },
  { name: '=value', input: '=value', entries: [], problems: [[1, 1, 'missing variable name before "="']] },
  { name: 'export =value', input: 'export =value', entries: [], problems: [[1, 8, 'missing variable name before "="']] },
  {
    name: 'invalid names',
    input: '1A=1\nA-B=2\n"C"=3\nD.E=4',
    entries: [],
    problems: [
      [1, 1, 'invalid variable name "1A": use letters, digits and _, not starting with a digit'],
      [2, 1, 'invalid variable name "A-B": use letters, digits and _, not starting with a digit'],
      [3, 1, 'invalid variable name "\\"C\\"": use letters, digits and _, not starting with a digit'],
      [4, 1, 'invalid variable name "D.E": use letters, digits and _, not starting with a digit'],
    ],
  },
  { name: 'export alone', input: 'export\nexport  # c', entries: [], problems: [[1, 1, 'expected a variable name after "export"'], [2, 1, 'expected a variable name after "export"']] },
  { name: 'export with a bad name list', input: 'export A -f', entries: [], problems: [[1, 10, 'expected variable names after "export"']] },
  { name: 'unterminated double quote', input: 'A=1\nKEY="abc\nB=2', entries: [['A', '1', 1, 1], ['B', '2', 3, 1]], problems: [[2, 5, 'unterminated double-quoted value']] },
  { name: 'escaped quote does not terminate', input: 'KEY="abc\\"', entries: [], problems: [[1, 5, 'unterminated double-quoted value']] },
  { name: 'unterminated single quote', input: "KEY='abc\nB=2", entries: [['B', '2', 2, 1]], problems: [[1, 5, 'unterminated single-quoted value']] },
  {
    name: 'text after a closing quote',
    input: `A="a"b\nB='x' y\nC="multi\nline"z`,
    entries: [],
    problems: [
      [1, 6, 'unexpected text after the closing quote'],
      [2, 7, 'unexpected text after the closing quote'],
      [4, 6, 'unexpected text after the closing quote'],
    ],
  },
  { name: 'unterminated expansion', input: 'A=' + '$' + '{X\nB=1', entries: [['B', '1', 2, 1]], problems: [[1, 3, 'unterminated ${...} expansion']] },
  {
    name: 'unsupported expansions',
    input: `A=${$('X:=d')}\nB="${$('#X')}"\nC=${$('X Y')}\nD=${$('')}`,
    entries: [],
    problems: [
      [1, 3, 'unsupported expansion ' + $('X:=d') + UNSUPPORTED],
      [2, 4, 'unsupported expansion ' + $('#X') + UNSUPPORTED],
      [3, 3, 'unsupported expansion ' + $('X Y') + UNSUPPORTED],
      [4, 3, 'unsupported expansion ' + $('') + UNSUPPORTED],
    ],
  },
  {
    name: 'command substitution',
    input: 'A=$(id)\nB="`id`"',
    entries: [],
    problems: [
      [1, 3, 'command substitution $(...) is not supported: quote the value with single quotes'],
      [2, 4, 'command substitution (`...`) is not supported: quote the value with single quotes'],
    ],
  },
  {
    name: '? and :? when unset or empty',
    input: `A=${$('U?must be set')}\nB=${$('E:?')}`,
    env: { E: '' },
    entries: [],
    problems: [[1, 3, 'U is not set: must be set'], [2, 3, 'E is empty']],
  },
  { name: 'quotes inside a default', input: `A=${$('U:-"x"')}`, entries: [], problems: [[1, 8, 'quotes inside ${...} are not supported: quote the whole value instead']] },
];

describe('parseDeployEnvFile', () => {
  it.each(rows)('$name', ({ input, env, entries, problems }) => {
    const r = env ? parseDeployEnvFile(input, (n) => env[n]) : parseDeployEnvFile(input);
    expect(r.entries).toEqual(entries.map(entry));
    expect(r.problems).toEqual((problems ?? []).map(problem));
  });

  it('asks lookup only for names the file has not defined', () => {
    const asked: string[] = [];
    parseDeployEnvFile('A=1\nB=$A$C', (n) => {
      asked.push(n);
      return undefined;
    });
    expect(asked).toEqual(['C']);
  });
});
