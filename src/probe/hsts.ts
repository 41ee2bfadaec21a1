/**
 * One Strict-Transport-Security header value, read as RFC 6797 §6.1 and §8.1 tell a browser to: directive
 * names are case-insensitive, values may be quoted, whitespace may surround `;` and `=`, a directive given
 * twice or a syntax error makes the browser ignore the whole header, and unknown directives are ignored.
 * `preload` is not in the RFC; hstspreload.org asks for it.
 *
 * Which header counts when a response has several is a rule's decision (§8.1: only the first).
 */
export type HstsParse =
  | {
      readonly valid: true;
      readonly maxAge: number;
      readonly includeSubDomains: boolean;
      readonly preload: boolean;
      /** Directive names the RFC does not define, lower-cased. */
      readonly unknownDirectives: readonly string[];
    }
  | { readonly valid: false; readonly error: HstsError; readonly directive: string | null };

export type HstsError =
  /** Not `directive *( ";" directive )` with token / quoted-string values. */
  | 'syntax'
  /** No max-age: it is required. */
  | 'missing-max-age'
  /** max-age is not 1*DIGIT. */
  | 'invalid-max-age'
  /** A directive appears more than once (§6.1: "All directives MUST appear only once"). */
  | 'duplicate-directive'
  /** includeSubDomains or preload with a value: both are valueless. */
  | 'unexpected-value';

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const isOws = (c: string | undefined): boolean => c === ' ' || c === '\t';

export function parseStrictTransportSecurity(value: string): HstsParse {
  const directives = new Map<string, string | null>();
  let i = 0;
  const skipOws = (): void => {
    while (isOws(value[i])) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < value.length && TCHAR.test(value[i]!)) i++;
    return value.slice(start, i);
  };
  const fail = (error: HstsError, directive: string | null = null): HstsParse => ({ valid: false, error, directive });

  skipOws();
  while (i < value.length) {
    if (value[i] === ';') {
      // Empty directives are allowed: `[ directive ] *( ";" [ directive ] )`.
      i++;
      skipOws();
      continue;
    }
    const name = token();
    if (name === '') return fail('syntax');
    const key = name.toLowerCase();
    skipOws();
    let directiveValue: string | null = null;
    if (value[i] === '=') {
      i++;
      skipOws();
      if (value[i] === '"') {
        i++;
        let text = '';
        for (;;) {
          const c = value[i];
          if (c === undefined) return fail('syntax', key);
          i++;
          if (c === '"') break;
          if (c === '\\') {
            const escaped = value[i];
            if (escaped === undefined) return fail('syntax', key);
            text += escaped;
            i++;
          } else text += c;
        }
        directiveValue = text;
      } else {
        directiveValue = token();
        if (directiveValue === '') return fail('syntax', key);
      }
      skipOws();
    }
    if (i < value.length && value[i] !== ';') return fail('syntax', key);
    if (directives.has(key)) return fail('duplicate-directive', key);
    directives.set(key, directiveValue);
  }

  if (!directives.has('max-age')) return fail('missing-max-age', 'max-age');
  const maxAgeText = directives.get('max-age');
  if (maxAgeText === null || maxAgeText === undefined || !/^\d+$/.test(maxAgeText)) return fail('invalid-max-age', 'max-age');
  for (const valueless of ['includesubdomains', 'preload']) {
    const v = directives.get(valueless);
    if (v !== undefined && v !== null) return fail('unexpected-value', valueless);
  }
  return {
    valid: true,
    // A max-age too large for a double still means "a very long time".
    maxAge: Math.min(Number(maxAgeText), Number.MAX_SAFE_INTEGER),
    includeSubDomains: directives.has('includesubdomains'),
    preload: directives.has('preload'),
    unknownDirectives: [...directives.keys()].filter((k) => k !== 'max-age' && k !== 'includesubdomains' && k !== 'preload'),
  };
}
