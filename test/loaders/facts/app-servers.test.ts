import { describe, expect, it } from 'vitest';
import type { AppServerBind } from '../../../src/engine/facts.ts';
import {
  type ConfigLookup,
  type GunicornConfig,
  type LaunchFile,
  classifyHost,
  parseDockerfile,
  parseGunicornAddress,
  parseGunicornConf,
  parseProcfile,
  parseRunserverAddress,
  parseTwistedEndpoint,
  resolveInvocation,
} from '../../../src/loaders/facts/app-servers.ts';
import { EnvStore } from '../../../src/loaders/python/scope.ts';

/** [server, via, kind, address, host, port, public, line, column] */
type Brief = readonly [string, string, string, string | null, string | null, number | null, boolean | null, number, number];
const brief = (b: AppServerBind): Brief => [b.server, b.via, b.kind, b.address, b.host, b.port, b.public, b.origin.line, b.origin.column];

function binds(launch: LaunchFile, lookup: ConfigLookup = { kind: 'none' }): AppServerBind[] {
  return launch.invocations.flatMap((inv) => resolveInvocation(inv, launch, lookup).binds);
}

describe('addresses', () => {
  const hosts: readonly [string | null, string | null, boolean | null][] = [
    ['0.0.0.0', '0.0.0.0', true],
    ['', '0.0.0.0', true],
    ['::', '::', true],
    ['127.0.0.1', '127.0.0.1', false],
    ['127.8.9.10', '127.8.9.10', false],
    ['localhost', 'localhost', false],
    ['LOCALHOST', 'localhost', false],
    ['::1', '::1', false],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1', false],
    ['10.0.0.5', '10.0.0.5', true],
    ['2001:db8::1', '2001:db8::1', true],
    ['web', 'web', null],
    ['999.1.1.1', '999.1.1.1', null],
    ['$HOST', null, null],
    [null, null, null],
  ];
  for (const [raw, host, pub] of hosts) {
    it(`host ${JSON.stringify(raw)}`, () => expect([classifyHost(raw).host, classifyHost(raw).public]).toEqual([host, pub]));
  }

  // gunicorn/util.py parse_address, case by case.
  const gunicorn: readonly [string, ReturnType<typeof parseGunicornAddress>][] = [
    ['0.0.0.0:8000', { kind: 'tcp', host: '0.0.0.0', port: 8000, portText: null }],
    ['127.0.0.1', { kind: 'tcp', host: '127.0.0.1', port: 8000, portText: null }],
    [':8000', { kind: 'tcp', host: '', port: 8000, portText: null }],
    ['', { kind: 'tcp', host: '0.0.0.0', port: 8000, portText: null }],
    ['[::]:8000', { kind: 'tcp', host: '::', port: 8000, portText: null }],
    ['[::1]', { kind: 'tcp', host: '::1', port: 8000, portText: null }],
    ['tcp://0.0.0.0:80', { kind: 'tcp', host: '0.0.0.0', port: 80, portText: null }],
    ['unix:/run/gunicorn.sock', { kind: 'unix', host: null, port: null, portText: null }],
    ['unix://tmp/g.sock', { kind: 'unix', host: null, port: null, portText: null }],
    ['fd://3', { kind: 'fd', host: null, port: null, portText: null }],
    ['0.0.0.0:$PORT', { kind: 'tcp', host: '0.0.0.0', port: null, portText: '$PORT' }],
    ['$HOST:$PORT', { kind: 'tcp', host: '$HOST', port: null, portText: '$PORT' }],
    ['8000', { kind: 'tcp', host: '8000', port: 8000, portText: null }],
  ];
  for (const [input, expected] of gunicorn) it(`gunicorn ${JSON.stringify(input)}`, () => expect(parseGunicornAddress(input)).toEqual(expected));

  it('runserver addrport', () => {
    expect(parseRunserverAddress('8000', false)).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 8000, portText: null });
    expect(parseRunserverAddress('0:8000', false)).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 8000, portText: null });
    expect(parseRunserverAddress('[::]:8000', true)).toEqual({ kind: 'tcp', host: '::', port: 8000, portText: null });
    expect(parseRunserverAddress('9000', true)).toEqual({ kind: 'tcp', host: '::1', port: 9000, portText: null });
    expect(parseRunserverAddress('example.com', false)).toEqual({ kind: 'tcp', host: 'example.com', port: 8000, portText: null });
  });

  it('daphne endpoints (Twisted strings)', () => {
    expect(parseTwistedEndpoint('tcp:8000')).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 8000, portText: null });
    expect(parseTwistedEndpoint('tcp:port=8000:interface=127.0.0.1')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 8000, portText: null });
    expect(parseTwistedEndpoint('ssl:443:privateKey=key.pem:certKey=crt.pem')).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 443, portText: null });
    expect(parseTwistedEndpoint('tcp:8000:interface=\\:\\:1')).toEqual({ kind: 'tcp', host: '::1', port: 8000, portText: null });
    expect(parseTwistedEndpoint('unix:/tmp/d.sock')).toEqual({ kind: 'unix', host: null, port: null, portText: null });
    expect(parseTwistedEndpoint('systemd:domain=INET:index=0')).toBeNull();
  });
});

