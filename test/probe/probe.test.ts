import { constants } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProbeError, UsageError } from '../../src/engine/errors.ts';
import { AddressBook } from '../../src/probe/network.ts';
import { classifyProtocol, observationSchema, parseTarget, probe, type Lookup, type Observation, type ProbeOptions } from '../../src/probe/index.ts';
import { handshake } from '../../src/probe/tls.ts';
import { djangoApp, notFoundPage, redirect, startHttp, startHttps, startSite, type Handler, type Listening, type Site } from '../helpers/servers.ts';
import { testPki, type TestCert, type TestPki } from '../helpers/tls.ts';

let pki: TestPki;
const open: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  pki = await testPki();
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** A lookup that must never be called: every host of these tests is mapped with --resolve. */
function noDns(): Lookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (host: string): Promise<{ address: string }> => {
    calls.push(host);
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };
  return Object.assign(lookup, { calls });
}

const goodTest = (...ports: number[]) => ports.map((port) => ({ host: 'good.test', port, address: '127.0.0.1' }));

function options(over: Partial<ProbeOptions> = {}): ProbeOptions {
  return { resolve: [], ca: pki.caBundle, timeoutMs: 3000, deadlineMs: 10_000, httpPort: null, httpsPort: null, now: new Date(), ...over };
}

async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const s = await server;
  open.push(s);
  return s;
}

