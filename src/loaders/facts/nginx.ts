import { posix } from 'node:path';
import type {
  NginxFile,
  NginxHeader,
  NginxHeaderSet,
  NginxListen,
  NginxLocation,
  NginxPass,
  NginxProblem,
  NginxRedirect,
  NginxServer,
  NginxSetting,
} from '../../engine/facts.ts';
import type { Origin } from '../../engine/types.ts';
import { type NginxDirective, type NginxWord, parseNginxSyntax } from './nginx-syntax.ts';

/**
 * nginx's built-in `ssl_protocols` by version (src/event/ngx_event_openssl.h and the commits that changed it):
 * TLSv1.3 was added in 1.23.4, TLSv1 and TLSv1.1 removed in 1.27.3.
 */
export const NGINX_DEFAULT_SSL_PROTOCOLS: readonly { readonly since: string; readonly protocols: readonly string[] }[] = [
  { since: '0.0.0', protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
  { since: '1.23.4', protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] },
  { since: '1.27.3', protocols: ['TLSv1.2', 'TLSv1.3'] },
];

/** Files a resolver found for an include, or why it found none. */
export type IncludeResult = { readonly files: readonly { readonly file: string; readonly text: string }[] } | { readonly unread: string };

/** Resolves an `include` argument (a path or glob) written in `from` to project files. */
export type IncludeResolver = (pattern: string, from: string) => IncludeResult;

const MAX_INCLUDE_DEPTH = 8;

/**
 * Include files nginx packages ship, by name: when they are not in the project, only these directives can come
 * from them (so a stock `uwsgi_params` cannot hide a `return`).
 */
const STOCK_INCLUDES = new Map<string, readonly string[]>([
  ['proxy_params', ['proxy_set_header']],
  ['uwsgi_params', ['uwsgi_param']],
  ['fastcgi_params', ['fastcgi_param']],
  ['fastcgi.conf', ['fastcgi_param']],
  ['scgi_params', ['scgi_param']],
  ['mime.types', ['types']],
  ['koi-utf', ['charset_map']],
  ['koi-win', ['charset_map']],
  ['win-utf', ['charset_map']],
]);

/** A directive after includes are spliced in; an include that could not be read stays as a marker. */
interface Node {
  readonly name: string;
  readonly args: readonly NginxWord[];
  readonly block: readonly Node[] | null;
  readonly origin: Origin;
  readonly unread: { readonly reason: string; readonly families: ReadonlySet<string> | null } | null;
}

type Level = 'http' | 'server' | 'location';

interface Scope {
  readonly nodes: readonly Node[];
  readonly level: Level;
}

// ---------------------------------------------------------------------------------------------------------------
// Includes

