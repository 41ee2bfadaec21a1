import { describe, expect, it } from 'vitest';
import rule from '../../rules/nginx-server-tokens.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const CODE = 'DEBUG = False';

/** nginx/nginx.conf with an http block: `httpLines` start at line 3; the server block follows them. */
function full(httpLines: string, serverLines = ''): Record<string, string> {
  return { 'nginx/nginx.conf': `events {}\nhttp {\n${httpLines}    server {\n        listen 80;\n${serverLines}    }\n}\n` };
}

/** A sites-available style file: `lines` start at line 3. */
function site(lines: string): Record<string, string> {
  return { 'deploy/site.conf': `server {\n    listen 80;\n${lines}    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n` };
}

testRule(rule, {
  valid: [
    { name: 'off in the http block', code: CODE, files: full('    server_tokens off;\n') },
    { name: 'off in the server', code: CODE, files: full('', '        server_tokens off;\n') },
    { name: 'off in a site file', code: CODE, files: site('    server_tokens off;\n') },
    { name: 'a signature string without the version (commercial builds)', code: CODE, files: site('    server_tokens "";\n') },
    { name: 'no nginx configuration', code: CODE, status: 'skipped' },
    { name: 'a site file: the http block that includes it may turn it off', code: CODE, files: site(''), status: 'unknown' },
    { name: 'an include that is not in the project may set it', code: CODE, files: full('    include conf.d/hardening.conf;\n'), status: 'unknown' },
    { name: 'the include is in the project', code: CODE, files: { ...full('    include conf.d/hardening.conf;\n'), 'nginx/conf.d/hardening.conf': 'server_tokens off;\n' } },
  ],
  invalid: [
    { name: 'not set in a whole configuration: the default is on', code: CODE, files: full(''), errors: [{ messageId: 'tokensDefault', line: 3, file: 'nginx/nginx.conf' }] },
    { name: 'explicitly on', code: CODE, files: full('    server_tokens on;\n'), errors: [{ messageId: 'tokensOn', line: 3, file: 'nginx/nginx.conf' }] },
    { name: 'build adds the build name', code: CODE, files: site('    server_tokens build;\n'), errors: [{ messageId: 'tokensOn', line: 3, file: 'deploy/site.conf' }] },
    { name: 'on in a site file needs no http block to decide', code: CODE, files: site('    server_tokens on;\n'), errors: [{ messageId: 'tokensOn', line: 3, file: 'deploy/site.conf' }] },
    { name: 'a signature with $nginx_version', code: CODE, files: site('    server_tokens "nginx/$nginx_version";\n'), errors: [{ messageId: 'tokensOn', line: 3, file: 'deploy/site.conf' }] },
    {
      name: 'a location turns it back on',
      code: CODE,
      files: full('    server_tokens off;\n', '        location /status {\n            server_tokens on;\n        }\n'),
      errors: [{ messageId: 'tokensOn', line: 7, file: 'nginx/nginx.conf' }],
    },
    {
      name: 'the default is reported once per configuration',
      code: CODE,
      files: { 'nginx/nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n    }\n    server {\n        listen 443 ssl;\n    }\n}\n' },
      errors: [{ messageId: 'tokensDefault', line: 3, file: 'nginx/nginx.conf' }],
    },
    {
      name: 'an http-level on shared by two servers is reported once',
      code: CODE,
      files: { 'nginx/nginx.conf': 'events {}\nhttp {\n    server_tokens on;\n    server {\n        listen 80;\n    }\n    server {\n        listen 443 ssl;\n    }\n}\n' },
      errors: [{ messageId: 'tokensOn', line: 3, file: 'nginx/nginx.conf' }],
    },
    {
      name: 'one server sets off, the other keeps the default',
      code: CODE,
      files: { 'nginx/nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n        server_tokens off;\n    }\n    server {\n        listen 443 ssl;\n    }\n}\n' },
      errors: [{ messageId: 'tokensDefault', line: 7, file: 'nginx/nginx.conf' }],
    },
  ],
});

describe('nginx-server-tokens messages', () => {
  it('says what is disclosed, at info level', () => {
    const o = runRule(rule, { code: CODE, files: site('    server_tokens on;\n') });
    expect(o.findings.map((f) => [f.message, f.severity, f.setting])).toEqual([['server_tokens on: nginx sends its version in headers and error pages', 'info', null]]);
    const d = runRule(rule, { code: CODE, files: full('') });
    expect(d.findings.map((f) => [f.message, f.location])).toEqual([['server_tokens is not set (default on): nginx sends its version', { file: 'nginx/nginx.conf', line: 3, column: 5 }]]);
  });
});
