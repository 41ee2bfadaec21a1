import { describe, expect, it } from 'vitest';
import type { NginxFile, NginxHeaderSet, NginxServer } from '../../../src/engine/facts.ts';
import { type IncludeResolver, parseNginx } from '../../../src/loaders/facts/nginx.ts';

const F = 'site.conf';

function only(text: string, resolve?: IncludeResolver): NginxServer {
  const f = parseNginx(F, text, resolve);
  if (!f) throw new Error('not an nginx configuration');
  expect(f.servers).toHaveLength(1);
  return f.servers[0] as NginxServer;
}

/** Headers as `Name: value @line`. */
const hs = (set: NginxHeaderSet) => set.entries.map((h) => `${h.name}: ${h.value}${h.flags.length ? ` ${h.flags.join(' ')}` : ''} @${h.origin.line}`);

/** An include resolver over a map of files (paths as written in the include). */
function files(map: Readonly<Record<string, string>>): IncludeResolver {
  return (pattern) => {
    const names = Object.keys(map).filter((k) => (pattern.endsWith('*') ? k.startsWith(pattern.slice(0, -1)) : k === pattern)).sort();
    if (names.length === 0) return { unread: 'no such file in the project' };
    return { files: names.map((n) => ({ file: n, text: map[n] as string })) };
  };
}

describe('what is an nginx site configuration', () => {
  const notNginx: readonly [string, string][] = [
    ['an INI file', '[program:web]\ncommand=gunicorn app\n'],
    ['a stream proxy', 'stream {\n  server {\n    listen 5432;\n    proxy_pass db:5432;\n  }\n}\n'],
    ['upstream blocks only', 'upstream app {\n  server 127.0.0.1:8000;\n}\n'],
    ['an nginx.conf without servers', 'events {}\nhttp {\n  sendfile on;\n}\n'],
    ['empty', ''],
  ];
  for (const [name, text] of notNginx) it(`${name} → null`, () => expect(parseNginx('x.conf', text)).toBeNull());

  it('a broken file that has a server block is read, with its problems', () => {
    const f = parseNginx(F, 'server {\n  listen 80\n  server_name example.com;\n') as NginxFile;
    expect(f.problems.map((p) => `${p.origin.line}:${p.origin.column} ${p.message}`)).toEqual([
      '2:10 "listen" directive is not terminated by ";"',
      '4:1 unexpected end of file, expecting "}": the "server" block on line 1 is not closed',
    ]);
    expect(f.servers[0]?.serverNames).toEqual(['example.com']);
  });

  it('servers at the top level are a snippet; inside http they see the http level', () => {
    expect(parseNginx(F, 'server { listen 80; }')?.context).toBe('snippet');
    const f = parseNginx(F, 'events {}\nhttp {\n  server_tokens off;\n  server { listen 80; }\n  server { listen 8080; }\n}\n') as NginxFile;
    expect(f.context).toBe('http');
    expect(f.servers.map((s) => [s.listen[0]?.port, s.serverTokens])).toEqual([
      [80, { state: 'set', value: 'off', level: 'http', origin: { file: F, line: 3, column: 3 } }],
      [8080, { state: 'set', value: 'off', level: 'http', origin: { file: F, line: 3, column: 3 } }],
    ]);
  });
});

