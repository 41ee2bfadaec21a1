import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/engine/errors.ts';
import { parseResolve, parseTarget } from '../../src/probe/index.ts';

const noPorts = { http: null, https: null };

describe('parseTarget', () => {
  test.each([
    ['https://example.com', noPorts, { host: 'example.com', path: '/', httpPort: 80, httpsPort: 443 }],
    ['https://Example.COM:8443/shop/?q=1#top', noPorts, { host: 'example.com', path: '/shop/?q=1', httpPort: 80, httpsPort: 8443 }],
    ['https://example.com:443/', noPorts, { host: 'example.com', path: '/', httpPort: 80, httpsPort: 443 }],
    ['https://example.com/', { http: 8080, https: null }, { host: 'example.com', path: '/', httpPort: 8080, httpsPort: 443 }],
    ['https://example.com:8443/', { http: null, https: 8443 }, { host: 'example.com', path: '/', httpPort: 80, httpsPort: 8443 }],
    // An http:// target finds its HTTPS port in the redirect unless --https-port says it.
    ['http://good.test:8080/', noPorts, { host: 'good.test', path: '/', httpPort: 8080, httpsPort: null }],
    ['http://good.test/', { http: null, https: 8443 }, { host: 'good.test', path: '/', httpPort: 80, httpsPort: 8443 }],
    ['HTTP://good.test', noPorts, { host: 'good.test', path: '/', httpPort: 80, httpsPort: null }],
    // Bare host names are HTTPS on 443 plus plain HTTP on 80.
    ['example.com', noPorts, { host: 'example.com', path: '/', httpPort: 80, httpsPort: 443 }],
    ['  example.com  ', noPorts, { host: 'example.com', path: '/', httpPort: 80, httpsPort: 443 }],
    ['localhost:8443', noPorts, { host: 'localhost', path: '/', httpPort: 80, httpsPort: 8443 }],
    ['example.com/app', { http: 8080, https: 9443 }, { host: 'example.com', path: '/app', httpPort: 8080, httpsPort: 9443 }],
    ['bücher.example', noPorts, { host: 'xn--bcher-kva.example', path: '/', httpPort: 80, httpsPort: 443 }],
    ['https://127.0.0.1:8443/', noPorts, { host: '127.0.0.1', path: '/', httpPort: 80, httpsPort: 8443 }],
    ['https://[::1]:8443/', noPorts, { host: '::1', path: '/', httpPort: 80, httpsPort: 8443 }],
    ['[::1]', noPorts, { host: '::1', path: '/', httpPort: 80, httpsPort: 443 }],
  ] as const)('%s', (input, ports, expected) => {
    expect(parseTarget(input, ports)).toEqual({ input, ...expected });
  });

  test.each([
    ['', noPorts, 'the probe target is empty'],
    ['ftp://example.com/', noPorts, "unsupported URL scheme 'ftp:' in \"ftp://example.com/\""],
    ['javascript:alert(1)', noPorts, "unsupported URL scheme 'javascript:' in \"javascript:alert(1)\""],
    ['file:///etc/passwd', noPorts, "unsupported URL scheme 'file:' in \"file:///etc/passwd\""],
    ['https://user:secret@example.com/', noPorts, 'the probe target contains credentials (user:password@)'],
    ['https://exa mple.com/', noPorts, 'not a valid URL: "https://exa mple.com/"'],
    ['https://example.com:99999/', noPorts, 'not a valid URL: "https://example.com:99999/"'],
    ['https://example.com:8443/', { http: null, https: 9443 }, '--https-port 9443 contradicts the port in "https://example.com:8443/"'],
    ['http://example.com:8080/', { http: 8081, https: null }, '--http-port 8081 contradicts the port in "http://example.com:8080/"'],
    ['example.com', { http: 0, https: null }, '--http-port 0 is not a port number'],
    ['example.com', { http: null, https: 70000 }, '--https-port 70000 is not a port number'],
  ] as const)('rejects %j', (input, ports, message) => {
    let error: unknown;
    try {
      parseTarget(input, ports);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(message);
    expect((error as UsageError).hint).not.toBe('');
  });
});

describe('parseResolve', () => {
  test.each([
    ['good.test:8443:127.0.0.1', { host: 'good.test', port: 8443, address: '127.0.0.1' }],
    ['Good.Test:443:[::1]', { host: 'good.test', port: 443, address: '::1' }],
    ['example.com:80:::1', { host: 'example.com', port: 80, address: '::1' }],
    ['example.com:443:2001:db8::7', { host: 'example.com', port: 443, address: '2001:db8::7' }],
  ])('%s', (spec, expected) => {
    expect(parseResolve(spec)).toEqual(expected);
  });

  test.each([
    ['good.test', '--resolve "good.test": expected HOST:PORT:ADDRESS'],
    ['good.test:443', '--resolve "good.test:443": expected HOST:PORT:ADDRESS'],
    [':443:127.0.0.1', '--resolve ":443:127.0.0.1": expected HOST:PORT:ADDRESS'],
    ['good.test:https:127.0.0.1', '--resolve "good.test:https:127.0.0.1": "https" is not a port number'],
    ['good.test:0:127.0.0.1', '--resolve "good.test:0:127.0.0.1": "0" is not a port number'],
    ['good.test:443:localhost', '--resolve "good.test:443:localhost": "localhost" is not an IP address'],
    ['good.test:443:127.0.0.1,127.0.0.2', '--resolve "good.test:443:127.0.0.1,127.0.0.2": give one address'],
    ['*:443:127.0.0.1', "--resolve \"*:443:127.0.0.1\": curl's +, - and * forms are not supported"],
    ['-good.test:443', '--resolve "-good.test:443": expected HOST:PORT:ADDRESS'],
    ['+good.test:443:127.0.0.1', "--resolve \"+good.test:443:127.0.0.1\": curl's +, - and * forms are not supported"],
    ['bad host:443:127.0.0.1', '--resolve "bad host:443:127.0.0.1": "bad host" is not a host name'],
  ])('rejects %j', (spec, message) => {
    expect(() => parseResolve(spec)).toThrow(UsageError);
    expect(() => parseResolve(spec)).toThrow(message);
  });
});
