import type { AppServerBind } from '../src/engine/facts.ts';
import { type Emit, defineRule, skip } from '../src/engine/rule.ts';
import { type Unknown, isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS, setting } from './_shared.ts';

const messages = {
  directBind: { text: '{{server}} listens on {{address}}: clients can send {{header}} themselves' },
  containerBind: { text: '{{server}} binds {{address}} in a container: {{header}} forgeable if published', severity: 'info' },
} as const;

/** `HTTP_X_FORWARDED_PROTO` → `X-Forwarded-Proto`, for the message; null for a META key that is not a request header. */
function headerName(metaKey: string): string | null {
  if (!metaKey.startsWith('HTTP_') || metaKey.length === 5) return null;
  return metaKey
    .slice(5)
    .split('_')
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join('-');
}

/** The header SECURE_PROXY_SSL_HEADER names, for the message only (the finding does not depend on it). */
function describeHeader(entryValue: ReturnType<typeof knownValue>): string {
  if (isUnknown(entryValue)) return 'the proxy header';
  if ((entryValue.t === 'tuple' || entryValue.t === 'list') && entryValue.items[0]?.t === 'str') {
    return headerName(entryValue.items[0].v) ?? entryValue.items[0].v;
  }
  return 'the proxy header';
}

export default defineRule({
  id: 'proxy-header-forgeable',
  title: 'SECURE_PROXY_SSL_HEADER is only trusted behind a proxy that clients cannot bypass',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'https', 'proxy'],
  django: [],
  deployOnly: true,
  docs: {
    what: "When SECURE_PROXY_SSL_HEADER is set (truthy, as Django tests it), looks at every address the project starts an app server on (gunicorn, uvicorn, daphne or runserver; from a gunicorn config file's `bind`, a Procfile or a Dockerfile command) and reports one that listens on more than loopback: 0.0.0.0, `::`, an empty host such as gunicorn's `:8000`, or another non-loopback address. A gunicorn config `bind` that the starting command overrides with its own `--bind` is not looked at; the command's address is. Procfile processes are not reported: on Heroku (and the platforms that copied the Procfile) the dyno listens on 0.0.0.0:$PORT by design and only the platform's router reaches it, and the router sets X-Forwarded-Proto itself. A Dockerfile command is reported at info level: 0.0.0.0 is the only useful address inside a container, and the port is reachable from outside only where it is published (`docker run -p`, compose `ports:`), which secaudit does not read. Unix sockets and inherited file descriptors are never reachable over the network. An address that comes from a variable or a host name is not reported (the rule's outcome is could-not-verify when nothing else is found).",
    why: "With SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https') Django believes a request is HTTPS when that header says so. That is right only when every request comes through the proxy, which replaces whatever the client sent. If the app server also listens on a public interface, anyone who reaches its port can send `X-Forwarded-Proto: https` over plain HTTP: request.is_secure() becomes True, SECURE_SSL_REDIRECT does not redirect, and the session and CSRF cookies marked Secure are accepted on a connection an attacker can read. gunicorn's forwarded_allow_ips does not help: it only decides gunicorn's own wsgi.url_scheme, and gunicorn still passes the header to Django.",
    severity: 'Warning: exploiting it needs network access to the app server port, which a firewall may already block; the setting itself is correct behind a proxy.',
    bad: {
      settings: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n",
      files: { 'gunicorn.conf.py': "bind = '0.0.0.0:8000'\nworkers = 3\n" },
    },
    good: {
      settings: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n",
      files: { 'gunicorn.conf.py': "bind = '127.0.0.1:8000'\nworkers = 3\n" },
    },
    fix: 'Bind the app server to 127.0.0.1 (or a unix socket) when the proxy runs on the same host; otherwise make sure only the proxy can reach the port (firewall, private network), and that the proxy sets the header on every request.',
  },
  messages,
  hint: 'Bind the app server to 127.0.0.1 or a unix socket, so that only the proxy reaches it.',
  references: [
    `${DOCS}/ref/settings/#secure-proxy-ssl-header`,
    'https://docs.gunicorn.org/en/stable/settings.html#forwarded-allow-ips',
    'https://docs.gunicorn.org/en/stable/settings.html#bind',
    'https://devcenter.heroku.com/articles/http-routing#heroku-headers',
  ],
  since: '0.1.0',
  check(ctx) {
    const binds = ctx.facts.appServers;
    if (binds.length === 0) return skip('the project starts no app server that secaudit can see (gunicorn config, Procfile, Dockerfile)');
    // A config-file bind that the command overrides with its own --bind never takes effect; the command's bind is listed too.
    const effective = binds.filter((b) => b.overriddenBy === null && b.source !== 'procfile');
    const reachable = effective.filter((b) => b.public === true);
    const unclear = effective.filter((b) => b.public === null);
    if (reachable.length === 0 && unclear.length === 0) return [];
    const entry = setting(ctx, 'SECURE_PROXY_SSL_HEADER');
    const trusted = isTruthy(entry);
    if (isUnknown(trusted)) return trusted;
    if (!trusted) return [];
    const header = describeHeader(knownValue(entry));
    const out: Emit<typeof messages>[] = reachable.map((b: AppServerBind) => ({
      messageId: b.source === 'dockerfile' ? 'containerBind' : 'directBind',
      at: b.origin,
      data: { server: b.server, address: b.address ?? b.host ?? 'every interface', header },
    }));
    if (out.length > 0) return out;
    const first = unclear[0] as AppServerBind;
    return unknownFor(null, unresolved(`where ${first.server} listens is not known: ${first.reason}`, first.command, first.origin)) satisfies Unknown;
  },
});
