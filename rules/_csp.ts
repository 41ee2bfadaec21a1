/** The Content-Security-Policy a project sends: Django 6's middleware or django-csp 3.x/4.x (csp-missing, csp-unsafe-source). */
import { atLeast } from '../src/engine/django.ts';
import { type RuleContext } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, allHold, anyHolds, isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { NONE, type Value, list, str, unresolved } from '../src/engine/values.ts';
import { CSP_MIDDLEWARE, hasMiddleware, setting } from './_shared.ts';

export const DJANGO_CSP_MIDDLEWARE = 'csp.middleware.CSPMiddleware';
/** Django 6's CSP.NONCE: the middleware swaps it for a nonce, or drops it when no template used one. */
const DJANGO_NONCE = '<CSP_NONCE_SENTINEL>';

/** A nonce that is only in the header on responses whose rendering asked for one (both middlewares work lazily). */
export const LAZY_NONCE: unique symbol = Symbol('lazy nonce');
export type CspSource = string | typeof LAZY_NONCE;

export interface CspDirective {
  /** Lower-case directive name. */
  readonly name: string;
  readonly sources: readonly CspSource[];
  /** The setting that holds it, for messages (`SECURE_CSP`, `CONTENT_SECURITY_POLICY`, `CSP_SCRIPT_SRC`). */
  readonly setting: string;
  readonly at: SettingEntry;
}

export interface CspPolicy {
  readonly setting: string;
  readonly at: SettingEntry;
  /** The directives the header carries, in order, first occurrence of each name. */
  readonly directives: readonly CspDirective[];
}

/** One middleware that may send a Content-Security-Policy (or -Report-Only) header. */
export interface CspCandidate {
  readonly provider: 'django' | 'django-csp';
  readonly middleware: string;
  /** Whether the middleware is in MIDDLEWARE. */
  readonly mw: boolean | Unknown;
  /** Its position in MIDDLEWARE, when MIDDLEWARE is fully known. */
  readonly index: number | null;
  /** The policy it sends for this header; null when it sends none. */
  readonly policy: CspPolicy | null | Unknown;
  /** django-csp without any settings: 3.x sends default-src 'self', 4.x nothing; neither allows anything unsafe. */
  readonly versionDependent: boolean;
  /** The project has settings for this provider (whether or not they produce a header). */
  readonly configured: boolean | Unknown;
  /** The setting that would hold the policy, for messages. */
  readonly setting: string;
  readonly settingAt: SettingEntry;
}

/** django-csp 4.x `csp.utils.DEFAULT_DIRECTIVES`: the only directives it sends, and their defaults. */
const CSP4_DIRECTIVES = [
  'child-src', 'connect-src', 'default-src', 'script-src', 'script-src-attr', 'script-src-elem', 'object-src', 'style-src', 'style-src-attr',
  'style-src-elem', 'font-src', 'frame-src', 'img-src', 'manifest-src', 'media-src', 'prefetch-src', 'base-uri', 'plugin-types', 'sandbox',
  'form-action', 'frame-ancestors', 'navigate-to', 'report-uri', 'report-to', 'require-sri-for', 'require-trusted-types-for', 'trusted-types',
  'webrtc', 'worker-src', 'upgrade-insecure-requests', 'block-all-mixed-content',
];
/** django-csp < 4.0 settings (`csp.checks.OUTDATED_SETTINGS`), one per directive. */
const CSP3_DIRECTIVE_SETTINGS = [
  'CSP_CHILD_SRC', 'CSP_CONNECT_SRC', 'CSP_DEFAULT_SRC', 'CSP_SCRIPT_SRC', 'CSP_SCRIPT_SRC_ATTR', 'CSP_SCRIPT_SRC_ELEM', 'CSP_OBJECT_SRC', 'CSP_STYLE_SRC',
  'CSP_STYLE_SRC_ATTR', 'CSP_STYLE_SRC_ELEM', 'CSP_FONT_SRC', 'CSP_FRAME_SRC', 'CSP_IMG_SRC', 'CSP_MANIFEST_SRC', 'CSP_MEDIA_SRC', 'CSP_PREFETCH_SRC',
  'CSP_WORKER_SRC', 'CSP_BASE_URI', 'CSP_PLUGIN_TYPES', 'CSP_SANDBOX', 'CSP_FORM_ACTION', 'CSP_FRAME_ANCESTORS', 'CSP_NAVIGATE_TO', 'CSP_REQUIRE_SRI_FOR',
  'CSP_REQUIRE_TRUSTED_TYPES_FOR', 'CSP_TRUSTED_TYPES', 'CSP_UPGRADE_INSECURE_REQUESTS', 'CSP_BLOCK_ALL_MIXED_CONTENT', 'CSP_REPORT_URI', 'CSP_REPORT_TO',
];
const CSP3_OTHER_SETTINGS = ['CSP_REPORT_ONLY', 'CSP_EXCLUDE_URL_PREFIXES', 'CSP_REPORT_PERCENTAGE', 'CSP_INCLUDE_NONCE_IN'];
/** django-csp 4.x `csp.constants` (the evaluator treats the module as outside the project). */
const CSP4_CONSTANTS: ReadonlyMap<string, CspSource> = new Map<string, CspSource>([
  ['NONE', "'none'"],
  ['REPORT_SAMPLE', "'report-sample'"],
  ['SELF', "'self'"],
  ['STRICT_DYNAMIC', "'strict-dynamic'"],
  ['UNSAFE_ALLOW_REDIRECTS', "'unsafe-allow-redirects'"],
  ['UNSAFE_EVAL', "'unsafe-eval'"],
  ['UNSAFE_HASHES', "'unsafe-hashes'"],
  ['UNSAFE_INLINE', "'unsafe-inline'"],
  ['WASM_UNSAFE_EVAL', "'wasm-unsafe-eval'"],
  ['NONCE', LAZY_NONCE],
]);