function expand(
  directives: readonly NginxDirective[],
  resolve: IncludeResolver | undefined,
  chain: readonly string[],
  included: Set<string>,
  problems: NginxProblem[],
): Node[] {
  const out: Node[] = [];
  for (const d of directives) {
    if (d.name !== 'include' || d.block !== null) {
      out.push({ name: d.name, args: d.args, block: d.block ? expand(d.block, resolve, chain, included, problems) : null, origin: d.origin, unread: null });
      continue;
    }
    const pattern = d.args[0]?.text;
    const marker = (reason: string): Node => {
      const stock = pattern ? STOCK_INCLUDES.get(posix.basename(pattern)) : undefined;
      return { ...d, block: null, unread: { reason, families: stock ? new Set(stock) : null } };
    };
    if (!pattern) {
      problems.push({ message: 'invalid number of arguments in "include" directive', origin: d.origin });
      continue;
    }
    if (chain.length > MAX_INCLUDE_DEPTH) {
      out.push(marker(`include ${pattern} is nested more than ${MAX_INCLUDE_DEPTH} levels deep and was not read`));
      continue;
    }
    const result: IncludeResult = resolve ? resolve(pattern, d.origin.file) : { unread: 'includes are not followed' };
    if ('unread' in result) {
      const stock = STOCK_INCLUDES.has(posix.basename(pattern)) ? ' (a file nginx packages ship)' : '';
      out.push(marker(`include ${pattern}${stock} is not read: ${result.unread}`));
      continue;
    }
    for (const f of result.files) {
      if (chain.includes(f.file)) {
        problems.push({ message: `include ${pattern} includes ${f.file} again, which includes itself`, origin: d.origin });
        continue;
      }
      included.add(f.file);
      const syntax = parseNginxSyntax(f.file, f.text);
      problems.push(...syntax.problems);
      out.push(...expand(syntax.directives, resolve, [...chain, f.file], included, problems));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Inheritance

function simple(nodes: readonly Node[], name: string): Node[] {
  return nodes.filter((n) => n.name === name && n.block === null && n.unread === null);
}

function unreadFor(nodes: readonly Node[], name: string): Node | undefined {
  return nodes.find((n) => n.unread !== null && (n.unread.families === null || n.unread.families.has(name)));
}

/** A directive that takes one value and is inherited from the nearest level that sets it. */
function single(scopes: readonly Scope[], name: string): NginxSetting<string> {
  for (const s of scopes) {
    const d = simple(s.nodes, name)[0];
    if (d) return { state: 'set', value: d.args.map((a) => a.text).join(' '), level: s.level, origin: d.origin };
    const u = unreadFor(s.nodes, name);
    if (u) return { state: 'unknown', reason: `${u.unread?.reason}; it may set ${name}`, origin: u.origin };
  }
  return { state: 'default' };
}

/** `ssl_protocols`: a bitmask; several directives on one level add up (ngx_conf_set_bitmask_slot ORs them). */
function protocols(scopes: readonly Scope[]): NginxSetting<readonly string[]> {
  for (const s of scopes) {
    const ds = simple(s.nodes, 'ssl_protocols');
    const u = unreadFor(s.nodes, 'ssl_protocols');
    if (ds.length > 0 && !u) {
      const value: string[] = [];
      for (const d of ds) for (const a of d.args) if (!value.some((v) => v.toLowerCase() === a.text.toLowerCase())) value.push(a.text);
      return { state: 'set', value, level: s.level, origin: (ds[0] as Node).origin };
    }
    if (u) return { state: 'unknown', reason: `${u.unread?.reason}; it may set ssl_protocols`, origin: u.origin };
  }
  return { state: 'default' };
}

function header(d: Node): NginxHeader {
  const [name, value, ...flags] = d.args.map((a) => a.text);
  return { name: name ?? '', value: value ?? '', flags, origin: d.origin };
}

/** An array directive (`proxy_set_header`, `uwsgi_param`): inherited if and only if the level sets none. */
function arraySet(scopes: readonly Scope[], name: string): NginxHeaderSet {
  for (const s of scopes) {
    const ds = simple(s.nodes, name);
    const u = unreadFor(s.nodes, name);
    if (ds.length > 0 || u) return { entries: ds.map(header), level: s.level, unknown: u ? `${u.unread?.reason}; it may set ${name}` : null };
  }
  return { entries: [], level: null, unknown: null };
}

/** `add_header`, with add_header_inherit (nginx 1.29.3): `on` (the usual rule), `off`, or `merge`. */
function addHeaders(scopes: readonly Scope[]): NginxHeaderSet {
  let eff: NginxHeaderSet = { entries: [], level: null, unknown: null };
  let mode = 'on';
  for (const s of [...scopes].reverse()) {
    const inherit = simple(s.nodes, 'add_header_inherit')[0];
    if (inherit) mode = inherit.args[0]?.text ?? 'on';
    const own = simple(s.nodes, 'add_header');
    const u = unreadFor(s.nodes, 'add_header');
    const why = u ? `${u.unread?.reason}; it may set add_header` : null;
    if (own.length > 0 || u) {
      eff = mode === 'merge' ? { entries: [...own.map(header), ...eff.entries], level: s.level, unknown: why ?? eff.unknown } : { entries: own.map(header), level: s.level, unknown: why };
    } else if (mode === 'off') eff = { entries: [], level: null, unknown: null };
  }
  return eff;
}

// ---------------------------------------------------------------------------------------------------------------
// listen

function parseListen(d: Node): NginxListen {
  const address = d.args[0]?.text ?? '';
  const params = d.args.slice(1).map((a) => a.text);
  let host: string | null = '*';
  let port: number | null = 80;
  let ipv6 = false;
  if (address.startsWith('unix:')) {
    host = null;
    port = null;
  } else if (address.startsWith('[')) {
    ipv6 = true;
    const close = address.indexOf(']');
    host = address.slice(1, close);
    const rest = address.slice(close + 1);
    port = rest.startsWith(':') ? Number(rest.slice(1)) : 80;
  } else if (/^\d+$/.test(address)) {
    port = Number(address);
  } else if (address.includes(':')) {
    host = address.slice(0, address.lastIndexOf(':'));
    port = Number(address.slice(address.lastIndexOf(':') + 1));
  } else host = address;
  return {
    address,
    host,
    port: port !== null && Number.isFinite(port) ? port : null,
    ipv6,
    ssl: params.includes('ssl'),
    http2: params.includes('http2'),
    quic: params.includes('quic'),
    defaultServer: params.includes('default_server') || params.includes('default'),
    proxyProtocol: params.includes('proxy_protocol'),
    implicit: false,
    origin: d.origin,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Redirects

type OutcomeKind = 'https' | 'elsewhere' | 'refuse' | 'serve' | 'well-known' | 'unknown';

interface Outcome {
  readonly kind: OutcomeKind;
  readonly origin: Origin | null;
  readonly target: string | null;
  readonly why: string;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
const URI_SAMPLES = ['/', '/a', '/admin/login/?next=/x', '/.well-known/acme-challenge/t'];

/** A rewrite regex that matches every URI (`^`, `^(.*)$`, `^/(.*)`, `.*`): only anchors, slashes, dots, stars and groups. */
function matchesEverything(regex: string): boolean {
  if (!/^[\^$/.*()?]+$/.test(regex)) return false;
  try {
    const re = new RegExp(regex);
    return URI_SAMPLES.every((u) => re.test(u));
  } catch {
    return false;
  }
}

function where(origin: Origin): string {
  return `${origin.file}:${origin.line}`;
}

function classifyTarget(url: string, scheme: 'http' | 'https' | null, origin: Origin, verb: string): Outcome {
  if (url.startsWith('https://')) return { kind: 'https', origin, target: url, why: `${verb} to ${url} (${where(origin)})` };
  if (url.startsWith('$scheme://')) {
    if (scheme === 'https') return { kind: 'https', origin, target: url, why: `${verb} to ${url} on a TLS-only server (${where(origin)})` };
    if (scheme === 'http') return { kind: 'elsewhere', origin, target: url, why: `${verb} to ${url}, which is http:// on this server (${where(origin)})` };
    return { kind: 'unknown', origin, target: url, why: `${verb} to ${url}, whose scheme depends on the listen port (${where(origin)})` };
  }
  if (url.startsWith('$')) return { kind: 'unknown', origin, target: url, why: `${verb} to ${url}, a variable (${where(origin)})` };
  return { kind: 'elsewhere', origin, target: url, why: `${verb} to ${url}, not an https:// URL (${where(origin)})` };
}

function returnOutcome(d: Node, scheme: 'http' | 'https' | null): Outcome {
  const args = d.args.map((a) => a.text);
  const first = args[0] ?? '';
  if (/^\d+$/.test(first)) {
    const code = Number(first);
    if (REDIRECT_CODES.has(code)) return classifyTarget(args[1] ?? '', scheme, d.origin, `return ${code} redirects`);
    if (code >= 200 && code < 300) return { kind: 'serve', origin: d.origin, target: null, why: `return ${code} answers over plain HTTP (${where(d.origin)})` };
    return { kind: 'refuse', origin: d.origin, target: null, why: `return ${code} (${where(d.origin)})` };
  }
  // `return URL;` is a 302.
  return classifyTarget(first, scheme, d.origin, 'return redirects');
}

function variableValue(name: string, scheme: 'http' | 'https' | null): string | undefined {
  if (scheme === null) return undefined;
  if (name === '$scheme') return scheme;
  if (name === '$https') return scheme === 'https' ? 'on' : '';
  return undefined;
}

/** Evaluates an `if` condition when it only depends on the scheme (`$scheme`, `$https`); null otherwise. */
function condition(args: readonly NginxWord[], scheme: 'http' | 'https' | null): boolean | null {
  const texts = args.map((a) => a.text);
  if (texts[0]?.startsWith('(')) texts[0] = texts[0].slice(1);
  const last = texts.length - 1;
  if (texts[last]?.endsWith(')')) texts[last] = (texts[last] as string).slice(0, -1);
  const parts = texts.filter((t, k) => t !== '' || args[k]?.quoted);
  const value = parts[0] === undefined ? undefined : variableValue(parts[0], scheme);
  if (value === undefined) return null;
  if (parts.length === 1) return value !== '' && value !== '0';
  if (parts.length !== 3) return null;
  const [, op, rhs = ''] = parts;
  switch (op) {
    case '=':
      return value === rhs;
    case '!=':
      return value !== rhs;
    case '~':
    case '~*':
    case '!~':
    case '!~*':
      try {
        const hit = new RegExp(rhs, op.includes('*') ? 'i' : '').test(value);
        return op.startsWith('!') ? !hit : hit;
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/** Runs the rewrite module's directives of one level in order: which requests end here, and whether some go on. */
function rewritePhase(nodes: readonly Node[], scheme: 'http' | 'https' | null): { ends: Outcome[]; continues: boolean } {
  const ends: Outcome[] = [];
  for (const n of nodes) {
    if (n.unread) {
      if (n.unread.families === null) ends.push({ kind: 'unknown', origin: n.origin, target: null, why: `${n.unread.reason}, and it may redirect` });
      continue;
    }
    if (n.name === 'return' && n.block === null) {
      ends.push(returnOutcome(n, scheme));
      return { ends, continues: false };
    }
    if (n.name === 'rewrite' && n.block === null) {
      const [regex = '', replacement = ''] = n.args.map((a) => a.text);
      const flag = n.args[2]?.text;
      const redirects = /^(https?:\/\/|\$scheme)/.test(replacement) || flag === 'redirect' || flag === 'permanent';
      if (!redirects) continue;
      const outcome = classifyTarget(replacement, scheme, n.origin, `rewrite ${regex} redirects`);
      ends.push(outcome);
      if (matchesEverything(regex)) return { ends, continues: false };
      continue;
    }
    if (n.name === 'break' && n.block === null) return { ends, continues: true };
    if (n.name === 'if' && n.block) {
      const c = condition(n.args, scheme);
      if (c === false) continue;
      const inner = rewritePhase(n.block, scheme);
      if (c === true) {
        ends.push(...inner.ends);
        if (!inner.continues) return { ends, continues: false };
      } else {
        const cond = n.args.map((a) => a.text).join(' ');
        // Both branches are possible: the block's outcomes happen for some requests, the rest go on.
        ends.push(...inner.ends.map((o) => ({ ...o, why: `${o.why}, if ${cond}` })));
      }
    }
  }
  return { ends, continues: true };
}

interface LocationNode {
  readonly node: Node;
  readonly modifier: NginxLocation['modifier'];
  readonly uri: string;
}

function locationOf(n: Node): LocationNode {
  const [a, b] = n.args.map((x) => x.text);
  const first = a ?? '';
  for (const m of ['^~', '~*', '=', '~', '@'] as const) {
    if (first === m) return { node: n, modifier: m, uri: b ?? '' };
    if (first.startsWith(m) && m !== '@') return { node: n, modifier: m, uri: first.slice(m.length) };
    if (m === '@' && first.startsWith('@')) return { node: n, modifier: '@', uri: first.slice(1) };
  }
  return { node: n, modifier: '', uri: first };
}

function locationsIn(nodes: readonly Node[]): LocationNode[] {
  return nodes.filter((n) => n.name === 'location' && n.block !== null).map(locationOf);
}

function isWellKnown(l: LocationNode): boolean {
  return (l.modifier === '' || l.modifier === '^~' || l.modifier === '=') ? l.uri.startsWith('/.well-known') : /well-known|acme-challenge/.test(l.uri);
}

function isCatchAll(l: LocationNode): boolean {
  if (l.modifier === '' || l.modifier === '^~') return l.uri === '/';
  return (l.modifier === '~' || l.modifier === '~*') && matchesEverything(l.uri);
}

function locationOutcomes(l: LocationNode, scheme: 'http' | 'https' | null): Outcome[] {
  if (l.modifier === '@') return [];
  const r = rewritePhase(l.node.block ?? [], scheme);
  const out = [...r.ends];
  if (r.continues) {
    for (const inner of locationsIn(l.node.block ?? [])) out.push(...locationOutcomes(inner, scheme));
    out.push(
      isWellKnown(l)
        ? { kind: 'well-known', origin: l.node.origin, target: null, why: `location ${l.uri} serves /.well-known/ paths` }
        : { kind: 'serve', origin: l.node.origin, target: null, why: `location ${l.modifier ? `${l.modifier} ` : ''}${l.uri} (${where(l.node.origin)}) serves requests without redirecting them` },
    );
  }
  return out;
}

function redirectOf(server: Node, scheme: 'http' | 'https' | null): NginxRedirect {
  const nodes = server.block ?? [];
  const r = rewritePhase(nodes, scheme);
  const outcomes = [...r.ends];
  if (r.continues) {
    const locs = locationsIn(nodes);
    for (const l of locs) outcomes.push(...locationOutcomes(l, scheme));
    if (!locs.some(isCatchAll)) outcomes.push({ kind: 'serve', origin: server.origin, target: null, why: 'requests that match no location are served from the server root' });
  }
  const https = outcomes.find((o) => o.kind === 'https');
  const unknown = outcomes.find((o) => o.kind === 'unknown');
  const served = outcomes.find((o) => o.kind === 'serve' || o.kind === 'elsewhere');
  const refusedOnly = !https && !served && !unknown && outcomes.some((o) => o.kind === 'refuse');
  const base = { origin: https?.origin ?? null, target: https?.target ?? null, refusedOnly };
  if (unknown) return { kind: 'unknown', ...base, reason: unknown.why };
  if (https && !served) {
    const wk = outcomes.some((o) => o.kind === 'well-known') ? '; /.well-known/ paths are served' : '';
    return { kind: 'all', ...base, reason: `every request is redirected to https: ${https.why}${wk}` };
  }
  if (https && served) return { kind: 'partial', ...base, reason: `${https.why}, but ${served.why}` };
  if (!served && outcomes.some((o) => o.kind === 'refuse')) {
    return { kind: 'none', ...base, reason: `nothing redirects to https: ${outcomes.find((o) => o.kind === 'refuse')?.why}` };
  }
  return { kind: 'none', ...base, reason: served ? `nothing redirects to https: ${served.why}` : 'nothing redirects to https' };
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

function passOf(nodes: readonly Node[]): NginxPass | null {
  const names = ['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass'] as const;
  const direct = nodes.filter((n): n is Node & { name: NginxPass['directive'] } => (names as readonly string[]).includes(n.name) && n.block === null && n.unread === null);
  const nested = nodes.filter((n) => (n.name === 'if' || n.name === 'limit_except') && n.block).flatMap((n) => passOf(n.block ?? []) ?? []);
  const d = direct[direct.length - 1];
  if (d) return { directive: d.name, target: d.args[0]?.text ?? '', origin: d.origin };
  return nested[0] ?? null;
}

function analyzeServer(server: Node, http: readonly Node[] | null): NginxServer {
  const nodes = server.block ?? [];
  const outer: Scope[] = [{ nodes, level: 'server' }, ...(http ? [{ nodes: http, level: 'http' as const }] : [])];
  const sslOn = simple(nodes, 'ssl')[0]?.args[0]?.text === 'on';
  const listenNodes = simple(nodes, 'listen');
  const listen: NginxListen[] =
    listenNodes.length > 0
      ? listenNodes.map((d) => {
          const l = parseListen(d);
          return sslOn ? { ...l, ssl: true } : l;
        })
      : [{ address: '*:80', host: '*', port: 80, ipv6: false, ssl: sslOn, http2: false, quic: false, defaultServer: false, proxyProtocol: false, implicit: true, origin: server.origin }];
  const ssl = listen.some((l) => l.ssl);
  const plainHttp = listen.some((l) => !l.ssl);
  // The redirect question is about requests that arrive over plain HTTP; a TLS-only server is judged on its own.
  const scheme = plainHttp ? 'http' : 'https';
  const locations: NginxLocation[] = [];
  const walk = (nodesHere: readonly Node[], chain: readonly Node[], parents: readonly string[]) => {
    for (const l of locationsIn(nodesHere)) {
      const body = l.node.block ?? [];
      const scopes: Scope[] = [{ nodes: body, level: 'location' }, ...chain.map((c): Scope => ({ nodes: c.block ?? [], level: 'location' })), ...outer];
      locations.push({
        modifier: l.modifier,
        uri: l.uri,
        parents,
        pass: passOf(body),
        proxyHeaders: arraySet(scopes, 'proxy_set_header'),
        uwsgiParams: arraySet(scopes, 'uwsgi_param'),
        addHeaders: addHeaders(scopes),
        serverTokens: single(scopes, 'server_tokens'),
        origin: l.node.origin,
      });
      walk(body, [l.node, ...chain], [...parents, l.uri]);
    }
  };
  walk(nodes, [], []);
  const unread: Origin[] = [];
  const collectUnread = (ns: readonly Node[]) => {
    for (const n of ns) {
      if (n.unread) unread.push(n.origin);
      if (n.block) collectUnread(n.block);
    }
  };
  collectUnread(nodes);
  for (const n of http ?? []) if (n.unread) unread.push(n.origin);
  const redirect = redirectOf(server, scheme);
  return {
    origin: server.origin,
    serverNames: simple(nodes, 'server_name').flatMap((d) => d.args.map((a) => a.text)),
    listen,
    ssl,
    plainHttp,
    sslProtocols: protocols(outer),
    serverTokens: single(outer, 'server_tokens'),
    addHeaders: addHeaders(outer),
    redirect,
    redirectsToHttps: redirect.kind === 'all' ? true : redirect.kind === 'unknown' ? null : false,
    locations,
    unreadIncludes: unread.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1)),
  };
}

/**
 * Reads an nginx configuration: server blocks at the top level (a sites-available or conf.d file) or inside
 * `http { }`. Returns null when the text has no server block, i.e. it is not an nginx site configuration (another
 * program's `.conf`). Includes are read through `resolveInclude`.
 */
export function parseNginx(file: string, text: string, resolveInclude?: IncludeResolver): NginxFile | null {
  const syntax = parseNginxSyntax(file, text);
  const hasServer = (ds: readonly NginxDirective[]): boolean =>
    ds.some((d) => (d.name === 'server' && d.block !== null) || (d.name === 'http' && d.block !== null && hasServer(d.block)) || (d.name === 'include' && resolveInclude !== undefined));
  if (!hasServer(syntax.directives)) return null;
  const problems: NginxProblem[] = [...syntax.problems];
  const included = new Set<string>();
  const nodes = expand(syntax.directives, resolveInclude, [file], included, problems);
  const servers: NginxServer[] = [];
  let context: NginxFile['context'] = 'http';
  for (const n of nodes) {
    if (n.name === 'server' && n.block) {
      context = 'snippet';
      servers.push(analyzeServer(n, null));
    } else if (n.name === 'http' && n.block) {
      for (const s of n.block) if (s.name === 'server' && s.block) servers.push(analyzeServer(s, n.block));
    }
  }
  if (servers.length === 0) return null;
  const unique = problems.filter((p, k) => problems.findIndex((q) => q.message === p.message && q.origin.file === p.origin.file && q.origin.line === p.origin.line && q.origin.column === p.origin.column) === k);
  return { file, context, included: [...included].sort(), servers, problems: unique };
}
