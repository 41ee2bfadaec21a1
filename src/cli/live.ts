import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import type { Observation } from '../probe/observation.ts';
import type { LiveOptions } from './options.ts';

/**
 * Probes every live site, concurrently. The probe (and undici) is loaded only here, so a static audit does not
 * pay for it. Bad options are usage errors before anything touches the network; a site that cannot be reached
 * over HTTPS at all is a ProbeError naming the step (exit 2).
 */
export async function probeAll(urls: readonly string[], options: LiveOptions, cwd: string, now: Date): Promise<Observation[]> {
  const { parseResolve, parseTarget, probe } = await import('../probe/index.ts');
  const targets = urls.map((u) => parseTarget(u, { http: options.httpPort, https: options.httpsPort }));
  const resolveEntries = options.resolve.map((r) => parseResolve(r));
  let ca: string | null = null;
  if (options.ca) {
    try {
      ca = readFileSync(resolve(cwd, options.ca), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --ca ${options.ca} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'pass a PEM file with the CA certificates to trust');
    }
  }
  const timeoutMs = Math.round(options.timeout * 1000);
  return Promise.all(
    targets.map((target) =>
      probe(target, {
        resolve: resolveEntries,
        ca,
        timeoutMs,
        // Every step has its own timeout; the whole probe gets room for a few sequential ones.
        deadlineMs: 3 * timeoutMs + 5000,
        httpPort: options.httpPort,
        httpsPort: options.httpsPort,
        now,
      }),
    ),
  );
}