describe('Procfile', () => {
  const F = 'Procfile';
  const rows: readonly [name: string, text: string, binds: readonly Brief[]][] = [
    ['--bind with $PORT', 'web: gunicorn mysite.wsgi --bind 0.0.0.0:$PORT --workers 3', [['gunicorn', 'flag', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 1, 34]]],
    ['no bind: the platform sets PORT', 'release: python manage.py migrate\nweb: gunicorn mysite.wsgi', [['gunicorn', 'default', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 2, 6]]],
    ['PORT set on the command line', 'web: PORT=9000 exec gunicorn mysite.wsgi', [['gunicorn', 'default', 'tcp', '0.0.0.0:9000', '0.0.0.0', 9000, true, 1, 21]]],
    [
      'several -b, short and attached forms',
      'web: gunicorn -b 127.0.0.1:8000 -bunix:/tmp/g.sock --bind=:5000 app',
      [
        ['gunicorn', 'flag', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 1, 18],
        ['gunicorn', 'flag', 'unix', 'unix:/tmp/g.sock', null, null, false, 1, 35],
        ['gunicorn', 'flag', 'tcp', ':5000', '0.0.0.0', 5000, true, 1, 59],
      ],
    ],
    ['wrappers: newrelic, python -m', 'web: newrelic-admin run-program python -m gunicorn app --bind [::]:8000', [['gunicorn', 'flag', 'tcp', '[::]:8000', '::', 8000, true, 1, 63]]],
    ['heroku nginx buildpack', 'web: bin/start-nginx gunicorn -c gunicorn.conf app:app', [['gunicorn', 'default', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 1, 22]]],
    ['poetry run', 'web: poetry run gunicorn app -b localhost:8000', [['gunicorn', 'flag', 'tcp', 'localhost:8000', 'localhost', 8000, false, 1, 33]]],
    ['uvicorn --host/--port', 'web: uvicorn app.asgi:application --host 0.0.0.0 --port $PORT', [['uvicorn', 'flag', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 1, 42]]],
    ['uvicorn --port only keeps 127.0.0.1', 'web: uvicorn app.asgi:application --port=8001', [['uvicorn', 'flag', 'tcp', '127.0.0.1:8001', '127.0.0.1', 8001, false, 1, 42]]],
    ['uvicorn default (PORT is not read)', 'web: uvicorn app.asgi:application', [['uvicorn', 'default', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 1, 6]]],
    ['daphne -b/-p', 'web: daphne -b 0.0.0.0 -p $PORT app.asgi:application', [['daphne', 'flag', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 1, 16]]],
    ['daphne endpoint', 'web: daphne -e ssl:443:privateKey=k.pem app.asgi:application', [['daphne', 'flag', 'tcp', 'ssl:443:privateKey=k.pem', '0.0.0.0', 443, true, 1, 16]]],
    ['daphne unix socket only', 'web: daphne -u /tmp/d.sock app.asgi:application', [['daphne', 'flag', 'unix', '/tmp/d.sock', null, null, false, 1, 16]]],
    ['runserver', 'web: python manage.py runserver 0.0.0.0:$PORT', [['runserver', 'flag', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 1, 33]]],
    ['runserver default', 'web: ./manage.py runserver --noreload', [['runserver', 'default', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 1, 6]]],
    [
      'sh -c with several commands',
      'web: sh -c "python manage.py migrate && gunicorn app --bind 0.0.0.0:$PORT"',
      [['gunicorn', 'flag', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 1, 61]],
    ],
    ['other processes are not app servers', 'worker: celery -A proj worker\nclock: python clock.py\n', []],
    ['pip install gunicorn is not a server', 'web: pip install gunicorn', []],
  ];
  for (const [name, text, expected] of rows) {
    it(name, () => {
      const launch = parseProcfile(F, text);
      expect(launch.problems).toEqual([]);
      const got = binds(launch);
      expect(got.map(brief)).toEqual(expected);
      for (const b of got) expect([b.source, b.origin.file]).toEqual(['procfile', F]);
    });
  }

  it('keeps the command and explains the address', () => {
    const [b] = binds(parseProcfile(F, 'web: gunicorn mysite.wsgi --bind 0.0.0.0:$PORT'));
    expect(b?.command).toBe('gunicorn mysite.wsgi --bind 0.0.0.0:$PORT');
    expect(b?.reason).toBe('0.0.0.0 listens on every IPv4 interface; the port comes from $PORT');
  });

  it('bad lines are problems with their line', () => {
    expect(parseProcfile(F, 'web gunicorn app\nweb: gunicorn "app\n').problems).toEqual([
      { message: 'not a Procfile line: expected `process: command`', origin: { file: F, line: 1, column: 1 } },
      { message: 'shell syntax: unterminated double quote', origin: { file: F, line: 2, column: 15 } },
    ]);
  });
});

