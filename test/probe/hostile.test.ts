import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, test } from 'vitest';
import { ProbeError } from '../../src/engine/errors.ts';
import { parseTarget, probe, type Lookup, type NetworkError, type Observation, type ProbeOptions } from '../../src/probe/index.ts';
import { djangoApp, garbage, hugeHeader, redirect, reset, silence, slowDrip, startHttp, startHttps, type Listening } from '../helpers/servers.ts';
import { testPki, type TestPki } from '../helpers/tls.ts';

/**
 * Servers that misbehave. Each probe must end within its timeout plus 2 s, as a recorded fact or as a ProbeError
 * naming the step and phase, and leave no socket or timer behind.
 */
const TIMEOUT = 1000;
const LIMIT = TIMEOUT + 2000;
let pki: TestPki;
beforeAll(async () => {
  pki = await testPki();
});

const noDns: Lookup = async (host) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

const goodTest = (...ports: number[]) => ports.map((port) => ({ host: 'good.test', port, address: '127.0.0.1' }));

function options(over: Partial<ProbeOptions>): ProbeOptions {
  return { resolve: [], ca: pki.caBundle, timeoutMs: TIMEOUT, deadlineMs: 10_000, httpPort: null, httpsPort: null, now: new Date(), ...over };
}

/** Sockets and timers of this process (the vitest worker's own are there before and after). */
function handles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap' || r === 'TCPServerWrap' || r === 'Timeout')
    .sort();
}