/** A port nothing listens on (listened on and closed again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function run(input: string, opts: ProbeOptions, lookup: Lookup = noDns()): Promise<Observation> {
  const target = parseTarget(input, { http: opts.httpPort, https: opts.httpsPort });
  const obs = await probe(target, opts, { lookup });
  // Whatever it saw, the observation is plain JSON that the recorded-fixture schema accepts.
  expect(observationSchema().parse(JSON.parse(JSON.stringify(obs)))).toEqual(obs);
  return obs;
}

const secureApp = djangoApp({
  hsts: ['max-age=31536000; includeSubDomains; preload'],
  cookies: ['sessionid=4x0u1o2k7rSECRET; HttpOnly; Path=/; SameSite=Lax; Secure', 'csrftoken=tokSECRET; Path=/; SameSite=Strict; Secure'],
  headers: { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'cross-origin-opener-policy': 'same-origin' },
});

describe('a well-configured site, from its plain-HTTP URL', () => {
  let site: Site;
  let obs: Observation;
  const lookup = noDns();
  beforeAll(async () => {
    site = await track(
      startSite(pki.valid, {
        http: redirect((req) => `https://good.test:${site.https.port}${req.url}`),
        https: secureApp,
      }),
    );
    obs = await run(`http://good.test:${site.http.port}/`, options({ resolve: goodTest(site.http.port, site.https.port) }), lookup);
  });

  test('finds the HTTPS port in the redirect and follows it', () => {
    const h = site.http.port;
    const s = site.https.port;
    expect(obs.target).toEqual({ input: `http://good.test:${h}/`, host: 'good.test', httpUrl: `http://good.test:${h}/`, httpsUrl: `https://good.test:${s}/` });
    expect(obs.http.outcome).toBe('redirects-to-https');
    expect(obs.http.hops.map((x) => [x.url, x.status, x.location])).toEqual([
      [`http://good.test:${h}/`, 301, `https://good.test:${s}/`],
      [`https://good.test:${s}/`, 200, null],
    ]);
    expect(obs.http.redirects).toEqual([{ from: `http://good.test:${h}/`, to: `https://good.test:${s}/`, status: 301, sameHost: true, scheme: 'upgrade' }]);
    expect(obs.http.end).toEqual({ kind: 'response' });
    expect(obs.https.hops.map((x) => [x.url, x.status])).toEqual([[`https://good.test:${s}/`, 200]]);
    expect(obs.connections).toEqual(
      [
        { host: 'good.test', port: h, address: '127.0.0.1', via: 'resolve' },
        { host: 'good.test', port: s, address: '127.0.0.1', via: 'resolve' },
      ].sort((a, b) => a.port - b.port),
    );
    expect(lookup.calls).toEqual([]);
  });

  test('the final response with all its headers', () => {
    expect(obs.final.reached).toBe(true);
    if (!obs.final.reached) return;
    const headers = obs.final.response.headers.filter((x) => x.name !== 'date');
    expect(headers).toEqual([
      { name: 'content-type', value: 'text/html; charset=utf-8', truncated: false },
      { name: 'x-content-type-options', value: 'nosniff', truncated: false },
      { name: 'referrer-policy', value: 'same-origin', truncated: false },
      { name: 'cross-origin-opener-policy', value: 'same-origin', truncated: false },
      { name: 'strict-transport-security', value: 'max-age=31536000; includeSubDomains; preload', truncated: false },
      { name: 'set-cookie', value: 'sessionid=[16 chars]; HttpOnly; Path=/; SameSite=Lax; Secure', truncated: false },
      { name: 'set-cookie', value: 'csrftoken=[9 chars]; Path=/; SameSite=Strict; Secure', truncated: false },
      { name: 'connection', value: 'keep-alive', truncated: false },
      { name: 'keep-alive', value: 'timeout=5', truncated: false },
      { name: 'transfer-encoding', value: 'chunked', truncated: false },
    ]);
  });

  test('every Set-Cookie of every response, without values', () => {
    expect(JSON.stringify(obs)).not.toContain('SECRET');
    const s = site.https.port;
    expect(obs.cookies.map((c) => `${c.step} ${c.url} ${c.name} ${c.valueLength} ${c.secure} ${c.httpOnly} ${c.sameSite}`)).toEqual([
      `http https://good.test:${s}/ sessionid 16 true true Lax`,
      `http https://good.test:${s}/ csrftoken 9 true false Strict`,
      `https https://good.test:${s}/ sessionid 16 true true Lax`,
      `https https://good.test:${s}/ csrftoken 9 true false Strict`,
      `not-found ${obs.notFound.url} sessionid 16 true true Lax`,
      `not-found ${obs.notFound.url} csrftoken 9 true false Strict`,
      `admin https://good.test:${s}/admin/login/ sessionid 16 true true Lax`,
      `admin https://good.test:${s}/admin/login/ csrftoken 9 true false Strict`,
    ]);
  });

  test('a random path and /admin/login/ on the HTTPS origin', () => {
    const s = site.https.port;
    const randomPath = site.https.requests.map((r) => r.path).find((p) => p.startsWith('/secaudit-'));
    expect(randomPath).toMatch(/^\/secaudit-[0-9a-f]{12}$/);
    expect(obs.notFound).toEqual({
      url: `https://good.test:${s}${randomPath}`,
      status: 404,
      location: null,
      contentType: 'text/html; charset=utf-8',
      bodyBytes: Buffer.byteLength(notFoundPage()),
      bodyTruncated: false,
      error: null,
      markers: [],
      debugPage: null,
    });
    expect(obs.admin).toEqual({
      url: `https://good.test:${s}/admin/login/`,
      status: 404,
      location: null,
      contentType: 'text/html; charset=utf-8',
      bodyBytes: Buffer.byteLength(notFoundPage()),
      bodyTruncated: false,
      error: null,
      markers: [],
      djangoAdmin: false,
    });
  });

  test('requests keep the real host name (Host, SNI) while connecting to the --resolve address', () => {
    const s = site.https.port;
    expect(site.http.requests).toEqual([{ method: 'GET', path: '/', host: `good.test:${site.http.port}`, sni: null, userAgent: 'secaudit/0.0.0-dev', cookie: null }]);
    expect(site.https.requests.map((r) => [r.method, r.host, r.sni, r.cookie])).toEqual(
      Array.from({ length: 3 }, () => ['GET', `good.test:${s}`, 'good.test', null]),
    );
    // The plain-HTTP chain's redirect leads to where the HTTPS chain starts: `/` is asked for once.
    expect(site.https.requests.map((r) => r.path).sort()).toEqual(['/', '/admin/login/', obs.notFound.url.slice(`https://good.test:${s}`.length)].sort());
    // Connections to the HTTPS port: one for the HTTPS chain (which the plain-HTTP chain joined) and then the two
    // pages, the inspection, TLS 1.0, 1.1 and 1.2 pinned. Not TLS 1.3: the inspection ended in 1.3. No
    // verification handshake: the chain was trusted.
    expect(site.https.connections()).toBe(1 + 1 + 3);
    expect(site.http.connections()).toBe(1);
    // The pages come after the chain, on its connection.
    expect(site.https.requests.map((r) => r.path).indexOf('/admin/login/')).toBeGreaterThan(
      site.https.requests.map((r) => r.path).indexOf(obs.notFound.url.slice(`https://good.test:${s}`.length)),
    );
  });

  test('the certificate, trusted through --ca', () => {
    expect(obs.tls).toMatchObject({
      host: 'good.test',
      port: site.https.port,
      handshake: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'http/1.1' },
      error: null,
      hostnameMatches: true,
      verification: { status: 'trusted', trust: 'custom-ca' },
    });
    // The server sends the leaf only; Node's chain ends with the CA it found in the trust store (--ca).
    expect(obs.tls.chain.map((c) => c.subject)).toEqual(['CN=good.test', 'CN=secaudit test RSA CA, O=secaudit tests']);
    expect(obs.tls.chain[0]).toMatchObject({
      subject: 'CN=good.test',
      issuer: 'CN=secaudit test RSA CA, O=secaudit tests',
      dnsNames: ['good.test'],
      keyType: 'rsa',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      selfSigned: false,
      expired: false,
    });
  });

  test('TLS versions: Node servers refuse 1.0 and 1.1 by default', () => {
    expect(obs.tls.protocols).toEqual({
      TLSv1: { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
      'TLSv1.1': { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
      'TLSv1.2': { status: 'accepted', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' },
      'TLSv1.3': { status: 'accepted', cipher: 'TLS_AES_256_GCM_SHA384' },
    });
  });

  test('timings per step', () => {
    expect(obs.timings.map((t) => t.step)).toEqual(['http', 'https', 'tls', 'not-found', 'admin', 'total']);
    for (const t of obs.timings) expect(t.ms).toBeGreaterThanOrEqual(0);
  });
});

describe('a badly configured site, from its HTTPS URL', () => {
  let site: Site;
  let obs: Observation;
  beforeAll(async () => {
    const app = djangoApp({
      debug: true,
      admin: true,
      hsts: ['max-age=300', 'max-age=31536000'],
      cookies: ['sessionid=abc; Path=/', 'csrftoken=def; expires=Wed, 21 Oct 2015 07:28:00 GMT; SameSite=Lax'],
    });
    site = await track(startSite(pki.expired, { http: app, https: app }));
    obs = await run(`https://good.test:${site.https.port}/`, options({ httpPort: site.http.port, resolve: goodTest(site.http.port, site.https.port), now: pki.now }));
  });

  test('plain HTTP answers 200 without a redirect', () => {
    expect(obs.http.outcome).toBe('no-redirect');
    expect(obs.http.hops.map((h) => [h.url, h.status])).toEqual([[`http://good.test:${site.http.port}/`, 200]]);
    expect(obs.http.reachesHttps).toBe(false);
  });

  test('duplicate HSTS headers are kept in order', () => {
    expect(obs.final.reached && obs.final.response.headers.filter((h) => h.name === 'strict-transport-security').map((h) => h.value)).toEqual([
      'max-age=300',
      'max-age=31536000',
    ]);
  });

  test('insecure cookies, over plain HTTP too', () => {
    expect(obs.cookies.filter((c) => c.step === 'http').map((c) => [c.url, c.name, c.secure, c.httpOnly, c.sameSite, c.expires])).toEqual([
      [`http://good.test:${site.http.port}/`, 'sessionid', false, false, null, null],
      [`http://good.test:${site.http.port}/`, 'csrftoken', false, false, 'Lax', '2015-10-21T07:28:00.000Z'],
    ]);
  });

  test("Django's technical 404 and the admin login", () => {
    expect(obs.notFound).toMatchObject({ status: 404, markers: ['debug-true-explanation', 'urlconf-list', 'not-found-title'], debugPage: 'technical-404', error: null });
    expect(obs.admin).toMatchObject({ status: 200, djangoAdmin: true, markers: ['login-form', 'admin-stylesheet', 'site-name', 'csrf-token-field'] });
  });

  test('an expired certificate: the headers are still read, the chain is rejected', () => {
    // The same, and the verification handshake for the rejection's message.
    expect(site.https.connections()).toBe(1 + 1 + 3 + 1);
    expect(obs.final.reached).toBe(true);
    expect(obs.tls.verification).toEqual({ status: 'rejected', trust: 'custom-ca', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' });
    // Expired 10 days (and the milliseconds the certificate's whole seconds dropped) before `now`: rounded down.
    const validTo = Date.parse(obs.tls.chain[0]!.validTo);
    expect(pki.now.getTime() - validTo).toBeGreaterThanOrEqual(10 * 86_400_000);
    expect(obs.tls.chain[0]).toMatchObject({ expired: true, daysLeft: Math.floor((validTo - pki.now.getTime()) / 86_400_000) });
    expect(obs.tls.hostnameMatches).toBe(true);
  });
});

describe('plain HTTP', () => {
  test('no listener on the HTTP port is a fact, not a failure', async () => {
    const https = await track(startHttps(pki.valid, secureApp));
    const httpPort = await closedPort();
    const obs = await run(`https://good.test:${https.port}/`, options({ httpPort, resolve: goodTest(httpPort, https.port) }));
    expect(obs.http).toEqual({
      start: `http://good.test:${httpPort}/`,
      hops: [],
      end: { kind: 'error', url: `http://good.test:${httpPort}/`, error: { phase: 'connect', code: 'ECONNREFUSED', message: `connect ECONNREFUSED 127.0.0.1:${httpPort}` } },
      redirects: [],
      reachesHttps: false,
      downgrade: null,
      outcome: 'no-listener',
    });
    expect(obs.final.reached).toBe(true);
  });

  test('an http:// target whose HTTP site does not redirect is looked for on 443 (here: DNS, which fails)', async () => {
    const http = await track(startHttp(djangoApp({})));
    const lookup = noDns();
    const target = parseTarget(`http://good.test:${http.port}/`, { http: null, https: null });
    await expect(probe(target, options({ resolve: goodTest(http.port) }), { lookup })).rejects.toThrow(
      new ProbeError(
        'cannot reach https://good.test/: DNS lookup failed: ENOTFOUND (getaddrinfo ENOTFOUND good.test)',
        'check the host name, or give its address with --resolve good.test:443:ADDRESS',
      ),
    );
    expect(lookup.calls).toEqual(['good.test']);
  });
});

describe('redirect chains', () => {
  async function chainSite(handler: Handler): Promise<{ https: Listening; obs: Observation; lookup: ReturnType<typeof noDns> }> {
    const https = await track(startHttps(pki.valid, handler));
    const httpPort = await closedPort();
    const lookup = noDns();
    const obs = await run(`https://good.test:${https.port}/`, options({ httpPort, resolve: goodTest(httpPort, https.port) }), lookup);
    return { https, obs, lookup };
  }

  test('a loop is detected without requesting the same URL twice', async () => {
    const { https, obs } = await chainSite((req, res) => {
      if (req.url === '/' || req.url === '/b') redirect(() => '/a')(req, res);
      else if (req.url === '/a') redirect(() => '/b', 302)(req, res);
      else djangoApp({})(req, res);
    });
    const o = `https://good.test:${https.port}`;
    expect(obs.https.hops.map((h) => h.url)).toEqual([`${o}/`, `${o}/a`, `${o}/b`]);
    expect(obs.https.end).toEqual({ kind: 'loop', url: `${o}/a` });
    expect(obs.final).toEqual({ reached: false, reason: 'loop' });
  });

  test('at most 10 redirects are followed', async () => {
    const { https, obs } = await chainSite((req, res) => {
      const n = req.url === '/' ? 0 : Number(req.url?.slice(3));
      if (req.url?.startsWith('/r/') || req.url === '/') redirect(() => `/r/${n + 1}`, 307)(req, res);
      else djangoApp({})(req, res);
    });
    expect(obs.https.hops).toHaveLength(11);
    expect(obs.https.hops[10]!.url).toBe(`https://good.test:${https.port}/r/10`);
    expect(obs.https.end).toEqual({ kind: 'too-many-redirects', limit: 10 });
    expect(obs.https.redirects).toHaveLength(11);
  });

  test('a redirect to another host is recorded, not followed, and never looked up', async () => {
    const { obs, lookup } = await chainSite(redirect(() => 'https://evil.test/steal'));
    expect(obs.https.end).toEqual({ kind: 'cross-host', url: 'https://evil.test/steal' });
    expect(obs.https.redirects).toEqual([{ from: obs.https.start, to: 'https://evil.test/steal', status: 301, sameHost: false, scheme: 'same' }]);
    expect(lookup.calls).toEqual([]);
    expect(obs.connections.map((c) => c.host)).toEqual(['good.test', 'good.test']);
  });

  test('a downgrade from https to http on the same host is followed and flagged', async () => {
    const http = await track(startHttp(djangoApp({})));
    const https = await track(startHttps(pki.valid, redirect(() => `http://good.test:${http.port}/plain`, 302)));
    const obs = await run(`https://good.test:${https.port}/`, options({ httpPort: http.port, resolve: goodTest(http.port, https.port) }));
    expect(obs.https.downgrade).toEqual({ from: `https://good.test:${https.port}/`, to: `http://good.test:${http.port}/plain`, status: 302, sameHost: true, scheme: 'downgrade' });
    expect(obs.final.reached && [obs.final.response.url, obs.final.response.status]).toEqual([`http://good.test:${http.port}/plain`, 404]);
  });

  test('a Location that is not http(s) ends the chain', async () => {
    const { obs } = await chainSite(redirect(() => 'javascript:alert(1)'));
    expect(obs.https.end).toEqual({ kind: 'bad-location', location: 'javascript:alert(1)' });
  });

  test('a body larger than 256 KiB is read up to the cap', async () => {
    const { obs } = await chainSite((req, res) => {
      if (!req.url?.startsWith('/secaudit-')) return djangoApp({})(req, res);
      res.writeHead(404, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const more = (): void => {
        while (res.write(chunk));
        res.once('drain', more);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      more();
    });
    expect(obs.notFound).toMatchObject({ status: 404, bodyBytes: 256 * 1024, bodyTruncated: true, error: null });
  });
});

describe('certificates', () => {
  async function certOf(cert: TestCert, over: Partial<ProbeOptions> = {}, tls = {}): Promise<Observation['tls']> {
    const https = await track(startHttps(cert, secureApp, tls));
    const httpPort = await closedPort();
    const obs = await run(`https://good.test:${https.port}/`, options({ httpPort, resolve: goodTest(httpPort, https.port), now: pki.now, ...over }));
    return obs.tls;
  }

  test.each([
    ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', true],
    ['notYetValid', 'CERT_NOT_YET_VALID', 'certificate is not yet valid', true],
    ['wrongHost', 'ERR_TLS_CERT_ALTNAME_INVALID', "Host: good.test. is not in the cert's altnames: DNS:other.test", false],
  ] as const)('%s: %s', async (name, code, message, matches) => {
    const tls = await certOf(pki[name]);
    expect(tls.verification).toEqual({ status: 'rejected', trust: 'custom-ca', code, message });
    expect(tls.hostnameMatches).toBe(matches);
  });

  test('an RSA 1024 key is served and trusted by OpenSSL 3 at level 1; its size is recorded', async () => {
    const tls = await certOf(pki.weakKey);
    expect(tls.verification).toEqual({ status: 'trusted', trust: 'custom-ca' });
    expect(tls.chain[0]).toMatchObject({ keyType: 'rsa', keyBits: 1024 });
  });

  test('a SHA-1 signature: the server needs security level 0 to load it, Node rejects the chain as UNSPECIFIED', async () => {
    const tls = await certOf(pki.sha1, {}, { ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(tls.verification).toEqual({ status: 'rejected', trust: 'custom-ca', code: 'UNSPECIFIED', message: 'CA signature digest algorithm too weak' });
    expect(tls.chain[0]).toMatchObject({ signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' });
  });

  test('an EC key from an EC CA', async () => {
    const tls = await certOf(pki.ec);
    expect(tls.verification).toEqual({ status: 'trusted', trust: 'custom-ca' });
    expect(tls.handshake?.cipher).toBe('TLS_AES_256_GCM_SHA384');
    expect(tls.chain[0]).toMatchObject({ keyType: 'ec', keyBits: 384, curve: 'secp384r1', signatureAlgorithm: 'ecdsa-with-SHA384' });
    expect(tls.protocols['TLSv1.2']).toEqual({ status: 'accepted', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
  });

  test("without --ca, Node's bundled roots do not know the test CA", async () => {
    const tls = await certOf(pki.valid, { ca: null });
    expect(tls.verification).toEqual({ status: 'rejected', trust: 'bundled-roots', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' });
  });

  test('the server sends its chain: leaf then CA', async () => {
    const tls = await certOf({ key: pki.valid.key, cert: `${pki.valid.cert.trim()}\n${pki.rsaCa.cert}` });
    expect(tls.chain.map((c) => [c.subject, c.isCA, c.selfSigned])).toEqual([
      ['CN=good.test', false, false],
      ['CN=secaudit test RSA CA, O=secaudit tests', true, true],
    ]);
  });

  test('an IP address target: no SNI, the certificate checked against the IP', async () => {
    const https = await track(startHttps(pki.withIp, secureApp));
    const httpPort = await closedPort();
    const obs = await run(`https://127.0.0.1:${https.port}/`, options({ httpPort }));
    expect(obs.connections).toEqual(
      [
        { host: '127.0.0.1', port: httpPort, address: '127.0.0.1', via: 'literal' },
        { host: '127.0.0.1', port: https.port, address: '127.0.0.1', via: 'literal' },
      ].sort((a, b) => a.port - b.port),
    );
    expect(https.requests.every((r) => r.sni === null && r.host === `127.0.0.1:${https.port}`)).toBe(true);
    expect(obs.tls.hostnameMatches).toBe(true);
    expect(obs.tls.verification).toEqual({ status: 'trusted', trust: 'custom-ca' });
  });
});

describe('TLS versions', () => {
  async function protocolsOf(tls: object): Promise<Observation['tls']['protocols']> {
    const https = await track(startHttps(pki.valid, secureApp, tls));
    const httpPort = await closedPort();
    return (await run(`https://good.test:${https.port}/`, options({ httpPort, resolve: goodTest(httpPort, https.port) }))).tls.protocols;
  }

  test('a server that still speaks TLS 1.0 and 1.1 (security level 0) is seen to accept them', async () => {
    expect(await protocolsOf({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' })).toEqual({
      TLSv1: { status: 'accepted', cipher: 'ECDHE-RSA-AES256-SHA' },
      'TLSv1.1': { status: 'accepted', cipher: 'ECDHE-RSA-AES256-SHA' },
      'TLSv1.2': { status: 'accepted', cipher: 'ECDHE-RSA-AES256-GCM-SHA384' },
      'TLSv1.3': { status: 'accepted', cipher: 'TLS_AES_256_GCM_SHA384' },
    });
  });

  test('a TLS 1.3-only server answers the pinned 1.2 handshake with an alert', async () => {
    expect(await protocolsOf({ minVersion: 'TLSv1.3' })).toEqual({
      TLSv1: { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
      'TLSv1.1': { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
      'TLSv1.2': { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
      'TLSv1.3': { status: 'accepted', cipher: 'TLS_AES_256_GCM_SHA384' },
    });
  });

  test('a TLS 1.2-only server', async () => {
    const protocols = await protocolsOf({ maxVersion: 'TLSv1.2' });
    expect(protocols['TLSv1.2']).toEqual({ status: 'accepted', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
    expect(protocols['TLSv1.3']).toEqual({ status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  test('a version the local OpenSSL cannot offer is "not tested", not "refused"', async () => {
    const https = await track(startHttps(pki.valid, secureApp, { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }));
    const net = { book: new AddressBook(goodTest(https.port), noDns()), timeoutMs: 3000, deadline: new AbortController().signal };
    const pinned = { host: 'good.test', port: https.port, trust: 'none', rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1' } as const;
    // The same server, asked by a client whose OpenSSL may not send TLS 1.0 (as with a system policy of MinProtocol TLSv1.2).
    const withoutTls1 = await handshake({ ...pinned, ciphers: 'ALL:@SECLEVEL=0', secureOptions: constants.SSL_OP_NO_TLSv1 }, net);
    expect(classifyProtocol('TLSv1', withoutTls1)).toEqual({
      status: 'not-tested',
      code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
      reason: 'the local OpenSSL cannot offer TLSv1 (it stopped before sending a ClientHello)',
    });
    const atLevel3 = await handshake({ ...pinned, ciphers: 'DEFAULT@SECLEVEL=3' }, net);
    expect(classifyProtocol('TLSv1', atLevel3)).toMatchObject({ status: 'not-tested', code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' });
    // Node's default level 1 offers TLS 1.0, the server accepts, and the client gives up on the MD5+SHA-1
    // signature: the server did accept the version.
    const atDefault = await handshake(pinned, net);
    expect(atDefault).toMatchObject({ ok: false, error: { phase: 'tls', code: 'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED' } });
    expect(classifyProtocol('TLSv1', atDefault)).toEqual({ status: 'accepted', cipher: null });
  });
});

describe('DNS', () => {
  test('hosts without --resolve are looked up once each, through the given lookup', async () => {
    const site: Site = await track(startSite(pki.valid, { http: redirect((req) => `https://good.test:${site.https.port}${req.url}`), https: secureApp }));
    const calls: string[] = [];
    const lookup: Lookup = async (host) => {
      calls.push(host);
      return { address: '127.0.0.1' };
    };
    const obs = await run(`https://good.test:${site.https.port}/`, options({ httpPort: site.http.port }), lookup);
    expect(calls).toEqual(['good.test']);
    expect(obs.connections).toEqual(
      [
        { host: 'good.test', port: site.http.port, address: '127.0.0.1', via: 'dns' },
        { host: 'good.test', port: site.https.port, address: '127.0.0.1', via: 'dns' },
      ].sort((a, b) => a.port - b.port),
    );
    expect(obs.final.reached).toBe(true);
  });
});

describe('options', () => {
  const target = () => parseTarget('https://good.test/', { http: null, https: null });
  test.each([
    [{ ca: 'not a certificate' }, '--ca: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file'],
    [{ ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }, /^--ca: certificate 1 is not valid PEM: /],
    [{ timeoutMs: 0 }, 'the probe timeout must be a positive number of milliseconds, not 0'],
    [{ deadlineMs: Number.NaN }, 'the probe deadline must be a positive number of milliseconds, not NaN'],
    [{ httpsPort: 70000 }, '--https-port 70000 is not a port number'],
  ] as const)('%j is a usage error', async (over, message) => {
    const lookup = noDns();
    await expect(probe(target(), options(over), { lookup })).rejects.toThrow(UsageError);
    await expect(probe(target(), options(over), { lookup })).rejects.toThrow(message);
    expect(lookup.calls).toEqual([]);
  });

  test('a CA bundle of several certificates is fine', async () => {
    const https = await track(startHttps(pki.ec, secureApp));
    const httpPort = await closedPort();
    const obs = await run(`https://good.test:${https.port}/`, options({ httpPort, ca: pki.caBundle, resolve: goodTest(httpPort, https.port) }));
    expect(obs.tls.verification).toEqual({ status: 'trusted', trust: 'custom-ca' });
  });
});