describe('Dockerfile', () => {
  const F = 'Dockerfile';
  const rows: readonly [name: string, text: string, binds: readonly Brief[]][] = [
    ['exec form', 'FROM python:3.12\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi"]\n', [['gunicorn', 'flag', 'tcp', '0.0.0.0:8000', '0.0.0.0', 8000, true, 2, 28]]],
    ['shell form', 'FROM python:3.12\ncmd gunicorn mysite.wsgi:application -b 127.0.0.1:8000\n', [['gunicorn', 'flag', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 2, 41]]],
    ['continuation lines', 'FROM python:3.12\nCMD gunicorn app \\\n    --bind 0.0.0.0:8000 \\\n    --workers 3\n', [['gunicorn', 'flag', 'tcp', '0.0.0.0:8000', '0.0.0.0', 8000, true, 3, 12]]],
    ['a comment inside a continued instruction', 'FROM python:3.12\nCMD ["gunicorn", \\\n# the address\n  "-b", "[::]:80", "app"]\n', [['gunicorn', 'flag', 'tcp', '[::]:80', '::', 80, true, 4, 9]]],
    ['the escape directive', '# escape=`\nFROM python:3.12\nCMD gunicorn app `\n  -b 0.0.0.0:80\n', [['gunicorn', 'flag', 'tcp', '0.0.0.0:80', '0.0.0.0', 80, true, 4, 6]]],
    ['ENV PORT makes the default public', 'FROM python:3.12\nENV PORT=8080 PYTHONUNBUFFERED=1\nCMD ["gunicorn", "app"]\n', [['gunicorn', 'default', 'tcp', '0.0.0.0:8080', '0.0.0.0', 8080, true, 3, 6]]],
    ['legacy ENV form', 'FROM python:3.12\nENV PORT 5000\nCMD ["gunicorn", "app"]\n', [['gunicorn', 'default', 'tcp', '0.0.0.0:5000', '0.0.0.0', 5000, true, 3, 6]]],
    ['no PORT: it depends on the run-time environment', 'FROM python:3.12\nCMD ["gunicorn", "app"]\n', [['gunicorn', 'default', 'tcp', null, null, null, null, 2, 6]]],
    ['GUNICORN_CMD_ARGS', 'FROM python:3.12\nENV GUNICORN_CMD_ARGS="--bind=0.0.0.0:9000 --workers=2"\nCMD ["gunicorn", "app"]\n', [['gunicorn', 'env', 'tcp', '0.0.0.0:9000', '0.0.0.0', 9000, true, 2, 5]]],
    ['UVICORN_HOST', 'FROM python:3.12\nENV UVICORN_HOST=0.0.0.0\nCMD ["uvicorn", "app.asgi:application"]\n', [['uvicorn', 'env', 'tcp', '0.0.0.0:8000', '0.0.0.0', 8000, true, 2, 5]]],
    [
      'only the final stage counts',
      'FROM python:3.12 AS build\nCMD ["gunicorn", "-b", "0.0.0.0:1", "app"]\nFROM python:3.12-slim\nCMD ["uvicorn", "app:app", "--host", "127.0.0.1"]\n',
      [['uvicorn', 'flag', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 4, 38]],
    ],
    [
      'a stage built from an earlier one inherits its ENV and CMD',
      'FROM python:3.12 AS base\nENV PORT=7000\nCMD ["gunicorn", "app"]\nFROM base AS final\nRUN true\n',
      [['gunicorn', 'default', 'tcp', '0.0.0.0:7000', '0.0.0.0', 7000, true, 3, 6]],
    ],
    [
      'an entrypoint script runs the CMD',
      'FROM python:3.12\nENTRYPOINT ["/app/docker-entrypoint.sh"]\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app"]\n',
      [['gunicorn', 'flag', 'tcp', '0.0.0.0:8000', '0.0.0.0', 8000, true, 3, 24]],
    ],
    [
      'sh -c in exec form expands $PORT',
      'FROM python:3.12\nCMD ["sh", "-c", "gunicorn app --bind 0.0.0.0:${PORT:-8000}"]\n',
      [['gunicorn', 'flag', 'tcp', '0.0.0.0:${PORT:-8000}', '0.0.0.0', null, true, 2, 39]],
    ],
    ['a shell-form ENTRYPOINT ignores CMD', 'FROM python:3.12\nENTRYPOINT gunicorn app -b 127.0.0.1:8000\nCMD ["gunicorn", "-b", "0.0.0.0:1", "app"]\n', [['gunicorn', 'flag', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 2, 28]]],
    [
      'ENTRYPOINT resets the CMD of the stage it builds on',
      'FROM python:3.12 AS base\nCMD ["gunicorn", "-b", "0.0.0.0:1", "app"]\nFROM base\nENTRYPOINT ["/usr/local/bin/run-app"]\n',
      [],
    ],
    ['heredoc bodies are not instructions', 'FROM python:3.12\nRUN <<EOF\nCMD gunicorn -b 0.0.0.0:1 app\nEOF\nCMD ["gunicorn", "-b", "127.0.0.1:8000", "app"]\n', [['gunicorn', 'flag', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 5, 24]]],
    ['EXPOSE is irrelevant, no CMD means nothing', 'FROM python:3.12\nEXPOSE 8000\n', []],
  ];
  for (const [name, text, expected] of rows) {
    it(name, () => {
      const launch = parseDockerfile(F, text);
      expect(launch.problems).toEqual([]);
      expect(binds(launch).map(brief)).toEqual(expected);
    });
  }

  it('exec form does not expand $PORT: gunicorn gets the literal text', () => {
    const [b] = binds(parseDockerfile(F, 'FROM python:3.12\nCMD ["gunicorn", "--bind", "0.0.0.0:$PORT", "app"]\n'));
    expect(brief(b!)).toEqual(['gunicorn', 'flag', 'tcp', '0.0.0.0:$PORT', '0.0.0.0', null, true, 2, 28]);
    expect(b?.reason).toBe('0.0.0.0 listens on every IPv4 interface; no shell runs an exec-form command, so gunicorn gets the text 0.0.0.0:$PORT as it is, and a port that is not a number stops it from starting');
  });

  it('reports WORKDIR and ENV of the final stage', () => {
    const launch = parseDockerfile(F, 'FROM python:3.12\nWORKDIR /srv\nWORKDIR app\nENV A=1 B="two words"\n');
    expect(launch.workdir).toBe('/srv/app');
    expect([...launch.env]).toEqual([
      ['A', { value: '1', at: { file: F, line: 4, column: 5 } }],
      ['B', { value: 'two words', at: { file: F, line: 4, column: 9 } }],
    ]);
  });
});

