import { describe, expect, it } from 'vitest';
import rule from '../../rules/nginx-forwarded-proto-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const TRUST = "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')";
const HEAD = 'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n';

/** A TLS server: its first body line is line 6 of deploy/nginx.conf. */
function tls(body: string, head = HEAD): Record<string, string> {
  return { 'deploy/nginx.conf': `${head}${body}}\n` };
}

const SETS = '    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n';
const BARE = '    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n';

testRule(rule, {
  valid: [
    { name: 'the location sets it', code: TRUST, files: tls(SETS) },
    { name: 'inherited from the server (the location sets no proxy_set_header)', code: TRUST, files: tls(`    proxy_set_header X-Forwarded-Proto $scheme;\n${BARE}`) },
    {
      name: 'inherited from the http block',
      code: TRUST,
      files: { 'nginx/nginx.conf': 'events {}\nhttp {\n    proxy_set_header X-Forwarded-Proto $scheme;\n    server {\n        listen 443 ssl;\n        location / {\n            proxy_pass http://app:8000;\n        }\n    }\n}\n' },
    },
    { name: 'header names are compared without regard to case', code: TRUST, files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header x-forwarded-proto $scheme;\n    }\n') },
    { name: "'on' from $https", code: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_SSL', 'on')", files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Ssl $https;\n    }\n') },
    { name: 'a literal https on a TLS-only server', code: TRUST, files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto https;\n    }\n') },
    {
      name: 'passed on from a load balancer in front',
      code: TRUST,
      files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;\n    }\n'),
    },
    { name: 'uwsgi_param with the META name', code: TRUST, files: tls('    location / {\n        uwsgi_pass unix:/run/uwsgi.sock;\n        uwsgi_param HTTP_X_FORWARDED_PROTO $scheme;\n    }\n') },
    {
      name: 'a port-80 server that redirects everything proxies nothing',
      code: TRUST,
      files: tls(SETS, `server {\n    listen 80;\n    return 301 https://$host$request_uri;\n}\n${HEAD}`),
    },
    {
      name: 'a location behind a server-level redirect is never reached',
      code: TRUST,
      files: tls(SETS, `server {\n    listen 80;\n    return 301 https://$host$request_uri;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n${HEAD}`),
    },
    {
      name: 'a literal https on a server on 80 and 443 that redirects plain HTTP',
      code: TRUST,
      files: tls('    if ($scheme = http) {\n        return 301 https://$host$request_uri;\n    }\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto https;\n    }\n', 'server {\n    listen 80;\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n'),
    },
    { name: 'Django trusts no header', code: 'DEBUG = False', files: tls(BARE), status: 'skipped' },
    { name: 'explicitly None', code: 'SECURE_PROXY_SSL_HEADER = None', files: tls(BARE), status: 'skipped' },
    { name: 'no nginx configuration', code: TRUST, status: 'skipped' },
    { name: 'nothing is proxied', code: TRUST, files: tls('    root /srv/www;\n'), status: 'skipped' },
    {
      name: 'plain HTTP only: TLS ends at a load balancer, whose header nginx passes on',
      code: TRUST,
      files: { 'deploy/nginx.conf': 'server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n' },
      status: 'skipped',
    },
    {
      name: 'a plain server on another port (health checks from the load balancer) is not client-facing',
      code: TRUST,
      files: tls(SETS, `server {\n    listen 8080;\n    location /health/ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n${HEAD}`),
    },
    { name: 'fastcgi is not checked', code: TRUST, files: tls('    location / {\n        fastcgi_pass 127.0.0.1:9000;\n    }\n'), status: 'skipped' },
    { name: "Debian's proxy_params may set it", code: TRUST, files: tls('    location / {\n        include proxy_params;\n        proxy_pass http://unix:/run/gunicorn.sock;\n    }\n'), status: 'unknown' },
    { name: 'the setting depends on a variable that is not given', code: "import os\nSECURE_PROXY_SSL_HEADER = (os.environ['PROXY_HEADER'], 'https')", files: tls(BARE), status: 'unknown' },
    { name: 'a META key no request header produces', code: "SECURE_PROXY_SSL_HEADER = ('HTTPS', 'on')", files: tls(BARE), status: 'unknown' },
    { name: 'not a pair: Django raises ImproperlyConfigured', code: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https', 'x')", files: tls(BARE), status: 'unknown' },
  ],
  invalid: [
    { name: 'the location does not set it', code: TRUST, files: tls(BARE), errors: [{ messageId: 'notSet', line: 6, file: 'deploy/nginx.conf' }] },
    {
      name: 'its own proxy_set_header drops the inherited one',
      code: TRUST,
      files: tls(`    proxy_set_header X-Forwarded-Proto $scheme;\n${BARE}    location /ws/ {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Upgrade $http_upgrade;\n    }\n`),
      errors: [{ messageId: 'notSet', line: 10, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'an empty value removes the header',
      code: TRUST,
      files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto "";\n    }\n'),
      errors: [{ messageId: 'notSet', line: 6, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'Django reads another header than nginx sends',
      code: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTOCOL', 'ssl')",
      files: tls(SETS),
      errors: [{ messageId: 'notSet', line: 6, file: 'deploy/nginx.conf' }],
    },
    { name: "$scheme is never 'on'", code: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'on')", files: tls(SETS), errors: [{ messageId: 'neverSecure', line: 8, file: 'deploy/nginx.conf' }] },
    {
      name: 'a literal that is not the secure value',
      code: TRUST,
      files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto HTTPS;\n    }\n'),
      errors: [{ messageId: 'neverSecure', line: 8, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'a literal https on a server that also answers plain HTTP',
      code: TRUST,
      files: tls('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-Proto https;\n    }\n', 'server {\n    listen 80;\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n'),
      errors: [{ messageId: 'alwaysSecure', line: 8, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'a server on 80 and 443 that redirects plain HTTP still proxies its TLS requests',
      code: TRUST,
      files: tls(`    if ($scheme = http) {\n        return 301 https://$host$request_uri;\n    }\n${BARE}`, 'server {\n    listen 80;\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n'),
      errors: [{ messageId: 'notSet', line: 9, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'a plain port-80 server next to the TLS one passes the client header on',
      code: TRUST,
      files: tls(SETS, `server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n${HEAD}`),
      errors: [{ messageId: 'notSet', line: 3, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'uwsgi_pass without the parameter',
      code: TRUST,
      files: tls('    location / {\n        uwsgi_pass unix:/run/uwsgi.sock;\n        uwsgi_param QUERY_STRING $query_string;\n    }\n'),
      errors: [{ messageId: 'notSet', line: 6, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'a location file included by two servers is reported once',
      code: TRUST,
      files: {
        'deploy/nginx.conf': `${HEAD}    include app.locations;\n}\nserver {\n    listen 443 ssl;\n    server_name www.example.com;\n    include app.locations;\n}\n`,
        'deploy/app.locations': 'location / {\n    proxy_pass http://127.0.0.1:8000;\n}\n',
      },
      errors: [{ messageId: 'notSet', line: 1, file: 'deploy/app.locations' }],
    },
    {
      name: 'the setting in a base module, the finding at the location',
      code: 'from .base import *',
      files: { ...tls(BARE), 'mysite/base.py': `${TRUST}\n` },
      errors: [{ messageId: 'notSet', line: 6, file: 'deploy/nginx.conf' }],
    },
  ],
});

describe('nginx-forwarded-proto-missing messages', () => {
  it('names the location and the header', () => {
    const o = runRule(rule, { code: TRUST, files: tls(`${BARE}    location ~ ^/api/ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n`) });
    expect(o.findings.map((f) => f.message)).toEqual([
      'location / proxies to Django without setting X-Forwarded-Proto',
      'location ~ ^/api/ proxies to Django without setting X-Forwarded-Proto',
    ]);
  });

  it('says what the value is and what Django expects', () => {
    const o = runRule(rule, { code: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'on')", files: tls(SETS) });
    expect(o.findings.map((f) => [f.message, f.severity])).toEqual([["location / sets X-Forwarded-Proto to $scheme, never 'on'", 'warning']]);
  });

  it('uwsgi names the parameter', () => {
    const o = runRule(rule, { code: TRUST, files: tls('    location / {\n        uwsgi_pass unix:/run/uwsgi.sock;\n    }\n') });
    expect(o.findings.map((f) => f.message)).toEqual(['location / proxies to Django without setting uwsgi_param HTTP_X_FORWARDED_PROTO']);
  });
});
