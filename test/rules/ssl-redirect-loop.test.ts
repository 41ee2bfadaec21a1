import { describe, expect, it } from 'vitest';
import rule from '../../rules/ssl-redirect-loop.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";
const REDIRECT = `${SM}\nSECURE_SSL_REDIRECT = True`;

/** A TLS server whose body is `body` (lines indented by the caller). */
function tls(body: string, listen = '    listen 443 ssl;\n'): Record<string, string> {
  return {
    'deploy/nginx.conf': `server {\n${listen}    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n${body}}\n`,
  };
}

const PROXY = '    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Host $host;\n    }\n';
const BARE = '    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n';
const SENDS = '    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n';
const TRUST = "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')";

testRule(rule, {
  valid: [
    { name: 'SECURE_PROXY_SSL_HEADER and nginx sends it', code: `${REDIRECT}\n${TRUST}`, files: tls(SENDS) },
    { name: 'sent from the server level', code: `${REDIRECT}\n${TRUST}`, files: tls(`    proxy_set_header X-Forwarded-Proto $scheme;\n${BARE}`) },
    { name: "'on' from $https", code: `${REDIRECT}\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_SSL', 'on')`, files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Ssl $https;\n    }\n') },
    { name: 'uwsgi_param with the META name', code: `${REDIRECT}\n${TRUST}`, files: tls('    location / {\n        uwsgi_pass 127.0.0.1:3031;\n        uwsgi_param HTTP_X_FORWARDED_PROTO $scheme;\n    }\n') },
    { name: 'the header is not sent, but nginx re-encrypts', code: `${REDIRECT}\n${TRUST}`, files: tls('    location / {\n        proxy_pass https://10.0.0.5:8443;\n    }\n') },
    { name: 'a header value passed on from a load balancer', code: `${REDIRECT}\n${TRUST}`, files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;\n    }\n'), status: 'unknown' },
    { name: "Debian's proxy_params may send the header", code: `${REDIRECT}\n${TRUST}`, files: tls('    location / {\n        include proxy_params;\n        proxy_pass http://unix:/run/gunicorn.sock;\n    }\n'), status: 'unknown' },
    { name: 'the header setting depends on a variable that is not given', code: `import os\n${REDIRECT}\nSECURE_PROXY_SSL_HEADER = (os.environ['PROXY_HEADER'], 'https')`, files: tls(PROXY), status: 'unknown' },
    { name: 'SECURE_SSL_REDIRECT is off: an unknown header setting does not matter', code: `import os\n${SM}\nSECURE_PROXY_SSL_HEADER = (os.environ['PROXY_HEADER'], 'https')`, files: tls(PROXY) },
    { name: 'Django does not redirect', code: `${SM}\nSECURE_SSL_REDIRECT = False`, files: tls(PROXY) },
    { name: 'the default is False', code: SM, files: tls(PROXY) },
    { name: 'without SecurityMiddleware nothing redirects', code: 'SECURE_SSL_REDIRECT = True', files: tls(PROXY), status: 'skipped' },
    { name: 'no nginx configuration', code: REDIRECT, status: 'skipped' },
    {
      name: 'nginx does not terminate TLS',
      code: REDIRECT,
      files: { 'deploy/nginx.conf': 'server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n' },
      status: 'skipped',
    },
    { name: 'nginx re-encrypts to the app server', code: REDIRECT, files: tls('    location / {\n        proxy_pass https://10.0.0.5:8443;\n    }\n') },
    { name: 'uwsgi_param HTTPS lets uWSGI set wsgi.url_scheme', code: REDIRECT, files: tls('    location / {\n        uwsgi_pass 127.0.0.1:3031;\n        uwsgi_param HTTPS $https if_not_empty;\n    }\n') },
    { name: 'uwsgi_param UWSGI_SCHEME', code: REDIRECT, files: tls('    location / {\n        uwsgi_pass unix:/run/uwsgi.sock;\n        uwsgi_param UWSGI_SCHEME $scheme;\n    }\n') },
    {
      name: 'the project ships its uwsgi_params with HTTPS',
      code: REDIRECT,
      files: { ...tls('    location / {\n        include uwsgi_params;\n        uwsgi_pass 127.0.0.1:3031;\n    }\n'), 'deploy/uwsgi_params': 'uwsgi_param QUERY_STRING $query_string;\nuwsgi_param HTTPS $https if_not_empty;\n' },
    },
    { name: 'a TLS-only server that redirects everything passes nothing on', code: REDIRECT, files: tls('    return 301 https://www.example.com$request_uri;\n') },
    {
      name: 'locations after a server-level redirect are never reached',
      code: REDIRECT,
      files: tls('    return 301 https://www.example.com$request_uri;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n'),
    },
    { name: 'a TLS server that serves files only', code: REDIRECT, files: tls('    root /srv/www;\n    location / {\n        try_files $uri =404;\n    }\n') },
    {
      name: 'nginx sends X-Forwarded-Proto: gunicorn may trust it (forwarded_allow_ips)',
      code: REDIRECT,
      files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n'),
      status: 'unknown',
    },
    {
      name: 'a server-level X-Forwarded-Proto is inherited by a location that sets none',
      code: REDIRECT,
      files: tls('    proxy_set_header X-Forwarded-Proto $scheme;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n'),
      status: 'unknown',
    },
    {
      name: 'a custom header carrying $scheme may be in gunicorn secure_scheme_headers',
      code: REDIRECT,
      files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Scheme $scheme;\n    }\n'),
      status: 'unknown',
    },
    { name: "Debian's proxy_params is not in the project", code: REDIRECT, files: tls('    location / {\n        include proxy_params;\n        proxy_pass http://unix:/run/gunicorn.sock;\n    }\n'), status: 'unknown' },
    { name: "the stock uwsgi_params is not in the project", code: REDIRECT, files: tls('    location / {\n        include uwsgi_params;\n        uwsgi_pass 127.0.0.1:3031;\n    }\n'), status: 'unknown' },
    { name: 'proxy_pass to a variable', code: REDIRECT, files: tls('    location / {\n        proxy_pass $backend;\n    }\n'), status: 'unknown' },
    { name: 'fastcgi is not modelled', code: REDIRECT, files: tls('    location / {\n        fastcgi_pass 127.0.0.1:9000;\n    }\n'), status: 'unknown' },
    { name: 'SECURE_REDIRECT_EXEMPT exempts the looping location', code: `${REDIRECT}\nSECURE_REDIRECT_EXEMPT = [r'^api/']`, files: tls('    location /api/ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n'), status: 'unknown' },
    { name: 'a regular-expression location may be exempt', code: `${REDIRECT}\nSECURE_REDIRECT_EXEMPT = [r'^health/$']`, files: tls('    location ~ ^/(health|status)/ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n'), status: 'unknown' },
    { name: 'a Python-only regex cannot be evaluated', code: `${REDIRECT}\nSECURE_REDIRECT_EXEMPT = [r'(?P<x>^api/)']`, files: tls(PROXY), status: 'unknown' },
    { name: 'SECURE_REDIRECT_EXEMPT from a variable that is not given', code: `import os\n${REDIRECT}\nSECURE_REDIRECT_EXEMPT = os.environ['EXEMPT'].split(',')`, files: tls(PROXY), status: 'unknown' },
    { name: 'SECURE_SSL_REDIRECT from a variable that is not given', code: `import os\n${SM}\nSECURE_SSL_REDIRECT = os.environ['SSL_REDIRECT'] == '1'`, files: tls(PROXY), status: 'unknown' },
  ],
  invalid: [
    { name: 'SECURE_PROXY_SSL_HEADER is set, nginx does not send it', code: `${REDIRECT}\n${TRUST}`, files: tls(PROXY), errors: [{ messageId: 'headerNotSent', line: 2 }] },
    {
      name: 'a websocket location drops the server-level header',
      code: `${REDIRECT}\n${TRUST}`,
      files: tls(`    proxy_set_header X-Forwarded-Proto $scheme;\n${BARE}    location /ws/ {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Upgrade $http_upgrade;\n    }\n`),
      errors: [{ messageId: 'headerNotSent', line: 2 }],
    },
    { name: 'an empty value removes the trusted header', code: `${REDIRECT}\n${TRUST}`, files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto "";\n    }\n'), errors: [{ messageId: 'headerNotSent', line: 2 }] },
    { name: 'uwsgi_pass without the trusted parameter', code: `${REDIRECT}\n${TRUST}`, files: tls('    location / {\n        uwsgi_pass 127.0.0.1:3031;\n    }\n'), errors: [{ messageId: 'headerNotSent', line: 2 }] },
    { name: "$scheme is never 'on'", code: `${REDIRECT}\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'on')`, files: tls(SENDS), errors: [{ messageId: 'headerNeverSecure', line: 2 }] },
    {
      name: 'a wrong secure value is not saved by gunicorn: Django answers from the header',
      code: `${REDIRECT}\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'HTTPS')`,
      files: tls(SENDS),
      errors: [{ messageId: 'headerNeverSecure', line: 2 }],
    },
    {
      name: 'an exempt pattern that does not cover the location',
      code: `${REDIRECT}\nSECURE_REDIRECT_EXEMPT = [r'^health/$']`,
      files: tls(PROXY),
      errors: [{ messageId: 'redirectLoop', line: 2 }],
    },
    { name: 'TLS ends at nginx, no scheme header, no SECURE_PROXY_SSL_HEADER', code: REDIRECT, files: tls(PROXY), errors: [{ messageId: 'redirectLoop', line: 2 }] },
    { name: 'explicitly None', code: `${REDIRECT}\nSECURE_PROXY_SSL_HEADER = None`, files: tls(PROXY), errors: [{ messageId: 'redirectLoop', line: 2 }] },
    { name: "SecurityMiddleware tests truthiness: 'True' redirects too", code: `${SM}\nSECURE_SSL_REDIRECT = 'True'`, files: tls(PROXY), errors: [{ messageId: 'redirectLoop', line: 2 }] },
    {
      name: 'a location with its own proxy_set_header loses the server-level X-Forwarded-Proto',
      code: REDIRECT,
      files: tls('    proxy_set_header X-Forwarded-Proto $scheme;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Host $host;\n    }\n'),
      errors: [{ messageId: 'redirectLoop', line: 2 }],
    },
    {
      name: 'an empty value removes the header',
      code: REDIRECT,
      files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto "";\n    }\n'),
      errors: [{ messageId: 'redirectLoop', line: 2 }],
    },
    { name: 'uwsgi_pass without HTTPS or UWSGI_SCHEME', code: REDIRECT, files: tls('    location / {\n        uwsgi_pass 127.0.0.1:3031;\n        uwsgi_param QUERY_STRING $query_string;\n    }\n'), errors: [{ messageId: 'redirectLoop', line: 2 }] },
    { name: 'a server on both 80 and 443', code: REDIRECT, files: tls(PROXY, '    listen 80;\n    listen 443 ssl;\n'), errors: [{ messageId: 'redirectLoop', line: 2 }] },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { ...tls(PROXY), 'mysite/base.py': `DEBUG = True\n${REDIRECT}\n` },
      errors: [{ messageId: 'redirectLoop', line: 3, file: 'mysite/base.py' }],
    },
    {
      name: 'a whole nginx.conf with an http block',
      code: REDIRECT,
      files: { 'nginx/nginx.conf': 'events {}\nhttp {\n    server {\n        listen 443 ssl http2;\n        location /static/ {\n            alias /srv/static/;\n        }\n        location / {\n            proxy_pass http://app:8000;\n        }\n    }\n}\n' },
      errors: [{ messageId: 'redirectLoop', line: 2 }],
    },
  ],
});

