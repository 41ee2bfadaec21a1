import { describe, expect, test } from 'vitest';
import { parseCookieDate, parseSetCookie, type ParsedSetCookie } from '../../src/probe/index.ts';
import { redactSetCookie } from '../../src/probe/cookies.ts';

const base: ParsedSetCookie = {
  name: '',
  valueLength: 0,
  secure: false,
  httpOnly: false,
  partitioned: false,
  sameSite: null,
  domain: null,
  path: null,
  expires: null,
  maxAge: null,
  attributes: [],
  unknownAttributes: [],
  notes: [],
};

describe('parseSetCookie', () => {
  test.each<[string, Partial<ParsedSetCookie>]>([
    ['sessionid=abc', { name: 'sessionid', valueLength: 3 }],
    // Django's session cookie, as SessionMiddleware writes it with the secure settings.
    [
      'sessionid=4x0u1o2k7r; expires=Sat, 05 Dec 2026 10:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure',
      {
        name: 'sessionid',
        valueLength: 10,
        expires: new Date('2026-12-05T10:00:00Z'),
        httpOnly: true,
        maxAge: 1209600,
        path: '/',
        sameSite: 'Lax',
        secure: true,
        attributes: ['expires', 'HttpOnly', 'Max-Age', 'Path', 'SameSite', 'Secure'],
      },
    ],
    // Attribute names and SameSite values are case-insensitive; whitespace around ; and = is dropped.
    [
      ' csrftoken = tok ;  SECURE ; httponly;samesite=STRICT ; domain=.Example.COM;path=/app',
      {
        name: 'csrftoken',
        valueLength: 3,
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        domain: 'example.com',
        path: '/app',
        attributes: ['SECURE', 'httponly', 'samesite', 'domain', 'path'],
      },
    ],
    ['__Host-id=1; Secure; Path=/; Partitioned; SameSite=None', { name: '__Host-id', valueLength: 1, secure: true, path: '/', partitioned: true, sameSite: 'None', attributes: ['Secure', 'Path', 'Partitioned', 'SameSite'] }],
    // The value may contain '='; only the first one separates the name.
    ['token=a=b=c; Secure', { name: 'token', valueLength: 5, secure: true, attributes: ['Secure'] }],
    ['empty=; Path=/', { name: 'empty', valueLength: 0, path: '/', attributes: ['Path'] }],
    ['quoted="abc"', { name: 'quoted', valueLength: 5 }],
    // Negative and zero Max-Age delete the cookie; kept as written.
    ['gone=x; Max-Age=0', { name: 'gone', valueLength: 1, maxAge: 0, attributes: ['Max-Age'] }],
    ['gone=x; Max-Age=-1', { name: 'gone', valueLength: 1, maxAge: -1, attributes: ['Max-Age'] }],
    // The last of a repeated attribute wins.
    ['a=1; SameSite=Strict; SameSite=Lax', { name: 'a', valueLength: 1, sameSite: 'Lax', attributes: ['SameSite', 'SameSite'], notes: ['duplicate-attribute'] }],
    ['a=1; Path=/x; Path=/y', { name: 'a', valueLength: 1, path: '/y', attributes: ['Path', 'Path'], notes: ['duplicate-attribute'] }],
    // Malformed parts are ignored by browsers and kept here with a note.
    ['a=1; SameSite=Relaxed', { name: 'a', valueLength: 1, attributes: ['SameSite'], notes: ['invalid-samesite'] }],
    ['a=1; SameSite', { name: 'a', valueLength: 1, attributes: ['SameSite'], notes: ['invalid-samesite'] }],
    ['a=1; Max-Age=1e3', { name: 'a', valueLength: 1, attributes: ['Max-Age'], notes: ['invalid-max-age'] }],
    ['a=1; Max-Age=', { name: 'a', valueLength: 1, attributes: ['Max-Age'], notes: ['invalid-max-age'] }],
    ['a=1; Expires=tomorrow', { name: 'a', valueLength: 1, attributes: ['Expires'], notes: ['invalid-expires'] }],
    ['a=1; Path=app', { name: 'a', valueLength: 1, attributes: ['Path'], notes: ['invalid-path'] }],
    ['a=1; Domain=', { name: 'a', valueLength: 1, attributes: ['Domain'], notes: ['empty-domain'] }],
    ['a=1; Priority=High; Foo=bar; Secure', { name: 'a', valueLength: 1, secure: true, attributes: ['Priority', 'Foo', 'Secure'], unknownAttributes: ['Foo'], notes: ['unknown-attribute'] }],
    // Secure and HttpOnly ignore a value.
    ['a=1; Secure=false; HttpOnly=no', { name: 'a', valueLength: 1, secure: true, httpOnly: true, attributes: ['Secure', 'HttpOnly'] }],
    // Empty attributes (;;) are skipped.
    ['a=1;; ;Secure', { name: 'a', valueLength: 1, secure: true, attributes: ['Secure'] }],
    // No '=': RFC 6265 drops it; browsers (RFC 6265bis) keep a nameless cookie.
    ['justavalue; Secure', { name: '', valueLength: 10, secure: true, attributes: ['Secure'], notes: ['nameless'] }],
    ['=v', { name: '', valueLength: 1 }],
    ['a=b\u0001c', { name: 'a', valueLength: 3, notes: ['control-characters'] }],
  ])('%j', (header, expected) => {
    expect(parseSetCookie(header)).toEqual({ ...base, ...expected });
  });

  test.each(['', '=', ' ; Secure', '   '])('nothing to store in %j', (header) => {
    expect(parseSetCookie(header)).toBeNull();
  });
});

