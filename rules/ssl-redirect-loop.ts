import type { NginxHeader, NginxLocation, NginxServer } from '../src/engine/facts.ts';
import { type Emit, type RuleContext, defineRule, skip } from '../src/engine/rule.ts';
import { type Unknown, allHold, isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS, NO_SECURITY_MIDDLEWARE, type ProxySslHeader, headerForMetaKey, proxySslHeader, securityMiddleware, setting } from './_shared.ts';

const messages = {
  redirectLoop: { text: 'SECURE_SSL_REDIRECT loops: nginx ({{where}}) proxies HTTPS to Django as HTTP' },
  headerNotSent: { text: 'SECURE_SSL_REDIRECT loops: nginx ({{where}}) does not send {{header}}' },
  headerNeverSecure: { text: "SECURE_SSL_REDIRECT loops: {{header}} {{value}} ({{where}}) isn't '{{secure}}'" },
} as const;

type Messages = typeof messages;

/** Headers gunicorn reads the scheme from by default (secure_scheme_headers); uvicorn and daphne read X-Forwarded-Proto. */
const SCHEME_HEADERS = new Set(['x-forwarded-proto', 'x-forwarded-protocol', 'x-forwarded-ssl']);
/** uWSGI sets wsgi.url_scheme from the UWSGI_SCHEME variable, else from HTTPS ("on" or "1"). */
const UWSGI_SCHEME_VARS = new Set(['UWSGI_SCHEME', 'HTTPS']);

function where(o: Origin): string {
  return `${o.file}:${o.line}`;
}

/** A value an app server could take the scheme from: `$scheme`, `$https`, or the literal words a proxy sends for HTTPS. */
function carriesScheme(value: string): boolean {
  return /\$(scheme|https)\b|\$\{(scheme|https)\}/.test(value) || /^(https|on|ssl|1)$/i.test(value.trim());
}

/** What a header value is for a request that arrived over HTTPS, or null when it depends on more than the scheme. */
function valueOverTls(value: string): string | null {
  const replaced = value.replace(/\$(?:\{(scheme|https)\}|(scheme|https)(?![A-Za-z0-9_]))/g, (_m, braced: string | undefined, bare: string | undefined) => ((braced ?? bare) === 'scheme' ? 'https' : 'on'));
  return replaced.includes('$') ? null : replaced;
}


/** SECURE_PROXY_SSL_HEADER when it is a pair of strings. */

type Verdict =
  | { readonly loops: false }
  | { readonly loops: null; readonly reason: string; readonly at: Origin }
  | { readonly loops: true; readonly emit: Emit<Messages>['messageId']; readonly at: Origin; readonly header: string; readonly value: string };

/**
 * The scheme the app server puts in wsgi.url_scheme for an HTTPS request nginx passes from this location (what
 * Django uses when SECURE_PROXY_SSL_HEADER is unset, or set but the header is absent).
 */