describe('ssl-redirect-loop messages', () => {
  it('names the proxy_pass that loses the scheme', () => {
    const o = runRule(rule, { code: REDIRECT, files: tls(PROXY) });
    expect(o.findings.map((f) => [f.message, f.severity, f.setting])).toEqual([['SECURE_SSL_REDIRECT loops: nginx (deploy/nginx.conf:7) proxies HTTPS to Django as HTTP', 'error', 'SECURE_SSL_REDIRECT']]);
  });

  it('a definite loop wins over a location that cannot be decided', () => {
    const body = '    location /a/ {\n        fastcgi_pass 127.0.0.1:9000;\n    }\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n';
    const o = runRule(rule, { code: REDIRECT, files: tls(body) });
    expect(o.findings.map((f) => f.message)).toEqual(['SECURE_SSL_REDIRECT loops: nginx (deploy/nginx.conf:10) proxies HTTPS to Django as HTTP']);
  });

  it('names the header nginx does not send', () => {
    const o = runRule(rule, { code: `${REDIRECT}\n${TRUST}`, files: tls(PROXY) });
    expect(o.findings.map((f) => f.message)).toEqual(['SECURE_SSL_REDIRECT loops: nginx (deploy/nginx.conf:7) does not send X-Forwarded-Proto']);
  });

  it('names the value nginx sends and the one Django expects', () => {
    const o = runRule(rule, { code: `${REDIRECT}\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'on')`, files: tls(SENDS) });
    expect(o.findings.map((f) => [f.message, f.severity])).toEqual([["SECURE_SSL_REDIRECT loops: X-Forwarded-Proto $scheme (deploy/nginx.conf:8) isn't 'on'", 'error']]);
  });

  it('the unknown outcome points at the header nginx sends', () => {
    const o = runRule(rule, { code: REDIRECT, files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n') });
    expect(o.status).toBe('unknown');
    expect(o.unknown?.location).toEqual({ file: 'deploy/nginx.conf', line: 8, column: 9 });
    expect(o.unknown?.reason).toContain('forwarded_allow_ips');
  });
});
