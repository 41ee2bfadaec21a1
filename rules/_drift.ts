import { type Mutable, type RuleContext, type Skip, skip } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import type { NotFoundObservation, Observation } from '../src/probe/observation.ts';
import { quote, undecided } from './_live.ts';
import { describeValue } from './_shared.ts';

/**
 * Shared by the rules about Django's own pages on the live site (django-debug-page, django-admin-exposed) and the
 * rules that compare the audited settings with what the site does (drift-*).
 *
 * The split, so one fact is reported once: a probe rule reports what a visitor of the site is exposed to (it reads
 * only the observation and also runs for `secaudit probe`); a settings rule reports what the settings say; a drift
 * rule reports only that the two disagree, which means the settings audited are not what serves the site (another
 * settings module or environment, a proxy in front that adds, strips or answers), so the settings rules' verdicts do
 * not describe it. A drift rule fires only when both sides are known, and never when the settings themselves are the
 * problem (the settings rule reports that).
 */

/** What a drift rule's documentation says about the split (appended to its `what`). */
export const DRIFT_SPLIT =
  'Drift rules only report that the audited settings and the live site disagree; the problem itself (a header a visitor does not get, a setting that is off) is reported by the probe rules and the settings rules, so one fact is not reported twice.';

/** The observation for a cross rule (skipped without one: the engine runs cross rules only with check --url). */
export function liveObservation(ctx: RuleContext): Observation | Skip {
  return ctx.observation ?? skip('no live site was probed (check --deploy --url URL compares the settings with it)');
}

// ---------------------------------------------------------------------------------------------------------------
// Django's debug page on the random path

export type DebugPageVerdict =
  | { readonly kind: 'shown'; readonly page: 'technical-404' | 'technical-500'; readonly url: string }
  /** The random path reached Django's 404 handling (or another error page) and it was not a debug page. */
  | { readonly kind: 'absent' }
  | Skip
  | Unknown;

/** Statuses that mean the request did not reach the application's URL resolver (a proxy's login or block page). */
const GATED = new Set([401, 403, 407]);

/**
 * Whether the random path (`/secaudit-<hex>`) showed Django's technical 404 or 500 page. Only a 404 or error
 * response without the page's markers is "absent": a 2xx (a catch-all URL pattern), a gate (401/403/407) or a redirect
 * did not reach Django's 404 handling, so nothing is known.
 */
export function debugPageVerdict(page: NotFoundObservation): DebugPageVerdict {
  if (page.error) return skip(`the request for a random path failed (${page.error.phase}: ${page.error.code})`);
  if (page.debugPage) return { kind: 'shown', page: page.debugPage, url: page.url };
  const status = page.status;
  if (status === null) return skip('the request for a random path got no response');
  if (page.bodyTruncated && page.markers.length > 0) {
    // The probe keeps 256 KiB; a technical 500 page with a long traceback can end (with its DEBUG footer) after that.
    return undecided(`the page for a random path was cut at 256 KiB before Django's DEBUG footer; it shows ${page.markers.join(', ')}`);
  }
  if (status >= 300 && status < 400 && page.location !== null) {
    return undecided(`the random path ${page.url} redirects to ${quote(page.location)}, which was not fetched`);
  }
  if (status >= 200 && status < 300) return undecided(`the random path ${page.url} answered ${status}: no 404 page to inspect (a catch-all URL pattern?)`);
  if (GATED.has(status)) return undecided(`the random path ${page.url} answered ${status}: the request did not reach the application`);
  return { kind: 'absent' };
}

// ---------------------------------------------------------------------------------------------------------------
// Settings as Django's middleware reads them at run time

/**
 * A boolean setting as the middleware uses it at run time: Python truthiness (`if self.sts_include_subdomains:`,
 * `secure=settings.SESSION_COOKIE_SECURE or None`), not the `is True` of Django's checks.
 */
export function runtimeFlag(entry: SettingEntry): boolean | Unknown {
  return isTruthy(entry);
}

/** 'True', 'False', '1', "'yes'": a setting's value for a message. */
export function shownValue(entry: SettingEntry): string {
  return describeValue(entry.value);
}

