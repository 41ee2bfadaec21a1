import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO, runCliAsync, type CliResult } from '../helpers/cli.ts';
import { expectGitHubSarif } from '../helpers/sarif.ts';
import { djangoApp, redirect, startSite, type Site } from '../helpers/servers.ts';
import { testPki, type TestPki } from '../helpers/tls.ts';

/**
 * `secaudit probe` and `check --deploy --url` through the built CLI, against sites this file starts on 127.0.0.1
 * (host names are mapped with --resolve; nothing reaches DNS or another address).
 */

let pki: TestPki;
let dir: string;
let caFile: string;
const sites: Site[] = [];

beforeAll(async () => {
  pki = await testPki();
  dir = mkdtempSync(join(tmpdir(), 'secaudit-probe-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pki.caBundle);
});
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
});

/** A session cookie whose value must never appear in any report. */
const SESSION_VALUE = 'k7Qz1SESSIONVALUEzz';
const CSRF_VALUE = 'p3CSRFVALUEyy';

/** What a hardened Django deployment sends. */
const secureApp = djangoApp({
  hsts: ['max-age=31536000; includeSubDomains; preload'],
  cookies: [`sessionid=${SESSION_VALUE}; HttpOnly; Path=/; SameSite=Lax; Secure`, `csrftoken=${CSRF_VALUE}; Path=/; SameSite=Lax; Secure`],
  headers: {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
  },
});

/** DEBUG on, no HSTS, no security headers, cookies without flags, and plain HTTP serving the site too. */
const insecureApp = djangoApp({
  debug: true,
  admin: true,
  cookies: [`sessionid=${SESSION_VALUE}; Path=/`, `csrftoken=${CSRF_VALUE}; Path=/`],
  headers: { server: 'nginx/1.18.0' },
});

async function site(kind: 'secure' | 'insecure'): Promise<Site> {
  let s: Site | null = null;
  const app = kind === 'secure' ? secureApp : insecureApp;
  const started = await startSite(pki.valid, {
    http: kind === 'secure' ? redirect((req) => `https://good.test:${s?.https.port}${req.url}`) : app,
    https: app,
  });
  s = started;
  sites.push(started);
  return started;
}

/** The arguments that point the probe at a local site. */
function at(s: Site): string[] {
  const { http, https } = s;
  return [
    `https://good.test:${https.port}/`,
    '--resolve',
    `good.test:${https.port}:127.0.0.1`,
    '--resolve',
    `good.test:${http.port}:127.0.0.1`,
    '--http-port',
    String(http.port),
    '--ca',
    caFile,
    '--timeout',
    '5',
  ];
}

function noSecrets(r: CliResult | string): void {
  const text = typeof r === 'string' ? r : r.stdout + r.stderr;
  expect(text).not.toContain(SESSION_VALUE);
  expect(text).not.toContain(CSRF_VALUE);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

interface JsonReport {
  target: { command: string; project: string | null; urls: string[] };
  summary: { error: number; warning: number; info: number; failed: boolean };
  findings: { ruleId: string; messageId: string; severity: string; url?: string; location: { file: string; line: number } | null }[];
  observations: { target: { host: string; httpsUrl: string }; tls: { handshake: { protocol: string } | null } }[];
}

describe('secaudit probe, a well-configured site', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site('secure');
  });

  test('text: the site, what answered, no problems, exit 0', async () => {
    const r = await runCliAsync(['probe', ...at(s)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`secaudit probe https://good.test:${s.https.port}/`);
    expect(lines[1]).toMatch(
      new RegExp(`^live https://good\\.test:${s.https.port}/: 200 from https://good\\.test:${s.https.port}/ · TLSv1\\.3 · certificate for good\\.test, 36[45] days left$`),
    );
    expect(lines.at(-1)).toBe('✔ no problems');
    noSecrets(r);
  });

  test('JSON: the target and the observation the rules were given', async () => {
    const r = await runCliAsync(['probe', ...at(s), '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.target).toMatchObject({ command: 'probe', project: null, urls: [`https://good.test:${s.https.port}/`] });
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.observations).toHaveLength(1);
    expect(report.observations[0]?.target).toMatchObject({ host: 'good.test', httpsUrl: `https://good.test:${s.https.port}/` });
    expect(report.observations[0]?.tls.handshake?.protocol).toBe('TLSv1.3');
    // Cookie names and attributes are kept, values never.
    expect(r.stdout).toContain('"sessionid"');
    noSecrets(r);
  });
});

