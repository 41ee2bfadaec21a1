// npm run bench [-- --runs N] [-- --readme]
// Interleaved, on the fixture projects: `secaudit check --deploy`, bare `node -e 0`, and Django's own
// `python3 manage.py check --deploy` (Debian python3-django) when installed; median wall time and peak RSS.
// Then a generated settings package of 200 modules / 20,000 lines, to show the evaluator scales linearly.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 15;
const writeReadme = args.includes('--readme');
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'secaudit.cjs');
if (!existsSync(join(root, 'dist', 'cli.cjs'))) {
  console.error('run npm run build first');
  process.exit(2);
}
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const python = '/usr/bin/python3';
const hasDjango = existsSync(python) && spawnSync(python, ['-c', 'import django'], { stdio: 'ignore' }).status === 0;
const temps = [];

/** Runs a command once: wall time in ms (hrtime around the spawn) and peak RSS in MB (GNU time), if available. */
function measure(cmd, cmdArgs, opts = {}) {
  const rssFile = join(tmpdir(), `secaudit-bench-${process.pid}.rss`);
  const [file, fileArgs] = timeBin ? [timeBin, ['-f', '%M', '-o', rssFile, cmd, ...cmdArgs]] : [cmd, cmdArgs];
  const start = process.hrtime.bigint();
  const r = spawnSync(file, fileArgs, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = timeBin ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
  return { ms, rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function envOf(dir, files) {
  const env = {};
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const m = /^(?:export\s+)?([A-Za-z_]\w*)=(.*)$/.exec(line.trim());
      if (m) env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return env;
}

const fixtures = readdirSync(join(root, 'fixtures'))
  .filter((f) => statSync(join(root, 'fixtures', f)).isDirectory())
  .sort()
  .map((name) => {
    const dir = join(root, 'fixtures', name);
    const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
    const secaudit = ['--', bin, 'check', '--deploy', dir, ...(c.settings ? ['--settings', c.settings] : []), ...c.envFiles.flatMap((e) => ['--env-file', join(dir, e)])];
    let djangoDir = null;
    if (hasDjango) {
      // Django's FileBasedCache creates its directory during checks: run on a copy.
      djangoDir = mkdtempSync(join(tmpdir(), 'secaudit-bench-'));
      temps.push(djangoDir);
      cpSync(dir, djangoDir, { recursive: true });
    }
    return { name, secaudit, djangoDir, env: { PATH: '/usr/bin:/bin', ...envOf(dir, c.envFiles) } };
  });

const samples = new Map();
const add = (key, m) => {
  if (!samples.has(key)) samples.set(key, { ms: [], rss: [] });
  samples.get(key).ms.push(m.ms);
  samples.get(key).rss.push(m.rss);
};

console.log(`secaudit benchmark: ${runs} runs after 2 warm-ups, interleaved; ${cpus().length} CPUs, Node ${process.version}${hasDjango ? '' : ', Django not installed (python3-django): skipped'}`);
for (let i = -2; i < runs; i++) {
  for (const f of fixtures) {
    const order = [
      () => ['node -e 0', measure(process.execPath, ['-e', '0'])],
      () => [`secaudit ${f.name}`, measure(process.execPath, f.secaudit, { env: { PATH: process.env.PATH } })],
      ...(f.djangoDir ? [() => [`django ${f.name}`, measure(python, ['manage.py', 'check', '--deploy'], { cwd: f.djangoDir, env: f.env })]] : []),
    ];
    // Rotate the order so no command always runs first (caches, CPU frequency).
    for (let k = 0; k < order.length; k++) {
      const [key, m] = order[(k + i + 2) % order.length]();
      if (i >= 0) add(key, m);
    }
  }
}

const fmt = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(1));
const node = samples.get('node -e 0');
const nodeMs = median(node.ms);
const rows = [];
const ratiosNode = [];
const ratiosDjango = [];
for (const f of fixtures) {
  const s = samples.get(`secaudit ${f.name}`);
  const d = samples.get(`django ${f.name}`);
  const sMs = median(s.ms);
  ratiosNode.push(sMs / nodeMs);
  if (d) ratiosDjango.push(median(d.ms) / sMs);
  rows.push(`| ${f.name} | ${fmt(sMs)} | ${fmt(median(s.rss))} | ${d ? fmt(median(d.ms)) : 'n/a'} | ${d ? fmt(median(d.rss)) : 'n/a'} | ${(sMs / nodeMs).toFixed(2)}× | ${d ? `${(median(d.ms) / sMs).toFixed(1)}×` : 'n/a'} |`);
}

// Scaling: generated settings packages. "typical" modules look like real settings files (a third comments and
// blank lines, then assignments of literals, lists, dicts, env reads, paths, the odd if); "dense" modules are
// nothing but expressions (comprehensions, f-strings, dicts on every line), a stress case.
function moduleBody(m, lines, dense) {
  const body = ['import os', 'from pathlib import Path', `BASE_${m} = Path(__file__).resolve().parent`];
  for (let l = 0; body.length < lines - 1; l++) {
    const k = `S${m}_${l}`;
    const kind = dense ? l % 8 : [8, 9, 0, 10, 1, 8, 11, 3, 9, 10, 12, 5, 8, 6, 9, 2][l % 16];
    switch (kind) {
      case 0: body.push(`${k} = ["a", "b", ${l}, {"x": [1, 2, 3]}]`); break;
      case 1: body.push(`${k} = os.environ.get("${k}", "default-${l}")`); break;
      case 2: body.push(`${k} = f"{BASE_${m}.name}-${l}:{len(str(${l}))}"`); break;
      case 3: body.push(`${k} = {`, `    "ENGINE": "django.db.backends.postgresql",`, `    "PORT": ${l} * 2,`, `    "OPTIONS": dict(a=1, b="${l}"),`, '}'); break;
      case 4: body.push(`${k} = [s.upper() for s in "a,b,c".split(",") if s]`); break;
      case 5: body.push(`if os.environ.get("FLAG_${l}") == "1":`, `    ${k} = True`, 'else:', `    ${k} = False`); break;
      case 6: body.push(`${k} = "%s/%d" % ("x", ${l})`); break;
      case 7: body.push(`${k} = int("${l}") + 1 if True else 0`); break;
      case 8: body.push(`# ${k}: a comment explaining the next setting, as settings files have many of them`); break;
      case 9: body.push(''); break;
      case 10: body.push(`${k} = "value-${l}"`); break;
      case 11: body.push(`${k} = BASE_${m} / "static" / "${l}"`); break;
      default: body.push(`${k} = ${l % 2 === 0 ? 'True' : 60 * l}`);
    }
  }
  body.push(`MIDDLEWARE_${m} = ["django.middleware.security.SecurityMiddleware"]`);
  return body;
}

function generate(modules, linesPerModule, dense) {
  const dir = mkdtempSync(join(tmpdir(), 'secaudit-scale-'));
  temps.push(dir);
  mkdirSync(join(dir, 'big', 'settings'), { recursive: true });
  writeFileSync(join(dir, 'big', '__init__.py'), '');
  writeFileSync(join(dir, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "big.settings")\n');
  const init = ['import os'];
  let total = 2;
  for (let m = 0; m < modules; m++) {
    const name = `part_${String(m).padStart(3, '0')}`;
    init.push(`from .${name} import *`);
    const body = moduleBody(m, linesPerModule, dense);
    total += body.length;
    writeFileSync(join(dir, 'big', 'settings', `${name}.py`), `${body.join('\n')}\n`);
  }
  init.push('DEBUG = False', 'SECRET_KEY = os.environ.get("SECRET_KEY", "")', 'ALLOWED_HOSTS = ["example.com"]', 'MIDDLEWARE = MIDDLEWARE_0');
  total += init.length;
  writeFileSync(join(dir, 'big', 'settings', '__init__.py'), `${init.join('\n')}\n`);
  return { dir, lines: total };
}

const scale = [];
for (const [modules, dense] of [[50, false], [100, false], [200, false], [200, true]]) {
  const { dir, lines } = generate(modules, 100, dense);
  const times = [];
  const rss = [];
  for (let i = 0; i < 7; i++) {
    const m = measure(process.execPath, ['--', bin, 'check', '--deploy', dir], { env: { PATH: process.env.PATH } });
    if (i > 1) {
      times.push(m.ms);
      rss.push(m.rss);
    }
  }
  scale.push(`| ${modules} modules, ${lines.toLocaleString('en-US')} lines, ${dense ? 'dense' : 'typical'} | ${fmt(median(times))} ms | ${fmt(median(rss))} MB |`);
}

const table = [
  `| fixture | secaudit ms | secaudit MB | Django ${hasDjango ? '3.2 ' : ''}ms | Django MB | secaudit / node -e 0 | Django / secaudit |`,
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `\`node -e 0\`: ${fmt(nodeMs)} ms, ${fmt(median(node.rss))} MB. Median ratio secaudit / \`node -e 0\`: **${median(ratiosNode).toFixed(2)}×** (target ≤ 1.5×)${ratiosDjango.length ? `; Django / secaudit: **${median(ratiosDjango).toFixed(1)}×** (target ≥ 3×)` : ''}.`,
  '',
  '| generated settings package | secaudit | peak RSS |',
  '|---|---|---|',
  ...scale,
].join('\n');
console.log(`\n${table}\n`);

if (writeReadme) {
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf('<!-- bench:start -->');
  const end = readme.indexOf('<!-- bench:end -->');
  const block = `<!-- bench:start -->\n${runs} interleaved runs per command on a shared ${cpus().length}-CPU machine, Node ${process.version}, warm V8 code cache:\n\n${table}\n`;
  writeFileSync(readmePath, readme.slice(0, start) + block + readme.slice(end));
  console.log('README.md updated');
}
for (const t of temps) rmSync(t, { recursive: true, force: true });
