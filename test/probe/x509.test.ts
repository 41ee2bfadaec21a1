import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DerError, readOid, readTlv } from '../../src/probe/der.ts';
import { describeCertificate, hostnameMatches } from '../../src/probe/x509.ts';
import { testPki, type TestPki } from '../helpers/tls.ts';

const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'secaudit-x509-'));
let pki: TestPki;
let ipv6: string;

beforeAll(async () => {
  pki = await testPki();
  ipv6 = (
    await generate([{ name: 'commonName', value: 'v6.test' }, { name: 'organizationName', value: 'Ünïcode Org' }], {
      algorithm: 'sha512',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: '*.v6.test' }, { type: 7, ip: '2001:db8::1' }, { type: 7, ip: '::1' }] }],
    })
  ).cert;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const der = (pem: string): Buffer => Buffer.from(new X509Certificate(pem).raw);

/** What `openssl x509` says about a certificate: the oracle for the DER reader. */
function openssl(pem: string): Record<string, string> {
  const file = join(dir, 'cert.pem');
  writeFileSync(file, pem);
  const fields = execFileSync(
    'openssl',
    ['x509', '-in', file, '-noout', '-serial', '-dates', '-dateopt', 'iso_8601', '-fingerprint', '-sha256', '-ext', 'subjectAltName', '-nameopt', 'RFC2253', '-subject'],
    { encoding: 'utf8' },
  );
  const text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
  const out: Record<string, string> = {};
  for (const line of fields.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith(' ')) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  out.san = /Subject Alternative Name: *\n\s+(.*)/.exec(fields)?.[1] ?? '';
  out.signature = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? '';
  out.bits = /Public-Key: \((\d+) bit\)/.exec(text)?.[1] ?? '';
  out.curve = /ASN1 OID: (\S+)/.exec(text)?.[1] ?? '';
  return out;
}

const isoOf = (openssl: string): string => new Date(openssl.replace(' ', 'T')).toISOString();
const canonicalIp = (ip: string): string => (ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip);

describe.skipIf(!hasOpenssl)('describeCertificate agrees with openssl x509', () => {
  const names = ['valid', 'expired', 'notYetValid', 'wrongHost', 'selfSigned', 'weakKey', 'sha1', 'ec', 'withIp', 'rsaCa', 'ecCa'] as const;
  test.each(names)('%s', (name) => {
    const pem = pki[name].cert;
    const o = openssl(pem);
    const d = describeCertificate(der(pem), pki.now);
    expect(d.signatureAlgorithm).toBe(o.signature);
    expect(d.validFrom).toBe(isoOf(o.notBefore!));
    expect(d.validTo).toBe(isoOf(o.notAfter!));
    expect(d.serialNumber).toBe(o.serial);
    expect(d.fingerprint256).toBe(o['sha256 Fingerprint']);
    const san = (o.san ?? '').split(', ').filter((s) => s !== '');
    expect(d.dnsNames).toEqual(san.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)));
    expect(d.ipAddresses).toEqual(san.filter((s) => s.startsWith('IP Address:')).map((s) => canonicalIp(s.slice(11))));
    expect(String(d.keyBits)).toBe(o.bits);
    expect(d.curve ?? '').toBe(o.curve === 'secp384r1' ? 'secp384r1' : o.curve);
  });

  test('IPv6 names, wildcards, non-ASCII subject and SHA-512', () => {
    const o = openssl(ipv6);
    const d = describeCertificate(der(ipv6), pki.now);
    expect(d.signatureAlgorithm).toBe(o.signature);
    expect(d.signatureAlgorithm).toBe('sha512WithRSAEncryption');
    expect(d.dnsNames).toEqual(['*.v6.test']);
    expect(d.ipAddresses).toEqual(['2001:db8::1', '::1']);
    expect(d.commonName).toBe('v6.test');
    expect(d.subject).toBe('CN=v6.test, O=Ünïcode Org');
  });
});

