import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-certificate-weak-signature.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { Observation } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';

function signed(signatureAlgorithm: string, signatureHash: string | null, index = 0) {
  return (o: Mutable<Observation>): void => void Object.assign(o.tls.chain[index]!, { signatureAlgorithm, signatureHash });
}

function withIntermediate(o: Mutable<Observation>): void {
  const root = o.tls.chain[1]!;
  o.tls.chain = [o.tls.chain[0]!, { ...structuredClone(root), subject: 'CN=secaudit test intermediate', selfSigned: false }, root];
}

testRule(rule, {
  valid: [
    { name: 'good site: sha256WithRSAEncryption', code: '', observation: live('good-site') },
    { name: 'bad site: SHA-256 (expired, but the signature is fine)', code: '', observation: live('bad-site') },
    { name: 'ecdsa-with-SHA384', code: '', observation: live('good-site', signed('ecdsa-with-SHA384', 'sha384')) },
    { name: 'Ed25519 names no separate hash', code: '', observation: live('good-site', signed('ED25519', null)) },
    { name: "a SHA-1 self-signature on the root: clients use their own copy", code: '', observation: live('good-site', signed('sha1WithRSAEncryption', 'sha1', 1)) },
    { name: 'RSASSA-PSS: the hash is in parameters the probe does not read', code: '', observation: live('good-site', signed('rsassaPss', null)), status: 'unknown' },
    { name: 'an unknown signature algorithm', code: '', observation: live('good-site', signed('1.2.3.4.5', null)), status: 'unknown' },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'SHA-1 leaf', code: '', observation: live('good-site', signed('sha1WithRSAEncryption', 'sha1')), errors: [{ messageId: 'weakSignature', url: GOOD }] },
    { name: 'MD5 leaf', code: '', observation: live('good-site', signed('md5WithRSAEncryption', 'md5')), errors: [{ messageId: 'weakSignature', url: GOOD }] },
    { name: 'ecdsa-with-SHA1', code: '', observation: live('good-site', signed('ecdsa-with-SHA1', 'sha1')), errors: [{ messageId: 'weakSignature', url: GOOD }] },
    {
      name: 'a SHA-1 intermediate behind a SHA-256 leaf',
      code: '',
      observation: live('good-site', (o) => {
        withIntermediate(o);
        signed('sha1WithRSAEncryption', 'sha1', 1)(o);
      }),
      errors: [{ messageId: 'weakSignature', url: GOOD }],
    },
    {
      name: 'a SHA-1 leaf is reported even when another signature cannot be judged',
      code: '',
      observation: live('good-site', (o) => {
        withIntermediate(o);
        signed('sha1WithRSAEncryption', 'sha1')(o);
        signed('rsassaPss', null, 1)(o);
      }),
      errors: [{ messageId: 'weakSignature', url: GOOD }],
    },
  ],
});

describe('tls-certificate-weak-signature messages', () => {
  it('names the certificate and the algorithm', () => {
    const outcome = runRule(rule, {
      code: '',
      observation: live('good-site', (o) => {
        withIntermediate(o);
        signed('sha1WithRSAEncryption', 'sha1', 1)(o);
      }),
    });
    expect(outcome.findings.map((f) => f.message)).toEqual(['the intermediate certificate "CN=secaudit test intermediate" is signed with sha1WithRSAEncryption, a broken hash']);
  });

  it('says which signature it could not judge', () => {
    const outcome = runRule(rule, { code: '', observation: live('good-site', signed('rsassaPss', null)) });
    expect(outcome.unknown?.reason).toBe('the signature hash of the certificate "CN=shop.example" (rsassaPss) is not known');
  });
});
