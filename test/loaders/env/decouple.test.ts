import { describe, expect, it } from 'vitest';
import { type EnvEntry, decoupleIniOptionName, parseDecoupleEnv, parseDecoupleIni } from '../../../src/loaders/env/dotenv.ts';

type E = readonly [key: string, value: string, line: number, column: number];
type P = readonly [line: number, column: number, message: string];
interface Row {
  readonly name: string;
  readonly input: string;
  readonly entries: readonly E[];
  readonly problems?: readonly P[];
}

const entry = ([key, value, line, column]: E): EnvEntry => ({ key, value, line, column });
const problem = ([line, column, message]: P) => ({ line, column, message });
const NO_EQUALS = 'line without "=" (python-decouple ignores it)';

// Expected values follow python-decouple 3.8 RepositoryEnv; see src/loaders/env/decouple.ts.
const envRows: readonly Row[] = [
  { name: 'plain', input: 'KEY=v', entries: [['KEY', 'v', 1, 1]] },
  { name: 'blanks around key and value are stripped', input: '  KEY  =  v  ', entries: [['KEY', 'v', 1, 3]] },
  { name: 'export is part of the key', input: 'export KEY=v', entries: [['export KEY', 'v', 1, 1]] },
  { name: 'KEY: v is ignored', input: 'KEY: v\nB=1', entries: [['B', '1', 2, 1]], problems: [[1, 1, NO_EQUALS]] },
  { name: 'KEY alone is ignored', input: '  KEY', entries: [], problems: [[1, 3, NO_EQUALS]] },
  { name: 'abc#def', input: 'KEY=abc#def', entries: [['KEY', 'abc#def', 1, 1]] },
  { name: 'no inline comments: # c stays in the value', input: 'KEY=value # comment', entries: [['KEY', 'value # comment', 1, 1]] },
  { name: 'a comment after quotes keeps the quotes', input: 'KEY="value" # comment', entries: [['KEY', '"value" # comment', 1, 1]] },
  { name: 'double quotes stripped', input: 'KEY="a b"', entries: [['KEY', 'a b', 1, 1]] },
  { name: 'single quotes stripped', input: "KEY='a b'", entries: [['KEY', 'a b', 1, 1]] },
  { name: 'blanks inside quotes kept', input: 'KEY = " x "  ', entries: [['KEY', ' x ', 1, 1]] },
  { name: 'mismatched quotes kept', input: `KEY="v'`, entries: [['KEY', `"v'`, 1, 1]] },
  { name: 'a lone quote is kept', input: 'KEY="', entries: [['KEY', '"', 1, 1]] },
  { name: 'only one pair of quotes is removed', input: `KEY="'v'"`, entries: [['KEY', "'v'", 1, 1]] },
  { name: 'no escapes in quotes', input: 'KEY="a\\nb\\"', entries: [['KEY', 'a\\nb\\', 1, 1]] },
  { name: 'no interpolation', input: 'KEY=${X}', entries: [['KEY', '${X}', 1, 1]] },
  { name: 'empty values', input: "A=\nB=''\nC=\"\"", entries: [['A', '', 1, 1], ['B', '', 2, 1], ['C', '', 3, 1]] },
  { name: '= inside the value', input: 'A=a=b', entries: [['A', 'a=b', 1, 1]] },
  { name: 'empty key', input: '=v', entries: [['', 'v', 1, 1]] },
  { name: 'duplicate keys: all returned, last wins', input: 'A=1\nA=2', entries: [['A', '1', 1, 1], ['A', '2', 2, 1]] },
  { name: 'comments, indented comments and blank lines', input: '# A=1\n   # B=2\n\n \t \nC=3', entries: [['C', '3', 5, 1]] },
  {
    name: 'multi-line quotes are not supported',
    input: 'A="multi\nline"',
    entries: [['A', '"multi', 1, 1]],
    problems: [[2, 1, NO_EQUALS]],
  },
  { name: 'CRLF', input: 'A=1\r\nB=2\r\n', entries: [['A', '1', 1, 1], ['B', '2', 2, 1]] },
  { name: 'CR', input: 'A=1\rB=2', entries: [['A', '1', 1, 1], ['B', '2', 2, 1]] },
  { name: 'a form feed does not end a line', input: 'A=x\fB=y', entries: [['A', 'x\fB=y', 1, 1]] },
  { name: 'Python whitespace (\\x1f, U+00A0) is stripped', input: 'A=\x1fx\u00a0', entries: [['A', 'x', 1, 1]] },
  { name: 'BOM stays part of the first key', input: '\ufeffA=1', entries: [['\ufeffA', '1', 1, 1]] },
];

