import { isIP } from 'node:net';
import { UsageError } from '../engine/errors.ts';

/** What to probe: one host, its plain-HTTP port and its HTTPS port. */
export interface ProbeTarget {
  /** As the user typed it. */
  readonly input: string;
  /** Lower-case, IDNA (punycode) for non-ASCII names; an IPv6 address without brackets. */
  readonly host: string;
  /** Path and query of the input URL (`/` when none): both chains start there. */
  readonly path: string;
  readonly httpPort: number;
  /** null: an `http://` target without --https-port; the HTTPS port is the one the plain-HTTP redirect names (else 443). */
  readonly httpsPort: number | null;
}

export interface ResolveEntry {
  readonly host: string;
  readonly port: number;
  readonly address: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * `https://host[:port][/path]`, `http://host[:port][/path]` or a bare `host[:port][/path]` (HTTPS). The port in
 * the URL is the port of its scheme; `ports` (--http-port, --https-port) give the other one and must not
 * contradict the URL.
 */
export function parseTarget(input: string, ports: { readonly http: number | null; readonly https: number | null }): ProbeTarget {
  const text = input.trim();
  if (text === '') throw new UsageError('the probe target is empty', 'give a URL such as https://example.com/');
  const scheme = SCHEME.exec(text);
  // `host:8443` also matches SCHEME; a scheme is followed by `//` here or by something that is not a port.
  const hasScheme = scheme !== null && (text.startsWith(`${scheme[1]}://`) || !/^\d/.test(text.slice(scheme[0].length)));
  const kind = hasScheme ? scheme[1]!.toLowerCase() : 'bare';
  if (kind !== 'http' && kind !== 'https' && kind !== 'bare') {
    throw new UsageError(`unsupported URL scheme '${scheme![1]}:' in ${JSON.stringify(input)}`, 'secaudit probes http:// and https:// URLs only');
  }
  let url: URL;
  try {
    url = new URL(kind === 'bare' ? `https://${text}` : text);
  } catch {
    throw new UsageError(`not a valid URL: ${JSON.stringify(input)}`, 'give a URL such as https://example.com/ or a host name');
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('the probe target contains credentials (user:password@)', 'remove them: secaudit never sends credentials');
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (host === '') throw new UsageError(`no host name in ${JSON.stringify(input)}`, 'give a URL such as https://example.com/');
  checkPort(ports.http, '--http-port');
  checkPort(ports.https, '--https-port');
  const urlPort = url.port === '' ? null : Number(url.port);
  const own = kind === 'http' ? 'http' : 'https';
  const flag = own === 'http' ? ports.http : ports.https;
  if (urlPort !== null && flag !== null && urlPort !== flag) {
    throw new UsageError(
      `--${own}-port ${flag} contradicts the port in ${JSON.stringify(input)}`,
      `drop --${own}-port, or use the same port in the URL`,
    );
  }
  const path = `${url.pathname}${url.search}`;
  if (own === 'http') {
    return { input, host, path, httpPort: urlPort ?? ports.http ?? 80, httpsPort: ports.https };
  }
  return { input, host, path, httpPort: ports.http ?? 80, httpsPort: urlPort ?? ports.https ?? 443 };
}

function checkPort(port: number | null, flag: string): void {
  if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    throw new UsageError(`${flag} ${port} is not a port number`, 'ports are whole numbers from 1 to 65535');
  }
}

/**
 * curl's `--resolve HOST:PORT:ADDRESS`: connect to ADDRESS (an IP address; IPv6 in brackets) whenever HOST:PORT
 * is asked for, keeping HOST for SNI, the Host header and the certificate check.
 */
export function parseResolve(spec: string): ResolveEntry {
  const hint = 'write --resolve HOST:PORT:ADDRESS, e.g. example.com:443:127.0.0.1 or example.com:443:[::1]';
  const first = spec.indexOf(':');
  const second = first < 0 ? -1 : spec.indexOf(':', first + 1);
  if (first <= 0 || second < 0) throw new UsageError(`--resolve ${JSON.stringify(spec)}: expected HOST:PORT:ADDRESS`, hint);
  const rawHost = spec.slice(0, first);
  const rawPort = spec.slice(first + 1, second);
  let address = spec.slice(second + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (rawHost.startsWith('+') || rawHost.startsWith('-') || rawHost === '*') {
    throw new UsageError(`--resolve ${JSON.stringify(spec)}: curl's +, - and * forms are not supported`, hint);
  }
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) < 1 || Number(rawPort) > 65535) {
    throw new UsageError(`--resolve ${JSON.stringify(spec)}: ${JSON.stringify(rawPort)} is not a port number`, hint);
  }
  if (address.includes(',')) {
    throw new UsageError(`--resolve ${JSON.stringify(spec)}: give one address`, hint);
  }
  if (isIP(address) === 0) {
    throw new UsageError(`--resolve ${JSON.stringify(spec)}: ${JSON.stringify(address)} is not an IP address`, hint);
  }
  let host: string;
  try {
    host = new URL(`http://${rawHost}/`).hostname;
  } catch {
    throw new UsageError(`--resolve ${JSON.stringify(spec)}: ${JSON.stringify(rawHost)} is not a host name`, hint);
  }
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port: Number(rawPort), address };
}

/** `host` as it goes into a URL (IPv6 in brackets). */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** The origin URL of a scheme and port, default ports left out (as the URL parser writes them). */
export function originUrl(scheme: 'http' | 'https', host: string, port: number, path = '/'): string {
  return new URL(`${scheme}://${urlHost(host)}:${port}${path}`).href;
}
