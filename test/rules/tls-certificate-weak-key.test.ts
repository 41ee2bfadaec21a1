import { describe, expect, it } from 'vitest';
import rule from '../../rules/tls-certificate-weak-key.ts';
import type { Mutable } from '../../src/engine/rule.ts';
import type { CertificateObservation, Observation } from '../../src/probe/observation.ts';
import { live } from '../helpers/observations.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';

function key(k: Partial<Pick<CertificateObservation, 'keyType' | 'keyBits' | 'curve'>>, index = 0) {
  return (o: Mutable<Observation>): void => void Object.assign(o.tls.chain[index]!, k);
}

testRule(rule, {
  valid: [
    { name: 'good site: RSA 2048 leaf and CA', code: '', observation: live('good-site') },
    { name: 'bad site: RSA 2048 (expired, but the key is fine)', code: '', observation: live('bad-site') },
    { name: 'EC P-256', code: '', observation: live('good-site', key({ keyType: 'ec', keyBits: 256, curve: 'prime256v1' })) },
    { name: 'EC P-384', code: '', observation: live('good-site', key({ keyType: 'ec', keyBits: 384, curve: 'secp384r1' })) },
    { name: 'Ed25519', code: '', observation: live('good-site', key({ keyType: 'ed25519', keyBits: 256 })) },
    { name: 'RSA 4096', code: '', observation: live('good-site', key({ keyBits: 4096 })) },
    { name: 'a curve the probe does not know the size of', code: '', observation: live('good-site', key({ keyType: 'ec', keyBits: null, curve: 'sect571r1' })), status: 'unknown' },
    { name: 'a key type the probe does not know', code: '', observation: live('good-site', key({ keyType: 'unknown', keyBits: null })), status: 'unknown' },
    { name: 'no live site probed', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'RSA 1024 leaf (Node still trusts it)', code: '', observation: live('good-site', key({ keyBits: 1024 })), errors: [{ messageId: 'weakKey', url: GOOD }] },
    { name: 'RSA 2047', code: '', observation: live('good-site', key({ keyBits: 2047 })), errors: [{ messageId: 'weakKey', url: GOOD }] },
    { name: 'EC P-224', code: '', observation: live('good-site', key({ keyType: 'ec', keyBits: 224, curve: 'secp224r1' })), errors: [{ messageId: 'weakKey', url: GOOD }] },
    { name: 'DSA 1024', code: '', observation: live('good-site', key({ keyType: 'dsa', keyBits: 1024 })), errors: [{ messageId: 'weakKey', url: GOOD }] },
    { name: 'a 1024-bit root: its key signs the chain, so it counts', code: '', observation: live('good-site', key({ keyBits: 1024 }, 1)), errors: [{ messageId: 'weakKey', url: GOOD }] },
    {
      name: 'a weak key is reported even when another key cannot be read',
      code: '',
      observation: live('good-site', (o) => {
        key({ keyBits: 1024 })(o);
        key({ keyType: 'ec', keyBits: null, curve: 'sect571r1' }, 1)(o);
      }),
      errors: [{ messageId: 'weakKey', url: GOOD }],
    },
    {
      name: 'leaf and root: one finding each',
      code: '',
      observation: live('good-site', (o) => {
        key({ keyBits: 1024 })(o);
        key({ keyBits: 1024 }, 1)(o);
      }),
      errors: [
        { messageId: 'weakKey', url: GOOD },
        { messageId: 'weakKey', url: GOOD },
      ],
    },
  ],
});

describe('tls-certificate-weak-key messages', () => {
  const messages = (change: (o: Mutable<Observation>) => void): string[] => runRule(rule, { code: '', observation: live('good-site', change) }).findings.map((f) => f.message);

  it('names the certificate, the key and the minimum', () => {
    expect(messages(key({ keyBits: 1024 }))).toEqual(['the certificate "CN=shop.example" has a 1024-bit RSA key (minimum 2048)']);
    expect(messages(key({ keyType: 'ec', keyBits: 224, curve: 'secp224r1' }))).toEqual(['the certificate "CN=shop.example" has a 224-bit EC (secp224r1) key (minimum 256)']);
    expect(messages(key({ keyBits: 1024 }, 1))).toEqual(['the root certificate "CN=secaudit test RSA CA, O=secaudit tests" has a 1024-bit RSA key (minimum 2048)']);
  });

  it('says which key it could not judge', () => {
    const outcome = runRule(rule, { code: '', observation: live('good-site', key({ keyType: 'ec', keyBits: null, curve: 'sect571r1' })) });
    expect(outcome.unknown?.reason).toBe('the key size of the certificate "CN=shop.example" (EC (sect571r1)) is not known');
  });
});
