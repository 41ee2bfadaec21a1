import { X509Certificate, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ProbeError, UsageError } from '../engine/errors.ts';
import { HttpClient, fetchPage, followChain } from './fetch.ts';
import { AbortReason, AddressBook, systemLookup, type Lookup } from './network.ts';
import type { NetworkError, NetworkPhase, Observation } from './observation.ts';
import { observe } from './observe.ts';
import type { RawChain, RawPage, RawProbe, RawTls } from './raw.ts';
import { originUrl, type ProbeTarget, type ResolveEntry } from './target.ts';
import { probeTls } from './tls.ts';

export interface ProbeOptions {
  /** curl's --resolve: HOST:PORT mapped to an address. */
  readonly resolve: readonly ResolveEntry[];
  /** PEM text of the CA certificates to trust instead of Node's bundled roots (--ca). */
  readonly ca: string | null;
  /** Per network attempt (a request, a handshake). */
  readonly timeoutMs: number;
  /** For the whole probe. */
  readonly deadlineMs: number;
  /** --http-port / --https-port: win over the target's ports (parseTarget applies them too). */
  readonly httpPort: number | null;
  readonly httpsPort: number | null;
  /** The clock of the observation (`observedAt`, certificate days left). */
  readonly now: Date;
}

/** The probe's only contact with the outside besides sockets; tests replace `lookup` so that no name reaches DNS. */
export interface ProbeIo {
  readonly lookup: Lookup;
}

const PHASE_NAMES: Readonly<Record<NetworkPhase, string>> = {
  dns: 'DNS lookup',
  connect: 'connect',
  tls: 'TLS handshake',
  headers: 'headers',
  body: 'body',
};

/**
 * Probes the target: both redirect chains, the final HTTPS response, a random path and /admin/login/ on the
 * HTTPS origin, the certificate, and the TLS versions, concurrently. Every attempt has `timeoutMs`, the whole
 * probe `deadlineMs`. Throws ProbeError when the HTTPS site gives no response at all; everything else the
 * network does (no plain-HTTP listener, a loop, a reset) is recorded in the Observation.
 */
export async function probe(target: ProbeTarget, options: ProbeOptions, io: Partial<ProbeIo> = {}): Promise<Observation> {
  checkOptions(options);
  const t0 = performance.now();
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(new AbortReason('DEADLINE', options.deadlineMs)), options.deadlineMs);
  const book = new AddressBook(options.resolve, io.lookup ?? systemLookup);
  const net = { book, timeoutMs: options.timeoutMs, deadline: deadline.signal };
  const clients: HttpClient[] = [];
  const client = (): HttpClient => {
    const c = new HttpClient(net);
    clients.push(c);
    return c;
  };
  const timings: { step: string; ms: number }[] = [];
  const pending: Promise<unknown>[] = [];
  const timed = <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const slot = timings.push({ step, ms: 0 }) - 1;
    const begin = performance.now();
    const promise = run().finally(() => {
      timings[slot] = { step, ms: Math.round(performance.now() - begin) };
    });
    pending.push(promise.catch(() => {}));
    return promise;
  };

  try {
    const host = target.host;
    const httpUrl = originUrl('http', host, options.httpPort ?? target.httpPort, target.path);

    // The HTTPS steps start as soon as the HTTPS port is known: at once, or (an http:// target) when the plain-HTTP
    // chain first redirects to HTTPS on this host.
    interface HttpsSteps {
      readonly port: number;
      readonly url: string;
      readonly chain: Promise<RawChain>;
      readonly tls: Promise<RawTls>;
      readonly pages: Promise<[RawPage, RawPage]>;
    }
    const started: { steps: HttpsSteps | null } = { steps: null };
    const startHttps = (port: number): HttpsSteps => {
      if (started.steps) return started.steps;
      const url = originUrl('https', host, port, target.path);
      const origin = originUrl('https', host, port);
      // The chain, then the two pages, on one keep-alive connection: two TLS handshakes saved (server
      // signatures, the most expensive part of a probe on a fast network) for two round trips more.
      const httpsClient = client();
      const chain = timed('https', () => followChain(httpsClient, url));
      const tls = timed('tls', () => probeTls(host, port, options.ca, net));
      const pages = (async (): Promise<[RawPage, RawPage]> => {
        const done = await chain;
        // Nothing to ask when the HTTPS port gave no response at all (the probe fails).
        if (done.hops.length === 0) return [unasked('/secaudit-', origin), unasked('/admin/login/', origin)];
        const notFound = await timed('not-found', () => fetchPage(httpsClient, new URL(`/secaudit-${randomBytes(6).toString('hex')}`, origin).href));
        const admin = await timed('admin', () => fetchPage(httpsClient, new URL('/admin/login/', origin).href));
        return [notFound, admin];
      })();
      pending.push(pages.catch(() => {}));
      started.steps = { port, url, chain, tls, pages };
      return started.steps;
    };
    const knownHttpsPort = options.httpsPort ?? target.httpsPort;
    if (knownHttpsPort !== null) startHttps(knownHttpsPort);

    const urlHost = new URL(httpUrl).hostname;
    const httpChain = timed('http', () =>
      followChain(client(), httpUrl, (to) => {
        if (to.protocol !== 'https:' || to.hostname !== urlHost) return null;
        const steps = startHttps(knownHttpsPort ?? (Number(to.port) || 443));
        // The redirect leads to where the HTTPS chain starts: its requests are this chain's rest.
        return to.href === steps.url ? steps.chain : null;
      }),
    );
    if (started.steps === null) await httpChain;
    // Without a redirect to HTTPS on this host, look on the default port.
    const steps = started.steps ?? startHttps(443);
    const https = await steps.chain;
    if (https.hops.length === 0 && https.end.kind === 'error') {
      // Nothing to observe: stop the other steps now instead of letting them run into their timeouts.
      deadline.abort(new Error('the HTTPS site is unreachable'));
      throw unreachable(https.end.url, https.end.error, host, steps.port, options);
    }
    const [http, tls, [notFound, admin]] = await Promise.all([httpChain, steps.tls, steps.pages]);
    timings.push({ step: 'total', ms: Math.round(performance.now() - t0) });
    const raw: RawProbe = {
      target: { ...target, httpPort: options.httpPort ?? target.httpPort, httpsPort: steps.port },
      httpUrl,
      httpsUrl: steps.url,
      connections: book.connections,
      http,
      https,
      notFound,
      admin,
      tls,
      timings,
    };
    return observe(raw, options.now);
  } finally {
    if (!deadline.signal.aborted) deadline.abort(new Error('the probe is over'));
    clearTimeout(deadlineTimer);
    await Promise.all(pending);
    await Promise.all(clients.map((c) => c.close()));
  }
}

