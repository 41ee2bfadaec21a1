import { existsSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { adminMarkers, debugMarkers } from '../../src/probe/django-pages.ts';
import {
  classifyProtocol,
  headerValues,
  observationSchema,
  observe,
  type ChainEnd,
  type HttpOutcome,
  type NetworkError,
  type RawProbe,
} from '../../src/probe/index.ts';
import type { RawChain, RawHandshake, RawResponse } from '../../src/probe/raw.ts';
import { adminLoginPage, debug404Page, debug500Page } from '../helpers/servers.ts';
import { testPki, type TestPki } from '../helpers/tls.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
let pki: TestPki;
beforeAll(async () => {
  pki = await testPki();
});

const b64 = (pem: string): string => Buffer.from(new X509Certificate(pem).raw).toString('base64');

function response(url: string, status: number, headers: [string, string][] = []): RawResponse {
  return { url, status, headers, ms: 3 };
}

const refused: NetworkError = { phase: 'connect', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:80' };

function handshake(over: Partial<Extract<RawHandshake, { ok: true }>> = {}): RawHandshake {
  return { ok: true, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'http/1.1', authorized: true, authorizationError: null, chain: [], ...over };
}

function raw(over: Partial<RawProbe> = {}): RawProbe {
  const chainOk: RawChain = { start: 'https://good.test/', hops: [response('https://good.test/', 200)], end: { kind: 'response' } };
  return {
    target: { input: 'good.test', host: 'good.test', path: '/', httpPort: 80, httpsPort: 443 },
    httpUrl: 'http://good.test/',
    httpsUrl: 'https://good.test/',
    connections: [{ host: 'good.test', port: 443, address: '127.0.0.1', via: 'resolve' }],
    http: {
      start: 'http://good.test/',
      hops: [response('http://good.test/', 301, [['location', 'https://good.test/']]), response('https://good.test/', 200)],
      end: { kind: 'response' },
    },
    https: chainOk,
    notFound: { url: 'https://good.test/secaudit-0123456789ab', response: response('https://good.test/secaudit-0123456789ab', 404), body: '', bodyBytes: 0, bodyTruncated: false, error: null },
    admin: { url: 'https://good.test/admin/login/', response: response('https://good.test/admin/login/', 404), body: '', bodyBytes: 0, bodyTruncated: false, error: null },
    tls: {
      host: 'good.test',
      port: 443,
      trust: 'custom-ca',
      inspect: handshake({ chain: [b64(pki.valid.cert), b64(pki.rsaCa.cert)] }),
      verify: handshake(),
      protocols: {
        TLSv1: { ok: false, error: { phase: 'tls', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'tlsv1 alert protocol version' } },
        'TLSv1.1': { ok: false, error: { phase: 'tls', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'tlsv1 alert protocol version' } },
        'TLSv1.2': handshake({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' }),
        'TLSv1.3': handshake(),
      },
    },
    timings: [{ step: 'total', ms: 12 }],
    ...over,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('observe', () => {
  test('is pure and gives schema-valid JSON', () => {
    const input = deepFreeze(raw());
    const a = observe(input, NOW);
    const b = observe(input, NOW);
    expect(a).toEqual(b);
    expect(observationSchema().parse(JSON.parse(JSON.stringify(a)))).toEqual(a);
    expect(a.observedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(a.target).toEqual({ input: 'good.test', host: 'good.test', httpUrl: 'http://good.test/', httpsUrl: 'https://good.test/' });
    expect(a.timings).toEqual([{ step: 'total', ms: 12 }]);
  });

  test('header values are capped at 1024 characters; duplicates stay, in order', () => {
    const long = 'x'.repeat(5000);
    const obs = observe(
      raw({
        https: {
          start: 'https://good.test/',
          hops: [
            response('https://good.test/', 200, [
              ['strict-transport-security', 'max-age=1'],
              ['content-security-policy', long],
              ['strict-transport-security', 'max-age=2; preload'],
            ]),
          ],
          end: { kind: 'response' },
        },
      }),
      NOW,
    );
    expect(obs.final.reached).toBe(true);
    const headers = obs.final.reached ? obs.final.response.headers : [];
    expect(headers).toEqual([
      { name: 'strict-transport-security', value: 'max-age=1', truncated: false },
      { name: 'content-security-policy', value: 'x'.repeat(1024), truncated: true },
      { name: 'strict-transport-security', value: 'max-age=2; preload', truncated: false },
    ]);
    expect(headerValues(headers, 'Strict-Transport-Security')).toEqual(['max-age=1', 'max-age=2; preload']);
  });

  test('cookie values never reach the observation: names, attributes and lengths only', () => {
    const secret = 'z9SECRETsessionVALUE0123456789ab';
    const obs = observe(
      raw({
        https: {
          start: 'https://good.test/',
          hops: [
            response('https://good.test/', 200, [
              ['set-cookie', `sessionid=${secret}; expires=Sun, 15 Mar 2026 12:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure`],
              ['set-cookie', `csrftoken=${secret}; Path=/; SameSite=Lax`],
            ]),
          ],
          end: { kind: 'response' },
        },
        admin: {
          url: 'https://good.test/admin/login/',
          response: response('https://good.test/admin/login/', 200, [['set-cookie', `csrftoken=${secret}; Path=/`]]),
          body: '',
          bodyBytes: 0,
          bodyTruncated: false,
          error: null,
        },
      }),
      NOW,
    );
    expect(JSON.stringify(obs)).not.toContain('SECRET');
    expect(obs.final.reached && obs.final.response.headers.filter((h) => h.name === 'set-cookie').map((h) => h.value)).toEqual([
      'sessionid=[32 chars]; expires=Sun, 15 Mar 2026 12:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure',
      'csrftoken=[32 chars]; Path=/; SameSite=Lax',
    ]);
    expect(obs.cookies.map((c) => [c.step, c.url, c.name, c.valueLength, c.secure, c.httpOnly, c.sameSite, c.expires, c.maxAge])).toEqual([
      ['https', 'https://good.test/', 'sessionid', 32, true, true, 'Lax', '2026-03-15T12:00:00.000Z', 1209600],
      ['https', 'https://good.test/', 'csrftoken', 32, false, false, 'Lax', null, null],
      ['admin', 'https://good.test/admin/login/', 'csrftoken', 32, false, false, null, null, null],
    ]);
  });

  const http = (hops: RawResponse[], end: ChainEnd = { kind: 'response' }): RawChain => ({ start: 'http://good.test/', hops, end });
  test.each<[string, RawChain, HttpOutcome, { reachesHttps: boolean; downgrade: boolean; redirects: number }]>([
    ['redirect to https', http([response('http://good.test/', 301, [['location', 'https://good.test/']]), response('https://good.test/', 200)]), 'redirects-to-https', { reachesHttps: true, downgrade: false, redirects: 1 }],
    ['200 over plain HTTP', http([response('http://good.test/', 200)]), 'no-redirect', { reachesHttps: false, downgrade: false, redirects: 0 }],
    ['a 301 without Location', http([response('http://good.test/', 301)]), 'no-redirect', { reachesHttps: false, downgrade: false, redirects: 0 }],
    ['http to http', http([response('http://good.test/', 302, [['location', '/home']]), response('http://good.test/home', 200)]), 'redirects-without-https', { reachesHttps: false, downgrade: false, redirects: 1 }],
    ['cross-host first hop to https', http([response('http://good.test/', 301, [['location', 'https://www.good.test/']])], { kind: 'cross-host', url: 'https://www.good.test/' }), 'redirects-to-https', { reachesHttps: true, downgrade: false, redirects: 1 }],
    [
      'https then back to http',
      http(
        [response('http://good.test/', 301, [['location', 'https://good.test/']]), response('https://good.test/', 302, [['location', 'http://good.test/login']]), response('http://good.test/login', 200)],
      ),
      'redirects-to-https',
      { reachesHttps: true, downgrade: true, redirects: 2 },
    ],
    ['connection refused', http([], { kind: 'error', url: 'http://good.test/', error: refused }), 'no-listener', { reachesHttps: false, downgrade: false, redirects: 0 }],
    ['silence', http([], { kind: 'error', url: 'http://good.test/', error: { phase: 'headers', code: 'TIMEOUT', message: 'timed out after 1000 ms' } }), 'unreachable', { reachesHttps: false, downgrade: false, redirects: 0 }],
  ])('plain HTTP: %s', (_name, chain, outcome, facts) => {
    const obs = observe(raw({ http: chain }), NOW);
    expect(obs.http.outcome).toBe(outcome);
    expect(obs.http.reachesHttps).toBe(facts.reachesHttps);
    expect(obs.http.downgrade !== null).toBe(facts.downgrade);
    expect(obs.http.redirects).toHaveLength(facts.redirects);
    expect(obs.http.end).toEqual(chain.end);
  });

  test('redirects record scheme changes and hosts; relative Locations resolve against the hop', () => {
    const obs = observe(
      raw({
        https: {
          start: 'https://good.test/',
          hops: [
            response('https://good.test/', 302, [['location', '/en/#top']]),
            response('https://good.test/en/', 301, [['location', 'http://good.test/en/']]),
            response('http://good.test/en/', 301, [['location', 'https://cdn.good.test/en/']]),
          ],
          end: { kind: 'cross-host', url: 'https://cdn.good.test/en/' },
        },
      }),
      NOW,
    );
    expect(obs.https.redirects).toEqual([
      { from: 'https://good.test/', to: 'https://good.test/en/', status: 302, sameHost: true, scheme: 'same' },
      { from: 'https://good.test/en/', to: 'http://good.test/en/', status: 301, sameHost: true, scheme: 'downgrade' },
      { from: 'http://good.test/en/', to: 'https://cdn.good.test/en/', status: 301, sameHost: false, scheme: 'upgrade' },
    ]);
    expect(obs.https.hops.map((h) => h.location)).toEqual(['https://good.test/en/', 'http://good.test/en/', 'https://cdn.good.test/en/']);
    expect(obs.https.downgrade).toEqual(obs.https.redirects[1]);
    expect(obs.final).toEqual({ reached: false, reason: 'cross-host' });
  });

  test.each<[ChainEnd, string]>([
    [{ kind: 'loop', url: 'https://good.test/a' }, 'loop'],
    [{ kind: 'too-many-redirects', limit: 10 }, 'too-many-redirects'],
    [{ kind: 'bad-location', location: 'javascript:alert(1)' }, 'bad-location'],
    [{ kind: 'error', url: 'https://good.test/a', error: { phase: 'headers', code: 'TIMEOUT', message: 'x' } }, 'error'],
  ])('the final response is not reached after %j', (end, reason) => {
    const obs = observe(raw({ https: { start: 'https://good.test/', hops: [response('https://good.test/', 302, [['location', '/a']])], end } }), NOW);
    expect(obs.final).toEqual({ reached: false, reason });
  });

  test('certificates and verification', () => {
    const obs = observe(raw(), NOW);
    expect(obs.tls.chain.map((c) => c.subject)).toEqual(['CN=good.test', 'CN=secaudit test RSA CA, O=secaudit tests']);
    expect(obs.tls.hostnameMatches).toBe(true);
    expect(obs.tls.verification).toEqual({ status: 'trusted', trust: 'custom-ca' });
    expect(obs.tls.handshake).toEqual({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'http/1.1' });
    const leaf = obs.tls.chain[0]!;
    expect(leaf.daysLeft).toBe(Math.floor((Date.parse(leaf.validTo) - NOW.getTime()) / 86_400_000));
  });

  test('a rejected chain takes the message of the verification handshake when the codes agree', () => {
    const base = raw();
    const rejected = (verify: RawHandshake) =>
      observe(
        raw({
          tls: {
            ...base.tls,
            inspect: handshake({ authorized: false, authorizationError: 'UNSPECIFIED', chain: [b64(pki.sha1.cert)] }),
            verify,
          },
        }),
        NOW,
      ).tls.verification;
    expect(rejected({ ok: false, error: { phase: 'tls', code: 'UNSPECIFIED', message: 'CA signature digest algorithm too weak' } })).toEqual({
      status: 'rejected',
      trust: 'custom-ca',
      code: 'UNSPECIFIED',
      message: 'CA signature digest algorithm too weak',
    });
    expect(rejected({ ok: false, error: { phase: 'connect', code: 'TIMEOUT', message: 'timed out after 10 ms' } })).toEqual({
      status: 'rejected',
      trust: 'custom-ca',
      code: 'UNSPECIFIED',
      message: 'UNSPECIFIED',
    });
  });

  test('a failed inspection handshake leaves no chain and a verification error', () => {
    const error: NetworkError = { phase: 'tls', code: 'ECONNRESET', message: 'socket hang up' };
    const base = raw();
    const obs = observe(raw({ tls: { ...base.tls, inspect: { ok: false, error } } }), NOW);
    expect(obs.tls).toMatchObject({ handshake: null, error, chain: [], hostnameMatches: null, verification: { status: 'error', trust: 'custom-ca', error } });
  });
});

describe('classifyProtocol', () => {
  const fail = (phase: NetworkError['phase'], code: string): RawHandshake => ({ ok: false, error: { phase, code, message: code } });
  test.each<[RawHandshake, unknown]>([
    [handshake({ cipher: 'ECDHE-RSA-AES256-SHA' }), { status: 'accepted', cipher: 'ECDHE-RSA-AES256-SHA' }],
    [fail('tls', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'), { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }],
    [fail('tls', 'ERR_SSL_UNSUPPORTED_PROTOCOL'), { status: 'refused', code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }],
    [fail('tls', 'ECONNRESET'), { status: 'refused', code: 'ECONNRESET' }],
    [fail('tls', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE'), { status: 'not-tested', code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE', reason: 'the local OpenSSL cannot offer TLSv1 (it stopped before sending a ClientHello)' }],
    [fail('tls', 'ERR_SSL_NO_CIPHERS_AVAILABLE'), { status: 'not-tested', code: 'ERR_SSL_NO_CIPHERS_AVAILABLE', reason: 'the local OpenSSL cannot offer TLSv1 (it stopped before sending a ClientHello)' }],
    [fail('tls', 'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED'), { status: 'accepted', cipher: null }],
    [fail('tls', 'TIMEOUT'), { status: 'error', error: { phase: 'tls', code: 'TIMEOUT', message: 'TIMEOUT' } }],
    [fail('connect', 'ECONNREFUSED'), { status: 'error', error: { phase: 'connect', code: 'ECONNREFUSED', message: 'ECONNREFUSED' } }],
  ])('%j', (handshakeResult, expected) => {
    expect(classifyProtocol('TLSv1', handshakeResult)).toEqual(expected);
  });
});

describe('Django pages', () => {
  test.each([
    ['debug 404', debug404Page('/secaudit-x'), { markers: ['debug-true-explanation', 'urlconf-list', 'not-found-title'], debugPage: 'technical-404' }],
    ['debug 500', debug500Page(), { markers: ['debug-true-explanation', 'django-version-row', 'settings-table'], debugPage: 'technical-500' }],
    ['a plain 404', '<html><title>Not Found</title><p>The requested resource was not found.</p></html>', { markers: [], debugPage: null }],
    ['only the explanation', '<p>seeing this error because you have <code>DEBUG = True</code></p>', { markers: ['debug-true-explanation'], debugPage: null }],
    ['a title without the explanation', '<title>Page not found at /x</title>', { markers: ['not-found-title'], debugPage: null }],
  ] as const)('%s', (_name, body, expected) => {
    expect(debugMarkers(body)).toEqual(expected);
  });

  test.each([
    ['the admin login', adminLoginPage(), { markers: ['login-form', 'admin-stylesheet', 'site-name', 'csrf-token-field'], djangoAdmin: true }],
    ['another login form', '<form id="login-form" method="post"><input name="csrfmiddlewaretoken"></form>', { markers: ['login-form', 'csrf-token-field'], djangoAdmin: false }],
    ['nothing', '<html></html>', { markers: [], djangoAdmin: false }],
  ] as const)('%s', (_name, body, expected) => {
    expect(adminMarkers(body)).toEqual(expected);
  });

  // Django's own templates, when Debian's python3-django is installed: the fixed text must be in them.
  const templates = '/usr/lib/python3/dist-packages/django';
  test.skipIf(!existsSync(templates))('the markers are in the templates of the installed Django', () => {
    const t404 = readFileSync(`${templates}/views/templates/technical_404.html`, 'utf8');
    const t500 = readFileSync(`${templates}/views/templates/technical_500.html`, 'utf8');
    const login = readFileSync(`${templates}/contrib/admin/templates/admin/login.html`, 'utf8');
    const base = readFileSync(`${templates}/contrib/admin/templates/admin/base_site.html`, 'utf8');
    expect(debugMarkers(t404).debugPage).toBe('technical-404');
    expect(debugMarkers(t500)).toMatchObject({ debugPage: 'technical-500', markers: expect.arrayContaining(['django-version-row', 'settings-table', 'dpaste-form']) });
    expect(adminMarkers(login + base)).toMatchObject({ djangoAdmin: true, markers: expect.arrayContaining(['login-form', 'admin-stylesheet', 'site-name']) });
  });
});
