import type { NginxFile, NginxSetting } from '../src/engine/facts.ts';
import { type Emit, defineRule, skip } from '../src/engine/rule.ts';
import { unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { unresolved } from '../src/engine/values.ts';

const messages = {
  tokensOn: { text: 'server_tokens {{value}}: nginx sends its version in headers and error pages' },
  tokensDefault: { text: 'server_tokens is not set (default on): nginx sends its version' },
} as const;

/**
 * `on` and `build` emit the version; `off` does not. Any other value is the commercial build's explicit
 * signature (a string with variables): it shows the version only through $nginx_version.
 */
function showsVersion(value: string): boolean {
  const v = value.trim();
  if (/^(on|build)$/i.test(v)) return true;
  if (/^off$/i.test(v)) return false;
  return /\$\{?nginx_version\b/.test(v);
}

function key(o: Origin): string {
  return `${o.file}:${o.line}:${o.column}`;
}

export default defineRule({
  id: 'nginx-server-tokens',
  title: 'nginx does not announce its version (server_tokens off)',
  kind: 'settings',
  severity: 'info',
  tags: ['deploy', 'nginx', 'disclosure'],
  django: [],
  deployOnly: true,
  docs: {
    what: "For every server (and every location that sets its own server_tokens) of the project's nginx, reads the effective `server_tokens`. A directive with `on` or `build` is reported at the directive. When no level sets it, nginx's default `on` applies: for a configuration with its own `http { }` block every level is in the project, so the first server block that inherits the default is reported (once per configuration: the fix is one line in the http block); for a sites-available style file the http block that includes it is not in the project and may well say `server_tokens off;`, so the rule reports could-not-verify instead of guessing. An include that could not be read is could-not-verify too. The commercial build's string form is reported only when it contains $nginx_version.",
    why: "With server_tokens on, every response carries `Server: nginx/1.24.0` and nginx's own error pages print the version. That tells an attacker which published vulnerabilities apply without any probing, and puts the server on lists that scan for vulnerable versions. Turning it off hides only the number, not the fact that it is nginx, so it is a small hardening step, not a fix for an old version.",
    severity: 'Info: it discloses information that makes attacks cheaper; it is not a vulnerability in itself.',
    bad: {
      settings: 'DEBUG = False\n',
      files: {
        'nginx/nginx.conf':
          'events {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example.com;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n',
      },
    },
    good: {
      settings: 'DEBUG = False\n',
      files: {
        'nginx/nginx.conf':
          'events {}\nhttp {\n    server_tokens off;\n    server {\n        listen 80;\n        server_name shop.example.com;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n',
      },
    },
    fix: 'Put `server_tokens off;` in the http block (Debian and Ubuntu ship it commented out in /etc/nginx/nginx.conf).',
  },
  messages,
  hint: 'Set server_tokens off; in the http block.',
  references: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens'],
  since: '0.1.0',
  check(ctx) {
    const files = ctx.facts.nginx;
    if (files.length === 0) return skip('the project has no nginx configuration');
    const out: Emit<typeof messages>[] = [];
    const seen = new Set<string>();
    let unclear: { reason: string; at: Origin } | null = null;
    const look = (setting: NginxSetting<string>, block: Origin, file: NginxFile) => {
      if (setting.state === 'set') {
        if (!showsVersion(setting.value) || seen.has(key(setting.origin))) return;
        seen.add(key(setting.origin));
        out.push({ messageId: 'tokensOn', at: setting.origin, data: { value: setting.value } });
      } else if (setting.state === 'unknown') {
        unclear ??= { reason: setting.reason, at: setting.origin };
      } else if (file.context === 'snippet') {
        unclear ??= { reason: 'server_tokens is not set in the files read; the http block that includes them is not in the project and may set it', at: block };
      } else if (!seen.has(`default ${file.file}`)) {
        // One finding per configuration: the fix is one line in its http block, which every server inherits.
        seen.add(`default ${file.file}`);
        out.push({ messageId: 'tokensDefault', at: block });
      }
    };
    for (const f of files) {
      for (const server of f.servers) {
        look(server.serverTokens, server.origin, f);
        // A location that sets its own value overrides the server's; one that inherits adds nothing new.
        for (const loc of server.locations) if (loc.serverTokens.state === 'set' && loc.serverTokens.level === 'location') look(loc.serverTokens, loc.origin, f);
      }
    }
    if (out.length === 0 && unclear !== null) {
      const u: { reason: string; at: Origin } = unclear;
      return unknownFor(null, unresolved(u.reason, 'server_tokens', u.at));
    }
    return out;
  },
});
