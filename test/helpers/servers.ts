import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureContextOptions, type TLSSocket, type TlsOptions } from 'node:tls';
import type { TestCert } from './tls.ts';

/**
 * Local servers for the probe tests: loopback only (127.0.0.1), ephemeral ports, every socket tracked so that
 * `close()` ends them all at once. Nothing here talks to anything but the test process.
 */
export interface Listening {
  readonly port: number;
  /** Requests seen, in order: method, path, Host header, the TLS server name (SNI; null without TLS or SNI), User-Agent. */
  readonly requests: { method: string; path: string; host: string; sni: string | null; userAgent: string; cookie: string | null }[];
  /** TCP connections accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function track(server: NetServer | HttpServer): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // Clients that go away mid-write are expected here.
    s.on('error', () => {});
  });
  return sockets;
}

async function listen(server: NetServer | HttpServer, requests: Listening['requests'], extra: () => void = () => {}): Promise<Listening> {
  const sockets = track(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let connections = 0;
  server.on('connection', () => connections++);
  return {
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        extra();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function recorded(handler: Handler, requests: Listening['requests']): Handler {
  return (req, res) => {
    const servername = (req.socket as Partial<TLSSocket>).servername;
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      host: req.headers.host ?? '',
      sni: typeof servername === 'string' ? servername : null,
      userAgent: req.headers['user-agent'] ?? '',
      cookie: req.headers.cookie ?? null,
    });
    handler(req, res);
  };
}

export function startHttp(handler: Handler): Promise<Listening> {
  const requests: Listening['requests'] = [];
  return listen(createHttpServer({ maxHeaderSize: 2 * 1024 * 1024 }, recorded(handler, requests)), requests);
}

export function startHttps(cert: TestCert, handler: Handler, tls: TlsOptions = {}): Promise<Listening> {
  const requests: Listening['requests'] = [];
  const server = createHttpsServer({ key: cert.key, cert: cert.cert, ...tls }, recorded(handler, requests));
  // Handshakes the tests make fail on purpose.
  server.on('tlsClientError', () => {});
  return listen(server, requests);
}

/** A site: an HTTP and an HTTPS server, each with its own handler. */
export interface Site {
  readonly http: Listening;
  readonly https: Listening;
  close(): Promise<void>;
}

export async function startSite(cert: TestCert, handlers: { http: Handler; https: Handler }, tls: TlsOptions = {}): Promise<Site> {
  const http = await startHttp(handlers.http);
  const https = await startHttps(cert, handlers.https, tls);
  return { http, https, close: async () => void (await Promise.all([http.close(), https.close()])) };
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers

/** 301 to `location(req)`. */
export function redirect(location: (req: IncomingMessage) => string, status = 301): Handler {
  return (req, res) => {
    res.writeHead(status, { location: location(req), 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body>Moved</body></html>');
  };
}

export interface AppOptions {
  /** Strict-Transport-Security values, one header each. */
  readonly hsts?: readonly string[];
  readonly cookies?: readonly string[];
  /** Serve Django-like debug pages (DEBUG = True). */
  readonly debug?: boolean;
  /** Serve a Django-like admin login at /admin/login/. */
  readonly admin?: boolean;
  /** More headers on every response. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * A Django-like application: `/` is the home page, `/admin/login/` the admin login (when `admin`), anything
 * else a 404, Django's debug 404 when `debug`. The HTML is written for these tests; it only contains the
 * fixed phrases secaudit looks for.
 */
export function djangoApp(options: AppOptions): Handler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const headers: Record<string, string | string[]> = { 'content-type': 'text/html; charset=utf-8' };
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k] = typeof v === 'string' ? v : [...v];
    if (options.hsts && options.hsts.length > 0) headers['strict-transport-security'] = [...options.hsts];
    if (options.cookies && options.cookies.length > 0) headers['set-cookie'] = [...options.cookies];
    if (path === '/') {
      res.writeHead(200, headers);
      res.end('<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Welcome</h1></body></html>');
      return;
    }
    if (path === '/admin/login/' && options.admin) {
      res.writeHead(200, headers);
      res.end(adminLoginPage());
      return;
    }
    res.writeHead(404, headers);
    res.end(options.debug ? debug404Page(path) : notFoundPage());
  };
}

export function notFoundPage(): string {
  return '<!DOCTYPE html><html><head><title>Not Found</title></head><body><h1>Not Found</h1></body></html>';
}

export function debug404Page(path: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><title>Page not found at ${path}</title></head><body>`,
    '<header id="summary"><h1>Page not found <small>(404)</small></h1></header>',
    '<main id="info"><p>',
    '      Using the URLconf defined in <code>shop.urls</code>,',
    '      Django tried these URL patterns, in this order:</p>',
    '<ol><li><code>admin/</code></li><li><code>shop/</code></li></ol></main>',
    '<footer id="explanation"><p>',
    '      You’re seeing this error because you have <code>DEBUG = True</code> in',
    '      your Django settings file.</p></footer>',
    '</body></html>',
  ].join('\n');
}

export function debug500Page(): string {
  return [
    '<!DOCTYPE html><html lang="en"><head><title>ValueError at /</title></head><body>',
    '<header id="summary"><h1>ValueError at /</h1><table class="meta">',
    '<tr><th scope="row">Django Version:</th><td>5.2</td></tr></table></header>',
    '<main id="info"><div id="requestinfo"><h3 id="settings-info">Settings</h3></div></main>',
    '<footer id="explanation"><p>You’re seeing this error because you have <code>DEBUG = True</code> in your',
    '  Django settings file.</p></footer></body></html>',
  ].join('\n');
}

export function adminLoginPage(): string {
  return [
    '<!DOCTYPE html><html lang="en-us"><head><title>Log in | Shop admin</title>',
    '<link rel="stylesheet" href="/static/admin/css/base.css">',
    '<link rel="stylesheet" href="/static/admin/css/login.css"></head>',
    '<body class=" login"><div id="container"><div id="header"><div id="branding">',
    '<div id="site-name"><a href="/admin/">Shop administration</a></div></div></div>',
    '<form action="/admin/login/?next=/admin/" method="post" id="login-form">',
    '<input type="hidden" name="csrfmiddlewaretoken" value="x">',
    '<input type="text" name="username"><input type="password" name="password">',
    '<input type="submit" value="Log in"></form></div></body></html>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile servers: each misbehaves in one way, on plain TCP or after a real TLS handshake.

export interface HostileOptions {
  /** Speak TLS first (with this certificate), then misbehave. */
  readonly tls?: TestCert;
  readonly tlsOptions?: SecureContextOptions & { minVersion?: TlsOptions['minVersion']; maxVersion?: TlsOptions['maxVersion'] };
}

function startRaw(onSocket: (s: Socket) => void, options: HostileOptions = {}): Promise<Listening> {
  const requests: Listening['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert, ...options.tlsOptions }, (s) => onSocket(s))
    : createNetServer((s) => onSocket(s));
  server.on('tlsClientError', () => {});
  const wrapped = (s: Socket): void => {
    s.on('error', () => {});
  };
  server.on('connection', wrapped);
  return listen(server, requests, () => {
    for (const t of timers) clearInterval(t);
  });
}

/** Sends a valid response one byte per `intervalMs` (1 s by default). */
export function slowDrip(options: HostileOptions = {}, intervalMs = 1000): Promise<Listening> {
  const message = 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nhello';
  return startRaw((s) => {
    let i = 0;
    const t = setInterval(() => {
      if (i >= message.length || s.destroyed) {
        clearInterval(t);
        return;
      }
      s.write(message[i++]!);
    }, intervalMs);
    s.on('close', () => clearInterval(t));
  }, options);
}

/** Accepts the connection (and the TLS handshake, with `tls`) and never answers. */
export function silence(options: HostileOptions = {}): Promise<Listening> {
  return startRaw(() => {}, options);
}

/**
 * Resets every connection (TCP RST) when the client's first bytes (ClientHello, request) arrive. (A reset right
 * on accept races the client's connect: it fails as "connect ECONNRESET" or during the handshake.)
 */
export function reset(): Promise<Listening> {
  return startRaw((s) => {
    s.once('data', () => s.resetAndDestroy());
  });
}

/** Answers anything with bytes that are not TLS (a plain-HTTP error, as a misconfigured port would). */
export function garbage(): Promise<Listening> {
  return startRaw((s) => {
    s.once('data', () => {
      s.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  });
}

/** A response with a 1 MB header. */
export function hugeHeader(cert?: TestCert): Promise<Listening> {
  const handler: Handler = (_req, res) => {
    res.setHeader('x-padding', 'a'.repeat(1024 * 1024));
    res.end('ok');
  };
  return cert ? startHttps(cert, handler) : startHttp(handler);
}
