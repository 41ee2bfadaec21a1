import { type RuleContext, type Skip, skip } from '../src/engine/rule.ts';
import type { Unknown } from '../src/engine/settings.ts';
import { type Observation, type ResponseObservation, headerValues } from '../src/probe/observation.ts';

/** Shared by the rules about the live site (kind 'probe' and 'cross'). */

/** The observation, or a skip when the rule runs without one (the engine only runs live rules with one). */
export function observed(ctx: RuleContext): Observation | Skip {
  return ctx.observation ?? skip('no live site was probed (secaudit probe URL, or check --url URL)');
}

/** The HTTPS response a browser ends up showing, or a skip saying why there is none. */
export function finalResponse(obs: Observation): ResponseObservation | Skip {
  if (obs.final.reached) return obs.final.response;
  const why: Record<typeof obs.final.reason, string> = {
    loop: 'the HTTPS redirects loop',
    'too-many-redirects': 'the HTTPS redirects do not end',
    'cross-host': 'the HTTPS site redirects to another host (probe that host instead)',
    'bad-location': 'the HTTPS site redirects to something that is not an http(s) URL',
    error: 'the HTTPS request failed',
  };
  return skip(`there is no final HTTPS response: ${why[obs.final.reason]}`);
}

/** Every value of a response header (names are case-insensitive; several headers stay separate). */
export function header(response: ResponseObservation, name: string): string[] {
  return headerValues(response.headers, name);
}

/** Remote text quoted in a message is cut to this many characters. */
const QUOTE_LIMIT = 60;

/**
 * Remote text (a header value, a Location, a certificate name) fit for a one-line message: control characters
 * blanked, cut to 60 characters with an ellipsis; `truncated` when the probe already cut it (so the quote does not
 * look complete).
 */
export function quote(text: string, truncated = false): string {
  const line = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (line.length > QUOTE_LIMIT) return `${line.slice(0, QUOTE_LIMIT - 1)}…`;
  return truncated ? `${line}…` : line;
}

/** An observation that cannot decide the rule: a could-not-verify outcome with the reason. */
export function undecided(reason: string): Unknown {
  return { outcome: 'unknown', detail: { setting: null, reason, expr: '', location: null } };
}
