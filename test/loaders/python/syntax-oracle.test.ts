import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findSyntaxProblem, parsePython } from '../../../src/loaders/python/parse.ts';

/** Broken (and valid) sources: secaudit must reject exactly what CPython rejects, at the same line, with its message. */
const sources = [
  'DEBUG = True\nX = "unterminated\nY = 1',
  'X = [1,\nY = 2',
  'X = {"a": 1\n',
  'X = 1\n  Y = 2',
  'print "hello"',
  'if True:\nX = 1',
  'X = = 1',
  'X = """never closed\n',
  "X = 'it\\'s fine'\nY = r'\\d'\n",
  'def f(x):\n    return x\nY = f(1)\n',
  'X = 1 +\n',
  'for x in y:\npass\n',
  "X = f'{a!r:>{w}}'\nY = b'\\x00'\n",
  'X = (1,\n     2)\nY = [\n  3,\n]\n',
];

const python = spawnSync('python3', ['-c', 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)']);
const available = python.status === 0;
if (!available) console.log('skipping the CPython syntax oracle: python3 >= 3.10 is not installed');

describe.skipIf(!available)('syntax errors agree with CPython', () => {
  const script = `
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    try:
        ast.parse(src)
        out.append(None)
    except SyntaxError as e:
        out.append([e.lineno, e.msg])
print(json.dumps(out))
`;
  const run = available ? spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' }) : null;
  const expected = run ? (JSON.parse(run.stdout) as Array<[number, string] | null>) : [];
  sources.forEach((src, i) => {
    it(JSON.stringify(src), () => {
      const problem = findSyntaxProblem(parsePython('x.py', src));
      const want = expected[i] ?? null;
      if (want === null) expect(problem).toBeNull();
      else {
        expect(problem?.line).toBe(want[0]);
        expect(want[1].startsWith(problem?.message ?? '\u0000')).toBe(true);
      }
    });
  });
});
