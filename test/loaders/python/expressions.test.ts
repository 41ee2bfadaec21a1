import { describe, expect, it } from 'vitest';
import { valueOf } from '../../helpers/load.ts';

/** Each row: settings source, setting name, Python repr of the value Django would see. */
const table: ReadonlyArray<readonly [string, string, string]> = [
  // literals
  ['X = 1_000', 'X', '1000'],
  ['X = 0x1F + 0o17 + 0b11', 'X', '49'],
  ['X = 1.5e3', 'X', '1500.0'],
  ['X = -3 // 2', 'X', '-2'],
  ['X = -7 % 3', 'X', '2'],
  ['X = 7 / 2', 'X', '3.5'],
  ['X = 2 ** 10', 'X', '1024'],
  ['X = 60 * 60 * 24 * 365', 'X', '31536000'],
  ['X = True + True', 'X', '2'],
  ['X = None', 'X', 'None'],
  ['X = "a" "b" \'c\'', 'X', "'abc'"],
  ['X = r"\\d+\\n"', 'X', "'\\\\d+\\\\n'"],
  ['X = "tab\\there\\x41\\u00e9"', 'X', "'tab\\thereAé'"],
  ['X = b"bytes"', 'X', "b'bytes'"],
  ['X = """multi\nline"""', 'X', "'multi\\nline'"],
  // containers
  ['X = [1, "a", (2,), {"k": [3]}]', 'X', "[1, 'a', (2,), {'k': [3]}]"],
  ['X = {1, 2, 2}', 'X', '{1, 2}'],
  ['X = {1: "a", True: "b"}', 'X', "{1: 'b'}"],
  ['A = [1]\nX = [*A, 2, *A]', 'X', '[1, 2, 1]'],
  ['A = {"a": 1}\nX = {**A, "b": 2}', 'X', "{'a': 1, 'b': 2}"],
  ['X = [h.strip() for h in " a, b ,, c".split(",") if h.strip()]', 'X', "['a', 'b', 'c']"],
  ['X = {k: v * 2 for k, v in {"a": 1}.items()}', 'X', "{'a': 2}"],
  ['X = [(a, b) for a in [1, 2] for b in "xy" if a > 1]', 'X', "[(2, 'x'), (2, 'y')]"],
  ['X = list(range(3)) + [len("abc")]', 'X', '[0, 1, 2, 3]'],
  ['X = sorted({"b", "a"})', 'X', "['a', 'b']"],
  ['X = dict(a=1, **{"b": 2})', 'X', "{'a': 1, 'b': 2}"],
  ['X = tuple(x for x in "ab")', 'X', "('a', 'b')"],
  ['X = any(x > 2 for x in [1, 3])', 'X', 'True'],
  ['X = max([3, 9, 4]), min(3, 1)', 'X', '(9, 1)'],
  ['X = [1, 2, 3][::-1][1:]', 'X', '[2, 1]'],
  ['X = "abcdef"[-2:]', 'X', "'ef'"],
  // strings
  ['X = "a,b,,c".split(",")', 'X', "['a', 'b', '', 'c']"],
  ['X = "".split(",")', 'X', "['']"],
  ['X = "  a  b ".split()', 'X', "['a', 'b']"],
  ['X = "a=b=c".split("=", 1)', 'X', "['a', 'b=c']"],
  ['X = "a.b.c".rsplit(".", 1)', 'X', "['a.b', 'c']"],
  ['X = "TRUE".lower() in ("1", "true")', 'X', 'True'],
  ['X = "xxhixx".strip("x").upper().replace("I", "EY")', 'X', "'HEY'"],
  ['X = ", ".join(["a", "b"])', 'X', "'a, b'"],
  ['X = "%s://%s:%d" % ("https", "example.com", 443)', 'X', "'https://example.com:443'"],
  ['X = "%(a)s-%(b)05.1f" % {"a": "x", "b": 2.25}', 'X', "'x-002.2'"],
  ['X = "{}-{name}-{0!r:>5}".format("p", name="n")', 'X', '"p-n-  \'p\'"'],
  ['H = "h"\nP = 8000\nX = f"{H}:{P:>6}|{P:,}|{0.5:.0%}|{H!r}"', 'X', '"h:  8000|8,000|50%|\'h\'"'],
  ['W = 4\nX = f"{\'ab\':>{W}}{{x}}"', 'X', "'  ab{x}'"],
  ['X = f"{1+1=}"', 'X', "'1+1=2'"],
  ['X = "Ab".startswith(("a", "A")) and "ab".endswith("b")', 'X', 'True'],
  ['X = "a" * 3 + str(1) + str(None) + str(1.0) + repr("q")', 'X', '"aaa1None1.0\'q\'"'],
  ['X = "%.1f|%.2f|%.0f|%.0f" % (2.25, 2.675, 0.5, 1.5)', 'X', "'2.2|2.67|0|2'"],
  ['X = int(" 42 ") + int("-7") + int(3.9) + int("ff", 16)', 'X', '293'],
  ['X = float("1e3"), bool("False"), bool(""), bool([0])', 'X', '(1000.0, True, False, True)'],
  // operators
  ['X = 1 < 2 < 3', 'X', 'True'],
  ['X = 1 < 3 < 2', 'X', 'False'],
  ['X = "a" in ["a"] and "b" not in "abc"', 'X', 'False'],
  ['X = None is None and [] is not None', 'X', 'True'],
  ['X = 0 or "" or [] or "last"', 'X', "'last'"],
  ['X = 1 and 0 and 2', 'X', '0'],
  ['X = not []', 'X', 'True'],
  ['X = "yes" if 0 else "no"', 'X', "'no'"],
  ['X = {1, 2} | {3}', 'X', '{1, 2, 3}'],
  ['X = {"a": 1} | {"b": 2}', 'X', "{'a': 1, 'b': 2}"],
  ['X = (y := 5) + y', 'X', '10'],
  ['A, (B, *C) = 1, (2, 3, 4)\nX = [A, B, C]', 'X', '[1, 2, [3, 4]]'],
  ['X = Y = [1]\nY.append(2)', 'X', '[1, 2]'],
  ['X = [1]\nX += (2,)\nX *= 2', 'X', '[1, 2, 1, 2]'],
  ['X = {"default": {}}\nX["default"]["HOST"] = "db"\nX["default"].update(PORT=5432)', 'X', "{'default': {'HOST': 'db', 'PORT': 5432}}"],
  ['X = [1, 2, 3]\nX.remove(2)\nX.insert(0, 0)\nX.extend([9])\ndel X[1]', 'X', '[0, 3, 9]'],
  ['X = {"a": 1, "b": 2}\ndel X["a"]\nX.setdefault("c", 3)', 'X', "{'b': 2, 'c': 3}"],
];

