import { setFlagsFromString } from 'node:v8';
import type { Agent as UndiciAgent, Dispatcher, buildConnector as UndiciBuildConnector } from 'undici';
import AgentModule from 'undici/lib/dispatcher/agent.js';
import requestModule from 'undici/lib/api/api-request.js';
import buildConnectorModule from 'undici/lib/core/connect.js';

/**
 * The three parts of undici the probe uses, imported alone: undici's index also loads fetch, WebSocket, the
 * caches and the mocks, which costs about 100 ms of start-up (measured: `node -e "require('undici')"` against
 * these three modules bundled). undici is pinned in package.json; test/probe/undici.test.ts checks these
 * modules are the ones the index exports.
 */
/**
 * undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it quickly (Liftoff), then compiles hot
 * functions again with TurboFan on a background thread, and Node waits for that compile to finish before the
 * process can exit: 100-200 ms on a busy 2-CPU machine (measured with strace: the main thread waits on a futex
 * while a V8 worker compiles), for a probe that parses a few KB of headers. Liftoff's code is plenty. The flag
 * is read when the module is compiled (undici does that on its first request), so setting it here, at start-up,
 * is in time; it only concerns WebAssembly.
 */
setFlagsFromString('--liftoff-only');

export const Agent: typeof UndiciAgent = AgentModule;
export const buildConnector: typeof UndiciBuildConnector = buildConnectorModule;

/** `dispatcher.request(options)`, which undici's index installs on Dispatcher.prototype. */
export function request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestModule.call(dispatcher, options);
}
