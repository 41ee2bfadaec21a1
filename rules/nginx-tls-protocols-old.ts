import type { NginxServer } from '../src/engine/facts.ts';
import { type Emit, defineRule, skip } from '../src/engine/rule.ts';
import { unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { unresolved } from '../src/engine/values.ts';

const messages = {
  legacyTls: { text: 'ssl_protocols enables {{protocols}}, deprecated by RFC 8996' },
  brokenSsl: { text: 'ssl_protocols enables broken {{protocols}} (RFC 6176, RFC 7568)', severity: 'error' },
} as const;

/** Protocol names as nginx accepts them (ngx_conf_set_bitmask_slot compares without regard to case). */
const BROKEN = ['SSLv2', 'SSLv3'];
const LEGACY = ['TLSv1', 'TLSv1.1'];

function pick(enabled: readonly string[], names: readonly string[]): string[] {
  const lower = new Set(enabled.map((p) => p.toLowerCase()));
  return names.filter((n) => lower.has(n.toLowerCase()));
}

function where(o: Origin): string {
  return `${o.file}:${o.line}`;
}

export default defineRule({
  id: 'nginx-tls-protocols-old',
  title: 'nginx offers only TLS 1.2 and newer',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'tls', 'nginx'],
  django: [],
  deployOnly: true,
  docs: {
    what: "For every server of the project's nginx that terminates TLS, reads the effective `ssl_protocols` (set in the server or inherited from the http block; several directives on one level add up, as nginx ORs them) and reports SSLv2 or SSLv3 (error) and TLSv1 or TLSv1.1 (warning), at the directive (a directive with both gets both findings). When no level that was read sets ssl_protocols, nginx's built-in default applies, which depends on its version: TLSv1 TLSv1.1 TLSv1.2 before 1.23.4, plus TLSv1.3 until 1.27.2, only TLSv1.2 TLSv1.3 from 1.27.3. secaudit does not know which nginx runs the configuration, and for a sites-available style file the enclosing http block (Debian's stock nginx.conf sets `ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;` there) is not in the project, so the default is reported as could-not-verify rather than as a finding; an include that could not be read is too.",
    why: "TLS 1.0 and 1.1 were deprecated by RFC 8996 (2021): they rely on SHA-1 and MD5 in the handshake, lack modern AEAD cipher suites and are open to downgrade and CBC padding attacks (BEAST, POODLE over TLS). Browsers removed them in 2020, so they only serve old or malicious clients, and PCI DSS forbids them. SSLv2 and SSLv3 are broken outright (DROWN, POODLE; RFC 6176, RFC 7568). Whether a handshake with an enabled old protocol succeeds also depends on the OpenSSL build and its security level (OpenSSL 3 at level 1 or higher refuses TLS 1.0 and 1.1), but the configuration asks for them and a library or policy change brings them back.",
    severity: 'Warning for TLS 1.0/1.1 (deprecated, attacks need a network position and effort); error for SSLv2/SSLv3 (practical attacks).',
    bad: {
      settings: 'DEBUG = False\n',
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n',
      },
    },
    good: {
      settings: 'DEBUG = False\n',
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    ssl_protocols TLSv1.2 TLSv1.3;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n',
      },
    },
    fix: 'Set `ssl_protocols TLSv1.2 TLSv1.3;` explicitly (in the http block or in every TLS server), which also makes the configuration independent of the nginx version.',
  },
  messages,
  hint: 'Set ssl_protocols TLSv1.2 TLSv1.3; explicitly.',
  references: [
    'https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols',
    'https://datatracker.ietf.org/doc/html/rfc8996',
    'https://datatracker.ietf.org/doc/html/rfc7568',
    'https://ssl-config.mozilla.org/',
  ],
  since: '0.1.0',
  check(ctx) {
    const servers: NginxServer[] = ctx.facts.nginx.flatMap((f) => f.servers.filter((s) => s.ssl));
    if (ctx.facts.nginx.length === 0) return skip('the project has no nginx configuration');
    if (servers.length === 0) return skip('the project nginx does not terminate TLS');
    const out: Emit<typeof messages>[] = [];
    const seen = new Set<string>();
    let unclear: { reason: string; at: Origin } | null = null;
    for (const server of servers) {
      const p = server.sslProtocols;
      if (p.state === 'default') {
        unclear ??= {
          reason: `the TLS server at ${where(server.origin)} does not set ssl_protocols: nginx's default enables TLSv1 and TLSv1.1 before 1.27.3, and which nginx runs it is not known`,
          at: server.origin,
        };
        continue;
      }
      if (p.state === 'unknown') {
        unclear ??= { reason: p.reason, at: p.origin };
        continue;
      }
      const key = `${p.origin.file}:${p.origin.line}:${p.origin.column}`;
      if (seen.has(key)) continue; // an http-level directive shared by several servers
      seen.add(key);
      const broken = pick(p.value, BROKEN);
      const legacy = pick(p.value, LEGACY);
      if (broken.length > 0) out.push({ messageId: 'brokenSsl', at: p.origin, data: { protocols: broken.join(' ') } });
      if (legacy.length > 0) out.push({ messageId: 'legacyTls', at: p.origin, data: { protocols: legacy.join(' ') } });
    }
    if (out.length === 0 && unclear) return unknownFor(null, unresolved(unclear.reason, 'ssl_protocols', unclear.at));
    return out;
  },
});
