import { describe, expect, it } from 'vitest';
import rule from '../../rules/nginx-http-redirect-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const CODE = 'DEBUG = False';
const SM = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']";

/** A TLS server for shop.example.com, 9 lines. */
const TLS = 'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n';

/** deploy/nginx.conf (a sites-available style file): the port-80 servers first, then the TLS server. */
function site(port80: string): Record<string, string> {
  return { 'deploy/nginx.conf': `${port80}${TLS}` };
}

/** nginx/nginx.conf with an http block: `servers` start at line 3. */
function full(servers: string): Record<string, string> {
  return { 'nginx/nginx.conf': `events {}\nhttp {\n${servers}}\n` };
}

const REDIRECT_80 = 'server {\n    listen 80;\n    server_name shop.example.com;\n    return 301 https://$host$request_uri;\n}\n';
const PROXY_80 = 'server {\n    listen 80;\n    server_name shop.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n';

testRule(rule, {
  valid: [
    { name: 'a port-80 server redirects the name', code: CODE, files: site(REDIRECT_80) },
    { name: 'a nameless port-80 server that redirects everything', code: CODE, files: site('server {\n    listen 80 default_server;\n    listen [::]:80 default_server;\n    return 301 https://$host$request_uri;\n}\n') },
    {
      name: "certbot's redirect block",
      code: CODE,
      files: site('server {\n    if ($host = shop.example.com) {\n        return 301 https://$host$request_uri;\n    }\n    listen 80;\n    server_name shop.example.com;\n    return 404;\n}\n'),
    },
    {
      name: 'ACME challenges stay on HTTP',
      code: CODE,
      files: site('server {\n    listen 80;\n    server_name shop.example.com;\n    location /.well-known/acme-challenge/ {\n        root /var/www/certbot;\n    }\n    location / {\n        return 301 https://$host$request_uri;\n    }\n}\n'),
    },
    {
      name: 'one server on 80 and 443 that redirects plain HTTP',
      code: CODE,
      files: { 'deploy/nginx.conf': 'server {\n    listen 80;\n    listen 443 ssl;\n    server_name shop.example.com;\n    if ($scheme = http) {\n        return 301 https://$host$request_uri;\n    }\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n' },
    },
    { name: 'Django redirects what nginx proxies on port 80', code: `${SM}\nSECURE_SSL_REDIRECT = True`, files: site(PROXY_80) },
    { name: 'a leading wildcard matches', code: CODE, files: site('server {\n    listen 80;\n    server_name *.example.com;\n    return 301 https://$host$request_uri;\n}\n') },
    {
      name: 'a leading wildcard wins over a trailing one',
      code: CODE,
      files: site('server {\n    listen 80;\n    server_name shop.*;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\nserver {\n    listen 80;\n    server_name *.example.com;\n    return 301 https://$host$request_uri;\n}\n'),
    },
    { name: 'a regular expression name', code: CODE, files: site('server {\n    listen 80;\n    server_name ~^(shop|www)\\.example\\.com$;\n    return 301 https://$host$request_uri;\n}\n') },
    { name: 'no nginx configuration', code: CODE, status: 'skipped' },
    { name: 'nginx does not terminate TLS', code: CODE, files: { 'deploy/nginx.conf': PROXY_80 }, status: 'skipped' },
    { name: 'a sites-available file without a port-80 server: another file may redirect', code: CODE, files: site(''), status: 'unknown' },
    {
      name: "a sites-available file whose port-80 server does not have the name: the real default server may be elsewhere",
      code: CODE,
      files: site('server {\n    listen 80;\n    server_name blog.example.com;\n    location / {\n        root /srv/blog;\n    }\n}\n'),
      status: 'unknown',
    },
    { name: 'the redirect depends on an include that is not in the project', code: CODE, files: site('server {\n    listen 80;\n    server_name shop.example.com;\n    include snippets/redirect.conf;\n}\n'), status: 'unknown' },
    { name: 'whether Django redirects is not known', code: `import os\n${SM}\nSECURE_SSL_REDIRECT = os.environ['SSL_REDIRECT'] == '1'`, files: site(PROXY_80), status: 'unknown' },
  ],
  invalid: [
    { name: 'the port-80 server proxies without redirecting', code: CODE, files: site(PROXY_80), errors: [{ messageId: 'servesPlain', line: 1, file: 'deploy/nginx.conf' }] },
    {
      name: 'Django redirects, but nginx serves static files over HTTP itself',
      code: `${SM}\nSECURE_SSL_REDIRECT = True`,
      files: site('server {\n    listen 80;\n    server_name shop.example.com;\n    location /static/ {\n        alias /srv/static/;\n    }\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n'),
      errors: [{ messageId: 'servesPlain', line: 1, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'only part is redirected',
      code: CODE,
      files: site('server {\n    listen 80;\n    server_name shop.example.com;\n    location /media/ {\n        root /srv;\n    }\n    location / {\n        return 301 https://$host$request_uri;\n    }\n}\n'),
      errors: [{ messageId: 'partialRedirect', line: 1, file: 'deploy/nginx.conf' }],
    },
    { name: 'a whole configuration without a port-80 server', code: CODE, files: full(TLS), errors: [{ messageId: 'noRedirect', line: 3, file: 'nginx/nginx.conf' }] },
    {
      name: 'the port-80 server for the name refuses instead of redirecting',
      code: CODE,
      files: site('server {\n    listen 80;\n    server_name shop.example.com;\n    return 444;\n}\n'),
      errors: [{ messageId: 'noRedirect', line: 6, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'in a whole configuration the default server answers the name, and refuses',
      code: CODE,
      files: full('server {\n    listen 80 default_server;\n    return 444;\n}\n'.concat(TLS)),
      errors: [{ messageId: 'noRedirect', line: 7, file: 'nginx/nginx.conf' }],
    },
    {
      name: 'the exact name wins over a redirecting default server',
      code: CODE,
      files: site(`server {\n    listen 80 default_server;\n    return 301 https://$host$request_uri;\n}\n${PROXY_80}`),
      errors: [{ messageId: 'servesPlain', line: 5, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'the .example.com form matches the bare name too',
      code: CODE,
      files: {
        'deploy/nginx.conf': `server {\n    listen 80 default_server;\n    return 301 https://$host$request_uri;\n}\nserver {\n    listen 80;\n    server_name .example.com;\n    root /srv/www;\n}\n${TLS.replace('shop.example.com', 'example.com')}`,
      },
      errors: [{ messageId: 'servesPlain', line: 5, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'one server on 80 and 443 without a redirect',
      code: CODE,
      files: { 'deploy/nginx.conf': 'server {\n    listen 80;\n    listen 443 ssl;\n    server_name shop.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n' },
      errors: [{ messageId: 'servesPlain', line: 1, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'two TLS servers reaching the same port-80 server: one finding',
      code: CODE,
      files: full(`server {\n    listen 80;\n    root /srv/www;\n}\n${TLS}${TLS.replace('shop.example.com', 'www.example.com')}`),
      errors: [{ messageId: 'servesPlain', line: 3, file: 'nginx/nginx.conf' }],
    },
    { name: 'Django does not redirect either', code: `${SM}\nSECURE_SSL_REDIRECT = False`, files: site(PROXY_80), errors: [{ messageId: 'servesPlain', line: 1, file: 'deploy/nginx.conf' }] },
  ],
});

describe('nginx-http-redirect-missing messages', () => {
  it('names the URL that is not redirected', () => {
    const o = runRule(rule, { code: CODE, files: site(PROXY_80) });
    expect(o.findings.map((f) => [f.message, f.severity])).toEqual([['port-80 server serves http://shop.example.com without redirecting to HTTPS', 'warning']]);
  });

  it('a TLS server without a name is described as plain HTTP', () => {
    const o = runRule(rule, { code: CODE, files: full('server {\n    listen 443 ssl;\n}\n') });
    expect(o.findings.map((f) => f.message)).toEqual(['no port-80 server redirects plain HTTP to HTTPS']);
  });

  it('partial redirects say so', () => {
    const o = runRule(rule, {
      code: CODE,
      files: site('server {\n    listen 80;\n    server_name shop.example.com;\n    location /media/ {\n        root /srv;\n    }\n    location / {\n        return 301 https://$host$request_uri;\n    }\n}\n'),
    });
    expect(o.findings.map((f) => f.message)).toEqual(['port-80 server redirects only part of http://shop.example.com to HTTPS']);
  });
});
