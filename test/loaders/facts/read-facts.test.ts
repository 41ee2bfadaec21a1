import { describe, expect, it } from 'vitest';
import { noFacts, readFacts } from '../../../src/loaders/facts/index.ts';
import { djangoReleases } from '../../../src/loaders/facts/releases.ts';
import { EnvStore } from '../../../src/loaders/python/scope.ts';
import { memoryFs } from '../../helpers/memory-fs.ts';

const project = {
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
  'mysite/settings.py': 'DEBUG = False\n',
  // pins
  'requirements.txt': '-r requirements/prod.txt\n',
  'requirements/base.txt': 'Django==4.2.11\nasgiref\n',
  'requirements/prod.txt': '-r base.txt\n-c ../constraints.txt\n-r missing.txt\ngunicorn==23.0\n',
  'constraints.txt': 'django<5\n',
  'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "^5.0"\n',
  'poetry.lock': '[[package]]\nname = "django"\nversion = "5.0.6"\n',
  'Pipfile.lock': '{"default": {"django": {"version": "==4.2.1",}}}',
  'node_modules/some-tool/requirements.txt': 'Django==1.0\n',
  '.venv/lib/requirements.txt': 'Django==1.1\n',
  // app servers
  Procfile: 'release: python manage.py migrate\nweb: gunicorn mysite.wsgi --log-file -\n',
  'gunicorn.conf.py': 'import multiprocessing\nbind = "0.0.0.0:8000"\nworkers = multiprocessing.cpu_count() * 2 + 1\n',
  'docker/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "-c", "/app/conf/gunicorn.py", "--bind", "127.0.0.1:9000", "mysite.wsgi"]\n',
  'docker/conf/gunicorn.py': 'bind = ["0.0.0.0:9000"]\n',
  // nginx
  'deploy/nginx/nginx.conf': 'events {}\nhttp {\n  server_tokens off;\n  include sites-enabled/*.conf;\n}\n',
  'deploy/nginx/sites-enabled/mysite.conf': [
    'server {',
    '  listen 80;',
    '  server_name example.com;',
    '  return 301 https://$host$request_uri;',
    '}',
    'server {',
    '  listen 443 ssl;',
    '  server_name example.com;',
    '  include /etc/letsencrypt/options-ssl-nginx.conf;',
    '  location / {',
    '    include snippets/proxy.conf;',
    '    proxy_pass http://127.0.0.1:8000;',
    '  }',
    '}',
  ].join('\n'),
  'deploy/nginx/snippets/proxy.conf': 'proxy_set_header Host $host;\nproxy_set_header X-Forwarded-Proto $scheme;\n',
  'deploy/nginx/conf.d/broken.conf': 'server {\n  listen 8080\n  server_name broken;\n',
  'deploy/supervisord.conf': '[program:web]\ncommand=gunicorn mysite.wsgi\n',
};