describe('expressions evaluate to the values Python computes', () => {
  for (const [code, name, expected] of table) {
    it(code.replace(/\n/g, '⏎'), () => {
      expect(valueOf(code, name)).toBe(expected);
    });
  }
});

describe('what cannot be evaluated is unresolved, with a reason', () => {
  const unknowns: ReadonlyArray<readonly [string, string]> = [
    ['import sys\nX = sys.argv[1]', 'sys.argv depends on the command'],
    ['import socket\nX = socket.gethostname()', 'host name is only known at run time'],
    ['from django.core.management.utils import get_random_secret_key\nX = get_random_secret_key()', 'generated at random'],
    ['import requests\nX = requests.get("x").text', "requests.get() is outside the project"],
    ['X = 2 ** 200', 'too large'],
    ['X = 1j', 'number literal is not evaluated'],
    ['X = undefined_name', "name 'undefined_name' is not defined"],
    ['import os\nX = os.environ["NOPE"]', 'environment variable NOPE is not set'],
    ['while True:\n    X = 1\n    break', 'while loop'],
    ['import sys\nX = "a" if sys.argv else "b"', 'depends on `sys.argv`'],
  ];
  for (const [code, reason] of unknowns) {
    it(code.replace(/\n/g, '⏎'), () => {
      const v = valueOf(code, 'X');
      expect(v).toMatch(/^<unknown: /);
      expect(v).toContain(reason);
    });
  }
});