type Style = 'django' | 'django-csp';
class Unclear {
  constructor(readonly value: Value) {}
}

function entryOr(ctx: RuleContext, name: string, fallback: Value): SettingEntry {
  return ctx.settings.get(name) ?? { name, value: fallback, origin: null, overridden: [] };
}

/**
 * A name imported from django-csp's `csp.constants`. The evaluator leaves the module outside the project as an
 * opaque external object that keeps its dotted path; if the evaluator models the module, NONCE is its own object.
 */
function cspConstant(v: Value): CspSource | undefined {
  if (v.t === 'object' && v.type === 'csp.constants.Nonce') return LAZY_NONCE;
  const path = v.t === 'object' && v.type === 'external' ? (v as { readonly path?: unknown }).path : undefined;
  return typeof path === 'string' && path.startsWith('csp.constants.') ? CSP4_CONSTANTS.get(path.slice('csp.constants.'.length)) : undefined;
}

/** One source list item as it ends up in the header: a string is split on whitespace, as the browser does. */
function itemSources(item: Value, style: Style): CspSource[] {
  if (item.t === 'str') {
    if (style === 'django' && item.v === DJANGO_NONCE) return [LAZY_NONCE];
    return item.v.split(/[\t\n\f\r ]+/).filter((s) => s !== '');
  }
  const constant = cspConstant(item);
  if (constant !== undefined) return [constant];
  throw new Unclear(item.t === 'unresolved' ? item : unresolved(`a CSP source is a ${item.t === 'object' ? item.type : item.t}, which is not evaluated`, '', null));
}

/**
 * The sources of one directive value, or null when the directive is left out of the header. Django's build_policy
 * and django-csp's agree on None, False, True (a bare directive) and single values; an empty list is dropped by
 * Django and sent bare by django-csp.
 */
function directiveSources(v: Value, style: Style): CspSource[] | null {
  if (v.t === 'none') return null;
  if (v.t === 'bool') return v.v ? [] : null;
  if (v.t === 'unresolved') throw new Unclear(v);
  let items: readonly Value[];
  if (v.t === 'list' || v.t === 'tuple' || v.t === 'set') {
    const partial = v.partial;
    if (partial) throw new Unclear(partial);
    items = v.t === 'set' ? [...v.items.values()] : v.items;
    const first = items[0];
    if (items.length === 1 && first?.t === 'bool') return first.v ? [] : null;
  } else items = [v];
  const sources = items.flatMap((item) => itemSources(item, style));
  if (style === 'django' && sources.length === 0) return null;
  return sources;
}