describe('listen', () => {
  const rows: readonly [string, readonly [address: string, host: string | null, port: number | null, ssl: boolean, ipv6: boolean, extra: string][]][] = [
    ['listen 80;', [['80', '*', 80, false, false, '']]],
    ['listen 443 ssl http2;', [['443', '*', 443, true, false, 'http2']]],
    ['listen [::]:443 ssl default_server;', [['[::]:443', '::', 443, true, true, 'default']]],
    ['listen [::1];', [['[::1]', '::1', 80, false, true, '']]],
    ['listen 127.0.0.1:8080;', [['127.0.0.1:8080', '127.0.0.1', 8080, false, false, '']]],
    ['listen 127.0.0.1;', [['127.0.0.1', '127.0.0.1', 80, false, false, '']]],
    ['listen *:80 default proxy_protocol;', [['*:80', '*', 80, false, false, 'default proxy_protocol']]],
    ['listen 443 quic reuseport;', [['443', '*', 443, false, false, 'quic']]],
    ['listen unix:/run/nginx.sock;', [['unix:/run/nginx.sock', null, null, false, false, '']]],
    ['listen 443;\n  ssl on;', [['443', '*', 443, true, false, '']]],
  ];
  for (const [text, expected] of rows) {
    it(text, () => {
      const s = only(`server {\n  ${text}\n}`);
      expect(
        s.listen.map((l) => [l.address, l.host, l.port, l.ssl, l.ipv6, [l.http2 && 'http2', l.quic && 'quic', l.defaultServer && 'default', l.proxyProtocol && 'proxy_protocol'].filter(Boolean).join(' ')]),
      ).toEqual(expected);
      expect(s.listen[0]?.origin).toEqual({ file: F, line: 2, column: 3 });
    });
  }

  it('a server without listen listens on *:80', () => {
    const s = only('server {\n  server_name example.com;\n}');
    expect(s.listen).toEqual([{ address: '*:80', host: '*', port: 80, ipv6: false, ssl: false, http2: false, quic: false, defaultServer: false, proxyProtocol: false, implicit: true, origin: { file: F, line: 1, column: 1 } }]);
    expect([s.ssl, s.plainHttp]).toEqual([false, true]);
  });
});