/** Runs a probe against `servers`, closes them, and checks the time taken and that nothing is left running. */
async function timed<T>(servers: Listening[], run: () => Promise<T>): Promise<{ result: T | ProbeError; ms: number }> {
  const before = handles();
  const t0 = performance.now();
  let result: T | ProbeError;
  try {
    result = await run();
  } catch (err) {
    if (!(err instanceof ProbeError)) throw err;
    result = err;
  }
  const ms = performance.now() - t0;
  await Promise.all(servers.map((s) => s.close()));
  await new Promise((r) => setTimeout(r, 50));
  expect(ms).toBeLessThan(LIMIT);
  // Everything the probe opened is closed: only what existed before the servers started remains.
  expect(handles().filter((h) => h !== 'Timeout')).toEqual(before.filter((h) => h !== 'Timeout' && h !== 'TCPServerWrap'));
  return { result, ms };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('a hostile HTTPS port: ProbeError naming the phase', () => {
  async function unreachable(https: Listening, extra: Listening[] = []): Promise<{ error: ProbeError; ms: number }> {
    const httpPort = await closedPort();
    const input = `https://good.test:${https.port}/`;
    const { result, ms } = await timed([https, ...extra], () =>
      probe(parseTarget(input, { http: httpPort, https: null }), options({ httpPort, resolve: goodTest(httpPort, https.port) }), { lookup: noDns }),
    );
    expect(result).toBeInstanceOf(ProbeError);
    return { error: result as ProbeError, ms };
  }

  test('slow drip after the TLS handshake (1 byte/s): headers time out', async () => {
    const server = await slowDrip({ tls: pki.valid });
    const { error, ms } = await unreachable(server);
    expect(error.message).toBe(`cannot reach https://good.test:${server.port}/: headers failed: TIMEOUT (timed out after 1000 ms)`);
    expect(error.hint).toBe('the TLS handshake worked but no response headers came within 1000 ms');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT - 50);
  });

  test('silence: the TLS handshake times out', async () => {
    const server = await silence();
    const { error, ms } = await unreachable(server);
    // Promptly: undici waits for a connection attempt to end even when its request is aborted; the probe ends it.
    expect(ms).toBeLessThan(TIMEOUT + 400);
    expect(error.message).toBe(`cannot reach https://good.test:${server.port}/: TLS handshake failed: TIMEOUT (timed out after 1000 ms)`);
    expect(error.hint).toBe('the server accepted the connection but did not complete a TLS handshake within 1000 ms');
  });

  test('silence after the TLS handshake: headers time out', async () => {
    const server = await silence({ tls: pki.valid });
    const { error } = await unreachable(server);
    expect(error.message).toBe(`cannot reach https://good.test:${server.port}/: headers failed: TIMEOUT (timed out after 1000 ms)`);
  });

  test('reset on accept', async () => {
    const server = await reset();
    const { error, ms } = await unreachable(server);
    expect(error.message).toBe(`cannot reach https://good.test:${server.port}/: TLS handshake failed: ECONNRESET (read ECONNRESET)`);
    expect(error.hint).toBe('the server broke off the TLS handshake; check its TLS configuration');
    expect(ms).toBeLessThan(TIMEOUT);
  });

  test('garbage (plain HTTP) on the HTTPS port', async () => {
    const server = await garbage();
    const { error, ms } = await unreachable(server);
    expect(error.message).toBe(`cannot reach https://good.test:${server.port}/: TLS handshake failed: ERR_SSL_WRONG_VERSION_NUMBER (wrong version number)`);
    expect(error.hint).toBe(`port ${server.port} does not speak TLS: is it the plain-HTTP port?`);
    expect(ms).toBeLessThan(TIMEOUT);
  });

  test('a 1 MB response header', async () => {
    const server = await hugeHeader(pki.valid);
    const { error } = await unreachable(server);
    expect(error.message).toBe(
      `cannot reach https://good.test:${server.port}/: headers failed: UND_ERR_HEADERS_OVERFLOW (the response headers are larger than 64 KiB)`,
    );
    expect(error.hint).toBe('the response headers are larger than 64 KiB; secaudit does not read them');
  });

  test('a server that only speaks TLS 1.0 alerts the TLS 1.2/1.3 handshake', async () => {
    const server = await startHttps(pki.valid, djangoApp({}), { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const { error } = await unreachable(server);
    expect(error.message).toBe(
      `cannot reach https://good.test:${server.port}/: TLS handshake failed: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION (tlsv1 alert protocol version)`,
    );
    expect(error.hint).toBe('the server refused the TLS handshake (secaudit offers TLS 1.2 and 1.3); see its TLS configuration');
  });

  test('connection refused', async () => {
    const port = await closedPort();
    const { result } = await timed([], () =>
      probe(parseTarget(`https://good.test:${port}/`, { http: null, https: null }), options({ httpPort: port, resolve: goodTest(port) }), { lookup: noDns }),
    );
    expect(result).toEqual(
      new ProbeError(
        `cannot reach https://good.test:${port}/: connect failed: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`,
        `nothing accepts connections on port ${port}; check the port (--https-port) or the --resolve address`,
      ),
    );
  });

  test('a host name that does not resolve', async () => {
    const { result } = await timed([], () => probe(parseTarget('https://nowhere.test/', { http: null, https: null }), options({}), { lookup: noDns }));
    expect(result).toEqual(
      new ProbeError(
        'cannot reach https://nowhere.test/: DNS lookup failed: ENOTFOUND (getaddrinfo ENOTFOUND nowhere.test)',
        'check the host name, or give its address with --resolve nowhere.test:443:ADDRESS',
      ),
    );
  });

  test('a DNS lookup that never answers is abandoned at the timeout', async () => {
    const hanging: Lookup = () => new Promise(() => {});
    const { result } = await timed([], () => probe(parseTarget('https://slow.test/', { http: null, https: null }), options({}), { lookup: hanging }));
    expect((result as ProbeError).message).toBe('cannot reach https://slow.test/: DNS lookup failed: TIMEOUT (timed out after 1000 ms)');
  });
});

describe('a hostile plain-HTTP port next to a good HTTPS site: recorded, not fatal', () => {
  async function httpError(http: Listening): Promise<{ obs: Observation; error: NetworkError | null }> {
    const https = await startHttps(pki.valid, djangoApp({}));
    const { result } = await timed([http, https], () =>
      probe(parseTarget(`https://good.test:${https.port}/`, { http: http.port, https: null }), options({ httpPort: http.port, resolve: goodTest(http.port, https.port) }), {
        lookup: noDns,
      }),
    );
    const obs = result as Observation;
    expect(obs.final.reached).toBe(true);
    expect(obs.http.hops).toEqual([]);
    return { obs, error: obs.http.end.kind === 'error' ? obs.http.end.error : null };
  }

  test('slow drip', async () => {
    const { obs, error } = await httpError(await slowDrip());
    expect(error).toEqual({ phase: 'headers', code: 'TIMEOUT', message: 'timed out after 1000 ms' });
    expect(obs.http.outcome).toBe('unreachable');
  });

  test('silence', async () => {
    const { error } = await httpError(await silence());
    expect(error).toEqual({ phase: 'headers', code: 'TIMEOUT', message: 'timed out after 1000 ms' });
  });

  test('reset', async () => {
    const server = await reset();
    const { error } = await httpError(server);
    expect(error).toEqual({ phase: 'headers', code: 'ECONNRESET', message: 'read ECONNRESET' });
  });

  test('a 1 MB header', async () => {
    const { error } = await httpError(await hugeHeader());
    expect(error).toEqual({ phase: 'headers', code: 'UND_ERR_HEADERS_OVERFLOW', message: 'the response headers are larger than 64 KiB' });
  });

  test('an endless redirect loop', async () => {
    const http = await startHttp((req, res) => redirect(() => (req.url === '/' ? '/x' : '/'))(req, res));
    const https = await startHttps(pki.valid, djangoApp({}));
    const { result } = await timed([http, https], () =>
      probe(parseTarget(`https://good.test:${https.port}/`, { http: http.port, https: null }), options({ httpPort: http.port, resolve: goodTest(http.port, https.port) }), {
        lookup: noDns,
      }),
    );
    const obs = result as Observation;
    expect(obs.http.end).toEqual({ kind: 'loop', url: `http://good.test:${http.port}/` });
    expect(obs.http.outcome).toBe('redirects-without-https');
    expect(http.requests.map((r) => r.path)).toEqual(['/', '/x']);
  });
});

describe('time limits', () => {
  test('the overall deadline stops a chain of slow redirects', async () => {
    // Each response takes 600 ms: under the per-attempt timeout, but six of them pass a 2 s deadline.
    const https = await startHttps(pki.valid, (req, res) => {
      const n = Number((req.url ?? '/').slice(1)) || 0;
      setTimeout(() => redirect(() => `/${n + 1}`)(req, res), 600);
    });
    const httpPort = await closedPort();
    const { result, ms } = await timed([https], () =>
      probe(parseTarget(`https://good.test:${https.port}/`, { http: httpPort, https: null }), options({ httpPort, deadlineMs: 2000, resolve: goodTest(httpPort, https.port) }), {
        lookup: noDns,
      }),
    );
    const obs = result as Observation;
    expect(ms).toBeLessThan(2000 + 500);
    expect(obs.https.hops.length).toBe(3);
    expect(obs.https.end).toEqual({
      kind: 'error',
      url: `https://good.test:${https.port}/3`,
      error: { phase: 'headers', code: 'DEADLINE', message: "the probe's deadline of 2000 ms passed" },
    });
    expect(obs.final).toEqual({ reached: false, reason: 'error' });
  });

  test('a body that drips after the headers is cut at the timeout; the status is kept', async () => {
    const https = await startHttps(pki.valid, (req, res) => {
      if (!req.url?.startsWith('/secaudit-')) return djangoApp({})(req, res);
      res.writeHead(404, { 'content-type': 'text/html' });
      const t = setInterval(() => res.write('.'), 200);
      res.on('close', () => clearInterval(t));
    });
    const httpPort = await closedPort();
    const { result } = await timed([https], () =>
      probe(parseTarget(`https://good.test:${https.port}/`, { http: httpPort, https: null }), options({ httpPort, resolve: goodTest(httpPort, https.port) }), {
        lookup: noDns,
      }),
    );
    const obs = result as Observation;
    expect(obs.notFound).toMatchObject({ status: 404, bodyTruncated: false, error: { phase: 'body', code: 'TIMEOUT', message: 'timed out after 1000 ms' } });
    expect(obs.final.reached).toBe(true);
  });
});
