export { probe, type ProbeIo, type ProbeOptions } from './probe.ts';
export { observe, classifyProtocol } from './observe.ts';
export { parseResolve, parseTarget, type ProbeTarget, type ResolveEntry } from './target.ts';
export { parseStrictTransportSecurity, type HstsError, type HstsParse } from './hsts.ts';
export { parseCookieDate, parseSetCookie, type ParsedSetCookie } from './cookies.ts';
export { systemLookup, type Lookup } from './network.ts';
export type { RawProbe } from './raw.ts';
export * from './observation.ts';