function appServerVerdict(loc: NginxLocation): Verdict | null {
  const pass = loc.pass;
  if (!pass) return null;
  switch (pass.directive) {
    case 'proxy_pass': {
      const target = pass.target.toLowerCase();
      if (target.startsWith('https://')) return { loops: false };
      if (!target.startsWith('http://')) return { loops: null, reason: `proxy_pass ${pass.target} (${where(pass.origin)}): the upstream scheme is not known`, at: pass.origin };
      // gunicorn and uvicorn set the scheme from X-Forwarded-Proto when they trust the proxy's address (127.0.0.1,
      // ::1 and unix sockets by default); a header that carries $scheme may be one the app server was told to read.
      const carrier = loc.proxyHeaders.entries.find((h) => (SCHEME_HEADERS.has(h.name.toLowerCase()) && h.value !== '') || carriesScheme(h.value));
      if (carrier) {
        return {
          loops: null,
          reason: `nginx sends ${carrier.name}: ${carrier.value} (${where(carrier.origin)}); whether the app server trusts it and sets wsgi.url_scheme depends on its forwarded_allow_ips`,
          at: carrier.origin,
        };
      }
      if (loc.proxyHeaders.unknown) return { loops: null, reason: loc.proxyHeaders.unknown, at: pass.origin };
      return { loops: true, emit: 'redirectLoop', at: pass.origin, header: '', value: '' };
    }
    case 'uwsgi_pass': {
      const scheme = loc.uwsgiParams.entries.find((p) => UWSGI_SCHEME_VARS.has(p.name));
      if (scheme) {
        if (carriesScheme(scheme.value)) return { loops: false };
        return { loops: null, reason: `uwsgi_param ${scheme.name} ${scheme.value} (${where(scheme.origin)}) is not a value secaudit can evaluate`, at: scheme.origin };
      }
      if (loc.uwsgiParams.unknown) return { loops: null, reason: loc.uwsgiParams.unknown, at: pass.origin };
      return { loops: true, emit: 'redirectLoop', at: pass.origin, header: '', value: '' };
    }
    default:
      return { loops: null, reason: `${pass.directive} (${where(pass.origin)}): secaudit does not know how this protocol passes the scheme`, at: pass.origin };
  }
}

/**
 * With SECURE_PROXY_SSL_HEADER set, Django (since the CVE-2019-12781 fix) answers from the header whenever it is
 * present, and falls back to wsgi.url_scheme only when it is absent.
 */
function locationVerdict(loc: NginxLocation, trusted: ProxySslHeader | null): Verdict | null {
  const pass = loc.pass;
  if (!pass) return null;
  if (trusted === null) return appServerVerdict(loc);
  let sent: NginxHeader | undefined;
  let shown: string;
  let unknown: string | null;
  if (pass.directive === 'uwsgi_pass') {
    sent = loc.uwsgiParams.entries.filter((p) => p.name === trusted.metaKey).pop();
    shown = `uwsgi_param ${trusted.metaKey}`;
    unknown = loc.uwsgiParams.unknown;
  } else if (pass.directive === 'proxy_pass') {
    const header = headerForMetaKey(trusted.metaKey);
    // An empty value removes the field; a META key that is not HTTP_* never comes from a proxied header.
    sent = header === null ? undefined : loc.proxyHeaders.entries.filter((h) => h.name.toLowerCase() === header.toLowerCase() && h.value !== '').pop();
    shown = header ?? trusted.metaKey;
    unknown = header === null ? null : loc.proxyHeaders.unknown;
  } else return appServerVerdict(loc);
  if (sent) {
    const value = valueOverTls(sent.value);
    if (value === null) return { loops: null, reason: `nginx sends ${sent.name}: ${sent.value} (${where(sent.origin)}), a value secaudit cannot evaluate`, at: sent.origin };
    if (value.trim() === trusted.secure) return { loops: false };
    return { loops: true, emit: 'headerNeverSecure', at: sent.origin, header: shown, value: sent.value };
  }
  if (unknown) return { loops: null, reason: unknown, at: pass.origin };
  const fallback = appServerVerdict(loc);
  return fallback?.loops === true ? { ...fallback, emit: 'headerNotSent', header: shown } : fallback;
}

/** Servers that terminate TLS and may pass its requests on; a TLS-only server that redirects every request never does. */
function tlsServers(servers: readonly NginxServer[]): NginxServer[] {
  return servers.filter((s) => s.ssl && !(s.redirect.kind === 'all' && !s.plainHttp));
}

type Loop = Extract<Verdict, { loops: true }>;

/** SECURE_REDIRECT_EXEMPT compiled, or why it cannot be (an unknown value, a pattern JavaScript cannot compile). */
type Exempt = { readonly patterns: readonly RegExp[] } | { readonly unknown: Unknown };