describe('readFacts on a project', () => {
  const { facts, diagnostics } = readFacts(memoryFs(project), ['/project']);

  it('finds every Django pin, following -r and -c, skipping node_modules, virtualenvs and the broken Pipfile.lock', () => {
    expect(facts.djangoPins.map((p) => [`${p.origin.file}:${p.origin.line}:${p.origin.column}`, p.source, p.section, p.spec, p.exact, p.series])).toEqual([
      ['constraints.txt:1:1', 'requirements', 'constraint', '<5', null, null],
      ['poetry.lock:3:1', 'poetry.lock', 'package', '5.0.6', '5.0.6', '5.0'],
      ['pyproject.toml:3:1', 'poetry', 'tool.poetry.dependencies', '^5.0', null, null],
      ['requirements/base.txt:1:1', 'requirements', 'requirement', '==4.2.11', '4.2.11', '4.2'],
    ]);
  });

  it('finds where the app servers listen', () => {
    expect(facts.appServers.map((b) => [`${b.origin.file}:${b.origin.line}:${b.origin.column}`, b.server, b.source, b.via, b.address, b.public, b.overriddenBy])).toEqual([
      ['docker/Dockerfile:4:59', 'gunicorn', 'dockerfile', 'flag', '127.0.0.1:9000', false, null],
      ['docker/conf/gunicorn.py:1:1', 'gunicorn', 'gunicorn-config', 'config', '0.0.0.0:9000', true, { file: 'docker/Dockerfile', line: 4, column: 59 }],
      ['gunicorn.conf.py:2:1', 'gunicorn', 'gunicorn-config', 'config', '0.0.0.0:8000', true, null],
    ]);
  });

  it('reads nginx from its main file, through includes; a file the http block includes is not repeated', () => {
    expect(facts.nginx.map((f) => [f.file, f.context, f.included])).toEqual([
      ['deploy/nginx/conf.d/broken.conf', 'snippet', []],
      ['deploy/nginx/nginx.conf', 'http', ['deploy/nginx/sites-enabled/mysite.conf', 'deploy/nginx/snippets/proxy.conf']],
    ]);
    const main = facts.nginx[1]!;
    const [http80, https] = main.servers;
    expect([http80?.redirect.kind, http80?.serverTokens]).toEqual(['all', { state: 'set', value: 'off', level: 'http', origin: { file: 'deploy/nginx/nginx.conf', line: 3, column: 3 } }]);
    expect(https?.sslProtocols).toMatchObject({ state: 'unknown', origin: { file: 'deploy/nginx/sites-enabled/mysite.conf', line: 9, column: 3 } });
    expect(https?.locations[0]?.proxyHeaders.entries.map((h) => `${h.name} ${h.value} ${h.origin.file}:${h.origin.line}`)).toEqual([
      'Host $host deploy/nginx/snippets/proxy.conf:1',
      'X-Forwarded-Proto $scheme deploy/nginx/snippets/proxy.conf:2',
    ]);
  });

  it('bundles the release table', () => {
    expect(facts.releases).toBe(djangoReleases());
  });

  it('reports bad input as diagnostics with file:line, never a crash', () => {
    expect(diagnostics.map((d) => [d.level, d.code, d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : null, d.message])).toEqual([
      ['warning', 'requirements-include', 'requirements/prod.txt:3:4', '-r missing.txt: no such file in the project (pip would fail)'],
      ['warning', 'json-syntax', 'Pipfile.lock:1:46', 'JSON syntax error: unexpected "}", expected a property name'],
      ['warning', 'nginx-syntax', 'deploy/nginx/conf.d/broken.conf:2:10', '"listen" directive is not terminated by ";"'],
      ['warning', 'nginx-syntax', 'deploy/nginx/conf.d/broken.conf:4:1', 'unexpected end of file, expecting "}": the "server" block on line 1 is not closed'],
      ['info', 'nginx-include', 'deploy/nginx/sites-enabled/mysite.conf:9:3', 'an include of this nginx configuration is not in the project; what it sets is unknown'],
    ]);
  });
});

describe('readFacts edge cases', () => {
  it('an empty project has no facts and no diagnostics: the same as noFacts()', () => {
    const r = readFacts(memoryFs({ 'app.py': 'print(1)\n' }), ['/project']);
    expect([r.facts.djangoPins, r.facts.appServers, r.facts.nginx, r.diagnostics]).toEqual([[], [], [], []]);
    expect(r.facts).toEqual(noFacts());
  });

  it('a gunicorn config with a syntax error is a diagnostic; the command then has no known bind', () => {
    const r = readFacts(memoryFs({ Procfile: 'web: gunicorn app\n', 'gunicorn.conf.py': 'bind = (\n' }), ['/project']);
    expect(r.diagnostics.map((d) => [d.code, `${d.location?.file}:${d.location?.line}`, d.message])).toEqual([['gunicorn-config', 'gunicorn.conf.py:1', "SyntaxError: '(' was never closed"]]);
    expect(r.facts.appServers.map((b) => [b.via, b.address, b.public])).toEqual([['default', '0.0.0.0:$PORT', true]]);
  });

  it('a -c file outside the project names what is missing', () => {
    const r = readFacts(memoryFs({ Procfile: 'web: gunicorn -c /etc/gunicorn/conf.py app\n' }), ['/project']);
    expect(r.facts.appServers.map((b) => [b.via, b.kind, b.public, b.reason])).toEqual([['config', 'unknown', null, 'gunicorn reads its settings from /etc/gunicorn/conf.py, which is not in the project']]);
  });

  it('the deployment environment reaches gunicorn config files', () => {
    const env = new EnvStore();
    env.set('BIND', { value: '127.0.0.1:8001', definedAt: null, source: '--env' });
    const r = readFacts(memoryFs({ 'gunicorn.conf.py': 'import os\nbind = os.environ.get("BIND", "0.0.0.0:8000")\n' }), ['/project'], env);
    expect(r.facts.appServers.map((b) => [b.address, b.public])).toEqual([['127.0.0.1:8001', false]]);
  });

  it('files over the size limit are skipped with a diagnostic', () => {
    const r = readFacts(memoryFs({ 'requirements.txt': `Django==4.2\n${'#'.repeat(2 * 1024 * 1024)}` }), ['/project']);
    expect(r.facts.djangoPins).toEqual([]);
    expect(r.diagnostics.map((d) => [d.level, d.code, d.message])).toEqual([['info', 'facts-file-unreadable', 'requirements.txt is over the 2 MB limit; the Django version it pins is not known']]);
  });
});
