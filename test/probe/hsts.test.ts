import { describe, expect, test } from 'vitest';
import { parseStrictTransportSecurity, type HstsParse } from '../../src/probe/index.ts';

const ok = (maxAge: number, includeSubDomains = false, preload = false, unknownDirectives: string[] = []): HstsParse => ({
  valid: true,
  maxAge,
  includeSubDomains,
  preload,
  unknownDirectives,
});

describe('parseStrictTransportSecurity', () => {
  test.each<[string, HstsParse]>([
    ['max-age=31536000', ok(31536000)],
    // What Django's SecurityMiddleware sends with SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD.
    ['max-age=63072000; includeSubDomains; preload', ok(63072000, true, true)],
    // Directive names are case-insensitive (RFC 6797 §6.1 item 3), in any order.
    ['PRELOAD; INCLUDESUBDOMAINS; Max-Age=300', ok(300, true, true)],
    // A quoted max-age is allowed: directive-value = token | quoted-string.
    ['max-age="31536000"', ok(31536000)],
    ['max-age = 10 ;includeSubDomains', ok(10, true)],
    ['\tmax-age=10\t;\tpreload\t', ok(10, false, true)],
    // Empty directives: [ directive ] *( ";" [ directive ] ).
    [';;max-age=10;;', ok(10)],
    ['max-age=0', ok(0)],
    // Unknown directives are ignored, with or without a value.
    ['max-age=10; report-uri="https://example.com/r"; foo', ok(10, false, false, ['report-uri', 'foo'])],
    ['max-age=99999999999999999999999', ok(Number.MAX_SAFE_INTEGER)],
  ])('%j', (value, expected) => {
    expect(parseStrictTransportSecurity(value)).toEqual(expected);
  });

  test.each<[string, HstsParse]>([
    ['', { valid: false, error: 'missing-max-age', directive: 'max-age' }],
    ['includeSubDomains; preload', { valid: false, error: 'missing-max-age', directive: 'max-age' }],
    ['max-age', { valid: false, error: 'invalid-max-age', directive: 'max-age' }],
    ['max-age=', { valid: false, error: 'syntax', directive: 'max-age' }],
    ['max-age=-1', { valid: false, error: 'invalid-max-age', directive: 'max-age' }],
    ['max-age=1.5', { valid: false, error: 'invalid-max-age', directive: 'max-age' }],
    ['max-age=""', { valid: false, error: 'invalid-max-age', directive: 'max-age' }],
    ['max-age=+10', { valid: false, error: 'invalid-max-age', directive: 'max-age' }],
    // Two headers folded into one by a proxy: "max-age=10, max-age=20".
    ['max-age=10, max-age=20', { valid: false, error: 'syntax', directive: 'max-age' }],
    // Every directive at most once (§6.1 item 2).
    ['max-age=10; max-age=20', { valid: false, error: 'duplicate-directive', directive: 'max-age' }],
    ['max-age=10; includeSubDomains; INCLUDESUBDOMAINS', { valid: false, error: 'duplicate-directive', directive: 'includesubdomains' }],
    ['max-age=10; preload; preload', { valid: false, error: 'duplicate-directive', directive: 'preload' }],
    ['max-age=10; includeSubDomains=true', { valid: false, error: 'unexpected-value', directive: 'includesubdomains' }],
    ['max-age="10', { valid: false, error: 'syntax', directive: 'max-age' }],
    ['max-age=10 20', { valid: false, error: 'syntax', directive: 'max-age' }],
    ['max-age=10; in cludeSubDomains', { valid: false, error: 'syntax', directive: 'in' }],
    ['max-age=10; =x', { valid: false, error: 'syntax', directive: null }],
  ])('invalid: %j', (value, expected) => {
    expect(parseStrictTransportSecurity(value)).toEqual(expected);
  });

  test('a quoted-string may escape characters', () => {
    expect(parseStrictTransportSecurity('max-age=10; note="a \\"quoted\\" ; value"')).toEqual(ok(10, false, false, ['note']));
  });
});