describe('describeCertificate', () => {
  test('the valid leaf', () => {
    const d = describeCertificate(der(pki.valid.cert), pki.now);
    const day = 86_400_000;
    expect(d).toMatchObject({
      subject: 'CN=good.test',
      issuer: 'CN=secaudit test RSA CA, O=secaudit tests',
      commonName: 'good.test',
      dnsNames: ['good.test'],
      ipAddresses: [],
      keyType: 'rsa',
      keyBits: 2048,
      curve: null,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      signatureHash: 'sha256',
      selfSigned: false,
      isCA: false,
      expired: false,
      notYetValid: false,
    });
    // Generated with notAfter = now + 365 days (to the second): 364 whole days and a fraction left.
    expect(d.daysLeft).toBe(Math.floor((Date.parse(d.validTo) - pki.now.getTime()) / day));
    expect([364, 365]).toContain(d.daysLeft);
  });

  test.each([
    ['expired', { expired: true, notYetValid: false, selfSigned: false }],
    ['notYetValid', { expired: false, notYetValid: true, selfSigned: false }],
    ['selfSigned', { selfSigned: true, issuer: 'CN=good.test', isCA: false }],
    ['weakKey', { keyType: 'rsa', keyBits: 1024 }],
    ['sha1', { signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' }],
    ['ec', { keyType: 'ec', keyBits: 384, curve: 'secp384r1', signatureAlgorithm: 'ecdsa-with-SHA384', signatureHash: 'sha384' }],
    ['rsaCa', { isCA: true, selfSigned: true }],
    ['withIp', { dnsNames: ['good.test'], ipAddresses: ['127.0.0.1'] }],
  ] as const)('%s', (name, expected) => {
    expect(describeCertificate(der(pki[name].cert), pki.now)).toMatchObject(expected);
  });

  test('days left count from the given now, rounded down: negative exactly when expired', () => {
    const cert = der(pki.expired.cert);
    const validTo = Date.parse(describeCertificate(cert, pki.now).validTo);
    const at = (ms: number) => describeCertificate(cert, new Date(validTo + ms));
    const day = 86_400_000;
    expect(at(-30 * day)).toMatchObject({ daysLeft: 30, expired: false });
    expect(at(-30 * day + 1)).toMatchObject({ daysLeft: 29, expired: false });
    expect(at(-1)).toMatchObject({ daysLeft: 0, expired: false });
    expect(at(0)).toMatchObject({ daysLeft: 0, expired: false });
    expect(at(1)).toMatchObject({ daysLeft: -1, expired: true });
    expect(at(10 * day)).toMatchObject({ daysLeft: -10, expired: true });
    expect(at(10 * day + 1)).toMatchObject({ daysLeft: -11, expired: true });
  });

  test('malformed DER is a DerError', () => {
    expect(() => describeCertificate(Buffer.from([0x30, 0x03, 0x02, 0x01]), pki.now)).toThrow(DerError);
    expect(() => describeCertificate(Buffer.from('not a certificate'), pki.now)).toThrow(DerError);
    const good = der(pki.valid.cert);
    expect(() => describeCertificate(good.subarray(0, good.length - 1), pki.now)).toThrow(DerError);
  });
});

describe('der', () => {
  test.each([
    [[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b], '1.2.840.113549.1.1.11'],
    [[0x06, 0x03, 0x55, 0x1d, 0x11], '2.5.29.17'],
    [[0x06, 0x03, 0x2b, 0x65, 0x70], '1.3.101.112'],
    // The first arc 2 takes every first octet value from 80 on: 2.999 is 0x88 0x37.
    [[0x06, 0x02, 0x88, 0x37], '2.999'],
  ])('OID %j', (bytes, dotted) => {
    const buf = Buffer.from(bytes);
    expect(readOid(buf, readTlv(buf, 0))).toBe(dotted);
  });

  test.each([
    [[0x30], 'truncated element'],
    [[0x30, 0x80, 0x00, 0x00], 'indefinite length is not DER'],
    [[0x30, 0x85, 1, 1, 1, 1, 1], 'length too large'],
    [[0x30, 0x05, 0x01], 'element runs past its container'],
    [[0x1f, 0x01, 0x00], 'multi-octet tags are not used in certificates'],
  ])('rejects %j', (bytes, message) => {
    expect(() => readTlv(Buffer.from(bytes), 0)).toThrow(message);
  });
});

describe('hostnameMatches (subjectAltName only, as browsers)', () => {
  test.each([
    ['valid', 'good.test', true],
    ['valid', 'GOOD.test', true],
    ['valid', 'www.good.test', false],
    ['wrongHost', 'good.test', false],
    ['withIp', '127.0.0.1', true],
    ['withIp', '127.0.0.2', false],
    ['valid', '127.0.0.1', false],
  ] as const)('%s covers %s: %s', (name, host, expected) => {
    expect(hostnameMatches(der(pki[name].cert), host)).toBe(expected);
  });

  test('wildcards cover one label; IPv6 addresses', () => {
    expect(hostnameMatches(der(ipv6), 'a.v6.test')).toBe(true);
    expect(hostnameMatches(der(ipv6), 'a.b.v6.test')).toBe(false);
    expect(hostnameMatches(der(ipv6), 'v6.test')).toBe(false);
    expect(hostnameMatches(der(ipv6), '::1')).toBe(true);
    expect(hostnameMatches(der(ipv6), '2001:db8::2')).toBe(false);
  });
});
