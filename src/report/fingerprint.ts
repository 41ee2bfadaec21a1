/**
 * GitHub code scanning's `primaryLocationLineHash`: the value github/codeql-action's upload-sarif computes when a
 * result has none, so alerts keep their identity across runs. Each line's hash is a rolling hash (base 37, 64-bit)
 * over the 100 characters that follow the line's start, skipping spaces and tabs, with CR, LF and CRLF all read as
 * LF; the input ends with a 65535 marker and is padded with zeros. A hash seen before gets a higher `:n` count.
 * Computing it ourselves means our SARIF and the action agree (the action warns when they differ).
 */

const BLOCK = 100;
const MOD = 37n;
const MASK = (1n << 64n) - 1n;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const EOF_MARK = 65535;

/** 37^100 mod 2^64: the weight of the character leaving the window. */
const FIRST_MOD = (() => {
  let m = 1n;
  for (let i = 0; i < BLOCK; i++) m = (m * MOD) & MASK;
  return m;
})();

/** The `primaryLocationLineHash` of every line of a text; index 0 is line 1. */
export function lineHashes(text: string): string[] {
  const window = new Array<number>(BLOCK).fill(0);
  const lineAt = new Array<number>(BLOCK).fill(-1);
  const out: string[] = [];
  const counts = new Map<string, number>();
  let hash = 0n;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = () => {
    const hex = hash.toString(16);
    const n = (counts.get(hex) ?? 0) + 1;
    counts.set(hex, n);
    out[(lineAt[index] as number) - 1] = `${hex}:${n}`;
    lineAt[index] = -1;
  };
  const push = (code: number) => {
    const leaving = window[index] as number;
    window[index] = code;
    hash = (MOD * hash + BigInt(code) - FIRST_MOD * BigInt(leaving)) & MASK;
    index = (index + 1) % BLOCK;
  };
  const take = (raw: number) => {
    let code = raw;
    if (code === SPACE || code === TAB || (afterCR && code === LF)) {
      afterCR = false;
      return;
    }
    if (code === CR) {
      code = LF;
      afterCR = true;
    } else {
      afterCR = false;
    }
    if (lineAt[index] !== -1) emit();
    if (atLineStart) {
      atLineStart = false;
      line++;
      lineAt[index] = line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) take(text.charCodeAt(i));
  take(EOF_MARK);
  for (let i = 0; i < BLOCK; i++) {
    if (lineAt[index] !== -1) emit();
    push(0);
  }
  return out;
}
