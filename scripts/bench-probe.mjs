// npm run bench:probe [-- --runs N] [-- --no-nginx] [-- --no-testssl]
// The live probe's whole-process time against local targets (a Node TLS server; nginx when installed), interleaved
// with `node -e 0`, the curl floor (`curl -sI` of the http and the https URL, with --resolve and --cacert), and
// sslscan / testssl.sh when installed. Goal: probe ≤ node start-up + 3 × (curl http + curl https).
// Everything listens on 127.0.0.1 only; every process this script starts is stopped before it exits.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

// --serve DIR: the Node target, run as a child process so that the measured commands never wait on this one.
async function serve(dir) {
  const { generate } = await import('selfsigned');
  const ca = await generate([{ name: 'commonName', value: 'secaudit bench CA' }], {
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'good.test' }], {
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'good.test' }] }],
    ca: { key: ca.private, cert: ca.cert },
  });
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  writeFileSync(join(dir, 'cert.pem'), `${leaf.cert.trim()}\n${ca.cert}`);
  writeFileSync(join(dir, 'key.pem'), leaf.private);
  const https = createHttpsServer({ key: leaf.private, cert: `${leaf.cert.trim()}\n${ca.cert}` }, (req, res) => {
    res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('set-cookie', 'sessionid=0123456789abcdef; HttpOnly; Path=/; SameSite=Lax; Secure');
    res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/' ? '<!DOCTYPE html><title>bench</title><h1>ok</h1>' : '<h1>Not Found</h1>');
  });
  await new Promise((r) => https.listen(0, '127.0.0.1', r));
  const httpsPort = https.address().port;
  const http = createHttpServer((req, res) => {
    res.writeHead(301, { location: `https://good.test:${httpsPort}${req.url}` });
    res.end();
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  process.stdout.write(`${JSON.stringify({ http: http.address().port, https: httpsPort })}\n`);
  // Ends with the parent: it closes our stdin.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

// ------------------------------------------------------------------------------------------------------------

async function main() {
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 15;
  const withNginx = !args.includes('--no-nginx') && existsSync('/usr/sbin/nginx');
  const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || null;
  const curl = which('curl');
  const sslscan = which('sslscan');
  const testssl = args.includes('--no-testssl') ? null : (which('testssl') ?? which('testssl.sh'));
  if (!curl) {
    console.error('curl is needed for the floor: apt-get install curl');
    process.exit(2);
  }

  const dir = mkdtempSync(join(tmpdir(), 'secaudit-bench-probe-'));
  const children = [];
  const stop = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    // The command measured: the whole `secaudit probe` process, as a user runs it (npm run build first).
    const probeCommand = cliCommand();

    const serveChild = spawn(process.execPath, [import.meta.filename, '--serve', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(serveChild);
    const ports = JSON.parse(await firstLine(serveChild.stdout));
    const targets = [{ name: 'node https server', ...ports }];
    if (withNginx) targets.push({ name: 'nginx', ...(await startNginx(dir, children)) });

    console.log(
      `secaudit probe benchmark: ${runs} runs after 2 warm-ups, interleaved; ${cpus().length} CPUs, Node ${process.version}; ` +
        'probe = bin/secaudit.cjs probe' +
        `${withNginx ? '' : '; nginx not installed: skipped'}${sslscan ? '' : '; sslscan not installed'}${testssl ? '' : '; testssl.sh not run'}`,
    );
    for (const t of targets) {
      const resolve = [`good.test:${t.http}:127.0.0.1`, `good.test:${t.https}:127.0.0.1`];
      const httpUrl = `http://good.test:${t.http}/`;
      const httpsUrl = `https://good.test:${t.https}/`;
      const ca = join(dir, 'ca.pem');
      const commands = {
        'node -e 0': [process.execPath, ['-e', '0']],
        'curl -sI http': [curl, ['-sI', '--resolve', resolve[0], httpUrl]],
        'curl -sI https': [curl, ['-sI', '--resolve', resolve[1], '--cacert', ca, httpsUrl]],
        probe: probeCommand(httpUrl, resolve, ca),
        ...(sslscan ? { sslscan: [sslscan, ['--no-colour', '--sni-name=good.test', `127.0.0.1:${t.https}`]] } : {}),
      };
      const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
      for (let i = -2; i < runs; i++) {
        // Rotate the order so that no command always runs right after another.
        const names = Object.keys(commands);
        const order = names.map((_, j) => names[(j + i + 2) % names.length]);
        for (const name of order) {
          const [cmd, cmdArgs] = commands[name];
          const ms = measure(cmd, cmdArgs, name === 'probe' ? [0, 1] : [0]);
          if (i >= 0) samples[name].push(ms);
        }
      }
      let testsslMs = null;
      if (testssl) {
        testsslMs = measure(testssl, ['--quiet', '--color', '0', '--ip', '127.0.0.1', '--add-ca', ca, '--protocols', '--server-defaults', '--headers', httpsUrl], [0, 1]);
      }
      report(t.name, samples, testsslMs);
    }
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function cliCommand() {
  const bin = join(root, 'bin', 'secaudit.cjs');
  if (!existsSync(join(root, 'dist', 'cli.cjs'))) {
    console.error('run npm run build first');
    process.exit(2);
  }
  return (url, resolve, ca) => [process.execPath, [bin, 'probe', url, ...resolve.flatMap((r) => ['--resolve', r]), '--ca', ca]];
}


function measure(cmd, cmdArgs, okCodes) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function report(name, samples, testsslMs) {
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const curlPair = m['curl -sI http'] + m['curl -sI https'];
  const budget = m['node -e 0'] + 3 * curlPair;
  const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(m)) {
    let note = '';
    if (k === 'probe') note = `  node -e 0 + ${(v - m['node -e 0']).toFixed(0)} ms; ${(v / curlPair).toFixed(1)}× the curl pair`;
    if (k === 'sslscan') note = `  ${(v / m.probe).toFixed(1)}× probe`;
    console.log(`  ${k.padEnd(16)}${fmt(v)}${note}`);
  }
  if (testsslMs !== null) console.log(`  ${'testssl.sh'.padEnd(16)}${fmt(testsslMs)}  one run (--protocols --server-defaults --headers); ${(testsslMs / m.probe).toFixed(0)}× probe`);
  const ok = m.probe <= budget;
  console.log(`  budget: node -e 0 + 3 × (curl http + curl https) = ${budget.toFixed(0)} ms; probe ${ok ? 'is within it' : 'EXCEEDS it'} (${((m.probe / budget) * 100).toFixed(0)}%)`);
}

async function firstLine(stream) {
  let text = '';
  for await (const chunk of stream) {
    text += chunk;
    const nl = text.indexOf('\n');
    if (nl >= 0) return text.slice(0, nl);
  }
  throw new Error('the target server did not start');
}

async function freePort() {
  const server = createNetServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function startNginx(dir, children) {
  const http = await freePort();
  const https = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${http};
    return 301 https://$host:${https}$request_uri;
  }
  server {
    listen 127.0.0.1:${https} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    location = / { default_type text/html; return 200 "<!DOCTYPE html><title>bench</title><h1>ok</h1>"; }
  }
}
`,
  );
  const child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', conf, '-e', join(dir, 'nginx-error.log')], { stdio: 'ignore' });
  children.push(child);
  for (const port of [http, https]) {
    const deadline = Date.now() + 5000;
    while (!(await canConnect(port))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`nginx did not start: ${readFileSync(join(dir, 'nginx-error.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return { http, https };
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

if (args[0] === '--serve') await serve(args[1]);
else await main();
