import { describe, expect, it } from 'vitest';
import { lineHashes } from '../../src/report/fingerprint.ts';

/**
 * Expected values were computed by running github/codeql-action's own `hash()` (src/fingerprints.ts, the code
 * upload-sarif uses when a result has no primaryLocationLineHash) on these inputs, outside this repository.
 * The inputs are ours: CRLF, tabs, blank lines, repeated lines, a line over 100 characters, bare CR line ends,
 * non-ASCII text and a surrogate pair. (secaudit was also checked against the action's published test vectors.)
 */
const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
  [
    "from .base import *  # noqa\r\n\r\nDEBUG = False\r\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\r\n",
    ["a82ae16a2a39917a:1", "6d2f1338f89cae64:1", "cfada135ef84a20a:1", "2ad310e60e6b15c1:1", "c129715d7a2bc9a3:1"],
  ],
  [
    "MIDDLEWARE = [\n\t'django.middleware.security.SecurityMiddleware',\n\t'django.middleware.csrf.CsrfViewMiddleware',\n]\nALLOWED_HOSTS = ['exämple.com', '☃.example.org']\n",
    ["3215f953c37e6971:1", "9a6727561a0ed92c:1", "7ebc5444cdc5b308:1", "34110b572550e27c:1", "263596578788fcd1:1", "c129715d7a2bc9a3:1"],
  ],
  [
    "X = 1\nX = 1\nX = 1\n\n\nX = 1\n",
    ["8bf7c624d4dc8c07:1", "8bd030743413140b:1", "8659cfac179b7fcf:1", "828ec54e14755353:1", "e6825e42f5d47895:1", "58b779a78894db1f:1", "c129715d7a2bc9a3:1"],
  ],
  [
    "LONG = 'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij'\nSHORT = 1\r# comment only\rEND = 'é😀'",
    ["aa4b2db340d55a6d:1", "f251e09e38f9f079:1", "12fea65576cb9415:1", "dff2bfa36cdf121f:1"],
  ],
];

describe('primaryLocationLineHash (GitHub code scanning)', () => {
  cases.forEach(([input, expected], i) => {
    it(`input ${i + 1}`, () => {
      expect(lineHashes(input)).toEqual(expected);
    });
  });

  it('a line keeps its hash when lines above it are inserted, so alerts survive edits', () => {
    const before = lineHashes('A = 1\nDEBUG = True\nB = 2\n');
    const after = lineHashes('# new comment\nA = 1\nDEBUG = True\nB = 2\n');
    expect(after[2]).toBe(before[1]);
  });

  it('lines with the same next 100 characters share the hash and are told apart by a count', () => {
    const h = lineHashes('X = 1\n'.repeat(60));
    const hex = h[0]?.split(':')[0];
    expect(h.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `${hex}:${i + 1}`));
    expect(h[59]?.split(':')[0]).not.toBe(hex);
  });
});