describe('parseCookieDate (RFC 6265 §5.1.1)', () => {
  test.each([
    ['Wed, 21 Oct 2015 07:28:00 GMT', '2015-10-21T07:28:00.000Z'],
    // RFC 850 and asctime forms, as old servers send them.
    ['Wednesday, 21-Oct-15 07:28:00 GMT', '2015-10-21T07:28:00.000Z'],
    ['Wed Oct 21 07:28:00 2015', '2015-10-21T07:28:00.000Z'],
    ['21 October 2015 7:8:9', '2015-10-21T07:08:09.000Z'],
    ['Thu, 01 Jan 1970 00:00:00 GMT', '1970-01-01T00:00:00.000Z'],
    // Two-digit years: 70-99 are 19xx, 00-69 are 20xx.
    ['Fri, 31 Dec 99 23:59:59 GMT', '1999-12-31T23:59:59.000Z'],
    ['Sat, 01 Jan 00 00:00:00 GMT', '2000-01-01T00:00:00.000Z'],
    ['Tue, 19 Jan 2038 03:14:08 GMT', '2038-01-19T03:14:08.000Z'],
    ['Sat, 29 Feb 2020 12:00:00 GMT', '2020-02-29T12:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseCookieDate(text)?.toISOString()).toBe(iso);
  });

  test.each([
    'tomorrow',
    'Wed, 21 Oct 2015 GMT',
    'Wed, 21 Oct 07:28:00 GMT',
    'Wed, 32 Oct 2015 07:28:00 GMT',
    'Wed, 21 Oct 2015 24:00:00 GMT',
    'Wed, 21 Oct 2015 07:60:00 GMT',
    'Sat, 30 Feb 2019 12:00:00 GMT',
    'Mon, 01 Jan 1600 00:00:00 GMT',
    '',
  ])('not a date: %j', (text) => {
    expect(parseCookieDate(text)).toBeNull();
  });
});

describe('redactSetCookie', () => {
  test.each([
    ['sessionid=4x0u1o2k7r; HttpOnly; Path=/', 'sessionid=[10 chars]; HttpOnly; Path=/'],
    ['a= spaced value ;Secure', 'a=[12 chars];Secure'],
    ['token=a=b', 'token=[3 chars]'],
    ['nameless; Secure', '[8 chars]; Secure'],
  ])('%j', (header, redacted) => {
    expect(redactSetCookie(header)).toBe(redacted);
  });
});
