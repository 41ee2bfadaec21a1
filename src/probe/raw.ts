import type { ChainEnd, ConnectionObservation, NetworkError, TlsVersion } from './observation.ts';
import type { ProbeTarget } from './target.ts';

/**
 * What the network steps return: raw facts, before `observe` truncates, redacts and interprets them. Plain
 * JSON, so a RawProbe can be written by hand in tests of `observe`.
 */
export interface RawProbe {
  readonly target: ProbeTarget;
  readonly httpUrl: string;
  readonly httpsUrl: string;
  readonly connections: readonly ConnectionObservation[];
  readonly http: RawChain;
  readonly https: RawChain;
  readonly notFound: RawPage;
  readonly admin: RawPage;
  readonly tls: RawTls;
  readonly timings: readonly { readonly step: string; readonly ms: number }[];
}

export interface RawResponse {
  readonly url: string;
  readonly status: number;
  /** Lower-case names, values as received (bounded by the 64 KiB header limit), duplicates in order. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly ms: number;
}

export interface RawChain {
  readonly start: string;
  readonly hops: readonly RawResponse[];
  readonly end: ChainEnd;
}

export interface RawPage {
  readonly url: string;
  readonly response: RawResponse | null;
  /** The body as text (UTF-8, at most BODY_LIMIT bytes read). */
  readonly body: string;
  readonly bodyBytes: number;
  readonly bodyTruncated: boolean;
  /** Failure before the headers (response null) or while reading the body. */
  readonly error: NetworkError | null;
}

export type RawHandshake =
  | {
      readonly ok: true;
      readonly protocol: string | null;
      readonly cipher: string | null;
      readonly alpn: string | null;
      readonly authorized: boolean;
      /** Node's code (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...) when not authorized. */
      readonly authorizationError: string | null;
      /** The peer's certificates, DER in base64, leaf first. */
      readonly chain: readonly string[];
    }
  | { readonly ok: false; readonly error: NetworkError };

export interface RawTls {
  readonly host: string;
  readonly port: number;
  readonly trust: 'bundled-roots' | 'custom-ca';
  /** Any certificate accepted: reads the chain and Node's verdict. */
  readonly inspect: RawHandshake;
  /** rejectUnauthorized, made only when `inspect` was not authorized: its error has the rejection's message. Otherwise `inspect` again. */
  readonly verify: RawHandshake;
  readonly protocols: { readonly [V in TlsVersion]: RawHandshake };
}

/** Bytes read of any body at most: enough for Django's debug pages, bounded against hostile servers. */
export const BODY_LIMIT = 256 * 1024;
/** undici refuses larger response headers (Node's own default is 16 KiB). */
export const HEADER_SIZE_LIMIT = 64 * 1024;
/** Redirects followed per chain at most (browsers give up after 20; a sound deployment needs one or two). */
export const MAX_REDIRECTS = 10;
