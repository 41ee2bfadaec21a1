import type { CookieNote } from './observation.ts';

/** A Set-Cookie header as a browser reads it (RFC 6265 §5.2, with RFC 6265bis' SameSite and nameless cookies). */
export interface ParsedSetCookie {
  readonly name: string;
  /** Never the value itself: secaudit does not keep cookie values. */
  readonly valueLength: number;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  readonly sameSite: 'Strict' | 'Lax' | 'None' | null;
  readonly domain: string | null;
  readonly path: string | null;
  readonly expires: Date | null;
  readonly maxAge: number | null;
  readonly attributes: readonly string[];
  readonly unknownAttributes: readonly string[];
  readonly notes: readonly CookieNote[];
}

/** Attributes some browser acts on; `priority` is Chrome's. */
const KNOWN = new Set(['expires', 'max-age', 'domain', 'path', 'secure', 'httponly', 'samesite', 'partitioned', 'priority']);

const isWsp = (c: string): boolean => c === ' ' || c === '\t';

function trimWsp(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isWsp(s[start]!)) start++;
  while (end > start && isWsp(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** A control character other than HTAB (RFC 6265bis §5.7 step 1: the whole cookie is ignored). */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c <= 0x1f && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Parses one Set-Cookie header value. Returns null only when there is nothing a browser would store under any
 * reading (an empty name and an empty value); malformed parts are kept with a note.
 */
export function parseSetCookie(header: string): ParsedSetCookie | null {
  const notes = new Set<CookieNote>();
  if (hasControl(header)) notes.add('control-characters');
  const semi = header.indexOf(';');
  const pair = semi < 0 ? header : header.slice(0, semi);
  const unparsed = semi < 0 ? '' : header.slice(semi + 1);
  const eq = pair.indexOf('=');
  let name: string;
  let value: string;
  if (eq < 0) {
    notes.add('nameless');
    name = '';
    value = trimWsp(pair);
  } else {
    name = trimWsp(pair.slice(0, eq));
    value = trimWsp(pair.slice(eq + 1));
  }
  if (name === '' && value === '') return null;

  let secure = false;
  let httpOnly = false;
  let partitioned = false;
  let sameSite: ParsedSetCookie['sameSite'] = null;
  let domain: string | null = null;
  let path: string | null = null;
  let expires: Date | null = null;
  let maxAge: number | null = null;
  const attributes: string[] = [];
  const unknownAttributes: string[] = [];
  const seen = new Set<string>();

  if (unparsed !== '') {
    for (const av of unparsed.split(';')) {
      const avEq = av.indexOf('=');
      const attrName = trimWsp(avEq < 0 ? av : av.slice(0, avEq));
      const attrValue = trimWsp(avEq < 0 ? '' : av.slice(avEq + 1));
      if (attrName === '') continue;
      attributes.push(attrName);
      const key = attrName.toLowerCase();
      if (seen.has(key)) notes.add('duplicate-attribute');
      seen.add(key);
      // Each recognised attribute overwrites an earlier one: "the last attribute in the list" wins (§5.3 step 3).
      switch (key) {
        case 'expires': {
          const date = parseCookieDate(attrValue);
          if (date === null) notes.add('invalid-expires');
          else expires = date;
          break;
        }
        case 'max-age': {
          if (/^-?\d+$/.test(attrValue)) maxAge = Number(attrValue);
          else notes.add('invalid-max-age');
          break;
        }
        case 'domain':
          if (attrValue === '') notes.add('empty-domain');
          else domain = (attrValue.startsWith('.') ? attrValue.slice(1) : attrValue).toLowerCase();
          break;
        case 'path':
          if (attrValue.startsWith('/')) path = attrValue;
          else {
            path = null;
            notes.add('invalid-path');
          }
          break;
        case 'secure':
          secure = true;
          break;
        case 'httponly':
          httpOnly = true;
          break;
        case 'partitioned':
          partitioned = true;
          break;
        case 'samesite': {
          const v = attrValue.toLowerCase();
          if (v === 'strict') sameSite = 'Strict';
          else if (v === 'lax') sameSite = 'Lax';
          else if (v === 'none') sameSite = 'None';
          else notes.add('invalid-samesite');
          break;
        }
        default:
          if (!KNOWN.has(key)) {
            unknownAttributes.push(attrName);
            notes.add('unknown-attribute');
          }
      }
    }
  }
  return {
    name,
    valueLength: value.length,
    secure,
    httpOnly,
    partitioned,
    sameSite,
    domain,
    path,
    expires,
    maxAge,
    attributes,
    unknownAttributes,
    notes: [...notes],
  };
}

/** The header with the cookie's value replaced by its length: `sessionid=[32 chars]; HttpOnly; Path=/`. */
export function redactSetCookie(header: string): string {
  const semi = header.indexOf(';');
  const pair = semi < 0 ? header : header.slice(0, semi);
  const rest = semi < 0 ? '' : header.slice(semi);
  const eq = pair.indexOf('=');
  if (eq < 0) return `[${trimWsp(pair).length} chars]${rest}`;
  return `${pair.slice(0, eq)}=[${trimWsp(pair.slice(eq + 1)).length} chars]${rest}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 6265 §5.1.1 delimiter: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. */
function isDelimiter(code: number): boolean {
  return (
    code === 0x09 ||
    (code >= 0x20 && code <= 0x2f) ||
    (code >= 0x3b && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

/** The leading run of ASCII digits of `token`, when it is 1..max long and followed by the end or a non-digit. */
function leadingDigits(token: string, min: number, max: number): number | null {
  let n = 0;
  while (n < token.length && token.charCodeAt(n) >= 0x30 && token.charCodeAt(n) <= 0x39) n++;
  return n >= min && n <= max ? Number(token.slice(0, n)) : null;
}

/** hms-time = time-field ":" time-field ":" time-field, then the end or a non-digit. */
function parseTime(token: string): [number, number, number] | null {
  const parts: number[] = [];
  let rest = token;
  for (let i = 0; i < 3; i++) {
    let n = 0;
    while (n < rest.length && n < 3 && rest.charCodeAt(n) >= 0x30 && rest.charCodeAt(n) <= 0x39) n++;
    if (n < 1 || n > 2) return null;
    parts.push(Number(rest.slice(0, n)));
    rest = rest.slice(n);
    if (i < 2) {
      if (!rest.startsWith(':')) return null;
      rest = rest.slice(1);
    }
  }
  if (rest !== '' && rest.charCodeAt(0) >= 0x30 && rest.charCodeAt(0) <= 0x39) return null;
  return [parts[0]!, parts[1]!, parts[2]!];
}

/**
 * RFC 6265 §5.1.1, the algorithm browsers use for Expires: tolerant of `Wed, 21 Oct 2015 07:28:00 GMT`,
 * `Wednesday, 21-Oct-15 07:28:00 GMT`, `Wed Oct 21 07:28:00 2015` and friends. null when it is not a date.
 */
export function parseCookieDate(text: string): Date | null {
  const tokens: string[] = [];
  let current = '';
  for (const ch of text) {
    if (isDelimiter(ch.charCodeAt(0))) {
      if (current !== '') tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') tokens.push(current);

  let time: [number, number, number] | null = null;
  let day: number | null = null;
  let month: number | null = null;
  let year: number | null = null;
  for (const token of tokens) {
    if (time === null) {
      const t = parseTime(token);
      if (t !== null) {
        time = t;
        continue;
      }
    }
    if (day === null) {
      const d = leadingDigits(token, 1, 2);
      if (d !== null) {
        day = d;
        continue;
      }
    }
    if (month === null) {
      const m = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
      if (token.length >= 3 && m >= 0) {
        month = m;
        continue;
      }
    }
    if (year === null) {
      const y = leadingDigits(token, 2, 4);
      if (y !== null) {
        year = y;
        continue;
      }
    }
  }
  if (time === null || day === null || month === null || year === null) return null;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  const [hour, minute, second] = time;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over into March; such a date does not exist, so the attribute is ignored.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return null;
  return date;
}
