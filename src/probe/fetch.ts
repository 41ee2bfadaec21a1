import { isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { VERSION } from '../version.ts';
import { AddressBook, Attempt, toNetworkError } from './network.ts';
import type { NetworkError } from './observation.ts';
import { BODY_LIMIT, HEADER_SIZE_LIMIT, MAX_REDIRECTS, type RawChain, type RawPage, type RawResponse } from './raw.ts';
import { Agent, buildConnector, request } from './undici.ts';

export interface HttpOptions {
  readonly book: AddressBook;
  readonly timeoutMs: number;
  readonly deadline: AbortSignal;
}

interface Fetched {
  readonly response: RawResponse;
  readonly body: Buffer | null;
  readonly truncated: boolean;
  /** The body failed after the headers arrived (the response still counts). */
  readonly bodyError: NetworkError | null;
}

class FetchFailure extends Error {
  constructor(readonly error: NetworkError) {
    super(error.message);
  }
}

const REQUEST_HEADERS = {
  'user-agent': `secaudit/${VERSION}`,
  accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
};

/**
 * HTTP requests one at a time on one undici Agent (a redirect chain, then maybe pages), so that requests to the
 * same origin reuse the connection and every error can be told apart by phase. Connections go only
 * to the address the AddressBook gives; SNI, the Host header and the URL keep the real host name (curl's --resolve).
 * Certificates are not checked here: the TLS step reports on them, and the headers of a site with a bad
 * certificate are still worth reading.
 */
export class HttpClient {
  private readonly agent: InstanceType<typeof Agent>;
  private attempt: Attempt | null = null;

  constructor(private readonly options: HttpOptions) {
    // No trust store: certificates are the TLS step's business (an empty CA list spares loading Node's roots).
    const base = buildConnector({ timeout: options.timeoutMs, rejectUnauthorized: false, ca: [] });
    this.agent = new Agent({
      connections: 1,
      pipelining: 1,
      maxHeaderSize: HEADER_SIZE_LIMIT,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: (o, callback) => {
        const attempt = this.attempt;
        const host = o.hostname;
        const port = Number(o.port) || (o.protocol === 'https:' ? 443 : 80);
        if (attempt) attempt.phase = 'dns';
        const signal = attempt?.signal ?? AbortSignal.abort();
        options.book.resolve(host, port, signal).then(
          (address) => {
            if (attempt) attempt.phase = 'connect';
            const connectOptions = { ...o, hostname: address, ...(isIP(host) === 0 ? { servername: host } : {}) };
            // An aborted request waits for its connection attempt to end: end it at once.
            const onAbort = (): void => {
              socket.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
            };
            // undici's connector returns the socket (its typings say void): watch it to tell TCP from TLS time.
            const socket = base(connectOptions, (...args) => {
              signal.removeEventListener('abort', onAbort);
              if (args[0] === null && attempt) attempt.phase = 'headers';
              callback(...args);
            }) as unknown as Socket;
            if (signal.aborted) onAbort();
            else signal.addEventListener('abort', onAbort, { once: true });
            socket.once('connect', () => {
              if (attempt && o.protocol === 'https:') attempt.phase = 'tls';
            });
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
        );
      },
    });
  }

  /** GET `url`; `read` keeps up to BODY_LIMIT bytes of the body, otherwise it is drained (up to the limit) and dropped. */
  async get(url: string, read: boolean): Promise<Fetched> {
    const attempt = new Attempt(this.options.timeoutMs, this.options.deadline);
    attempt.phase = 'headers';
    this.attempt = attempt;
    const started = performance.now();
    try {
      const target = new URL(url);
      let res;
      try {
        res = await request(this.agent, {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: 'GET',
          headers: REQUEST_HEADERS,
          signal: attempt.signal,
        });
      } catch (err) {
        throw new FetchFailure(toNetworkError(err, attempt));
      }
      attempt.phase = 'body';
      const headers: (readonly [string, string])[] = [];
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.push([name.toLowerCase(), v]);
      }
      let body: Buffer | null = null;
      let truncated = false;
      let bodyError: NetworkError | null = null;
      try {
        if (read) {
          const chunks: Buffer[] = [];
          let size = 0;
          for await (const chunk of res.body as AsyncIterable<Buffer>) {
            const room = BODY_LIMIT - size;
            chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
            size += Math.min(chunk.length, room);
            if (size >= BODY_LIMIT) {
              // Leaving the loop destroys the stream (and its connection): the rest is never read.
              truncated = true;
              break;
            }
          }
          body = Buffer.concat(chunks);
        } else {
          await res.body.dump({ limit: BODY_LIMIT, signal: attempt.signal });
        }
      } catch (err) {
        bodyError = toNetworkError(err, attempt);
        res.body.destroy();
      }
      return {
        response: { url, status: res.statusCode, headers, ms: Math.round(performance.now() - started) },
        body,
        truncated,
        bodyError,
      };
    } finally {
      attempt.finish();
      this.attempt = null;
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy().catch(() => {});
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function firstHeader(response: RawResponse, name: string): string | null {
  return response.headers.find(([n]) => n === name)?.[1] ?? null;
}

/**
 * Follows redirects from `start` by hand: at most MAX_REDIRECTS, never twice to the same URL, never to
 * another host (that redirect is recorded and the chain ends). `onRedirect` sees each Location about to be
 * followed; when it returns a chain (one that starts at that URL, already under way), its hops become the rest
 * of this one instead of requesting them again.
 */
export async function followChain(
  client: HttpClient,
  start: string,
  onRedirect?: (to: URL) => Promise<RawChain> | null,
): Promise<RawChain> {
  const host = new URL(start).hostname;
  const hops: RawResponse[] = [];
  const seen = new Set<string>();
  let url = start;
  for (;;) {
    seen.add(url);
    let fetched: Fetched;
    try {
      fetched = await client.get(url, false);
    } catch (err) {
      if (err instanceof FetchFailure) return { start, hops, end: { kind: 'error', url, error: err.error } };
      throw err;
    }
    hops.push(fetched.response);
    const location = firstHeader(fetched.response, 'location');
    if (!REDIRECT_STATUSES.has(fetched.response.status) || location === null) return { start, hops, end: { kind: 'response' } };
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return { start, hops, end: { kind: 'bad-location', location } };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return { start, hops, end: { kind: 'bad-location', location } };
    next.hash = '';
    if (next.hostname !== host) return { start, hops, end: { kind: 'cross-host', url: next.href } };
    if (seen.has(next.href)) return { start, hops, end: { kind: 'loop', url: next.href } };
    if (hops.length > MAX_REDIRECTS) return { start, hops, end: { kind: 'too-many-redirects', limit: MAX_REDIRECTS } };
    const joined = onRedirect?.(next) ?? null;
    if (joined) {
      const rest = await joined;
      return { start, hops: [...hops, ...rest.hops], end: rest.end };
    }
    url = next.href;
  }
}

/** One GET whose body is read (capped), for the pages whose content matters. */
export async function fetchPage(client: HttpClient, url: string): Promise<RawPage> {
  try {
    const fetched = await client.get(url, true);
    const body = fetched.body ?? Buffer.alloc(0);
    return {
      url,
      response: fetched.response,
      body: new TextDecoder('utf-8').decode(body),
      bodyBytes: body.length,
      bodyTruncated: fetched.truncated,
      error: fetched.bodyError,
    };
  } catch (err) {
    if (err instanceof FetchFailure) return { url, response: null, body: '', bodyBytes: 0, bodyTruncated: false, error: err.error };
    throw err;
  }
}
