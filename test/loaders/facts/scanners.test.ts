import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { jsonPositions, pathKey, tomlPositions } from '../../../src/loaders/facts/positions.ts';
import { splitShell } from '../../../src/loaders/facts/shell.ts';

/** line:column of every recorded path, for compact expectations. */
function lines(text: string, positions: Map<string, number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, offset] of positions) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    out[(JSON.parse(key) as unknown[]).join('.')] = `${line}:${offset - before.lastIndexOf('\n')}`;
  }
  return out;
}

describe('tomlPositions', () => {
  it('finds keys, headers and array items, through strings that look like TOML', () => {
    const text = [
      '# [fake]', //                                  1
      'title = "a = [1, 2] # not a comment"', //       2
      'multi = """', //                                3
      'dependencies = ["nope"]', //                    4
      '"""', //                                        5
      "lit = '''x'''", //                              6
      '[project]', //                                  7
      'deps = [ # comment', //                         8
      '  "a", # one', //                               9
      '  "b,]",', //                                   10
      ']', //                                          11
      '"quoted.key" = { inner = 1, "x y" = [2] }', //  12
      'dotted . key = 3', //                           13
      'date = 1979-05-27 07:32:00Z', //                14
      'after = 1', //                                  15
    ].join('\n');
    expect(() => parseToml(text)).not.toThrow();
    expect(lines(text, tomlPositions(text))).toEqual({
      title: '2:1',
      multi: '3:1',
      lit: '6:1',
      project: '7:1',
      'project.deps': '8:1',
      'project.deps.0': '9:3',
      'project.deps.1': '10:3',
      'project.quoted.key': '12:1',
      'project.quoted.key.inner': '12:18',
      'project.quoted.key.x y': '12:29',
      'project.quoted.key.x y.0': '12:38',
      'project.dotted.key': '13:1',
      'project.date': '14:1',
      'project.after': '15:1',
    });
  });

  it('numbers arrays of tables, including nested ones', () => {
    const text = '[[package]]\nname = "a"\n[[package.wheels]]\nurl = "u1"\n[[package.wheels]]\nurl = "u2"\n[[package]]\nname = "b"\n[package.metadata]\nk = 1\n[[package.wheels]]\nurl = "u3"\n';
    expect(() => parseToml(text)).not.toThrow();
    const p = tomlPositions(text);
    const at = (path: (string | number)[]) => p.get(pathKey(path));
    expect([at(['package', 0, 'name']), at(['package', 0, 'wheels', 1, 'url']), at(['package', 1, 'name']), at(['package', 1, 'metadata', 'k']), at(['package', 1, 'wheels', 0, 'url'])]).toEqual([
      text.indexOf('name = "a"'),
      text.indexOf('url = "u2"'),
      text.indexOf('name = "b"'),
      text.indexOf('k = 1'),
      text.indexOf('url = "u3"'),
    ]);
  });

  it('maxDepth walks deeper values without recording them, and keeps later offsets right', () => {
    const text = '[[package]]\nname = "a"\nwheels = [{ url = "u", hash = "h" }, { url = "v" }]\n[[package]]\nname = "django"\nversion = "5.2"\n';
    expect(lines(text, tomlPositions(text, 3))).toEqual({ 'package.0': '1:1', 'package.0.name': '2:1', 'package.0.wheels': '3:1', 'package.1': '4:1', 'package.1.name': '5:1', 'package.1.version': '6:1' });
  });

  it('decodes escapes in quoted keys', () => {
    const text = '"a\\u0062c" = 1\n\'lit\\n\' = 2\n';
    expect([...tomlPositions(text).keys()]).toEqual([pathKey(['abc']), pathKey(['lit\\n'])]);
  });
});

describe('jsonPositions', () => {
  it('records members and items, and no error for valid JSON', () => {
    const text = '{\n  "a": [1, {"b": "x\\"}"}],\n  "c": null\n}';
    const scan = jsonPositions(text);
    expect(scan.error).toBeNull();
    expect(lines(text, scan.positions)).toEqual({ a: '2:3', 'a.0': '2:9', 'a.1': '2:12', 'a.1.b': '2:13', c: '3:3' });
  });

  const errors: readonly [string, string, number][] = [
    ['{"a": 1,}', 'unexpected "}", expected a property name', 8],
    ['{"a" 1}', 'unexpected "1", expected \':\'', 5],
    ['[1 2]', 'unexpected "2", expected \',\' or \']\'', 3],
    ['{"a": tru}', 'unexpected "t", expected a value', 6],
    ['{"a": "x', 'unexpected end of JSON, expected a closing quote', 8],
    ['{} x', 'unexpected "x", expected the end of the document', 3],
    ['', 'unexpected end of JSON, expected a value', 0],
  ];
  for (const [text, message, offset] of errors) {
    it(`reports ${JSON.stringify(text)}`, () => {
      expect(() => JSON.parse(text)).toThrow();
      expect(jsonPositions(text).error).toEqual({ message, offset });
    });
  }
});

describe('splitShell', () => {
  const words = (text: string) => splitShell(text).commands.map((c) => c.map((w) => w.text));
  const rows: readonly [string, string[][]][] = [
    ['gunicorn a.wsgi --bind 0.0.0.0:8000', [['gunicorn', 'a.wsgi', '--bind', '0.0.0.0:8000']]],
    ['gunicorn --bind "0.0.0.0:$PORT" app', [['gunicorn', '--bind', '0.0.0.0:$PORT', 'app']]],
    ["echo 'a b' \"c d\" e\\ f", [['echo', 'a b', 'c d', 'e f']]],
    ['a "x\\"y\\$z\\\\" \'\\n\'', [['a', 'x"y$z\\', '\\n']]],
    ['python manage.py migrate && gunicorn app; echo done', [['python', 'manage.py', 'migrate'], ['gunicorn', 'app'], ['echo', 'done']]],
    ['a | b || c & d', [['a'], ['b'], ['c'], ['d']]],
    ['run >log 2>&1 --flag < in', [['run', '--flag']]],
    ['gunicorn app # --bind 0.0.0.0', [['gunicorn', 'app']]],
    ['x=${HOST:-0.0.0.0}:${PORT} cmd $(id -u) `date`', [['x=${HOST:-0.0.0.0}:${PORT}', 'cmd', '$(id -u)', '`date`']]],
    ['{ a; b; }', [['a'], ['b']]],
    ['line one \\\n  continued', [['line', 'one', 'continued']]],
    ['a\nb', [['a'], ['b']]],
    ['cost $5 and $', [['cost', '$5', 'and', '$']]],
  ];
  for (const [text, expected] of rows) it(JSON.stringify(text), () => expect(words(text)).toEqual(expected));

  it('records where each word starts and whether it expands', () => {
    expect(splitShell('gunicorn -b "$HOST:80" app').commands[0]).toEqual([
      { text: 'gunicorn', start: 0, expands: false },
      { text: '-b', start: 9, expands: false },
      { text: '$HOST:80', start: 12, expands: true },
      { text: 'app', start: 23, expands: false },
    ]);
  });

  it('an unterminated quote is an error with its offset, and the words so far are kept', () => {
    expect(splitShell('gunicorn --bind "0.0.0.0:80')).toEqual({
      commands: [[{ text: 'gunicorn', start: 0, expands: false }, { text: '--bind', start: 9, expands: false }, { text: '0.0.0.0:80', start: 16, expands: false }]],
      error: { message: 'unterminated double quote', offset: 16 },
    });
    expect(splitShell("echo 'x").error).toEqual({ message: 'unterminated single quote', offset: 5 });
  });
});
