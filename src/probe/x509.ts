import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { DerError, TAG, children, content, expect, readOid, readString, readTime, readTlv } from './der.ts';
import type { CertificateObservation } from './observation.ts';

/** OpenSSL's names (as `openssl x509 -text` prints them) and the hash each signature uses. */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, readonly [name: string, hash: string | null]>> = {
  '1.2.840.113549.1.1.2': ['md2WithRSAEncryption', 'md2'],
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'sha1'],
  '1.2.840.113549.1.1.14': ['sha224WithRSAEncryption', 'sha224'],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'sha512'],
  // RSASSA-PSS names its hash in parameters; not read here.
  '1.2.840.113549.1.1.10': ['rsassaPss', null],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'sha1'],
  '1.2.840.10045.4.3.1': ['ecdsa-with-SHA224', 'sha224'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'sha256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'sha512'],
  '1.2.840.10040.4.3': ['dsaWithSHA1', 'sha1'],
  '2.16.840.1.101.3.4.3.2': ['dsa_with_SHA256', 'sha256'],
  '1.3.101.112': ['ED25519', null],
  '1.3.101.113': ['ED448', null],
};

/** Key sizes of the named curves Node reports (OpenSSL names). */
const CURVE_BITS: Readonly<Record<string, number>> = {
  prime192v1: 192,
  secp224r1: 224,
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_COMMON_NAME = '2.5.4.3';
/** GeneralName choices: [2] dNSName (IA5String), [7] iPAddress (OCTET STRING), both implicit primitive. */
const SAN_DNS = 0x82;
const SAN_IP = 0x87;

const DAY_MS = 86_400_000;

interface DerFacts {
  readonly signatureOid: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly commonName: string | null;
  readonly dnsNames: string[];
  readonly ipAddresses: string[];
  /** The issuer Name is byte for byte the subject Name. */
  readonly selfIssued: boolean;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 §4.1). */
function readDer(der: Uint8Array): DerFacts {
  const cert = expect(readTlv(der, 0), TAG.sequence, 'a Certificate SEQUENCE');
  if (cert.end !== der.length) throw new DerError('bytes after the certificate');
  const [tbs, sigAlg] = children(der, cert);
  const signatureOid = readOid(der, children(der, expect(sigAlg, TAG.sequence, 'an AlgorithmIdentifier'))[0]!);
  const fields = children(der, expect(tbs, TAG.sequence, 'a TBSCertificate'));
  // version [0] EXPLICIT is optional (absent for v1).
  let i = fields[0]?.tag === 0xa0 ? 1 : 0;
  i += 2; // serialNumber, signature
  const issuer = expect(fields[i++], TAG.sequence, 'an issuer Name');
  const validity = children(der, expect(fields[i++], TAG.sequence, 'a Validity'));
  const subject = expect(fields[i++], TAG.sequence, 'a subject Name');
  i += 1; // subjectPublicKeyInfo
  let commonName: string | null = null;
  for (const rdn of children(der, subject)) {
    for (const atv of children(der, expect(rdn, TAG.set, 'a RelativeDistinguishedName'))) {
      const [type, value] = children(der, expect(atv, TAG.sequence, 'an AttributeTypeAndValue'));
      // The last CN is the most specific one.
      if (type && value && readOid(der, type) === OID_COMMON_NAME) commonName = readString(der, value);
    }
  }
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const extensions = fields.slice(i).find((f) => f.tag === 0xa3);
  if (extensions) {
    const list = expect(children(der, extensions)[0], TAG.sequence, 'Extensions');
    for (const ext of children(der, list)) {
      const parts = children(der, expect(ext, TAG.sequence, 'an Extension'));
      if (readOid(der, parts[0]!) !== OID_SUBJECT_ALT_NAME) continue;
      const octets = expect(parts[parts.length - 1], TAG.octetString, 'extnValue');
      const names = expect(readTlv(der, octets.contentStart, octets.end), TAG.sequence, 'GeneralNames');
      for (const name of children(der, names)) {
        if (name.tag === SAN_DNS) dnsNames.push(Buffer.from(content(der, name)).toString('latin1'));
        else if (name.tag === SAN_IP) ipAddresses.push(formatIp(content(der, name)));
      }
    }
  }
  const [notBefore, notAfter] = validity;
  if (!notBefore || !notAfter) throw new DerError('Validity needs two times');
  const selfIssued = Buffer.from(content(der, issuer)).equals(content(der, subject));
  return { signatureOid, validFrom: readTime(der, notBefore), validTo: readTime(der, notAfter), commonName, dnsNames, ipAddresses, selfIssued };
}

function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
    // Let the URL parser write the canonical (compressed) form.
    return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
  }
  return Buffer.from(bytes).toString('hex');
}

/** Facts about one certificate (DER), relative to `now`. Throws DerError when it cannot be read. */
export function describeCertificate(der: Uint8Array, now: Date): CertificateObservation {
  let x509: X509Certificate;
  let facts: DerFacts;
  try {
    x509 = new X509Certificate(der);
    facts = readDer(der);
  } catch (err) {
    throw err instanceof DerError ? err : new DerError(err instanceof Error ? err.message : String(err));
  }
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType ?? 'unknown';
  const curve = details.namedCurve ?? null;
  let keyBits: number | null = details.modulusLength ?? null;
  if (curve !== null) keyBits = CURVE_BITS[curve] ?? null;
  else if (keyType === 'ed25519') keyBits = 256;
  else if (keyType === 'ed448') keyBits = 456;
  const [signatureAlgorithm, signatureHash] = SIGNATURE_ALGORITHMS[facts.signatureOid] ?? [facts.signatureOid, null];
  // Issuer equal to subject and signed by its own key. (X509Certificate.checkIssued also demands keyCertSign,
  // which a self-signed leaf does not have.)
  let selfSigned = false;
  if (facts.selfIssued) {
    try {
      selfSigned = x509.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  return {
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    commonName: facts.commonName,
    dnsNames: facts.dnsNames,
    ipAddresses: facts.ipAddresses,
    validFrom: facts.validFrom.toISOString(),
    validTo: facts.validTo.toISOString(),
    daysLeft: Math.floor((facts.validTo.getTime() - now.getTime()) / DAY_MS),
    expired: now.getTime() > facts.validTo.getTime(),
    notYetValid: now.getTime() < facts.validFrom.getTime(),
    serialNumber: x509.serialNumber.toUpperCase(),
    fingerprint256: x509.fingerprint256,
    keyType,
    keyBits,
    curve,
    signatureAlgorithm,
    signatureHash,
    selfSigned,
    isCA: x509.ca,
  };
}

function oneLine(dn: string): string {
  return dn.split('\n').filter((part) => part !== '').join(', ');
}

/**
 * Whether the leaf covers `host` as browsers check it: subjectAltName only (no Common Name fallback, which
 * Chrome and Firefox dropped), wildcards only as the whole left-most label.
 */
export function hostnameMatches(der: Uint8Array, host: string): boolean {
  const x509 = new X509Certificate(der);
  if (isIP(host) !== 0) return x509.checkIP(host) !== undefined;
  return x509.checkHost(host, { subject: 'never', partialWildcards: false }) !== undefined;
}
