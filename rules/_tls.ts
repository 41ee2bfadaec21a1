import { type Skip, skip } from '../src/engine/rule.ts';
import type { CertificateObservation, NetworkPhase, Observation, ProtocolObservation, TlsObservation, TlsVersion } from '../src/probe/observation.ts';
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

/** Where a handshake stopped, in words. */
export const PHASE_WORDS: { readonly [P in NetworkPhase]: string } = {
  dns: 'while resolving the host',
  connect: 'while connecting',
  tls: 'in the handshake',
  headers: 'waiting for the response',
  body: 'reading the response',
};

/** Why a version's handshake does not say whether the server accepts it; null when it does. */
export function protocolUndecided(version: TlsVersion, p: ProtocolObservation): string | null {
  switch (p.status) {
    case 'accepted':
    case 'refused':
      return null;
    case 'not-tested':
      return `${TLS_NAMES[version]} was not tested: ${p.reason} (${p.code})`;
    case 'error':
      return `the ${TLS_NAMES[version]} handshake ended without an answer (${p.error.code} ${PHASE_WORDS[p.error.phase]})`;
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


// ---------------------------------------------------------------------------------------------------------------
// Judging certificates (shared so that the rules agree on which facts each of them owns)

/** The certificates a client checks the signature and dates of: the chain without its trust anchor. */
export function checkedCertificates(chain: readonly CertificateObservation[]): readonly CertificateObservation[] {
  return chain.filter((cert, i) => !isTrustAnchor(cert, i));
}

/** `certificate "CN=shop.example"` (the leaf), `intermediate certificate "CN=R11, O=Let's Encrypt"`, `root certificate "..."`. */
export function certRole(cert: CertificateObservation, chain: readonly CertificateObservation[]): string {
  const index = chain.indexOf(cert);
  const role = index === 0 ? 'certificate' : isTrustAnchor(cert, index) ? 'root certificate' : 'intermediate certificate';
  return `${role} ${certName(cert)}`;
}

/**
 * The smallest keys secaudit accepts: 2048-bit RSA (and DSA) and 256-bit EC, the CA/Browser Forum Baseline
 * Requirements' minimums (§6.1.5) and Mozilla's "intermediate" configuration. EdDSA keys have a fixed strength.
 */
export const MIN_KEY_BITS: Readonly<Record<string, number>> = { rsa: 2048, 'rsa-pss': 2048, dsa: 2048, ec: 256, ed25519: 256, ed448: 448 };

/** Whether a certificate's key is below the minimum for its type; null when the type or size is not known. */
export function keyTooSmall(cert: CertificateObservation): { readonly minimum: number; readonly bits: number } | false | null {
  const minimum = MIN_KEY_BITS[cert.keyType];
  if (minimum === undefined || cert.keyBits === null) return null;
  return cert.keyBits < minimum ? { minimum, bits: cert.keyBits } : false;
}

/** How a message names a key type: `RSA`, `EC (prime256v1)`. */
export function keyLabel(cert: CertificateObservation): string {
  const names: Readonly<Record<string, string>> = { rsa: 'RSA', 'rsa-pss': 'RSA-PSS', dsa: 'DSA', ec: 'EC', ed25519: 'Ed25519', ed448: 'Ed448' };
  const name = names[cert.keyType] ?? cert.keyType;
  return cert.curve ? `${name} (${cert.curve})` : name;
}

/** Signature algorithms that name no separate hash and are strong by design. */
const HASHLESS_STRONG = new Set(['ED25519', 'ED448']);

/** Whether the certificate is signed with a broken hash; null when the hash is not known (RSASSA-PSS, an unknown OID). */
export function weakSignature(cert: CertificateObservation): boolean | null {
  if (cert.signatureHash !== null) return WEAK_HASHES.has(cert.signatureHash.toLowerCase());
  return HASHLESS_STRONG.has(cert.signatureAlgorithm) ? false : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Node's verification verdict

/**
 * Node's names for OpenSSL's verification errors (X509ErrorCode in node/src/crypto/crypto_common.cc, documented in
 * doc/api/tls.md), plus ERR_TLS_CERT_ALTNAME_INVALID from tls.checkServerIdentity, in words. Node names only these;
 * every other OpenSSL error becomes UNSPECIFIED, and then OpenSSL's own text (the rejection's `message`) says why.
 */
const VERIFY_WORDS: Readonly<Record<string, string>> = {
  UNABLE_TO_GET_ISSUER_CERT: "the issuer's certificate could not be found",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuing CA is unknown, or the server does not send the intermediate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the issuing CA is unknown, or the server does not send the intermediate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed root that is not trusted',
  CERT_HAS_EXPIRED: 'a certificate of the chain has expired',
  CERT_NOT_YET_VALID: 'a certificate of the chain is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name',
  HOSTNAME_MISMATCH: 'the certificate is not for this host name',
  CERT_SIGNATURE_FAILURE: 'a signature in the chain does not verify',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'a signature in the chain cannot be read',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: "an issuer's public key cannot be read",
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'a certificate has a malformed notBefore date',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'a certificate has a malformed notAfter date',
  CERT_CHAIN_TOO_LONG: 'the chain is longer than verifiers allow',
  PATH_LENGTH_EXCEEDED: "the chain is longer than a CA's path length limit allows",
  INVALID_CA: 'an intermediate is not a valid CA certificate',
  INVALID_PURPOSE: 'a certificate is not meant for TLS server authentication',
  CERT_UNTRUSTED: 'the root is not trusted for TLS server authentication',
  CERT_REJECTED: 'the root is marked as rejected for TLS server authentication',
  CERT_REVOKED: 'a certificate of the chain is revoked',
  UNABLE_TO_GET_CRL: 'a revocation list could not be fetched',
  CRL_HAS_EXPIRED: 'a revocation list has expired',
  CRL_NOT_YET_VALID: 'a revocation list is not valid yet',
  CRL_SIGNATURE_FAILURE: 'a revocation list signature does not verify',
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: 'a revocation list signature cannot be read',
  ERROR_IN_CRL_LAST_UPDATE_FIELD: 'a revocation list has a malformed date',
  ERROR_IN_CRL_NEXT_UPDATE_FIELD: 'a revocation list has a malformed date',
  OUT_OF_MEM: 'the verifier ran out of memory',
};

/** A rejection in words, with Node's code: `the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)`. */
export function describeRejection(code: string, message: string): string {
  const words = VERIFY_WORDS[code];
  if (words) return `${words} (${code})`;
  // UNSPECIFIED (or a code this table does not know): OpenSSL's text, when the verification handshake gave it.
  if (message !== '' && message !== code) return `${quote(message)} (${quote(code)})`;
  return code === 'UNSPECIFIED' ? 'for a reason Node does not name (UNSPECIFIED)' : `for the reason ${quote(code)}`;
}

/**
 * OpenSSL's text (X509_verify_cert_error_string) for the errors Node reports as UNSPECIFIED that another
 * certificate rule reports as a fact: OpenSSL 3 refuses SHA-1 signatures and keys under 80 bits of security at
 * its default security level 1.
 */
export const OPENSSL_WEAK_DIGEST = 'CA signature digest algorithm too weak';
export const OPENSSL_WEAK_KEYS: ReadonlySet<string> = new Set(['EE certificate key too weak', 'CA certificate key too weak']);
