import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { LoadError } from '../../src/engine/errors.ts';
import { headerValues, parseObservation, type Observation } from '../../src/probe/index.ts';
import { testPki, type TestPki } from '../helpers/tls.ts';
import { COOKIE_VALUES, SCENARIOS, recordScenario, writeObservation } from './record.ts';

/**
 * The recorded observations probe rules are tested against. `RECORD_OBSERVATIONS=1` records them again from
 * the scenarios in record.ts (see observations/README.md); every run checks that they are valid, secret-free,
 * and still say what the scenario is about, and that a fresh recording says the same.
 */
const DIR = join(import.meta.dirname, 'observations');
const RECORD = process.env.RECORD_OBSERVATIONS === '1';
let pki: TestPki;
beforeAll(async () => {
  pki = await testPki();
});

const load = (name: string): Observation => parseObservation(JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')), `${name}.json`);

/** What a scenario is about, in a few stable facts (no ports, dates or timings). */
function factsOf(obs: Observation) {
  const final = obs.final.reached ? obs.final.response : null;
  const leaf = obs.tls.chain[0];
  return {
    httpOutcome: obs.http.outcome,
    httpStatuses: obs.http.hops.map((h) => h.status),
    httpsEnd: obs.https.end.kind,
    finalStatus: final?.status ?? null,
    hsts: final ? headerValues(final.headers, 'strict-transport-security') : null,
    cookies: obs.cookies.map((c) => `${c.step}:${c.name}:${c.secure ? 'Secure' : '-'}:${c.httpOnly ? 'HttpOnly' : '-'}:${c.sameSite ?? '-'}`),
    notFound: [obs.notFound.status, obs.notFound.debugPage],
    admin: [obs.admin.status, obs.admin.djangoAdmin],
    verification: obs.tls.verification.status === 'rejected' ? obs.tls.verification.code : obs.tls.verification.status,
    protocols: Object.entries(obs.tls.protocols).map(([v, p]) => `${v}:${p.status}`),
    leaf: leaf ? [leaf.keyType, leaf.keyBits, leaf.signatureAlgorithm, leaf.expired] : null,
    chainLength: obs.tls.chain.length,
  };
}

const EXPECTED: Record<string, ReturnType<typeof factsOf>> = {
  'good-site': {
    httpOutcome: 'redirects-to-https',
    httpStatuses: [301, 200],
    httpsEnd: 'response',
    finalStatus: 200,
    hsts: ['max-age=31536000; includeSubDomains; preload'],
    cookies: ['http', 'https', 'not-found', 'admin'].flatMap((step) => [`${step}:sessionid:Secure:HttpOnly:Lax`, `${step}:csrftoken:Secure:-:Lax`]),
    notFound: [404, null],
    admin: [404, false],
    verification: 'trusted',
    protocols: ['TLSv1:refused', 'TLSv1.1:refused', 'TLSv1.2:accepted', 'TLSv1.3:accepted'],
    leaf: ['rsa', 2048, 'sha256WithRSAEncryption', false],
    chainLength: 2,
  },
  'bad-site': {
    httpOutcome: 'no-redirect',
    httpStatuses: [200],
    httpsEnd: 'response',
    finalStatus: 200,
    hsts: [],
    cookies: ['http', 'https', 'not-found', 'admin'].flatMap((step) => [`${step}:sessionid:-:-:-`, `${step}:csrftoken:-:-:None`]),
    notFound: [404, 'technical-404'],
    admin: [200, true],
    verification: 'CERT_HAS_EXPIRED',
    protocols: ['TLSv1:accepted', 'TLSv1.1:accepted', 'TLSv1.2:accepted', 'TLSv1.3:accepted'],
    leaf: ['rsa', 2048, 'sha256WithRSAEncryption', true],
    chainLength: 2,
  },
  'no-http-listener': {
    httpOutcome: 'no-listener',
    httpStatuses: [],
    httpsEnd: 'response',
    finalStatus: 200,
    hsts: ['max-age=300', 'max-age=31536000; includeSubDomains'],
    cookies: ['https', 'not-found', 'admin'].map((step) => `${step}:sessionid:Secure:HttpOnly:Lax`),
    notFound: [404, null],
    admin: [404, false],
    verification: 'trusted',
    protocols: ['TLSv1:refused', 'TLSv1.1:refused', 'TLSv1.2:refused', 'TLSv1.3:accepted'],
    leaf: ['rsa', 2048, 'sha256WithRSAEncryption', false],
    chainLength: 2,
  },
  'cross-host-redirect': {
    httpOutcome: 'redirects-to-https',
    httpStatuses: [301, 301],
    httpsEnd: 'cross-host',
    finalStatus: null,
    hsts: null,
    cookies: [],
    notFound: [301, null],
    admin: [301, false],
    verification: 'trusted',
    protocols: ['TLSv1:refused', 'TLSv1.1:refused', 'TLSv1.2:accepted', 'TLSv1.3:accepted'],
    leaf: ['rsa', 2048, 'sha256WithRSAEncryption', false],
    chainLength: 2,
  },
};

const names = Object.keys(SCENARIOS);

describe.runIf(RECORD)('recording (RECORD_OBSERVATIONS=1)', () => {
  test.each(names)('%s', async (name) => {
    writeObservation(join(DIR, `${name}.json`), await recordScenario(name, pki));
  });
});

describe('recorded observations', () => {
  test('one file per scenario, nothing else', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()).toEqual(names.map((n) => `${n}.json`).sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...names].sort());
  });

  test.each(names)('%s is valid and says what the scenario is about', (name) => {
    const text = readFileSync(join(DIR, `${name}.json`), 'utf8');
    for (const secret of COOKIE_VALUES) expect(text).not.toContain(secret);
    expect(factsOf(load(name))).toEqual(EXPECTED[name]);
  });

  test.each(names)('a fresh recording of %s says the same', async (name) => {
    expect(factsOf(await recordScenario(name, pki))).toEqual(EXPECTED[name]);
  });

  test('the schema names what is wrong', () => {
    const obs = JSON.parse(readFileSync(join(DIR, 'good-site.json'), 'utf8')) as { tls: { protocols: Record<string, unknown> } };
    obs.tls.protocols['TLSv1.2'] = { status: 'maybe' };
    expect(() => parseObservation(obs, 'edited.json')).toThrow(LoadError);
    expect(() => parseObservation(obs, 'edited.json')).toThrow(/^edited\.json is not a secaudit observation \(version 1\): tls\.protocols\.TLSv1\.2\.status: /);
    expect(() => parseObservation({ version: 2 }, 'future.json')).toThrow('future.json is not a secaudit observation (version 1): version: ');
  });
});