describe('gunicorn config files', () => {
  const F = 'gunicorn.conf.py';
  const rows: readonly [name: string, text: string, binds: readonly Brief[]][] = [
    ['a string', 'bind = "0.0.0.0:8000"\nworkers = 3\n', [['gunicorn', 'config', 'tcp', '0.0.0.0:8000', '0.0.0.0', 8000, true, 1, 1]]],
    [
      'a list',
      'bind = [\n    "127.0.0.1:8000",\n    "unix:/run/gunicorn.sock",\n]\n',
      [
        ['gunicorn', 'config', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 1, 1],
        ['gunicorn', 'config', 'unix', 'unix:/run/gunicorn.sock', null, null, false, 1, 1],
      ],
    ],
    ['evaluated, not matched: the last assignment wins', 'import multiprocessing\nHOST = "127.0.0.1"\nbind = "0.0.0.0:80"\nworkers = multiprocessing.cpu_count() * 2 + 1\nbind = f"{HOST}:8000"\n', [['gunicorn', 'config', 'tcp', '127.0.0.1:8000', '127.0.0.1', 8000, false, 5, 1]]],
    ['a port read from the environment, with a default', 'from os import environ as env\nPORT = int(env.get("PORT", 8080))\nbind = ":" + str(PORT)\n', [['gunicorn', 'config', 'tcp', ':8080', '0.0.0.0', 8080, true, 3, 1]]],
    ['the default of an unset variable', 'import os\nbind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8080")\n', [['gunicorn', 'config', 'tcp', '0.0.0.0:8080', '0.0.0.0', 8080, true, 2, 1]]],
    ['an f-string whose port cannot be known keeps its host', 'import os\nbind = f"0.0.0.0:{os.environ[\'PORT\']}"\n', [['gunicorn', 'config', 'tcp', null, '0.0.0.0', null, true, 2, 1]]],
    ['a concatenation whose port cannot be known keeps its host', 'import os\nbind = "127.0.0.1:" + os.environ["PORT"]\n', [['gunicorn', 'config', 'tcp', null, '127.0.0.1', null, false, 2, 1]]],
    ['an unknown host stays unknown', 'import os\nbind = os.environ["BIND"]\n', [['gunicorn', 'config', 'unknown', null, null, null, null, 2, 1]]],
    ['not a string', 'bind = 8000\n', [['gunicorn', 'config', 'unknown', null, null, null, null, 1, 1]]],
    ['no bind', 'workers = 4\n', []],
  ];
  for (const [name, text, expected] of rows) {
    it(name, () => {
      const c = parseGunicornConf(F, text);
      expect(c.problems).toEqual([]);
      expect(c.binds.map(brief)).toEqual(expected);
      expect(c.hasBind).toBe(expected.length > 0);
    });
  }

  it('explains an environment default, and reads the deployment environment when given', () => {
    const text = 'import os\nbind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8080")\n';
    expect(parseGunicornConf(F, text).binds[0]?.reason).toBe(
      "0.0.0.0 listens on every IPv4 interface (the default of os.environ.get('GUNICORN_BIND'): the deployment does not set GUNICORN_BIND)",
    );
    const env = new EnvStore();
    env.set('GUNICORN_BIND', { value: '127.0.0.1:9000', definedAt: null, source: '--env' });
    expect(parseGunicornConf(F, text, { env }).binds.map(brief)).toEqual([['gunicorn', 'config', 'tcp', '127.0.0.1:9000', '127.0.0.1', 9000, false, 2, 1]]);
  });

  it('the reason names what could not be evaluated', () => {
    expect(parseGunicornConf(F, 'import os\nbind = os.environ["BIND"]\n').binds[0]?.reason).toBe(
      'bind could not be evaluated: environment variable BIND is not set (os.environ["BIND"] would raise KeyError)',
    );
  });

  it('a syntax error is a problem at its line, not a crash', () => {
    expect(parseGunicornConf(F, 'workers = 3\nbind = ["0.0.0.0:80"\n')).toEqual({
      file: F,
      binds: [],
      hasBind: false,
      problems: [{ message: "SyntaxError: '[' was never closed", origin: { file: F, line: 2, column: 8 } }],
    });
  });
});