/** The header SecurityMiddleware sends for the HSTS settings (security.py: "max-age=%s", then the flags). */
export interface ExpectedHsts {
  readonly maxAge: number;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
  readonly text: string;
}

/**
 * What SecurityMiddleware sends, from SECURE_HSTS_SECONDS (truthy, a whole number) and the two flags (truthy). Null
 * when SECURE_HSTS_SECONDS is falsy: Django sends nothing.
 */
export function expectedHsts(seconds: SettingEntry, subdomains: SettingEntry, preload: SettingEntry): ExpectedHsts | null | Unknown {
  const on = isTruthy(seconds);
  if (isUnknown(on)) return on;
  if (!on) return null;
  const value = knownValue(seconds);
  if (isUnknown(value)) return value;
  // "max-age=%s" % value: an int prints as digits; a float, a bool or a negative number make a header browsers ignore.
  const maxAge = value.t === 'int' ? value.v : value.t === 'str' && /^\d+$/.test(value.v) ? Number(value.v) : null;
  if (maxAge === null || maxAge < 0) {
    return unknownFor(seconds.name, unresolved(`SECURE_HSTS_SECONDS is ${describeValue(value)}, not a whole number of seconds`, '', seconds.origin), seconds.origin);
  }
  const sub = isTruthy(subdomains);
  if (isUnknown(sub)) return sub;
  const pre = isTruthy(preload);
  if (isUnknown(pre)) return pre;
  const text = `max-age=${maxAge}${sub ? '; includeSubDomains' : ''}${pre ? '; preload' : ''}`;
  return { maxAge, includeSubDomains: sub, preload: pre, text };
}

// ---------------------------------------------------------------------------------------------------------------
// SECURE_REDIRECT_EXEMPT

/**
 * Whether SecurityMiddleware exempts a path from the HTTPS redirect: `pattern.search(request.path.lstrip("/"))` for
 * any pattern. The patterns are Python regular expressions; each is compiled as a JavaScript one in Unicode mode,
 * which rejects the Python-only syntax (`(?P<…>`, `\Z`, inline flags) instead of reading it differently: then the
 * answer is unknown.
 */
export function redirectExempt(entry: SettingEntry, path: string): boolean | Unknown {
  const value = knownValue(entry);
  if (isUnknown(value)) return value;
  if (value.t !== 'list' && value.t !== 'tuple') return unknownFor(entry.name, unresolved(`${entry.name} is a ${value.t}, not a list of patterns`, '', entry.origin), entry.origin);
  const subject = path.replace(/^\/+/, '');
  let unknown: Unknown | null = null;
  for (const item of value.items) {
    if (item.t !== 'str') {
      unknown ??= unknownFor(entry.name, item.t === 'unresolved' ? item : unresolved(`${entry.name} holds a ${item.t}, not a pattern`, '', entry.origin), entry.origin);
      continue;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(item.v, 'u');
    } catch {
      unknown ??= unknownFor(entry.name, unresolved(`the pattern '${item.v}' uses Python regular expression syntax secaudit does not evaluate`, item.v, entry.origin), entry.origin);
      continue;
    }
    if (pattern.test(subject)) return true;
  }
  if (value.partial) return unknownFor(entry.name, value.partial, entry.origin);
  return unknown ?? false;
}

// ---------------------------------------------------------------------------------------------------------------
// Building observations, for documentation examples and tests

/** Makes the random path show Django's technical 404 (or 500) page, as DEBUG = True does. */
export function showDebugPage(page: 'technical-404' | 'technical-500' = 'technical-404'): (o: Mutable<Observation>) => void {
  return (o) => {
    o.notFound.status = page === 'technical-404' ? 404 : 500;
    o.notFound.location = null;
    o.notFound.error = null;
    o.notFound.markers = page === 'technical-404' ? ['debug-true-explanation', 'urlconf-list', 'not-found-title'] : ['debug-true-explanation', 'django-version-row', 'settings-table', 'dpaste-form'];
    o.notFound.debugPage = page;
  };
}
