import type { NginxFile, NginxHeader, NginxLocation, NginxServer } from '../src/engine/facts.ts';
import { type Emit, defineRule, skip } from '../src/engine/rule.ts';
import { isUnknown, unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS, type ProxySslHeader, proxySslHeader } from './_shared.ts';

const messages = {
  notSet: { text: 'location {{location}} proxies to Django without setting {{header}}' },
  neverSecure: { text: "location {{location}} sets {{header}} to {{value}}, never '{{secure}}'" },
  alwaysSecure: { text: "location {{location}} sends {{header}} '{{secure}}' for plain HTTP too" },
} as const;

type Messages = typeof messages;




function label(loc: NginxLocation): string {
  return loc.modifier ? `${loc.modifier} ${loc.uri}` : loc.uri;
}

/** What a header value becomes for a request over `scheme`: the text, or null when it depends on more than the scheme. */
function valueFor(value: string, scheme: 'http' | 'https'): string | null {
  const replaced = value.replace(/\$(?:\{(scheme|https)\}|(scheme|https)(?![A-Za-z0-9_]))/g, (_m, braced: string | undefined, bare: string | undefined) => ((braced ?? bare) === 'scheme' ? scheme : scheme === 'https' ? 'on' : ''));
  return replaced.includes('$') ? null : replaced;
}

/**
 * The servers whose proxied requests come from clients directly: TLS servers, and port-80 servers of a configuration
 * that terminates TLS (nginx is the edge). A plain server elsewhere may sit behind a load balancer that sets the header.
 */
function edgeServers(files: readonly NginxFile[]): NginxServer[] {
  const out: NginxServer[] = [];
  for (const f of files) {
    const terminates = f.servers.some((s) => s.ssl);
    for (const s of f.servers) {
      // A server whose every request is redirected proxies nothing. For a server on both 80 and 443 the redirect facts
      // describe the plain-HTTP requests only: its TLS requests still reach the locations.
      if (s.redirect.kind === 'all' && !(s.ssl && s.plainHttp)) continue;
      if (s.ssl || (terminates && s.listen.some((l) => !l.ssl && l.port === 80))) out.push(s);
    }
  }
  return out;
}

type Check = { readonly emit: Emit<Messages> } | { readonly unknown: string; readonly at: Origin } | null;

function checkLocation(server: NginxServer, loc: NginxLocation, t: ProxySslHeader): Check {
  if (!loc.pass || (loc.pass.directive !== 'proxy_pass' && loc.pass.directive !== 'uwsgi_pass')) return null;
  const uwsgi = loc.pass.directive === 'uwsgi_pass';
  let matches: readonly NginxHeader[];
  let shown: string;
  let unknown: string | null;
  if (uwsgi) {
    // uwsgi_param names are CGI variables, compared exactly; unset, nginx passes the client's header as HTTP_*.
    matches = loc.uwsgiParams.entries.filter((p) => p.name === t.metaKey);
    shown = `uwsgi_param ${t.metaKey}`;
    unknown = loc.uwsgiParams.unknown;
  } else {
    if (t.header === null) {
      return { unknown: `SECURE_PROXY_SSL_HEADER reads META['${t.metaKey}'], which no request header produces`, at: loc.origin };
    }
    const want = t.header.toLowerCase();
    matches = loc.proxyHeaders.entries.filter((h) => h.name.toLowerCase() === want);
    shown = t.header;
    unknown = loc.proxyHeaders.unknown;
  }
  // proxy_set_header with an empty value removes the field: the app gets no header at all.
  const sent = matches.filter((h) => uwsgi || h.value !== '');
  const last = sent[sent.length - 1];
  const data = { location: label(loc), header: shown };
  if (!last) {
    if (unknown) return { unknown, at: loc.origin };
    return { emit: { messageId: 'notSet', at: loc.origin, data } };
  }
  const overTls = server.ssl ? valueFor(last.value, 'https') : null;
  if (server.ssl && overTls !== null && overTls.trim() !== t.secure) {
    return { emit: { messageId: 'neverSecure', at: last.origin, data: { ...data, value: last.value, secure: t.secure } } };
  }
  // Only when no plain-HTTP request is redirected can this location be sure to get some.
  if (server.plainHttp && server.redirect.kind === 'none' && valueFor(last.value, 'http')?.trim() === t.secure) {
    return { emit: { messageId: 'alwaysSecure', at: last.origin, data: { ...data, secure: t.secure } } };
  }
  return null;
}