function djangoPolicy(entry: SettingEntry): CspPolicy | null {
  const v = knownValue(entry);
  if (isUnknown(v)) throw new Unclear(entry.value);
  if (v.t === 'none') return null;
  if (v.t !== 'dict') throw new Unclear(unresolved(`${entry.name} is a ${v.t}, not a dict (see csp-setting-invalid)`, '', entry.origin));
  if (v.partial) throw new Unclear(v.partial);
  const directives: CspDirective[] = [];
  for (const { key, value } of v.entries.values()) {
    if (key.t !== 'str') throw new Unclear(key.t === 'unresolved' ? key : unresolved(`${entry.name} has a ${key.t} key`, '', entry.origin));
    const name = key.v.toLowerCase();
    const sources = directiveSources(value, 'django');
    if (sources !== null && !directives.some((d) => d.name === name)) directives.push({ name, sources, setting: entry.name, at: entry });
  }
  return directives.length > 0 ? { setting: entry.name, at: entry, directives } : null;
}

function djangoCsp4Policy(entry: SettingEntry): CspPolicy | null {
  const v = knownValue(entry);
  if (isUnknown(v)) throw new Unclear(entry.value);
  if (v.t === 'none' || (v.t === 'dict' && v.entries.size === 0 && !v.partial)) return null;
  if (v.t !== 'dict') throw new Unclear(unresolved(`${entry.name} is a ${v.t}, not a dict`, '', entry.origin));
  const given = v.entries.get('s:DIRECTIVES')?.value;
  if (given === undefined && v.partial) throw new Unclear(v.partial);
  if (given?.t === 'none') return null;
  if (given !== undefined && given.t !== 'dict') throw new Unclear(given.t === 'unresolved' ? given : unresolved(`${entry.name}['DIRECTIVES'] is a ${given.t}`, '', entry.origin));
  if (given?.partial) throw new Unclear(given.partial);
  const directives: CspDirective[] = [];
  // csp.utils.default_config: every known directive, the given value or the default; unknown keys are dropped.
  for (const name of CSP4_DIRECTIVES) {
    const value = given?.entries.get(`s:${name}`)?.value ?? (name === 'default-src' ? list([str("'self'")]) : NONE);
    const sources = directiveSources(value, 'django-csp');
    if (sources !== null) directives.push({ name, sources, setting: entry.name, at: entry });
  }
  return directives.length > 0 ? { setting: entry.name, at: entry, directives } : null;
}

function djangoCsp3Policy(ctx: RuleContext): CspPolicy | null {
  const nonceEntry = entryOr(ctx, 'CSP_INCLUDE_NONCE_IN', list([str('default-src')]));
  const nonceIn = knownValue(nonceEntry);
  if (isUnknown(nonceIn)) throw new Unclear(nonceEntry.value);
  if (nonceIn.t !== 'list' && nonceIn.t !== 'tuple') throw new Unclear(unresolved(`CSP_INCLUDE_NONCE_IN is a ${nonceIn.t}`, '', nonceEntry.origin));
  const withNonce = new Set(nonceIn.items.map((i) => (i.t === 'str' ? i.v : '')));
  const directives: CspDirective[] = [];
  for (const name of CSP3_DIRECTIVE_SETTINGS) {
    const entry = entryOr(ctx, name, name === 'CSP_DEFAULT_SRC' ? list([str("'self'")]) : NONE);
    const v = knownValue(entry);
    if (isUnknown(v)) throw new Unclear(entry.value);
    const directive = name.slice(4).replace(/_/g, '-').toLowerCase();
    const sources = directiveSources(v, 'django-csp');
    if (sources === null) continue;
    if (withNonce.has(directive)) sources.push(LAZY_NONCE);
    directives.push({ name: directive, sources, setting: name, at: entry });
  }
  const first = directives[0];
  return first ? { setting: 'the CSP_* settings', at: first.at, directives } : null;
}

function unclear(e: unknown, name: string, at: SettingEntry): Unknown {
  if (!(e instanceof Unclear)) throw e;
  return unknownFor(name, e.value, at.origin);
}

function guarded(name: string, at: SettingEntry, read: () => CspPolicy | null): CspPolicy | null | Unknown {
  try {
    return read();
  } catch (e) {
    return unclear(e, name, at);
  }
}

function middlewareIndex(ctx: RuleContext, dotted: string): number | null {
  const v = knownValue(setting(ctx, 'MIDDLEWARE'));
  if (isUnknown(v) || (v.t !== 'list' && v.t !== 'tuple') || v.partial || v.items.some((i) => i.t !== 'str')) return null;
  const i = v.items.findIndex((item) => item.t === 'str' && item.v === dotted);
  return i < 0 ? null : i;
}

