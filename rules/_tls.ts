import { type Skip, skip } from '../src/engine/rule.ts';
import type { CertificateObservation, Observation, ProtocolObservation, TlsObservation, TlsVersion } from '../src/probe/observation.ts';
import { quote } from './_live.ts';

/** Shared by the rules about the certificate and the TLS versions of the live site. */

/** The URL a TLS finding is about: `https://host:port/`. */
export function tlsUrl(tls: TlsObservation): string {
  const host = tls.host.includes(':') ? `[${tls.host}]` : tls.host;
  return `https://${host}:${tls.port}/`;
}

// ---------------------------------------------------------------------------------------------------------------
// Certificates

/** The certificates the server sent, or a skip when the handshake failed. */
export function certificates(obs: Observation): readonly CertificateObservation[] | Skip {
  const { tls } = obs;
  if (tls.chain.length > 0) return tls.chain;
  if (tls.error) return skip(`no certificate: the TLS handshake with ${tls.host}:${tls.port} failed (${tls.error.code})`);
  return skip(`no certificate: ${tls.host}:${tls.port} sent none that secaudit could read`);
}

/**
 * A self-signed certificate after the leaf: the root, a trust anchor. Clients use their own copy, so its
 * signature and dates are not what they check (hstspreload's SHA-1 check drops the root the same way).
 */
export function isTrustAnchor(cert: CertificateObservation, index: number): boolean {
  return index > 0 && cert.selfSigned;
}

/** How a message names a certificate of the chain (the subject is remote input). */
export function certName(cert: CertificateObservation): string {
  return `"${quote(cert.subject)}"`;
}

/** `2026-11-21` of an ISO 8601 time. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

const DAY_MS = 86_400_000;

/** "in 12 days", "in 1 day", "within a day". */
export function inDays(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days < 1 ? 'within a day' : `in ${days} day${days === 1 ? '' : 's'}`;
}

/** "11 days ago", "1 day ago", "less than a day ago". */
export function daysAgo(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days < 1 ? 'less than a day ago' : `${days} day${days === 1 ? '' : 's'} ago`;
}

/** Milliseconds from the probe's `now` to `iso`. */
export function msFromObservation(obs: Observation, iso: string): number {
  return Date.parse(iso) - Date.parse(obs.observedAt);
}

/** Signature hashes that no longer resist collisions (SHA-1: SHAttered 2017; MD5 and MD2 long before). */
export const WEAK_HASHES: ReadonlySet<string> = new Set(['md2', 'md4', 'md5', 'sha1']);

// ---------------------------------------------------------------------------------------------------------------
// Protocols

export const TLS_NAMES: { readonly [V in TlsVersion]: string } = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

/** Why a version's handshake does not say whether the server accepts it; null when it does. */
export function protocolUndecided(version: TlsVersion, p: ProtocolObservation): string | null {
  switch (p.status) {
    case 'accepted':
    case 'refused':
      return null;
    case 'not-tested':
      return `${TLS_NAMES[version]} was not tested: ${p.reason} (${p.code})`;
    case 'error':
      return `the ${TLS_NAMES[version]} handshake ended without an answer (${p.error.code} while ${p.error.phase === 'tls' ? 'in the handshake' : p.error.phase})`;
    default: {
      const never: never = p;
      return never;
    }
  }
}

/** Nothing answered on the HTTPS port at all: no TLS fact is known. */
export function tlsUnreachable(tls: TlsObservation): Skip | null {
  if (tls.handshake === null && tls.error && (tls.error.phase === 'dns' || tls.error.phase === 'connect')) {
    return skip(`nothing answered TLS at ${tls.host}:${tls.port} (${tls.error.code})`);
  }
  return null;
}

