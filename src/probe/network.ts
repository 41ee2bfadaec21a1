import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ConnectionObservation, NetworkError, NetworkPhase } from './observation.ts';
import type { ResolveEntry } from './target.ts';

/** Name resolution for hosts that --resolve does not map; tests replace it so that nothing leaves loopback. */
export type Lookup = (host: string) => Promise<{ readonly address: string }>;

export const systemLookup: Lookup = (host) => dnsLookup(host, { verbatim: true });

/** Why an attempt was aborted: its own timeout, or the probe's overall deadline. */
export class AbortReason extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'DEADLINE',
    readonly ms: number,
  ) {
    super(code === 'TIMEOUT' ? `timed out after ${ms} ms` : `the probe's deadline of ${ms} ms passed`);
  }
}

/** One network attempt (a request, a handshake): a signal that fires after `timeoutMs` or at the deadline. */
export class Attempt {
  readonly signal: AbortSignal;
  phase: NetworkPhase = 'dns';
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onDeadline: () => void;

  constructor(
    timeoutMs: number,
    private readonly deadline: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => this.controller.abort(new AbortReason('TIMEOUT', timeoutMs)), timeoutMs);
    this.onDeadline = () => this.controller.abort(deadline.reason);
    if (deadline.aborted) this.onDeadline();
    else deadline.addEventListener('abort', this.onDeadline, { once: true });
  }

  /** Stops the timer; call when the attempt is over, whatever its outcome. */
  finish(): void {
    clearTimeout(this.timer);
    this.deadline.removeEventListener('abort', this.onDeadline);
  }
}

/** Resolves a host:port to the address to connect to: --resolve first, an IP literal as is, else DNS (once per host). */
export class AddressBook {
  readonly connections: ConnectionObservation[] = [];
  private readonly lookups = new Map<string, Promise<string>>();

  constructor(
    private readonly entries: readonly ResolveEntry[],
    private readonly lookup: Lookup,
  ) {}

  async resolve(host: string, port: number, signal: AbortSignal): Promise<string> {
    const mapped = this.entries.find((e) => e.host === host && e.port === port);
    if (mapped) return this.note(host, port, mapped.address, 'resolve');
    if (isIP(host) !== 0) return this.note(host, port, host, 'literal');
    let pending = this.lookups.get(host);
    if (!pending) {
      pending = this.lookup(host).then((r) => r.address);
      // A failed lookup is reported by each attempt that awaits it.
      pending.catch(() => {});
      this.lookups.set(host, pending);
    }
    const address = await abortable(pending, signal);
    return this.note(host, port, address, 'dns');
  }

  private note(host: string, port: number, address: string, via: ConnectionObservation['via']): string {
    if (!this.connections.some((c) => c.host === host && c.port === port && c.address === address)) {
      this.connections.push({ host, port, address, via });
    }
    return address;
  }
}

/** Waits for `promise` unless `signal` fires first (a DNS lookup cannot be cancelled, only abandoned). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);

/** An error of an attempt as a NetworkError: the phase it happened in, a code, one short line. */
export function toNetworkError(err: unknown, attempt: Attempt): NetworkError {
  const reason = attempt.signal.aborted ? attempt.signal.reason : null;
  if (reason instanceof AbortReason) return { phase: attempt.phase, code: reason.code, message: reason.message };
  const e = err instanceof Error ? (err as Error & { code?: unknown; reason?: unknown }) : null;
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : (e?.name ?? 'ERROR');
  // OpenSSL errors carry a short `reason` ("wrong version number"); their message is a long dump.
  const text = typeof e?.reason === 'string' && e.reason !== '' ? e.reason : (e?.message ?? String(err));
  let phase = attempt.phase;
  let normalised = code;
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { phase: 'headers', code: 'TIMEOUT', message: 'no response headers in time' };
    case 'UND_ERR_BODY_TIMEOUT':
      return { phase: 'body', code: 'TIMEOUT', message: 'the body stalled' };
    case 'UND_ERR_CONNECT_TIMEOUT':
      normalised = 'TIMEOUT';
      break;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return { phase: 'headers', code, message: 'the response headers are larger than 64 KiB' };
    default:
      if (DNS_CODES.has(code)) phase = 'dns';
  }
  return { phase, code: normalised, message: oneLine(text) };
}

export function oneLine(text: string, max = 200): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
