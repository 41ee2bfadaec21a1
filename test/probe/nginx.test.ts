import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { headerValues, observationSchema, parseTarget, probe, type Lookup, type Observation } from '../../src/probe/index.ts';
import { runCliAsync } from '../helpers/cli.ts';
import { djangoApp, startHttp, type Listening } from '../helpers/servers.ts';
import { testPki, type TestPki } from '../helpers/tls.ts';

/**
 * A real nginx (Debian's package, CI installs it) in front of a Django-like app, configured as a typical Django
 * deployment: port 80 answers 301 to HTTPS, TLS 1.2 and 1.3 only, HSTS added by nginx, the app behind
 * proxy_pass. It runs as this user from a temporary prefix, in the foreground, listening on 127.0.0.1 only.
 */
const NGINX = '/usr/sbin/nginx';
const hasNginx = existsSync(NGINX);
if (!hasNginx) console.log(`skipping the nginx probe test: ${NGINX} is not installed (apt-get install nginx)`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!hasNginx)('probing a real nginx', () => {
  let dir: string;
  let nginx: ChildProcess | null = null;
  let app: Listening;
  let pki: TestPki;
  let httpPort: number;
  let httpsPort: number;
  let obs: Observation;
  const noDns: Lookup = async (host) => {
    throw new Error(`unexpected lookup of ${host}`);
  };

  beforeAll(async () => {
    pki = await testPki();
    app = await startHttp(
      djangoApp({ cookies: ['sessionid=s3cr3t; HttpOnly; Path=/; SameSite=Lax; Secure'], headers: { 'x-content-type-options': 'nosniff' }, admin: true }),
    );
    dir = mkdtempSync(join(tmpdir(), 'secaudit-nginx-'));
    httpPort = await freePort();
    httpsPort = await freePort();
    // What certbot's fullchain.pem holds: the leaf, then the intermediate (here: the CA itself).
    writeFileSync(join(dir, 'fullchain.pem'), `${pki.valid.cert.trim()}\n${pki.rsaCa.cert}`);
    writeFileSync(join(dir, 'privkey.pem'), pki.valid.key);
    const conf = `
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${httpPort};
    server_name good.test;
    return 301 https://$host:${httpsPort}$request_uri;
  }
  server {
    listen 127.0.0.1:${httpsPort} ssl http2;
    server_name good.test;
    ssl_certificate ${dir}/fullchain.pem;
    ssl_certificate_key ${dir}/privkey.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384;
    ssl_prefer_server_ciphers on;
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    location / {
      proxy_pass http://127.0.0.1:${app.port};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
    writeFileSync(join(dir, 'nginx.conf'), conf);
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<never>((_, reject) => nginx!.once('exit', (code) => reject(new Error(`nginx exited with ${code}: ${stderr}`))));
    await Promise.race([Promise.all([waitForPort(httpPort, Date.now() + 5000), waitForPort(httpsPort, Date.now() + 5000)]), exited]);
    obs = await probe(
      parseTarget(`http://good.test:${httpPort}/`, { http: null, https: null }),
      {
        resolve: [
          { host: 'good.test', port: httpPort, address: '127.0.0.1' },
          { host: 'good.test', port: httpsPort, address: '127.0.0.1' },
        ],
        ca: pki.caBundle,
        timeoutMs: 5000,
        deadlineMs: 15_000,
        httpPort: null,
        httpsPort: null,
        now: new Date(),
      },
      { lookup: noDns },
    );
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exit = new Promise((r) => nginx!.once('exit', r));
      // nginx stops at once on TERM (QUIT would wait for connections to finish).
      nginx.kill('SIGTERM');
      await exit;
    }
    await app?.close();
    if (dir) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      if (/\[(emerg|alert|crit)\]/.test(log)) console.log(`nginx error log:\n${log}`);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the observation is valid', () => {
    expect(observationSchema().parse(JSON.parse(JSON.stringify(obs)))).toEqual(obs);
  });

  test("port 80's 301 leads to the app behind nginx", () => {
    expect(obs.http.outcome).toBe('redirects-to-https');
    expect(obs.http.hops.map((h) => [h.url, h.status, h.location])).toEqual([
      [`http://good.test:${httpPort}/`, 301, `https://good.test:${httpsPort}/`],
      [`https://good.test:${httpsPort}/`, 200, null],
    ]);
    expect(headerValues(obs.http.hops[0]!.headers, 'server')[0]).toMatch(/^nginx/);
    expect(obs.final.reached).toBe(true);
    if (!obs.final.reached) return;
    expect(headerValues(obs.final.response.headers, 'strict-transport-security')).toEqual(['max-age=63072000; includeSubDomains']);
    expect(headerValues(obs.final.response.headers, 'x-content-type-options')).toEqual(['nosniff']);
    expect(obs.cookies.filter((c) => c.step === 'https').map((c) => [c.name, c.valueLength, c.secure, c.httpOnly, c.sameSite])).toEqual([
      ['sessionid', 6, true, true, 'Lax'],
    ]);
    // The app saw the real host name, through nginx.
    expect(app.requests.every((r) => r.host === 'good.test')).toBe(true);
  });

  test('the full chain nginx sends, trusted through --ca; HTTP/2 offered by ALPN', () => {
    expect(obs.tls.chain.map((c) => c.subject)).toEqual(['CN=good.test', 'CN=secaudit test RSA CA, O=secaudit tests']);
    expect(obs.tls.verification).toEqual({ status: 'trusted', trust: 'custom-ca' });
    expect(obs.tls.hostnameMatches).toBe(true);
    expect(obs.tls.handshake).toMatchObject({ protocol: 'TLSv1.3', alpn: 'h2' });
  });

  test('ssl_protocols TLSv1.2 TLSv1.3', () => {
    expect(obs.tls.protocols).toEqual({
      TLSv1: { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
      'TLSv1.1': { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
      'TLSv1.2': { status: 'accepted', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' },
      'TLSv1.3': { status: 'accepted', cipher: 'TLS_AES_256_GCM_SHA384' },
    });
  });

  test('the app answers the random path and the admin login', () => {
    expect(obs.notFound).toMatchObject({ status: 404, debugPage: null, error: null });
    expect(obs.admin).toMatchObject({ status: 200, djangoAdmin: true, error: null });
  });

  test('the built CLI: what this deployment still lacks, from the plain-HTTP URL, exit 1', async () => {
    writeFileSync(join(dir, 'ca.pem'), pki.caBundle);
    const r = await runCliAsync([
      'probe',
      `http://good.test:${httpPort}/`,
      '--resolve',
      `good.test:${httpPort}:127.0.0.1`,
      '--resolve',
      `good.test:${httpsPort}:127.0.0.1`,
      '--ca',
      join(dir, 'ca.pem'),
      '--timeout',
      '5',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; messageId: string; severity: string; url: string; message: string }[] };
    const home = `https://good.test:${httpsPort}/`;
    expect(report.findings.map((f) => [f.severity, f.ruleId, f.messageId, f.url])).toEqual([
      ['info', 'django-admin-exposed', 'djangoAdmin', `${home}admin/login/`],
      ['warning', 'header-clickjacking-missing', 'missing', home],
      ['info', 'header-coop-missing', 'missing', home],
      ['warning', 'header-csp-missing', 'missing', home],
      ['warning', 'header-referrer-policy-weak', 'missing', home],
      // nginx's default server_tokens on: Server: nginx/1.x.y
      ['info', 'header-server-version', 'version', home],
    ]);
    expect(report.findings.find((f) => f.ruleId === 'header-server-version')?.message).toMatch(/^Server reveals software versions: 'nginx\/\d+\.\d+\.\d+'$/);
    expect(r.stdout).not.toContain('s3cr3t');
  });
});