describe('secaudit probe, errors', () => {
  test('no URL and no configuration: exit 2 with a hint', async () => {
    const r = await runCliAsync(['probe', '--no-config']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'secaudit: secaudit probe needs a URL\nhint: secaudit probe https://example.com/ (or list urls in the configuration)\n',
    ]);
  });

  test('a scheme it does not probe', async () => {
    const r = await runCliAsync(['probe', 'ftp://good.test/']);
    expect([r.code, r.stderr]).toEqual([2, 'secaudit: unsupported URL scheme \'ftp:\' in "ftp://good.test/"\nhint: secaudit probes http:// and https:// URLs only\n']);
  });

  test('nothing listens: one line naming the step and address, exit 2, no stack trace', async () => {
    const port = await closedPort();
    const r = await runCliAsync(['probe', `https://good.test:${port}/`, '--resolve', `good.test:${port}:127.0.0.1`, '--timeout', '3']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `secaudit: cannot reach https://good.test:${port}/: connect failed: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})\n` +
        `hint: nothing accepts connections on port ${port}; check the port (--https-port) or the --resolve address\n`,
    );
  });

  test('a malformed --resolve is a usage error before any connection', async () => {
    const r = await runCliAsync(['probe', 'https://good.test/', '--resolve', 'good.test:443']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secaudit: --resolve "good.test:443": expected HOST:PORT:ADDRESS\nhint: write --resolve HOST:PORT:ADDRESS, e.g. example.com:443:127.0.0.1 or example.com:443:[::1]\n');
  });

  test('an unreadable --ca', async () => {
    const r = await runCliAsync(['probe', 'https://good.test/', '--ca', join(dir, 'missing.pem')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`secaudit: cannot read --ca ${join(dir, 'missing.pem')} (ENOENT)\nhint: pass a PEM file with the CA certificates to trust\n`);
  });
});

/** A finding as the tests compare it: ports and the random path made stable. */
function row(s: Site, f: JsonReport['findings'][number]): string {
  const url = (f.url ?? '')
    .replace(`:${s.https.port}/`, ':HTTPS/')
    .replace(`:${s.http.port}/`, ':HTTP/')
    .replace(/\/secaudit-[0-9a-f]{12}$/, '/secaudit-RANDOM');
  return [f.severity, f.ruleId, f.messageId, url, f.location ? `${f.location.file}:${f.location.line}` : '-'].join(' ');
}

describe('secaudit probe, an insecure site (DEBUG on, plain HTTP served, no security headers, bare cookies)', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site('insecure');
  });

  test('every finding, with the URL it is about; exit 1', async () => {
    const r = await runCliAsync(['probe', ...at(s), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => row(s, f))).toEqual([
      'info django-admin-exposed djangoAdmin https://good.test:HTTPS/admin/login/ -',
      'error django-debug-page technical404 https://good.test:HTTPS/secaudit-RANDOM -',
      'warning header-clickjacking-missing missing https://good.test:HTTPS/ -',
      'info header-coop-missing missing https://good.test:HTTPS/ -',
      'warning header-csp-missing missing https://good.test:HTTPS/ -',
      'warning header-nosniff-missing missing https://good.test:HTTPS/ -',
      'warning header-referrer-policy-weak missing https://good.test:HTTPS/ -',
      'info header-server-version version https://good.test:HTTPS/ -',
      'warning hsts-header-missing missing https://good.test:HTTPS/ -',
      'error https-redirect-missing noRedirect http://good.test:HTTP/ -',
      // The plain-HTTP response set the cookies first: that is where they were first set badly.
      'warning set-cookie-httponly-missing session http://good.test:HTTP/ -',
      'warning set-cookie-samesite-weak missing http://good.test:HTTP/ -',
      'warning set-cookie-samesite-weak missing http://good.test:HTTP/ -',
      'error set-cookie-secure-missing csrf https://good.test:HTTPS/ -',
      'error set-cookie-secure-missing session https://good.test:HTTPS/ -',
    ]);
    expect(report.summary).toMatchObject({ error: 4, warning: 8, info: 3, failed: true });
    noSecrets(r);
  });

  test('--fail-on error still fails (errors), --fail-on never does not', async () => {
    expect((await runCliAsync(['probe', ...at(s), '--fail-on', 'error', '--format', 'json'])).code).toBe(1);
    expect((await runCliAsync(['probe', ...at(s), '--fail-on', 'never', '--format', 'json'])).code).toBe(0);
  });
});