describe('parseDecoupleEnv', () => {
  it.each(envRows)('$name', ({ input, entries, problems }) => {
    const r = parseDecoupleEnv(input);
    expect(r.entries).toEqual(entries.map(entry));
    expect(r.problems).toEqual((problems ?? []).map(problem));
  });
});

const FAILS = 'so ConfigParser.read_file raises and decouple cannot load the file';

// Expected values follow python-decouple 3.8 RepositoryIni over CPython's configparser; see src/loaders/env/decouple.ts.
const iniRows: readonly Row[] = [
  { name: 'key = value and key: value', input: '[settings]\nA = 1\nB: two words\nC=3', entries: [['a', '1', 2, 1], ['b', 'two words', 3, 1], ['c', '3', 4, 1]] },
  { name: 'keys are lower-cased', input: '[settings]\nSECRET_KEY = abc\nDebug: True', entries: [['secret_key', 'abc', 2, 1], ['debug', 'True', 3, 1]] },
  { name: 'the first = or : separates', input: '[settings]\nurl = http://h:1/p\nA:B=c', entries: [['url', 'http://h:1/p', 2, 1], ['a', 'B=c', 3, 1]] },
  { name: 'blanks inside keys are kept', input: '[settings]\nKEY WITH SPACE = 1', entries: [['key with space', '1', 2, 1]] },
  { name: 'empty value', input: '[settings]\nA =\nB=2', entries: [['a', '', 2, 1], ['b', '2', 3, 1]] },
  { name: 'quotes are kept', input: `[settings]\nA = "x"\nB = 'y'`, entries: [['a', '"x"', 2, 1], ['b', "'y'", 3, 1]] },
  { name: 'no inline comments', input: '[settings]\nA = x ; not a comment\nB = y # nor this', entries: [['a', 'x ; not a comment', 2, 1], ['b', 'y # nor this', 3, 1]] },
  { name: 'full-line comments with # and ;, indented too', input: '[settings]\n# c\n; c\n   # c\nA=1', entries: [['a', '1', 5, 1]] },
  { name: '%% is a literal %', input: '[settings]\nA = 50%%', entries: [['a', '50%', 2, 1]] },
  { name: '%(name)s of a key in the section', input: '[settings]\nA = %(b)s/x\nB = base', entries: [['a', 'base/x', 2, 1], ['b', 'base', 3, 1]] },
  { name: '%(NAME)s is looked up lower-cased', input: '[settings]\nA = %(B)s\nb = x', entries: [['a', 'x', 2, 1], ['b', 'x', 3, 1]] },
  { name: 'a referenced value is interpolated again', input: '[settings]\nA = %(b)s\nB = 1%%', entries: [['a', '1%', 2, 1], ['b', '1%', 3, 1]] },
  { name: '100%%(b)s is literal', input: '[settings]\nA = 100%%(b)s', entries: [['a', '100%(b)s', 2, 1]] },
  {
    name: 'a lone % is an error for that key only',
    input: '[settings]\nA = 50%\nB = ok',
    entries: [['b', 'ok', 3, 1]],
    problems: [[2, 1, '"%" must be followed by "%" or "(" in "a", found "%" (InterpolationSyntaxError; write %% for a literal %)']],
  },
  {
    name: '%(name)d is a syntax error',
    input: '[settings]\nA = %(b)d\nb=1',
    entries: [['b', '1', 3, 1]],
    problems: [[2, 1, 'bad interpolation variable reference "%(b)d" in "a" (InterpolationSyntaxError; write %% for a literal %)']],
  },
  {
    name: 'unknown reference',
    input: '[settings]\nA = %(missing)s',
    entries: [],
    problems: [[2, 1, '"a" refers to %(missing)s, which is not an option of [settings] or [DEFAULT] (InterpolationMissingOptionError)']],
  },
  {
    name: 'self reference exceeds the depth limit',
    input: '[settings]\nA = %(a)s',
    entries: [],
    problems: [[2, 1, '"a" nests %(...)s references more than 10 levels deep (InterpolationDepthError)']],
  },
  {
    name: 'continuation lines, blank lines inside kept, trailing ones dropped, comments skipped',
    input: '[settings]\nA = x\n  y\n\n  # c\n  z\n\n\nB = 2',
    entries: [['a', 'x\ny\n\nz', 2, 1], ['b', '2', 9, 1]],
  },
  { name: 'an indented option after an option is a continuation', input: '[settings]\nA=1\n  B=2', entries: [['a', '1\nB=2', 2, 1]] },
  { name: 'an indented section header after an option is a continuation', input: '[settings]\nA=1\n  [other]\nB=2', entries: [['a', '1\n[other]', 2, 1], ['b', '2', 4, 1]] },
  { name: 'indentation of the first option sets the level', input: '  [settings]\n  A=1\n    B=2\n  C=3', entries: [['a', '1\nB=2', 2, 3], ['c', '3', 4, 3]] },
  { name: 'text after the header ] is ignored', input: '[settings] ; c\nA=1', entries: [['a', '1', 2, 1]] },
  { name: 'other sections are ignored', input: '[other]\nX=1\n[settings]\nA=1', entries: [['a', '1', 4, 1]] },
  { name: 'section names are case-sensitive: [Settings] is not read', input: '[Settings]\nA=1', entries: [] },
  { name: 'no [settings]: even DEFAULT keys are not read', input: '[DEFAULT]\nd=1', entries: [] },
  {
    name: 'DEFAULT keys are visible in [settings] and interpolate against it',
    input: '[DEFAULT]\nd = 1\nA = %(x)s\n[settings]\nx = 2',
    entries: [['d', '1', 2, 1], ['a', '2', 3, 1], ['x', '2', 5, 1]],
  },
  { name: '[settings] wins over DEFAULT', input: '[DEFAULT]\nA = d\n[settings]\nA = s', entries: [['a', 's', 4, 1]] },
  { name: 'DEFAULT may appear twice', input: '[DEFAULT]\nX=1\n[DEFAULT]\nY=2\n[settings]', entries: [['x', '1', 2, 1], ['y', '2', 4, 1]] },
  { name: 'CRLF', input: '[settings]\r\nA=1\r\nB=2\r\n', entries: [['a', '1', 2, 1], ['b', '2', 3, 1]] },
  { name: 'non-ASCII keys are lower-cased', input: '[settings]\n\u00c4=1', entries: [['\u00e4', '1', 2, 1]] },
  // read_file raises: nothing is loaded
  { name: 'option before any section', input: '\n# c\nA=1\n[settings]', entries: [], problems: [[3, 1, `option before any [section] header (MissingSectionHeaderError), ${FAILS}`]] },
  {
    name: 'BOM makes the first header unrecognisable',
    input: '\ufeff[settings]\nA=1',
    entries: [],
    problems: [[1, 1, `option before any [section] header (MissingSectionHeaderError), ${FAILS}`]],
  },
  { name: 'duplicate section', input: '[settings]\nA=1\n[settings]\nB=2', entries: [], problems: [[3, 1, `section [settings] appears twice (DuplicateSectionError), ${FAILS}`]] },
  {
    name: 'duplicate key, case-insensitively',
    input: '[settings]\nA=1\na=2',
    entries: [],
    problems: [[3, 1, `option "a" appears twice in section [settings] (DuplicateOptionError; keys are case-insensitive), ${FAILS}`]],
  },
  {
    name: 'duplicate key in DEFAULT',
    input: '[DEFAULT]\nX=1\nX=2\n[settings]',
    entries: [],
    problems: [[3, 1, `option "x" appears twice in section [DEFAULT] (DuplicateOptionError; keys are case-insensitive), ${FAILS}`]],
  },
  {
    name: 'a line that is not an option, anywhere in the file',
    input: '[settings]\nA=1\n[other]\n  not an option',
    entries: [],
    problems: [[4, 3, `not a "key = value" or "key: value" line (ParsingError), ${FAILS}`]],
  },
  {
    name: 'empty option names (the second one is also a duplicate of "")',
    input: '[settings]\n= v\n: w',
    entries: [],
    problems: [
      [2, 1, `option with an empty name (ParsingError), ${FAILS}`],
      [3, 1, `option with an empty name (ParsingError), ${FAILS}`],
      [3, 1, `option "" appears twice in section [settings] (DuplicateOptionError; keys are case-insensitive), ${FAILS}`],
    ],
  },
];

describe('parseDecoupleIni', () => {
  it.each(iniRows)('$name', ({ input, entries, problems }) => {
    const r = parseDecoupleIni(input);
    expect(r.entries).toEqual(entries.map(entry));
    expect(r.problems).toEqual((problems ?? []).map(problem));
  });

  it('decoupleIniOptionName lower-cases like ConfigParser.optionxform', () => {
    expect(decoupleIniOptionName('SECRET_KEY')).toBe('secret_key');
    expect(decoupleIniOptionName('\u00c4bc')).toBe('\u00e4bc');
  });
});