export default defineRule({
  id: 'nginx-forwarded-proto-missing',
  title: 'nginx sets the header SECURE_PROXY_SSL_HEADER trusts',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'https', 'proxy', 'nginx'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When SECURE_PROXY_SSL_HEADER is set, maps its META key back to the request header (HTTP_X_FORWARDED_PROTO is X-Forwarded-Proto, compared without regard to case) and checks every location of the project's nginx that passes requests to the app with proxy_pass, in servers that face clients: servers with TLS, and port-80 servers in a configuration that terminates TLS (servers that redirect every request are skipped; a plain-HTTP-only configuration is taken to sit behind a load balancer whose header nginx passes on). The effective proxy_set_header list is used, with nginx's inheritance rule: a location inherits the server's (and http's) proxy_set_header directives only if it sets none itself. Reported: the header is not set (`notSet`; an empty value removes it, which counts as not set); it is set to a value that never equals the secure value for an HTTPS request, e.g. $scheme when Django expects 'on' (`neverSecure`); or a server that answers plain HTTP without redirecting any of it sends the secure value, e.g. a literal `https` (`alwaysSecure`). A server on both 80 and 443 whose plain-HTTP requests are all redirected is still checked for its TLS requests. For uwsgi_pass the `uwsgi_param` named exactly like the META key is checked. An include that could not be read (such as Debian's stock proxy_params, which sets X-Forwarded-Proto) makes the location could-not-verify. fastcgi_pass, scgi_pass and grpc_pass locations are not checked.",
    why: "Django trusts the header to say whether the client used HTTPS. If nginx does not set it, nginx passes on whatever the client sent: a client can claim HTTPS over plain HTTP, and a normal HTTPS request reaches Django looking like HTTP, so SECURE_SSL_REDIRECT redirects in a loop, CSRF origin checks fail and absolute URLs start with http://. A location that sets its own proxy_set_header (say, Upgrade for websockets) silently loses the server-level X-Forwarded-Proto; that is the usual way this breaks.",
    severity: 'Warning: the header becomes client-controlled, or Django cannot tell HTTPS at all; the effect ranges from broken redirects to Secure cookies accepted over plain HTTP.',
    bad: {
      settings: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n",
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    proxy_set_header X-Forwarded-Proto $scheme;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n    location /ws/ {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection upgrade;\n    }\n}\n',
      },
    },
    good: {
      settings: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n",
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    proxy_set_header X-Forwarded-Proto $scheme;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n    location /ws/ {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection upgrade;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n}\n',
      },
    },
    fix: 'Add `proxy_set_header X-Forwarded-Proto $scheme;` to every location that proxies to Django and sets proxy_set_header of its own (or to the server when no location does).',
  },
  messages,
  hint: 'Add proxy_set_header X-Forwarded-Proto $scheme; to every location that sets its own proxy_set_header.',
  references: [
    `${DOCS}/ref/settings/#secure-proxy-ssl-header`,
    'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header',
    'https://nginx.org/en/docs/http/ngx_http_uwsgi_module.html#uwsgi_param',
  ],
  since: '0.1.0',
  check(ctx) {
    const files = ctx.facts.nginx;
    if (files.length === 0) return skip('the project has no nginx configuration');
    const servers = edgeServers(files);
    const locations = servers.flatMap((s) => s.locations.filter((l) => l.pass?.directive === 'proxy_pass' || l.pass?.directive === 'uwsgi_pass').map((l) => [s, l] as const));
    if (locations.length === 0) return skip('no nginx location facing clients passes requests to the app (proxy_pass, uwsgi_pass)');
    const t = proxySslHeader(ctx);
    if (t === null) return skip('SECURE_PROXY_SSL_HEADER is not set: Django reads no proxy header');
    if (isUnknown(t)) return t;
    const out: Emit<Messages>[] = [];
    const seen = new Set<string>();
    let unclear: { unknown: string; at: Origin } | null = null;
    for (const [server, loc] of locations) {
      const r = checkLocation(server, loc, t);
      if (r === null) continue;
      if ('unknown' in r) {
        unclear ??= r;
        continue;
      }
      const at = r.emit.at as Origin;
      const key = `${r.emit.messageId} ${at.file}:${at.line}:${at.column}`;
      if (seen.has(key)) continue; // one location file included by several servers
      seen.add(key);
      out.push(r.emit);
    }
    if (out.length === 0 && unclear) return unknownFor(null, unresolved(unclear.unknown, '', unclear.at));
    return out;
  },
});
