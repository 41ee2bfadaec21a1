import * as undici from 'undici';
import { expect, test } from 'vitest';
import { Agent, buildConnector, request } from '../../src/probe/undici.ts';
import requestModule from 'undici/lib/api/api-request.js';

// src/probe/undici.ts imports undici's modules one by one to start faster; they must be what the index exports.
test('the directly imported undici modules are the public ones', () => {
  expect(Agent).toBe(undici.Agent);
  expect(buildConnector).toBe(undici.buildConnector);
  const agent = new undici.Agent();
  expect(agent.request).toBe(requestModule);
  expect(typeof request).toBe('function');
  void agent.close();
});
