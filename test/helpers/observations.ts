import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveExample, Mutable } from '../../src/engine/rule.ts';
import { type Observation, parseObservation } from '../../src/probe/observation.ts';

const DIR = join(import.meta.dirname, '..', 'probe', 'observations');
const cache = new Map<string, Observation>();

/** A recorded observation (test/probe/observations/<name>.json), validated, as a fresh mutable copy. */
export function recorded(name: LiveExample['base']): Mutable<Observation> {
  let obs = cache.get(name);
  if (!obs) {
    obs = parseObservation(JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')), `${name}.json`);
    cache.set(name, obs);
  }
  return structuredClone(obs) as Mutable<Observation>;
}

/** A recorded observation changed by `change`: how rule tests describe a live site. */
export function live(base: LiveExample['base'], change?: (o: Mutable<Observation>) => void): Observation {
  const obs = recorded(base);
  change?.(obs);
  return obs as Observation;
}

/** Replaces (or adds, or with null removes) a header of the final HTTPS response. */
export function setHeader(o: Mutable<Observation>, name: string, value: string | null): void {
  if (!o.final.reached) throw new Error('the observation has no final response');
  const headers = o.final.response.headers.filter((h) => h.name !== name.toLowerCase());
  if (value !== null) headers.push({ name: name.toLowerCase(), value, truncated: false });
  o.final.response.headers = headers;
}