describe('inherited settings', () => {
  it('server_tokens: default, server, http, location', () => {
    const f = parseNginx(F, 'http {\n  server_tokens build;\n  server {\n    server_tokens off;\n    location / { }\n    location /x { server_tokens on; }\n  }\n  server { }\n}\n') as NginxFile;
    const [a, b] = f.servers as [NginxServer, NginxServer];
    expect(a.serverTokens).toEqual({ state: 'set', value: 'off', level: 'server', origin: { file: F, line: 4, column: 5 } });
    expect(a.locations.map((l) => l.serverTokens)).toEqual([
      { state: 'set', value: 'off', level: 'server', origin: { file: F, line: 4, column: 5 } },
      { state: 'set', value: 'on', level: 'location', origin: { file: F, line: 6, column: 19 } },
    ]);
    expect(b.serverTokens).toEqual({ state: 'set', value: 'build', level: 'http', origin: { file: F, line: 2, column: 3 } });
    expect(only('server { listen 80; }').serverTokens).toEqual({ state: 'default' });
  });

  it('ssl_protocols: several directives on one level add up (nginx ORs the bitmask); an inner level replaces', () => {
    const s = only('server {\n  listen 443 ssl;\n  ssl_protocols TLSv1.2;\n  ssl_protocols TLSv1 tlsv1.2 TLSv1.3;\n}');
    expect(s.sslProtocols).toEqual({ state: 'set', value: ['TLSv1.2', 'TLSv1', 'TLSv1.3'], level: 'server', origin: { file: F, line: 3, column: 3 } });
    const f = parseNginx(F, 'http {\n  ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n  server { listen 443 ssl; ssl_protocols TLSv1.3; }\n  server { listen 443 ssl; }\n}') as NginxFile;
    expect(f.servers.map((x) => x.sslProtocols)).toEqual([
      { state: 'set', value: ['TLSv1.3'], level: 'server', origin: { file: F, line: 3, column: 28 } },
      { state: 'set', value: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], level: 'http', origin: { file: F, line: 2, column: 3 } },
    ]);
  });

  it('proxy_set_header: a location that sets any header inherits none (the classic lost X-Forwarded-Proto)', () => {
    const s = only(
      [
        'server {',
        '  listen 443 ssl;',
        '  proxy_set_header Host $host;',
        '  proxy_set_header X-Forwarded-Proto $scheme;',
        '  location / { proxy_pass http://app; }',
        '  location /ws {',
        '    proxy_pass http://app;',
        '    proxy_set_header Upgrade $http_upgrade;',
        '    location /ws/inner { proxy_pass http://app; }',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(s.locations.map((l) => [l.uri, l.parents, l.pass?.target, hs(l.proxyHeaders), l.proxyHeaders.level])).toEqual([
      ['/', [], 'http://app', ['Host: $host @3', 'X-Forwarded-Proto: $scheme @4'], 'server'],
      ['/ws', [], 'http://app', ['Upgrade: $http_upgrade @8'], 'location'],
      ['/ws/inner', ['/ws'], 'http://app', ['Upgrade: $http_upgrade @8'], 'location'],
    ]);
  });

  it('uwsgi_param follows the same rule; uwsgi_pass is the upstream', () => {
    const s = only('server {\n  uwsgi_param HTTP_X_FORWARDED_PROTO $scheme;\n  location / {\n    uwsgi_pass unix:/run/uwsgi.sock;\n  }\n}');
    expect(s.locations[0]?.pass).toEqual({ directive: 'uwsgi_pass', target: 'unix:/run/uwsgi.sock', origin: { file: F, line: 4, column: 5 } });
    expect(hs(s.locations[0]!.uwsgiParams)).toEqual(['HTTP_X_FORWARDED_PROTO: $scheme @2']);
  });

  it('add_header: the same rule, and add_header_inherit merge/off (nginx 1.29.3)', () => {
    const s = only(
      [
        'server {',
        '  add_header Strict-Transport-Security "max-age=63072000" always;',
        '  location /a { add_header X-A 1; }',
        '  location /b { add_header_inherit merge; add_header X-B 1; }',
        '  location /c { add_header_inherit off; }',
        '  location /d { }',
        '}',
      ].join('\n'),
    );
    expect(hs(s.addHeaders)).toEqual(['Strict-Transport-Security: max-age=63072000 always @2']);
    expect(s.locations.map((l) => [l.uri, hs(l.addHeaders)])).toEqual([
      ['/a', ['X-A: 1 @3']],
      ['/b', ['X-B: 1 @4', 'Strict-Transport-Security: max-age=63072000 always @2']],
      ['/c', []],
      ['/d', ['Strict-Transport-Security: max-age=63072000 always @2']],
    ]);
  });

  it('a location modifier is read in both spellings', () => {
    const s = only('server {\n  location = /x { }\n  location ~* \\.(js|css)$ { }\n  location ^~/static/ { }\n  location @fallback { }\n}');
    expect(s.locations.map((l) => [l.modifier, l.uri])).toEqual([
      ['=', '/x'],
      ['~*', '\\.(js|css)$'],
      ['^~', '/static/'],
      ['@', 'fallback'],
    ]);
  });
});

describe('includes', () => {
  const site = [
    'server {', //                                              1
    '  listen 443 ssl;', //                                      2
    '  include /etc/letsencrypt/options-ssl-nginx.conf;', //     3
    '  include snippets/headers.conf;', //                       4
    '  location / {', //                                         5
    '    include proxy_params;', //                              6
    '    proxy_pass http://unix:/run/gunicorn.sock;', //         7
    '  }', //                                                    8
    '}', //                                                      9
  ].join('\n');
  const resolve = files({ 'snippets/headers.conf': 'add_header X-Frame-Options DENY;\nserver_tokens off;\n' });

  it('splices included files in, with their own positions', () => {
    const f = parseNginx(F, site, resolve) as NginxFile;
    expect(f.included).toEqual(['snippets/headers.conf']);
    const s = f.servers[0] as NginxServer;
    expect(s.serverTokens).toEqual({ state: 'set', value: 'off', level: 'server', origin: { file: 'snippets/headers.conf', line: 2, column: 1 } });
  });

  it('an include that cannot be read makes what it may set unknown', () => {
    const s = (parseNginx(F, site, resolve) as NginxFile).servers[0] as NginxServer;
    expect(s.sslProtocols).toEqual({
      state: 'unknown',
      reason: 'include /etc/letsencrypt/options-ssl-nginx.conf is not read: no such file in the project; it may set ssl_protocols',
      origin: { file: F, line: 3, column: 3 },
    });
    expect(s.addHeaders.unknown).toBe('include /etc/letsencrypt/options-ssl-nginx.conf is not read: no such file in the project; it may set add_header');
    expect(s.unreadIncludes).toEqual([
      { file: F, line: 3, column: 3 },
      { file: F, line: 6, column: 5 },
    ]);
  });

  it("a stock file nginx packages ship (proxy_params) may only set its own directives", () => {
    const s = (parseNginx(F, site, resolve) as NginxFile).servers[0] as NginxServer;
    const loc = s.locations[0]!;
    expect(loc.proxyHeaders).toEqual({ entries: [], level: 'location', unknown: 'include proxy_params (a file nginx packages ship) is not read: no such file in the project; it may set proxy_set_header' });
    expect(loc.serverTokens).toEqual({ state: 'set', value: 'off', level: 'server', origin: { file: 'snippets/headers.conf', line: 2, column: 1 } });
    // ...but the unread letsencrypt include at server level could hold anything, a redirect included.
    expect(s.redirect.kind).toBe('unknown');
  });

  it('globs, nested includes, and a file that includes itself', () => {
    const resolver = files({
      'conf.d/a.conf': 'server { listen 81; include conf.d/loop.conf; }',
      'conf.d/b.conf': 'server { listen 82; }',
      'conf.d/loop.conf': 'include conf.d/loop.conf;',
    });
    const f = parseNginx('nginx.conf', 'http {\n  include conf.d/*;\n}\n', resolver) as NginxFile;
    expect(f.servers.map((s) => s.listen[0]?.port)).toEqual([81, 82]);
    expect(f.included).toEqual(['conf.d/a.conf', 'conf.d/b.conf', 'conf.d/loop.conf']);
    expect(f.problems).toEqual([{ message: 'include conf.d/loop.conf includes conf.d/loop.conf again, which includes itself', origin: { file: 'conf.d/loop.conf', line: 1, column: 1 } }]);
    expect(f.servers[0]?.origin).toEqual({ file: 'conf.d/a.conf', line: 1, column: 1 });
  });

  it('problems of an included file point into that file', () => {
    const f = parseNginx(F, 'server {\n  include broken.conf;\n}', files({ 'broken.conf': 'add_header X "y;\n' })) as NginxFile;
    expect(f.problems.map((p) => `${p.origin.file}:${p.origin.line}:${p.origin.column} ${p.message}`)).toEqual([
      'broken.conf:1:14 unexpected end of file: the double-quoted string is not closed',
      'broken.conf:2:1 unexpected end of file, expecting ";" or "}" after "add_header"',
    ]);
  });
});

describe('redirects to https', () => {
  const rows: readonly [name: string, server: string, kind: string, line: number | null][] = [
    ['return 301 https://$host$request_uri', 'listen 80;\n  return 301 https://$host$request_uri;', 'all', 3],
    ['return https://... (a 302)', 'listen 80;\n  return https://example.com$request_uri;', 'all', 3],
    ['rewrite ^ https://... permanent', 'listen 80;\n  rewrite ^ https://$host$request_uri permanent;', 'all', 3],
    ['rewrite ^/(.*)$ https://... permanent', 'listen 80;\n  rewrite ^/(.*)$ https://example.com/$1 permanent;', 'all', 3],
    ['if ($scheme = http) on a port-80 server', 'listen 80;\n  if ($scheme = http) {\n    return 301 https://$host$request_uri;\n  }\n  location / { proxy_pass http://app; }', 'all', 4],
    ['if ($scheme != "https") on an 80+443 server', 'listen 80;\n  listen 443 ssl;\n  if ($scheme != "https") { return 301 https://$host$request_uri; }\n  location / { proxy_pass http://app; }', 'all', 4],
    ['if ($https = "") on a port-80 server', 'listen 80;\n  if ($https = "") { return 308 https://$host$request_uri; }', 'all', 3],
    ['certbot: if ($host = ...) redirect, else 404', 'if ($host = example.com) {\n    return 301 https://$host$request_uri;\n  }\n  listen 80;\n  server_name example.com;\n  return 404;', 'all', 3],
    ['location / redirects, ACME challenges are served', 'listen 80;\n  location /.well-known/acme-challenge/ { root /var/www/certbot; }\n  location / { return 301 https://$host$request_uri; }', 'all', 4],
    ['a proxied location besides the redirect', 'listen 80;\n  location / { return 301 https://$host$request_uri; }\n  location /api/ { proxy_pass http://app; }', 'partial', 3],
    ['only one path is rewritten', 'listen 80;\n  rewrite ^/old https://example.com/new permanent;\n  location / { proxy_pass http://app; }', 'partial', 3],
    ['behind a load balancer: X-Forwarded-Proto decides', 'listen 80;\n  if ($http_x_forwarded_proto != "https") { return 301 https://$host$request_uri; }\n  location / { proxy_pass http://app; }', 'partial', 3],
    ['no location at all: the root is served', 'listen 80;\n  if ($host = www.example.com) { return 301 https://example.com$request_uri; }', 'partial', 3],
    ['no redirect', 'listen 80;\n  location / { proxy_pass http://app; }', 'none', null],
    ['refused: return 444', 'listen 80 default_server;\n  return 444;', 'none', null],
    ['a redirect to http://', 'listen 80;\n  return 301 http://www.example.com$request_uri;', 'none', null],
    ['$scheme:// on a port-80 server stays on http', 'listen 80;\n  return 301 $scheme://www.example.com$request_uri;', 'none', null],
    ['a health check answered over http', 'listen 80;\n  return 200 "ok";', 'none', null],
    ['break, then locations', 'listen 80;\n  break;\n  return 301 https://$host;\n  location / { proxy_pass http://app; }', 'none', null],
    ['the target is a variable', 'listen 80;\n  return 301 $target;', 'unknown', null],
    ['TLS-only server: $scheme:// is https', 'listen 443 ssl;\n  return 301 $scheme://www.example.com$request_uri;', 'all', 3],
    ['if ($scheme = http) on a TLS-only server never runs', 'listen 443 ssl;\n  if ($scheme = http) { return 301 https://$host; }\n  location / { proxy_pass http://app; }', 'none', null],
  ];
  for (const [name, body, kind, line] of rows) {
    it(name, () => {
      const s = only(`server {\n  ${body}\n}`);
      expect([s.redirect.kind, s.redirect.origin?.line ?? null]).toEqual([kind, line]);
      expect(s.redirectsToHttps).toBe(kind === 'all' ? true : kind === 'unknown' ? null : false);
    });
  }

  it('says why', () => {
    expect(only('server {\n  listen 80;\n  location / { return 301 https://$host$request_uri; }\n  location /api/ { proxy_pass http://app; }\n}').redirect).toEqual({
      kind: 'partial',
      origin: { file: F, line: 3, column: 16 },
      target: 'https://$host$request_uri',
      refusedOnly: false,
      reason: 'return 301 redirects to https://$host$request_uri (site.conf:3), but location /api/ (site.conf:4) serves requests without redirecting them',
    });
    expect(only('server {\n  listen 80;\n  return 444;\n}').redirect.reason).toBe('nothing redirects to https: return 444 (site.conf:3)');
    expect(only('server {\n  listen 80;\n  return 444;\n}').redirect.refusedOnly).toBe(true);
    expect(only('server {\n  listen 80;\n  location / { return 403; }\n  location /x/ { proxy_pass http://app; }\n}').redirect.refusedOnly).toBe(false);
    expect(only('server {\n  listen 80;\n  return 301 $target;\n}').redirect.reason).toBe('return 301 redirects to $target, a variable (site.conf:3)');
    expect(only('server {\n  listen 80;\n  location /.well-known/ { }\n  location / { return 301 https://x; }\n}').redirect.reason).toBe(
      'every request is redirected to https: return 301 redirects to https://x (site.conf:4); /.well-known/ paths are served',
    );
  });
});