describe('resolveInvocation with config files', () => {
  const config = (hasBind: boolean): GunicornConfig => ({ file: 'gunicorn.conf.py', binds: [], hasBind, problems: [] });

  it('a config file with a bind decides; a flag overrides it', () => {
    const launch = parseProcfile('Procfile', 'web: gunicorn app\nweb2: gunicorn app -b 127.0.0.1:1');
    const [plain, flagged] = launch.invocations;
    expect(resolveInvocation(plain!, launch, { kind: 'found', config: config(true), implicit: true })).toEqual({ binds: [], overrides: null });
    const r = resolveInvocation(flagged!, launch, { kind: 'found', config: config(true), implicit: true });
    expect([r.overrides, r.binds.map(brief)]).toEqual(['gunicorn.conf.py', [['gunicorn', 'flag', 'tcp', '127.0.0.1:1', '127.0.0.1', 1, false, 2, 23]]]);
  });

  it('a config file without a bind leaves the default; a missing one makes it unknown', () => {
    const launch = parseProcfile('Procfile', 'web: gunicorn -c conf/g.py app');
    const inv = launch.invocations[0]!;
    expect(resolveInvocation(inv, launch, { kind: 'found', config: config(false), implicit: false }).binds[0]?.reason).toBe(
      'gunicorn.conf.py sets no bind, and the platform sets PORT (Heroku for web processes, foreman and honcho for every process): gunicorn then binds 0.0.0.0:$PORT',
    );
    const missing = resolveInvocation(inv, launch, { kind: 'missing', path: 'conf/g.py', at: { file: 'Procfile', line: 1, column: 18 } }).binds;
    expect(missing.map(brief)).toEqual([['gunicorn', 'config', 'unknown', null, null, null, null, 1, 18]]);
    expect(missing[0]?.reason).toBe('gunicorn reads its settings from conf/g.py, which is not in the project');
  });
});