/** A page not requested (the probe is about to fail). */
function unasked(path: string, origin: string): RawPage {
  return { url: new URL(path, origin).href, response: null, body: '', bodyBytes: 0, bodyTruncated: false, error: null };
}

function checkOptions(options: ProbeOptions): void {
  for (const [name, ms] of [
    ['timeout', options.timeoutMs],
    ['deadline', options.deadlineMs],
  ] as const) {
    if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`the probe ${name} must be a positive number of milliseconds, not ${ms}`, 'e.g. --timeout 10');
  }
  for (const [flag, port] of [
    ['--http-port', options.httpPort],
    ['--https-port', options.httpsPort],
  ] as const) {
    if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      throw new UsageError(`${flag} ${port} is not a port number`, 'ports are whole numbers from 1 to 65535');
    }
  }
  if (options.ca !== null) checkCa(options.ca);
}

const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';
const PEM_END = '-----END CERTIFICATE-----';

/**
 * Node takes any text as `ca` and trusts nothing from a bad one, so a wrong --ca file would show up as every
 * certificate being untrusted: check it holds certificates, and that each one parses.
 */
function checkCa(ca: string): void {
  let count = 0;
  for (let at = ca.indexOf(PEM_BEGIN); at >= 0; at = ca.indexOf(PEM_BEGIN, at + PEM_BEGIN.length)) {
    const end = ca.indexOf(PEM_END, at);
    const block = end < 0 ? ca.slice(at) : ca.slice(at, end + PEM_END.length);
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new UsageError(
        `--ca: certificate ${count + 1} is not valid PEM: ${err instanceof Error ? err.message : String(err)}`,
        'give the CA certificate(s) in PEM, as curl --cacert takes them',
      );
    }
    count++;
  }
  if (count === 0) throw new UsageError('--ca: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file', 'give the CA certificate(s) in PEM, as curl --cacert takes them');
}

/** The one-line failure of a probe whose HTTPS site gave no response: the step, the phase, a hint. */
function unreachable(url: string, error: NetworkError, host: string, port: number, options: ProbeOptions): ProbeError {
  const detail = error.message !== '' && error.message !== error.code ? ` (${error.message})` : '';
  return new ProbeError(`cannot reach ${url}: ${PHASE_NAMES[error.phase]} failed: ${error.code}${detail}`, hintFor(error, host, port, options));
}

function hintFor(error: NetworkError, host: string, port: number, options: ProbeOptions): string {
  if (error.code === 'DEADLINE') return `the whole probe took longer than ${options.deadlineMs} ms; raise the deadline or check the network`;
  switch (error.phase) {
    case 'dns':
      return `check the host name, or give its address with --resolve ${host}:${port}:ADDRESS`;
    case 'connect':
      if (error.code === 'ECONNREFUSED') return `nothing accepts connections on port ${port}; check the port (--https-port) or the --resolve address`;
      if (error.code === 'TIMEOUT') return `no answer within ${options.timeoutMs} ms: a firewall may drop the packets, or the address is wrong`;
      if (error.code === 'ECONNRESET') return 'the connection was reset as it opened: a firewall, or a server refusing this client';
      return 'check that the address is reachable from here';
    case 'tls':
      if (error.code === 'TIMEOUT') return `the server accepted the connection but did not complete a TLS handshake within ${options.timeoutMs} ms`;
      if (error.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || error.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || error.code === 'ERR_SSL_HTTP_REQUEST') {
        return `port ${port} does not speak TLS: is it the plain-HTTP port?`;
      }
      if (/ALERT/.test(error.code)) return 'the server refused the TLS handshake (secaudit offers TLS 1.2 and 1.3); see its TLS configuration';
      return 'the server broke off the TLS handshake; check its TLS configuration';
    case 'headers':
      if (error.code === 'TIMEOUT') return `the TLS handshake worked but no response headers came within ${options.timeoutMs} ms`;
      if (error.code === 'UND_ERR_HEADERS_OVERFLOW') return 'the response headers are larger than 64 KiB; secaudit does not read them';
      return 'the server closed the connection without answering';
    case 'body':
      return 'the response body could not be read';
    default: {
      const never: never = error.phase;
      return never;
    }
  }
}
