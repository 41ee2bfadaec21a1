import { generateKeyPairSync } from 'node:crypto';
import { generate } from 'selfsigned';

/**
 * Certificates for the probe tests, generated during the run with dates relative to `now` (selfsigned 5 on
 * WebCrypto). Two CAs, because selfsigned signs with the leaf's key type: an RSA CA for RSA leaves and an EC CA
 * for the EC leaf. `caBundle` trusts both (what the tests pass as --ca).
 */
export interface TestCert {
  readonly key: string;
  readonly cert: string;
}

export interface TestPki {
  readonly rsaCa: TestCert;
  readonly ecCa: TestCert;
  readonly caBundle: string;
  /** RSA 2048, SHA-256, SAN good.test, valid from a day ago for a year, signed by rsaCa. */
  readonly valid: TestCert;
  /** Expired 10 days ago. */
  readonly expired: TestCert;
  /** Valid from 10 days from now. */
  readonly notYetValid: TestCert;
  /** SAN other.test only. */
  readonly wrongHost: TestCert;
  /** Self-signed for good.test. */
  readonly selfSigned: TestCert;
  /** RSA 1024 (Node's OpenSSL at security level 1 still serves and accepts it). */
  readonly weakKey: TestCert;
  /** Signed by rsaCa with SHA-1: OpenSSL 3 loads it only at security level 0 (server `ciphers: 'DEFAULT@SECLEVEL=0'`). */
  readonly sha1: TestCert;
  /** EC P-384 signed by ecCa with ecdsa-with-SHA384. */
  readonly ec: TestCert;
  /** Valid for good.test and the IP 127.0.0.1. */
  readonly withIp: TestCert;
  readonly now: Date;
}

const DAY = 86_400_000;

type Ext = NonNullable<NonNullable<Parameters<typeof generate>[1]>['extensions']>;

function leafExtensions(dns: readonly string[], ips: readonly string[] = []): Ext {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...dns.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
    },
  ];
}

const caExtensions: Ext = [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
];

function rsaPair(bits: number): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function pick(r: { private: string; cert: string }): TestCert {
  return { key: r.private, cert: r.cert };
}

/** Another leaf from the RSA CA: `host` in the SAN, valid `from`..`to` days relative to the PKI's now. */
export async function issueLeaf(pki: TestPki, host: string, days: { from: number; to: number } = { from: -1, to: 365 }): Promise<TestCert> {
  const at = (d: number): Date => new Date(pki.now.getTime() + d * DAY);
  return pick(
    await generate([{ name: 'commonName', value: host }], {
      algorithm: 'sha256',
      notBeforeDate: at(days.from),
      notAfterDate: at(days.to),
      extensions: leafExtensions([host]),
      ca: { key: pki.rsaCa.key, cert: pki.rsaCa.cert },
    }),
  );
}

let cached: Promise<TestPki> | null = null;

/** One PKI per test file (generation takes about a second). */
export function testPki(): Promise<TestPki> {
  cached ??= createTestPki(new Date());
  return cached;
}

export async function createTestPki(now: Date): Promise<TestPki> {
  const at = (days: number): Date => new Date(now.getTime() + days * DAY);
  const leafKey = rsaPair(2048);
  const rsaCa = pick(
    await generate([{ name: 'commonName', value: 'secaudit test RSA CA' }, { name: 'organizationName', value: 'secaudit tests' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: at(-30),
      notAfterDate: at(3650),
      extensions: caExtensions,
    }),
  );
  const ecCa = pick(
    await generate([{ name: 'commonName', value: 'secaudit test EC CA' }], {
      keyType: 'ec',
      curve: 'P-384',
      algorithm: 'sha384',
      notBeforeDate: at(-30),
      notAfterDate: at(3650),
      extensions: caExtensions,
    }),
  );
  const leaf = async (
    cn: string,
    options: { from?: number; to?: number; dns?: readonly string[]; ips?: readonly string[]; algorithm?: string; keyPair?: { privateKey: string; publicKey: string } | null; selfSigned?: boolean },
  ): Promise<TestCert> =>
    pick(
      await generate([{ name: 'commonName', value: cn }], {
        algorithm: options.algorithm ?? 'sha256',
        notBeforeDate: at(options.from ?? -1),
        notAfterDate: at(options.to ?? 365),
        extensions: leafExtensions(options.dns ?? [cn], options.ips ?? []),
        ...(options.keyPair === null ? {} : { keyPair: options.keyPair ?? leafKey }),
        ...(options.selfSigned ? {} : { ca: { key: rsaCa.key, cert: rsaCa.cert } }),
      }),
    );
  const ec = pick(
    await generate([{ name: 'commonName', value: 'good.test' }], {
      keyType: 'ec',
      curve: 'P-384',
      algorithm: 'sha384',
      notBeforeDate: at(-1),
      notAfterDate: at(90),
      extensions: leafExtensions(['good.test']),
      ca: { key: ecCa.key, cert: ecCa.cert },
    }),
  );
  return {
    rsaCa,
    ecCa,
    caBundle: `${rsaCa.cert.trim()}\n${ecCa.cert.trim()}\n`,
    valid: await leaf('good.test', {}),
    expired: await leaf('good.test', { from: -400, to: -10 }),
    notYetValid: await leaf('good.test', { from: 10, to: 400 }),
    wrongHost: await leaf('other.test', {}),
    selfSigned: await leaf('good.test', { selfSigned: true }),
    weakKey: await leaf('good.test', { keyPair: rsaPair(1024) }),
    sha1: await leaf('good.test', { algorithm: 'sha1' }),
    ec,
    withIp: await leaf('good.test', { ips: ['127.0.0.1'] }),
    now,
  };
}