function redirectExempt(ctx: RuleContext): Exempt {
  // Django's default is []; src/engine/django.ts does not list it, so an unset name comes back undefined.
  const entry = ctx.settings.get('SECURE_REDIRECT_EXEMPT');
  if (!entry) return { patterns: [] };
  const value = knownValue(entry);
  if (isUnknown(value)) return { unknown: value };
  if (value.t !== 'list' && value.t !== 'tuple') return { unknown: unknownFor(entry.name, unresolved(`SECURE_REDIRECT_EXEMPT is a ${value.t}, not a list`, '', entry.origin), entry.origin) };
  if (value.partial) return { unknown: unknownFor(entry.name, value.partial, entry.origin) };
  const patterns: RegExp[] = [];
  for (const item of value.items) {
    if (item.t !== 'str') return { unknown: unknownFor(entry.name, item.t === 'unresolved' ? item : unresolved(`SECURE_REDIRECT_EXEMPT holds a ${item.t}`, '', entry.origin), entry.origin) };
    try {
      patterns.push(new RegExp(item.v));
    } catch {
      return { unknown: unknownFor(entry.name, unresolved(`SECURE_REDIRECT_EXEMPT pattern '${item.v}' uses Python regex syntax secaudit cannot evaluate`, item.v, entry.origin), entry.origin) };
    }
  }
  return { patterns };
}

/**
 * SecurityMiddleware does not redirect a path (without its leading slash) that an exempt pattern matches with
 * re.search. A prefix location loops at least for its own prefix unless a pattern matches that; for a regular
 * expression location no path can be picked.
 */
function mayBeExempt(loc: NginxLocation, patterns: readonly RegExp[]): boolean {
  if (patterns.length === 0) return false;
  if (loc.modifier !== '' && loc.modifier !== '^~' && loc.modifier !== '=') return true;
  const path = loc.uri.replace(/^\/+/, '');
  return patterns.some((p) => p.test(path));
}

function nginxLoops(servers: readonly NginxServer[], trusted: ProxySslHeader | null, exempt: Exempt): Loop | Unknown | false {
  let unclear: { reason: string; at: Origin } | Unknown | null = null;
  for (const server of tlsServers(servers)) {
    for (const loc of server.locations) {
      const v = locationVerdict(loc, trusted);
      if (!v) continue;
      if (v.loops === true) {
        if ('unknown' in exempt) {
          unclear ??= exempt.unknown;
          continue;
        }
        if (mayBeExempt(loc, exempt.patterns)) {
          unclear ??= { reason: `SECURE_REDIRECT_EXEMPT may exempt the requests of location ${loc.uri} (${where(loc.origin)}) from the redirect`, at: loc.origin };
          continue;
        }
        return v;
      }
      if (v.loops === null) unclear ??= v;
    }
  }
  if (unclear) return 'outcome' in unclear ? unclear : unknownFor(null, unresolved(unclear.reason, '', unclear.at));
  return false;
}


