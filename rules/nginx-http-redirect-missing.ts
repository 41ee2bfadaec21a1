import type { NginxFile, NginxServer } from '../src/engine/facts.ts';
import { type Emit, type RuleContext, defineRule, skip } from '../src/engine/rule.ts';
import { type Unknown, allHold, isTruthy, isUnknown, unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS, securityMiddleware, setting } from './_shared.ts';

const messages = {
  noRedirect: { text: 'no port-80 server redirects {{what}} to HTTPS' },
  servesPlain: { text: 'port-80 server serves {{what}} without redirecting to HTTPS' },
  partialRedirect: { text: 'port-80 server redirects only part of {{what}} to HTTPS' },
} as const;

type Messages = typeof messages;

function where(o: Origin): string {
  return `${o.file}:${o.line}`;
}

function listensPlain80(s: NginxServer): boolean {
  return s.listen.some((l) => !l.ssl && l.port === 80 && l.host !== null);
}

/** A name nginx can match a Host against, or null for `_`, `""` and regular expressions (a TLS server's own names). */
function hostOf(name: string): string | null {
  if (name === '' || name === '_' || name.startsWith('~')) return null;
  return name.toLowerCase();
}

type Pick = { readonly server: NginxServer; readonly byName: boolean } | { readonly unknown: string } | null;

/**
 * The port-80 server nginx picks for a Host (server_names.html): exact name, longest wildcard starting with `*`
 * (or the `.example.org` form), longest wildcard ending with `*`, first matching regular expression, else the
 * default server of the port (the one marked default_server, else the first).
 */
function pickServer(candidates: readonly NginxServer[], host: string | null): Pick {
  if (candidates.length === 0) return null;
  if (host !== null) {
    const names = candidates.flatMap((server) => server.serverNames.map((n) => ({ server, name: n.toLowerCase() })));
    const exact = names.find((n) => n.name === host || (n.name.startsWith('.') && n.name.slice(1) === host));
    if (exact) return { server: exact.server, byName: true };
    const heads = names
      .filter((n) => (n.name.startsWith('*.') && host.endsWith(n.name.slice(1))) || (n.name.startsWith('.') && host.endsWith(n.name)))
      .sort((a, b) => b.name.length - a.name.length);
    if (heads[0]) return { server: heads[0].server, byName: true };
    const tails = names.filter((n) => n.name.endsWith('.*') && host.startsWith(n.name.slice(0, -1))).sort((a, b) => b.name.length - a.name.length);
    if (tails[0]) return { server: tails[0].server, byName: true };
    for (const n of names) {
      if (!n.name.startsWith('~')) continue;
      let re: RegExp;
      try {
        // nginx's regex names are PCRE, case-insensitive (server names are compared in lower case).
        re = new RegExp(n.name.slice(1), 'i');
      } catch {
        return { unknown: `server_name ${n.name} (${where(n.server.origin)}) is a regular expression secaudit cannot evaluate` };
      }
      if (re.test(host)) return { server: n.server, byName: true };
    }
  }
  const marked = candidates.find((s) => s.listen.some((l) => !l.ssl && l.port === 80 && l.defaultServer));
  return { server: marked ?? (candidates[0] as NginxServer), byName: false };
}

/** `return 444;` (or another 4xx) for every request: the facts call it `none`, yet nothing is served over plain HTTP. */
function refusesEverything(s: NginxServer): boolean {
  return s.redirect.kind === 'none' && s.redirect.refusedOnly;
}

/** Every request the server does not redirect goes to the app: a catch-all location and nothing served from disk. */
function passesEverythingUpstream(s: NginxServer): boolean {
  const locs = s.locations.filter((l) => l.modifier !== '@' && !l.uri.startsWith('/.well-known'));
  const catchAll = locs.some((l) => (l.modifier === '' || l.modifier === '^~') && l.uri === '/' && l.pass !== null);
  return catchAll && locs.every((l) => l.pass !== null);
}

interface Group {
  readonly tls: readonly NginxServer[];
  readonly port80: readonly NginxServer[];
  /** Every server that can answer is in the group (an `http { }` configuration); false for sites-available style files. */
  readonly complete: boolean;
}

/** An http-context file is a whole configuration; snippet files are all included into one http block that is not in the project. */
function groups(files: readonly NginxFile[]): Group[] {
  const out: Group[] = files.filter((f) => f.context === 'http').map((f) => ({ tls: f.servers.filter((s) => s.ssl), port80: f.servers.filter(listensPlain80), complete: true }));
  const snippets = files.filter((f) => f.context === 'snippet').flatMap((f) => f.servers);
  if (snippets.length > 0) out.push({ tls: snippets.filter((s) => s.ssl), port80: snippets.filter(listensPlain80), complete: false });
  return out;
}

function djangoRedirects(ctx: RuleContext): boolean | Unknown {
  return allHold(securityMiddleware(ctx), isTruthy(setting(ctx, 'SECURE_SSL_REDIRECT')));
}

