/**
 * Just enough DER (X.690) to read what Node's X509Certificate does not expose on Node 20: the signature
 * algorithm, the validity dates as written, the subjectAltName entries and the subject's Common Name.
 * Throws `DerError` on anything malformed: certificates come from the network.
 */
export class DerError extends Error {}

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number; single-octet tags only). */
  readonly tag: number;
  readonly contentStart: number;
  readonly end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  universalString: 0x1c,
  bmpString: 0x1e,
} as const;

export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-octet tags are not used in certificates');
  let pos = offset + 1;
  const first = buf[pos++]!;
  let length: number;
  if (first < 0x80) length = first;
  else {
    const octets = first & 0x7f;
    if (octets === 0) throw new DerError('indefinite length is not DER');
    if (octets > 4) throw new DerError('length too large');
    if (pos + octets > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buf[pos++]!;
  }
  const end = pos + length;
  if (end > limit) throw new DerError('element runs past its container');
  return { tag, contentStart: pos, end };
}

export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(buf, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function content(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.contentStart, tlv.end);
}

export function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (tlv === undefined || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv;
}

/** Dotted form of an OBJECT IDENTIFIER. */
export function readOid(buf: Uint8Array, tlv: Tlv): string {
  const bytes = content(buf, expect(tlv, TAG.oid, 'an OBJECT IDENTIFIER'));
  if (bytes.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const arcs: string[] = [];
  let value = 0n;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    value = (value << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) !== 0) {
      if (i === bytes.length - 1) throw new DerError('OBJECT IDENTIFIER ends inside an arc');
      continue;
    }
    if (arcs.length === 0) {
      const first = value < 40n ? 0n : value < 80n ? 1n : 2n;
      arcs.push(String(first), String(value - first * 40n));
    } else arcs.push(String(value));
    value = 0n;
  }
  return arcs.join('.');
}

/** UTCTime (two-digit years: 50-99 are 19xx, RFC 5280 §4.1.2.5.1) or GeneralizedTime, both in Zulu. */
export function readTime(buf: Uint8Array, tlv: Tlv): Date {
  const text = Buffer.from(content(buf, tlv)).toString('latin1');
  let year: number;
  let rest: string;
  if (tlv.tag === TAG.utcTime) {
    if (!/^\d{12}Z$/.test(text)) throw new DerError(`bad UTCTime ${JSON.stringify(text)}`);
    const yy = Number(text.slice(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = text.slice(2);
  } else if (tlv.tag === TAG.generalizedTime) {
    if (!/^\d{14}Z$/.test(text)) throw new DerError(`bad GeneralizedTime ${JSON.stringify(text)}`);
    year = Number(text.slice(0, 4));
    rest = text.slice(4);
  } else throw new DerError('expected a time');
  const n = (i: number): number => Number(rest.slice(i, i + 2));
  const ms = Date.UTC(year, n(0) - 1, n(2), n(4), n(6), n(8));
  const date = new Date(ms);
  if (Number.isNaN(ms) || date.getUTCDate() !== n(2)) throw new DerError(`impossible date ${JSON.stringify(text)}`);
  if (year < 100) date.setUTCFullYear(year);
  return date;
}

/** The directory string types a Name may use. */
export function readString(buf: Uint8Array, tlv: Tlv): string {
  const bytes = Buffer.from(content(buf, tlv));
  switch (tlv.tag) {
    case TAG.utf8String:
      return bytes.toString('utf8');
    case TAG.printableString:
    case TAG.ia5String:
    case TAG.t61String:
      return bytes.toString('latin1');
    case TAG.bmpString: {
      if (bytes.length % 2 !== 0) throw new DerError('odd BMPString');
      return Buffer.from(bytes).swap16().toString('utf16le');
    }
    case TAG.universalString: {
      if (bytes.length % 4 !== 0) throw new DerError('bad UniversalString');
      let out = '';
      for (let i = 0; i < bytes.length; i += 4) out += String.fromCodePoint(bytes.readUInt32BE(i));
      return out;
    }
    default:
      throw new DerError(`unexpected string type 0x${tlv.tag.toString(16)}`);
  }
}