/**
 * The middlewares that may send the enforced (or report-only) header, with the policy each would send.
 * Django's own middleware exists from 6.0; django-csp's settings changed shape in 4.0, and which shape applies
 * depends on the installed release, which the settings do not show.
 */
export function cspCandidates(ctx: RuleContext, header: 'enforce' | 'report'): CspCandidate[] {
  const out: CspCandidate[] = [];
  if (atLeast(ctx.django, 6, 0)) {
    const name = header === 'enforce' ? 'SECURE_CSP' : 'SECURE_CSP_REPORT_ONLY';
    const entry = entryOr(ctx, name, NONE);
    const other = entryOr(ctx, header === 'enforce' ? 'SECURE_CSP_REPORT_ONLY' : 'SECURE_CSP', NONE);
    out.push({
      provider: 'django',
      middleware: CSP_MIDDLEWARE,
      mw: hasMiddleware(ctx, CSP_MIDDLEWARE),
      index: middlewareIndex(ctx, CSP_MIDDLEWARE),
      policy: guarded(name, entry, () => djangoPolicy(entry)),
      versionDependent: false,
      configured: anyHolds(isTruthy(entry), isTruthy(other)),
      setting: name,
      settingAt: entry,
    });
  }
  const v4Names = ['CONTENT_SECURITY_POLICY', 'CONTENT_SECURITY_POLICY_REPORT_ONLY'];
  const v4Set = v4Names.some((n) => ctx.settings.isSet(n));
  const v3Set = [...CSP3_DIRECTIVE_SETTINGS, ...CSP3_OTHER_SETTINGS].some((n) => ctx.settings.isSet(n));
  const v4Name = header === 'enforce' ? 'CONTENT_SECURITY_POLICY' : 'CONTENT_SECURITY_POLICY_REPORT_ONLY';
  const v4Entry = entryOr(ctx, v4Name, NONE);
  let policy: CspPolicy | null | Unknown;
  let name = v4Name;
  let at = v4Entry;
  if (v4Entry.value.t === 'unresolved' && !ctx.settings.isSet(v4Name)) {
    // The settings module may define names that cannot be seen (a star import from outside the project).
    policy = unknownFor(v4Name, v4Entry.value, v4Entry.origin);
  } else if (v4Set && v3Set) {
    policy = unknownFor(v4Name, unresolved('both django-csp 4 (CONTENT_SECURITY_POLICY) and django-csp 3 (CSP_*) settings are set; the installed release decides', '', v4Entry.origin));
  } else if (v4Set) {
    policy = guarded(v4Name, v4Entry, () => djangoCsp4Policy(v4Entry));
  } else if (v3Set) {
    const reportOnlyEntry = entryOr(ctx, 'CSP_REPORT_ONLY', NONE);
    const reportOnly = isTruthy(reportOnlyEntry);
    name = header === 'report' ? 'CSP_REPORT_ONLY' : 'CSP_*';
    if (isUnknown(reportOnly)) policy = reportOnly;
    else if (reportOnly !== (header === 'report')) policy = null;
    else policy = guarded('CSP_*', reportOnlyEntry, () => djangoCsp3Policy(ctx));
    if (ctx.settings.isSet('CSP_REPORT_ONLY')) at = reportOnlyEntry;
    else if (!isUnknown(policy) && policy !== null) at = policy.at;
  } else if (header === 'enforce') {
    policy = unknownFor(v4Name, unresolved("csp.middleware.CSPMiddleware without settings: django-csp 3.x sends default-src 'self', 4.x sends no header", '', setting(ctx, 'MIDDLEWARE').origin));
  } else policy = null;
  out.push({
    provider: 'django-csp',
    middleware: DJANGO_CSP_MIDDLEWARE,
    mw: hasMiddleware(ctx, DJANGO_CSP_MIDDLEWARE),
    index: middlewareIndex(ctx, DJANGO_CSP_MIDDLEWARE),
    policy,
    versionDependent: !v4Set && !v3Set && header === 'enforce' && !(v4Entry.value.t === 'unresolved' && !ctx.settings.isSet(v4Name)),
    configured: v4Set || v3Set,
    setting: name,
    settingAt: at,
  });
  return out;
}

/** Whether the candidate sends its header: the middleware is on and the policy is not empty. */
export function sends(c: CspCandidate): boolean | Unknown {
  return allHold(c.mw, isUnknown(c.policy) ? c.policy : c.policy !== null);
}
