import { isIP } from 'node:net';
import { connect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { AddressBook, Attempt, toNetworkError } from './network.ts';
import type { TlsVersion } from './observation.ts';
import type { RawHandshake, RawTls } from './raw.ts';

export interface HandshakeParams {
  readonly host: string;
  readonly port: number;
  /**
   * What the verdict (`authorized`) is against: Node's bundled Mozilla roots, only the given PEM certificates
   * (curl's --cacert), or nothing (a handshake whose verdict is not used: spares loading the roots).
   */
  readonly trust: 'bundled-roots' | 'none' | { readonly ca: string };
  readonly rejectUnauthorized: boolean;
  readonly minVersion?: TlsVersion;
  readonly maxVersion?: TlsVersion;
  readonly ciphers?: string;
  readonly alpn?: readonly string[];
  /** OpenSSL SSL_OP_* flags, for tests that take a protocol away from the local side. */
  readonly secureOptions?: number;
  /** Read the peer's certificates (getPeerCertificate is not cheap: only the inspection needs them). */
  readonly chain?: boolean;
}

export interface TlsOptions {
  readonly book: AddressBook;
  readonly timeoutMs: number;
  readonly deadline: AbortSignal;
}

/**
 * For the pinned-version handshakes: every cipher at security level 0. Node's OpenSSL 3 (security level 1)
 * still sends a TLS 1.0 ClientHello, but when the server accepts it the client aborts with
 * ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED (TLS 1.0/1.1 sign with MD5+SHA-1): a server that speaks TLS 1.0
 * would look like one that does not. The question here is which versions the server accepts, not whether
 * the connection would be safe.
 */
export const PROTOCOL_PROBE_CIPHERS = 'ALL:@SECLEVEL=0';

/** One TLS handshake to host:port (at the AddressBook's address, SNI = host unless it is an IP), then closed. */
export async function handshake(params: HandshakeParams, options: TlsOptions): Promise<RawHandshake> {
  const attempt = new Attempt(options.timeoutMs, options.deadline);
  try {
    const address = await options.book.resolve(params.host, params.port, attempt.signal);
    attempt.phase = 'connect';
    return await new Promise<RawHandshake>((resolve, reject) => {
      // Started after the deadline (a handshake that depends on another): nothing to wait for.
      if (attempt.signal.aborted) {
        reject(attempt.signal.reason);
        return;
      }
      let socket: TLSSocket;
      try {
        socket = connect({
          host: address,
          port: params.port,
          ...(isIP(params.host) === 0 ? { servername: params.host } : {}),
          // An empty list keeps Node from loading its bundled roots.
          ...(params.trust === 'none' ? { ca: [] } : params.trust === 'bundled-roots' ? {} : { ca: params.trust.ca }),
          rejectUnauthorized: params.rejectUnauthorized,
          ...(params.minVersion ? { minVersion: params.minVersion } : {}),
          ...(params.maxVersion ? { maxVersion: params.maxVersion } : {}),
          ...(params.ciphers ? { ciphers: params.ciphers } : {}),
          ...(params.alpn ? { ALPNProtocols: [...params.alpn] } : {}),
          ...(params.secureOptions !== undefined ? { secureOptions: params.secureOptions } : {}),
        });
      } catch (err) {
        // Invalid options (ERR_TLS_INVALID_PROTOCOL_VERSION) are thrown synchronously.
        attempt.phase = 'tls';
        reject(err);
        return;
      }
      const onAbort = (): void => {
        socket.destroy(attempt.signal.reason instanceof Error ? attempt.signal.reason : new Error('aborted'));
      };
      attempt.signal.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => {
        attempt.phase = 'tls';
      });
      socket.once('secureConnect', () => {
        attempt.signal.removeEventListener('abort', onAbort);
        const alpn = socket.alpnProtocol;
        const result: RawHandshake = {
          ok: true,
          protocol: socket.getProtocol(),
          cipher: socket.getCipher()?.name ?? null,
          alpn: typeof alpn === 'string' ? alpn : null,
          authorized: socket.authorized,
          // Node stores the verification error's code here (a string), whatever its type says.
          authorizationError: socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN'),
          chain: params.chain ? peerChain(socket) : [],
        };
        socket.destroy();
        resolve(result);
      });
      socket.once('error', (err) => {
        attempt.signal.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(err);
      });
    });
  } catch (err) {
    return { ok: false, error: toNetworkError(err, attempt) };
  } finally {
    attempt.finish();
  }
}

/** The certificates the peer sent, leaf first, as DER in base64. */
function peerChain(socket: TLSSocket): string[] {
  const out: string[] = [];
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(cert.raw.toString('base64'));
    cert = cert.issuerCertificate;
  }
  return out;
}

/**
 * Every TLS fact of host:port, with as few handshakes as the facts allow (each costs the server a signature):
 *
 * - the inspection handshake (TLS 1.2-1.3, any certificate accepted): the chain, Node's verdict, ALPN;
 * - one handshake pinned to each of TLS 1.0, 1.1 and 1.2, concurrently with it;
 * - TLS 1.3 pinned only when the inspection did not end in TLS 1.3: a server that chose 1.3 when offered 1.2 and
 *   1.3 accepts 1.3, and the inspection's cipher is the one a pinned handshake would get;
 * - the verification handshake (rejectUnauthorized) only when the inspection's verdict is a rejection: its error
 *   carries the rejection's message. (For a trusted chain it would only repeat the verdict.)
 */
export async function probeTls(host: string, port: number, ca: string | null, options: TlsOptions): Promise<RawTls> {
  const trust = ca === null ? 'bundled-roots' : { ca };
  const pin = (v: TlsVersion): Promise<RawHandshake> =>
    handshake({ host, port, trust: 'none', rejectUnauthorized: false, minVersion: v, maxVersion: v, ciphers: PROTOCOL_PROBE_CIPHERS }, options);
  const inspection = handshake({ host, port, trust, rejectUnauthorized: false, alpn: ['h2', 'http/1.1'], chain: true }, options);
  const verification = inspection.then((inspect) =>
    inspect.ok && !inspect.authorized ? handshake({ host, port, trust, rejectUnauthorized: true }, options) : inspect,
  );
  const tls13 = inspection.then((inspect) => (inspect.ok && inspect.protocol === 'TLSv1.3' ? inspect : pin('TLSv1.3')));
  const [inspect, verify, tls10, tls11, tls12, tls13Result] = await Promise.all([inspection, verification, pin('TLSv1'), pin('TLSv1.1'), pin('TLSv1.2'), tls13]);
  return {
    host,
    port,
    trust: ca === null ? 'bundled-roots' : 'custom-ca',
    inspect,
    verify,
    protocols: { TLSv1: tls10, 'TLSv1.1': tls11, 'TLSv1.2': tls12, 'TLSv1.3': tls13Result },
  };
}
