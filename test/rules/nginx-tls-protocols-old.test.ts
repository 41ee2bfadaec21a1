import { describe, expect, it } from 'vitest';
import rule from '../../rules/nginx-tls-protocols-old.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const CODE = 'DEBUG = False';

/** A TLS server in a sites-available style file; `lines` start at line 3. */
function site(lines: string, listen = 'listen 443 ssl;'): Record<string, string> {
  return { 'deploy/nginx.conf': `server {\n    ${listen}\n${lines}    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n` };
}

/** A whole configuration: `http` lines start at line 3, the server's at line 6. */
function full(httpLines: string, serverLines = ''): Record<string, string> {
  return { 'nginx/nginx.conf': `events {}\nhttp {\n${httpLines}    server {\n        listen 443 ssl;\n${serverLines}    }\n}\n` };
}

testRule(rule, {
  valid: [
    { name: 'TLS 1.2 and 1.3', code: CODE, files: site('    ssl_protocols TLSv1.2 TLSv1.3;\n') },
    { name: 'TLS 1.3 only', code: CODE, files: site('    ssl_protocols TLSv1.3;\n') },
    { name: 'set in the http block', code: CODE, files: full('    ssl_protocols TLSv1.2 TLSv1.3;\n') },
    { name: 'the server overrides an old http-level value', code: CODE, files: full('    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n', '        ssl_protocols TLSv1.2;\n') },
    {
      name: 'a plain-HTTP server does not negotiate TLS',
      code: CODE,
      files: { 'deploy/nginx.conf': 'server {\n    listen 80;\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n}\n' },
      status: 'skipped',
    },
    { name: 'no nginx configuration', code: CODE, status: 'skipped' },
    { name: 'the default depends on the nginx version', code: CODE, files: site(''), status: 'unknown' },
    { name: 'the default in a whole configuration is still version-dependent', code: CODE, files: full(''), status: 'unknown' },
    { name: 'an include that is not in the project may set it', code: CODE, files: site('    include snippets/ssl-params.conf;\n'), status: 'unknown' },
    {
      name: 'the include is in the project',
      code: CODE,
      files: { ...site('    include snippets/ssl-params.conf;\n'), 'deploy/snippets/ssl-params.conf': 'ssl_protocols TLSv1.2 TLSv1.3;\nssl_prefer_server_ciphers off;\n' },
    },
  ],
  invalid: [
    { name: 'TLS 1.0 and 1.1', code: CODE, files: site('    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n'), errors: [{ messageId: 'legacyTls', line: 3, file: 'deploy/nginx.conf' }] },
    { name: 'TLS 1.1 alone', code: CODE, files: site('    ssl_protocols TLSv1.1 TLSv1.2 TLSv1.3;\n'), errors: [{ messageId: 'legacyTls', line: 3, file: 'deploy/nginx.conf' }] },
    { name: 'nginx compares the names without regard to case', code: CODE, files: site('    ssl_protocols tlsv1 TLSv1.2;\n'), errors: [{ messageId: 'legacyTls', line: 3, file: 'deploy/nginx.conf' }] },
    {
      name: 'SSLv3 and TLS 1.0: both findings',
      code: CODE,
      files: site('    ssl_protocols SSLv3 TLSv1 TLSv1.1 TLSv1.2;\n'),
      errors: [
        { messageId: 'legacyTls', line: 3, file: 'deploy/nginx.conf' },
        { messageId: 'brokenSsl', line: 3, file: 'deploy/nginx.conf' },
      ],
    },
    { name: 'SSLv2', code: CODE, files: site('    ssl_protocols SSLv2 TLSv1.2;\n'), errors: [{ messageId: 'brokenSsl', line: 3, file: 'deploy/nginx.conf' }] },
    {
      name: 'several directives on one level add up',
      code: CODE,
      files: site('    ssl_protocols TLSv1.2;\n    ssl_protocols TLSv1.1;\n'),
      errors: [{ messageId: 'legacyTls', line: 3, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'an http-level directive shared by two servers is reported once',
      code: CODE,
      files: { 'nginx/nginx.conf': 'events {}\nhttp {\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n    server {\n        listen 443 ssl;\n    }\n    server {\n        listen 8443 ssl;\n    }\n}\n' },
      errors: [{ messageId: 'legacyTls', line: 3, file: 'nginx/nginx.conf' }],
    },
    {
      name: 'from an include in the project',
      code: CODE,
      files: { ...site('    include snippets/ssl-params.conf;\n'), 'deploy/snippets/ssl-params.conf': 'ssl_session_cache shared:SSL:10m;\nssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n' },
      errors: [{ messageId: 'legacyTls', line: 2, file: 'deploy/snippets/ssl-params.conf' }],
    },
    {
      name: 'a finding wins over a server whose default is unknown',
      code: CODE,
      files: { 'deploy/nginx.conf': 'server {\n    listen 443 ssl;\n}\nserver {\n    listen 8443 ssl;\n    ssl_protocols TLSv1.1 TLSv1.2;\n}\n' },
      errors: [{ messageId: 'legacyTls', line: 6, file: 'deploy/nginx.conf' }],
    },
    {
      name: 'the old ssl on; directive',
      code: CODE,
      files: { 'deploy/nginx.conf': 'server {\n    listen 443;\n    ssl on;\n    ssl_protocols TLSv1 TLSv1.2;\n}\n' },
      errors: [{ messageId: 'legacyTls', line: 4, file: 'deploy/nginx.conf' }],
    },
  ],
});

describe('nginx-tls-protocols-old messages', () => {
  it('lists the old protocols and picks the severity', () => {
    const legacy = runRule(rule, { code: CODE, files: site('    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n') });
    expect(legacy.findings.map((f) => [f.message, f.severity])).toEqual([['ssl_protocols enables TLSv1 TLSv1.1, deprecated by RFC 8996', 'warning']]);
    const broken = runRule(rule, { code: CODE, files: site('    ssl_protocols SSLv2 SSLv3 TLSv1.2;\n') });
    expect(broken.findings.map((f) => [f.message, f.severity])).toEqual([['ssl_protocols enables broken SSLv2 SSLv3 (RFC 6176, RFC 7568)', 'error']]);
  });

  it('the unknown outcome explains the version-dependent default', () => {
    const o = runRule(rule, { code: CODE, files: site('') });
    expect(o.unknown?.reason).toBe("the TLS server at deploy/nginx.conf:1 does not set ssl_protocols: nginx's default enables TLSv1 and TLSv1.1 before 1.27.3, and which nginx runs it is not known");
    expect(o.unknown?.location).toEqual({ file: 'deploy/nginx.conf', line: 1, column: 1 });
  });
});
