import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseTarget, probe, type Lookup, type Observation } from '../../src/probe/index.ts';
import { djangoApp, redirect, startHttp, startHttps, type Handler, type Listening } from '../helpers/servers.ts';
import { issueLeaf, type TestCert, type TestPki } from '../helpers/tls.ts';

/**
 * The recorder behind test/probe/observations/*.json (the MDN capture-fixtures pattern): each scenario starts
 * local servers that behave like one kind of deployment, probes them as `secaudit probe` would (host
 * shop.example mapped to 127.0.0.1 with --resolve, the test CA as --ca) and returns the Observation.
 * observations.test.ts writes them when RECORD_OBSERVATIONS=1; see the README there.
 */
export const HOST = 'shop.example';

/** Cookie values the scenarios send: a test checks that none of them reaches a recording. */
export const COOKIE_VALUES = ['k3v9q2x7m1p8s4t6w0y5z2a7b3c9d1e8', 'Zq8rT2mW9xLk4vN7pB1cF6hJ3sD0gY5u', 'legacyV4LUE'];

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
};

/** Certificates for HOST from the test CA. */
interface Certs {
  readonly valid: TestCert;
  /** The leaf followed by the CA, as a fullchain.pem. */
  readonly fullChain: TestCert;
  readonly expired: TestCert;
}

interface Scenario {
  readonly description: string;
  /** What the user typed. */
  readonly input: (ports: { http: number; https: number }) => string;
  readonly start: (certs: Certs) => Promise<{ http: Listening | null; https: Listening; httpPort: number }>;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Two servers where the plain-HTTP one needs the HTTPS port. */
async function pair(https: () => Promise<Listening>, http: (httpsPort: number) => Handler): Promise<{ http: Listening; https: Listening; httpPort: number }> {
  const s = await https();
  const h = await startHttp(http(s.port));
  return { http: h, https: s, httpPort: h.port };
}

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'good-site': {
    description: 'HTTP 301 to HTTPS, HSTS with preload, Secure/HttpOnly/SameSite cookies, security headers, TLS 1.2-1.3, trusted certificate',
    input: ({ http }) => `http://${HOST}:${http}/`,
    start: (certs) =>
      pair(
        () =>
          startHttps(
            certs.fullChain,
            djangoApp({
              hsts: ['max-age=31536000; includeSubDomains; preload'],
              cookies: [
                `sessionid=${COOKIE_VALUES[0]}; expires=${new Date(Date.now() + 14 * 86_400_000).toUTCString()}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure`,
                `csrftoken=${COOKIE_VALUES[1]}; expires=${new Date(Date.now() + 364 * 86_400_000).toUTCString()}; Max-Age=31449600; Path=/; SameSite=Lax; Secure`,
              ],
              headers: securityHeaders,
            }),
          ),
        (httpsPort) => redirect((req) => `https://${HOST}:${httpsPort}${req.url}`),
      ),
  },
  'bad-site': {
    description: 'plain HTTP answers 200, no HSTS, insecure cookies, DEBUG = True (technical 404), the admin at /admin/login/, TLS 1.0 and 1.1 accepted, an expired certificate',
    input: ({ https }) => `https://${HOST}:${https}/`,
    start: async (certs) => {
      const app = djangoApp({
        debug: true,
        admin: true,
        cookies: [`sessionid=${COOKIE_VALUES[2]}; Path=/`, `csrftoken=${COOKIE_VALUES[1]}; expires=Thu, 01 Jan 2037 00:00:00 GMT; Path=/; SameSite=None`],
      });
      const https = await startHttps(certs.expired, app, { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
      const http = await startHttp(app);
      return { http, https, httpPort: http.port };
    },
  },
  'no-http-listener': {
    description: 'nothing on the plain-HTTP port (connection refused), HSTS without includeSubDomains and a short max-age, sent twice',
    input: ({ https }) => `https://${HOST}:${https}/`,
    start: async (certs) => {
      const https = await startHttps(
        certs.valid,
        djangoApp({ hsts: ['max-age=300', 'max-age=31536000; includeSubDomains'], cookies: [`sessionid=${COOKIE_VALUES[0]}; HttpOnly; Path=/; SameSite=Lax; Secure`], headers: securityHeaders }),
        { minVersion: 'TLSv1.3' },
      );
      return { http: null, https, httpPort: await closedPort() };
    },
  },
  'cross-host-redirect': {
    description: 'HTTPS redirects to www.shop.example (another host: recorded, not followed); HTTP redirects to the same HTTPS URL',
    input: ({ http }) => `http://${HOST}:${http}/`,
    start: (certs) =>
      pair(
        () => startHttps(certs.valid, redirect((req) => `https://www.${HOST}${req.url}`)),
        (httpsPort) => redirect((req) => `https://${HOST}:${httpsPort}${req.url}`),
      ),
  },
};

const noDns: Lookup = async (host) => {
  throw new Error(`the recorder resolves nothing: ${host} is not mapped`);
};

/** Runs one scenario and returns what the probe saw. The servers are closed afterwards. */
export async function recordScenario(name: string, pki: TestPki, now: Date = new Date()): Promise<Observation> {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`no scenario ${name}`);
  const valid = await issueLeaf(pki, HOST);
  const certs: Certs = {
    valid,
    fullChain: { key: valid.key, cert: `${valid.cert.trim()}\n${pki.rsaCa.cert}` },
    expired: await issueLeaf(pki, HOST, { from: -400, to: -10 }),
  };
  const { http, https, httpPort } = await scenario.start(certs);
  try {
    const target = parseTarget(scenario.input({ http: httpPort, https: https.port }), { http: httpPort, https: null });
    return await probe(
      target,
      {
        resolve: [
          { host: HOST, port: httpPort, address: '127.0.0.1' },
          { host: HOST, port: https.port, address: '127.0.0.1' },
        ],
        ca: pki.caBundle,
        timeoutMs: 5000,
        deadlineMs: 15_000,
        httpPort,
        httpsPort: null,
        now,
      },
      { lookup: noDns },
    );
  } finally {
    await Promise.all([http?.close(), https.close()]);
  }
}

export function writeObservation(file: string, obs: Observation): void {
  writeFileSync(file, `${JSON.stringify(obs, null, 2)}\n`);
}
