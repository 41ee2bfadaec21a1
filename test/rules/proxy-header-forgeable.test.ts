import { describe, expect, it } from 'vitest';
import rule from '../../rules/proxy-header-forgeable.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const TRUST = "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')";

testRule(rule, {
  valid: [
    { name: 'gunicorn on loopback', code: TRUST, files: { 'gunicorn.conf.py': "bind = '127.0.0.1:8000'\n" } },
    { name: 'gunicorn on IPv6 loopback', code: TRUST, files: { 'gunicorn.conf.py': "bind = '[::1]:8000'\n" } },
    { name: 'gunicorn on a unix socket', code: TRUST, files: { 'gunicorn.conf.py': "bind = 'unix:/run/gunicorn.sock'\n" } },
    { name: 'the header is not trusted: Django ignores it', code: 'DEBUG = False', files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" } },
    { name: 'explicitly None', code: 'SECURE_PROXY_SSL_HEADER = None', files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" } },
    { name: 'an empty tuple is falsy: Django ignores it', code: 'SECURE_PROXY_SSL_HEADER = ()', files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" } },
    { name: 'a Procfile dyno is reached only through the platform router', code: TRUST, files: { Procfile: 'web: gunicorn mysite.wsgi --bind 0.0.0.0:$PORT\n' } },
    { name: "a Procfile without --bind (gunicorn binds 0.0.0.0:$PORT)", code: TRUST, files: { Procfile: 'web: gunicorn mysite.wsgi --log-file -\n' } },
    {
      name: "the command's --bind overrides the config file's",
      code: TRUST,
      files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n", Dockerfile: 'FROM python:3.12\nCMD ["gunicorn", "-c", "gunicorn.conf.py", "-b", "127.0.0.1:8000", "mysite.wsgi"]\n' },
    },
    { name: 'runserver without an address listens on loopback', code: TRUST, files: { Dockerfile: 'FROM python:3.12\nCMD ["python", "manage.py", "runserver"]\n' } },
    { name: 'no app server in the project', code: TRUST, status: 'skipped' },
    {
      name: 'the bind comes from a variable the deployment sets',
      code: TRUST,
      files: { 'gunicorn.conf.py': "import os\nbind = os.environ['GUNICORN_BIND']\n" },
      status: 'unknown',
    },
    {
      name: 'whether the header is trusted depends on a variable that is not given',
      code: "import os\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https') if os.environ['BEHIND_PROXY'] == '1' else None",
      files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" },
      status: 'unknown',
    },
    {
      name: 'an unknown header setting does not matter when nothing is reachable',
      code: "import os\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https') if os.environ['BEHIND_PROXY'] == '1' else None",
      files: { 'gunicorn.conf.py': "bind = 'unix:/run/gunicorn.sock'\n" },
    },
  ],
  invalid: [
    { name: 'gunicorn config on 0.0.0.0', code: TRUST, files: { 'gunicorn.conf.py': "workers = 3\nbind = '0.0.0.0:8000'\n" }, errors: [{ messageId: 'directBind', line: 2, file: 'gunicorn.conf.py' }] },
    { name: "gunicorn's empty host is 0.0.0.0", code: TRUST, files: { 'gunicorn.conf.py': "bind = ':8000'\n" }, errors: [{ messageId: 'directBind', line: 1, file: 'gunicorn.conf.py' }] },
    {
      name: 'one public address of several',
      code: TRUST,
      files: { 'deploy/gunicorn.conf.py': "bind = ['127.0.0.1:8000', '[::]:8000']\n" },
      errors: [{ messageId: 'directBind', line: 1, file: 'deploy/gunicorn.conf.py' }],
    },
    {
      name: 'a private network address is reachable from that network',
      code: TRUST,
      files: { 'gunicorn.conf.py': "bind = '10.0.3.7:8000'\n" },
      errors: [{ messageId: 'directBind', line: 1, file: 'gunicorn.conf.py' }],
    },
    {
      name: 'an f-string bind whose host is literal',
      code: TRUST,
      files: { 'gunicorn.conf.py': "import os\nport = os.environ['PORT']\nbind = f'0.0.0.0:{port}'\n" },
      errors: [{ messageId: 'directBind', line: 3, file: 'gunicorn.conf.py' }],
    },
    {
      name: 'a Dockerfile command: reachable if the port is published',
      code: TRUST,
      files: { Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi"]\n' },
      errors: [{ messageId: 'containerBind', line: 4, file: 'Dockerfile' }],
    },
    {
      name: 'uvicorn in a Dockerfile',
      code: TRUST,
      files: { Dockerfile: 'FROM python:3.12-slim\nCMD uvicorn mysite.asgi:application --host 0.0.0.0 --port 8000\n' },
      errors: [{ messageId: 'containerBind', line: 2, file: 'Dockerfile' }],
    },
    {
      name: 'the header setting comes from a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `${TRUST}\n`, 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" },
      errors: [{ messageId: 'directBind', line: 1, file: 'gunicorn.conf.py' }],
    },
    {
      name: 'trusted when the deployment says so',
      code: "import os\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https') if os.environ.get('BEHIND_PROXY') else None",
      env: { BEHIND_PROXY: '1' },
      files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" },
      errors: [{ messageId: 'directBind', line: 1, file: 'gunicorn.conf.py' }],
    },
    {
      name: 'a Procfile next to a public gunicorn config that it does not override',
      code: TRUST,
      files: { Procfile: 'web: gunicorn mysite.wsgi\n', 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" },
      errors: [{ messageId: 'directBind', line: 1, file: 'gunicorn.conf.py' }],
    },
  ],
});

describe('proxy-header-forgeable messages', () => {
  it('names the server, the address and the header', () => {
    const o = runRule(rule, { code: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_SSL', 'on')", files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\n" } });
    expect(o.findings.map((f) => [f.message, f.severity, f.setting])).toEqual([['gunicorn listens on 0.0.0.0:8000: clients can send X-Forwarded-Ssl themselves', 'warning', null]]);
  });

  it('a container bind is info and says the port must be published', () => {
    const o = runRule(rule, { code: TRUST, files: { Dockerfile: 'FROM python:3.12\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "mysite.wsgi"]\n' } });
    expect(o.findings.map((f) => [f.message, f.severity, f.location?.column])).toEqual([['gunicorn binds 0.0.0.0:8000 in a container: X-Forwarded-Proto forgeable if published', 'info', 24]]);
  });

  it('the unknown outcome says why the address is not known', () => {
    const o = runRule(rule, { code: TRUST, files: { 'gunicorn.conf.py': "import os\nbind = os.environ['GUNICORN_BIND']\n" } });
    expect(o.unknown?.location).toEqual({ file: 'gunicorn.conf.py', line: 2, column: 1 });
    expect(o.unknown?.reason).toMatch(/^where gunicorn listens is not known: bind could not be evaluated/);
  });
});