describe('check --deploy --url: the hardened settings against the live site', () => {
  const hardened = ['check', '--deploy', 'fixtures/hardened', '--settings', 'portal.settings', '--env-file', 'fixtures/hardened/.env.production'];

  test('a site that runs those settings: no finding, exit 0', async () => {
    const s = await site('secure');
    const r = await runCliAsync([...hardened, '--url', ...at(s), '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => row(s, f))).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.target).toMatchObject({ command: 'check', project: 'fixtures/hardened', urls: [`https://good.test:${s.https.port}/`] });
  });

  test('a site that does not: live findings on the settings that govern them, and drift between the two', async () => {
    const s = await site('insecure');
    const sarifFile = join(dir, 'check-url.sarif');
    const r = await runCliAsync([...hardened, '--url', ...at(s), '--format', 'json', '--report', `sarif=${sarifFile}`]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const S = 'portal/settings.py';
    expect(report.findings.map((f) => row(s, f))).toEqual([
      // Not governed by a setting: about their URL only (SARIF shows them on the settings module's first line).
      'info django-admin-exposed djangoAdmin https://good.test:HTTPS/admin/login/ -',
      'info header-server-version version https://good.test:HTTPS/ -',
      `error django-debug-page technical404 https://good.test:HTTPS/secaudit-RANDOM ${S}:27`,
      `warning drift-debug notDeployed https://good.test:HTTPS/secaudit-RANDOM ${S}:27`,
      `info drift-x-frame-options missing https://good.test:HTTPS/ ${S}:41`,
      `warning drift-ssl-redirect answered http://good.test:HTTP/ ${S}:114`,
      `error https-redirect-missing noRedirect http://good.test:HTTP/ ${S}:114`,
      `warning drift-hsts missing https://good.test:HTTPS/ ${S}:115`,
      `warning hsts-header-missing missing https://good.test:HTTPS/ ${S}:115`,
      `info drift-nosniff missing https://good.test:HTTPS/ ${S}:121`,
      `warning header-nosniff-missing missing https://good.test:HTTPS/ ${S}:121`,
      `info drift-referrer-policy missing https://good.test:HTTPS/ ${S}:122`,
      `warning header-referrer-policy-weak missing https://good.test:HTTPS/ ${S}:122`,
      `info header-coop-missing missing https://good.test:HTTPS/ ${S}:123`,
      `warning header-clickjacking-missing missing https://good.test:HTTPS/ ${S}:124`,
      `warning header-csp-missing missing https://good.test:HTTPS/ ${S}:126`,
      `warning drift-cookie-secure session http://good.test:HTTP/ ${S}:135`,
      `error set-cookie-secure-missing session https://good.test:HTTPS/ ${S}:135`,
      `warning set-cookie-httponly-missing session http://good.test:HTTP/ ${S}:136`,
      `warning set-cookie-samesite-weak missing http://good.test:HTTP/ ${S}:137`,
      `warning drift-cookie-secure csrf http://good.test:HTTP/ ${S}:139`,
      `error set-cookie-secure-missing csrf https://good.test:HTTPS/ ${S}:139`,
      `warning set-cookie-samesite-weak missing http://good.test:HTTP/ ${S}:141`,
    ]);
    // In SARIF every result sits on a real line of the repository, with GitHub's line hash.
    expectGitHubSarif(readFileSync(sarifFile, 'utf8'), { repoRoot: REPO });
    noSecrets(r);
    noSecrets(readFileSync(sarifFile, 'utf8'));
  });
});

describe('secaudit probe, every format', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site('insecure');
  });

  test('SARIF that GitHub ingests, Markdown with the URL; no cookie value anywhere', async () => {
    const sarifFile = join(dir, 'probe.sarif');
    const mdFile = join(dir, 'probe.md');
    const r = await runCliAsync(['probe', ...at(s), '--report', `sarif=${sarifFile}`, '--report', `markdown=${mdFile}`, '--fail-on', 'never']);
    expect(r.code).toBe(0);
    const sarif = readFileSync(sarifFile, 'utf8');
    const md = readFileSync(mdFile, 'utf8');
    noSecrets(r);
    noSecrets(sarif);
    noSecrets(md);
    expectGitHubSarif(sarif);
    expect(md).toContain(`https://good.test:${s.https.port}/`);
  });
});