export default defineRule({
  id: 'ssl-redirect-loop',
  title: 'SECURE_SSL_REDIRECT behind a TLS-terminating nginx can tell HTTPS requests',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'https', 'proxy', 'nginx'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports SECURE_SSL_REDIRECT (truthy, with SecurityMiddleware on) when an nginx server of the project terminates TLS (a `listen ... ssl`) and passes requests to Django in a way that makes an HTTPS request look like HTTP to Django. With SECURE_PROXY_SSL_HEADER set, Django answers from that header whenever it is present (since the CVE-2019-12781 fix): the location must send it with the secure value for HTTPS (`headerNeverSecure` when it sends something else, e.g. $scheme where Django expects 'on'); when it does not send it (`headerNotSent`), or SECURE_PROXY_SSL_HEADER is not set (`redirectLoop`), Django falls back to the app server's wsgi.url_scheme, which is http for `proxy_pass http://...` unless nginx sends a scheme header the app server trusts (X-Forwarded-Proto, X-Forwarded-Protocol, X-Forwarded-Ssl, or any header set from $scheme or $https: gunicorn trusts 127.0.0.1, ::1 and unix sockets by default through forwarded_allow_ips, so this is could-not-verify), and http for `uwsgi_pass` without `uwsgi_param HTTPS` or `UWSGI_SCHEME`. `proxy_pass https://` re-encrypts, so the app server sees HTTPS; a TLS-only server that redirects every request elsewhere passes nothing on; fastcgi_pass and the other protocols are could-not-verify. A location whose requests SECURE_REDIRECT_EXEMPT may exempt (a pattern matches its prefix, or it is a regular-expression location and the list is not empty) is could-not-verify. The finding points at SECURE_SSL_REDIRECT, the setting that makes the loop.",
    why: "Django redirects every request it believes is plain HTTP to the same https:// URL. Behind nginx the request Django sees is always HTTP; only the header (or the app server's scheme) says the client used HTTPS. If neither does, every HTTPS request is answered with a redirect to itself: the browser follows it to nginx, which passes it on as HTTP again, and the site never loads (ERR_TOO_MANY_REDIRECTS). request.is_secure() is also wrong everywhere else (CSRF origin checks, build_absolute_uri). A location that sets its own proxy_set_header (for websockets, say) silently drops the server-level X-Forwarded-Proto, which is the usual way a working setup starts looping.",
    severity: 'Error: every request to the site fails; the deployment does not work at all.',
    bad: {
      settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_SSL_REDIRECT = True\n",
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Host $host;\n    }\n}\n',
      },
    },
    good: {
      settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_SSL_REDIRECT = True\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n",
      files: {
        'deploy/nginx.conf':
          'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n}\n',
      },
    },
    fix: 'nginx inherits proxy_set_header only into locations that set none of their own, so repeat `proxy_set_header X-Forwarded-Proto $scheme;` in every location that proxies to Django and sets other headers (websockets, request ids). For uwsgi_pass send `uwsgi_param HTTP_X_FORWARDED_PROTO $scheme;` (or `uwsgi_param HTTPS $https if_not_empty;` without SECURE_PROXY_SSL_HEADER).',
  },
  messages,
  hint: "Set SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https') and make nginx send proxy_set_header X-Forwarded-Proto $scheme.",
  references: [
    `${DOCS}/ref/settings/#secure-proxy-ssl-header`,
    `${DOCS}/ref/middleware/#ssl-redirect`,
    'https://docs.gunicorn.org/en/stable/deploy.html',
    'https://docs.gunicorn.org/en/stable/settings.html#secure-scheme-headers',
    'https://uwsgi-docs.readthedocs.io/en/latest/Vars.html',
  ],
  since: '0.1.0',
  check(ctx) {
    const servers = ctx.facts.nginx.flatMap((f) => f.servers);
    if (servers.length === 0) return skip('the project has no nginx configuration');
    if (!servers.some((s) => s.ssl)) return skip('the project nginx does not terminate TLS');
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const redirect = setting(ctx, 'SECURE_SSL_REDIRECT');
    const on = allHold(sm, isTruthy(redirect));
    if (on === false) return [];
    const trusted = proxySslHeader(ctx);
    if (isUnknown(trusted)) return trusted;
    const loop = nginxLoops(servers, trusted, redirectExempt(ctx));
    if (loop === false) return [];
    if (isUnknown(on)) return on;
    if (isUnknown(loop)) return loop;
    const base = { where: where(loop.at) };
    switch (loop.emit) {
      case 'redirectLoop':
        return [{ messageId: 'redirectLoop', at: redirect, data: base }];
      case 'headerNotSent':
        return [{ messageId: 'headerNotSent', at: redirect, data: { ...base, header: loop.header } }];
      case 'headerNeverSecure':
        return [{ messageId: 'headerNeverSecure', at: redirect, data: { ...base, header: loop.header, value: loop.value, secure: trusted?.secure ?? '' } }];
    }
  },
});