export default defineRule({
  id: 'nginx-http-redirect-missing',
  title: "The project's nginx redirects plain HTTP to HTTPS",
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'https', 'nginx'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When the project's nginx terminates TLS, finds for each TLS server the plain-HTTP server on port 80 that nginx would pick for its names (exact name, wildcards, regular expressions, then the port's default server, as nginx does) and reads what that server does with requests: all redirected to https:// (or refused, except /.well-known/ for ACME) passes; `partialRedirect` when some requests are redirected and others served; `servesPlain` when it answers without redirecting (unless every request goes to Django, SecurityMiddleware is on and SECURE_SSL_REDIRECT is true, so Django redirects); `noRedirect`, at the TLS server, when no port-80 server exists or the one nginx picks refuses every request (`return 444`). A server that listens on both 80 and 443 is its own port-80 server (`if ($scheme = http) { return 301 https://...; }` counts). For sites-available style files (no `http { }` block), other servers of the same nginx are not in the project: when the decision rests on the port's default server or there is no port-80 server at all, the rule reports could-not-verify; so does a redirect that depends on a condition or an include secaudit cannot read.",
    why: "People type the bare domain and follow old http:// links. Without a redirect those requests are either answered over plain HTTP, where the page, the session cookie (if not Secure) and any form can be read and changed on the way, or they fail. The redirect is also what leads a first-time visitor to the HTTPS site, where the Strict-Transport-Security header then keeps the browser on HTTPS.",
    severity: 'Warning: plain-HTTP exposure needs an attacker on the network path; HSTS and browsers that try HTTPS first reduce it.',
    bad: {
      settings: 'DEBUG = False\n',
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 80;\n    server_name shop.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n\nserver {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n',
      },
    },
    good: {
      settings: 'DEBUG = False\n',
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 80;\n    server_name shop.example.com;\n    return 301 https://$host$request_uri;\n}\n\nserver {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n',
      },
    },
    fix: 'Add `server { listen 80; listen [::]:80; server_name example.com; return 301 https://$host$request_uri; }` (keep a `location /.well-known/acme-challenge/` if certificates are renewed over HTTP).',
  },
  messages,
  hint: 'Add a port-80 server for the same names with return 301 https://$host$request_uri;',
  references: [
    'https://nginx.org/en/docs/http/server_names.html',
    'https://nginx.org/en/docs/http/request_processing.html',
    'https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return',
    `${DOCS}/ref/middleware/#ssl-redirect`,
  ],
  since: '0.1.0',
  check(ctx) {
    const files = ctx.facts.nginx;
    if (files.length === 0) return skip('the project has no nginx configuration');
    const all = groups(files);
    if (all.every((g) => g.tls.length === 0)) return skip('the project nginx does not terminate TLS');
    const out: Emit<Messages>[] = [];
    const seen = new Set<string>();
    const push = (e: Emit<Messages>) => {
      const at = e.at as Origin;
      const key = `${e.messageId} ${at.file}:${at.line}:${at.column}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(e);
      }
    };
    let unclear: { reason: string; at: Origin } | Unknown | null = null;
    for (const g of all) {
      for (const tls of g.tls) {
        const hosts = tls.serverNames.map(hostOf).filter((h): h is string => h !== null);
        for (const host of hosts.length > 0 ? hosts : [null]) {
          const what = host === null ? 'plain HTTP' : `http://${host}`;
          const picked = listensPlain80(tls) ? { server: tls, byName: true } : pickServer(g.port80, host);
          if (picked === null) {
            if (g.complete) push({ messageId: 'noRedirect', at: tls.origin, data: { what } });
            else unclear ??= { reason: `no server in the project's nginx listens on port 80; one outside the project may redirect ${what}`, at: tls.origin };
            continue;
          }
          if ('unknown' in picked) {
            unclear ??= { reason: picked.unknown, at: tls.origin };
            continue;
          }
          const p = picked.server;
          if (p.redirect.kind === 'all') continue;
          if (!picked.byName && !g.complete) {
            unclear ??= { reason: `${what} reaches the default server of port 80, which may be a server outside the project`, at: p.origin };
            continue;
          }
          if (p.redirect.kind === 'unknown') {
            unclear ??= { reason: p.redirect.reason, at: p.origin };
            continue;
          }
          if (refusesEverything(p)) {
            push({ messageId: 'noRedirect', at: tls.origin, data: { what } });
            continue;
          }
          if (p.redirect.kind === 'partial') {
            push({ messageId: 'partialRedirect', at: p.origin, data: { what } });
            continue;
          }
          if (passesEverythingUpstream(p)) {
            const django = djangoRedirects(ctx);
            if (django === true) continue;
            if (isUnknown(django)) {
              unclear ??= django;
              continue;
            }
          }
          push({ messageId: 'servesPlain', at: p.origin, data: { what } });
        }
      }
    }
    if (out.length > 0 || unclear === null) return out;
    return 'outcome' in unclear ? unclear : unknownFor(null, unresolved(unclear.reason, '', unclear.at));
  },
});
