import { atLeast } from '../src/engine/django.ts';
import { defineRule } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Value, unresolved } from '../src/engine/values.ts';
import { DOCS, setting } from './_shared.ts';
import { sharedSuffix } from './_hosts.ts';

/** Hosts that are "potentially trustworthy" even over http (W3C Secure Contexts): loopback only. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/** urllib.parse.urlsplit's netloc: what follows `//` up to the first `/`, `?` or `#`. */
function netlocOf(afterScheme: string): string {
  const rest = afterScheme.startsWith('//') ? afterScheme.slice(2) : '';
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The host part of a netloc (no userinfo, no port), lowercase; IPv6 literals keep their brackets. */
function hostOf(netloc: string): string {
  const afterUser = netloc.slice(netloc.lastIndexOf('@') + 1).toLowerCase();
  if (afterUser.startsWith('[')) return afterUser.slice(0, afterUser.indexOf(']') + 1);
  const colon = afterUser.indexOf(':');
  return colon === -1 ? afterUser : afterUser.slice(0, colon);
}

type Problem = { readonly kind: 'noScheme' } | { readonly kind: 'httpOrigin' } | { readonly kind: 'broad'; readonly shared: string } | null;

/**
 * Django 4.0+ (CsrfViewMiddleware): an entry without '*' is compared with the request's Origin as an exact
 * string; with '*', urlsplit(entry).netloc.lstrip('*') is a domain pattern for is_same_domain under that scheme
 * (leading dot: the domain and its subdomains; empty: nothing).
 */
function problemOf(origin: string): Problem {
  const sep = origin.indexOf('://');
  if (sep === -1) return { kind: 'noScheme' };
  // urlsplit lowercases the scheme of wildcard entries; exact entries are compared as written, and an Origin
  // header's scheme is always lowercase.
  const wildcard = origin.includes('*');
  const scheme = wildcard ? origin.slice(0, sep).toLowerCase() : origin.slice(0, sep);
  const netloc = netlocOf(origin.slice(sep + 1));
  if (wildcard) {
    const pattern = netloc.replace(/^\*+/, '').toLowerCase();
    if (pattern.startsWith('.')) {
      const shared = sharedSuffix(hostOf(pattern.slice(1)));
      if (shared) return { kind: 'broad', shared };
    }
  }
  if (scheme === 'http') {
    const host = hostOf(wildcard ? netloc.replace(/^\*+\.?/, '') : netloc);
    if (!isLoopback(host)) return { kind: 'httpOrigin' };
  }
  return null;
}

type Found =
  | { messageId: 'noScheme' | 'httpOrigin'; at: SettingEntry; data: { origin: string } }
  | { messageId: 'broad'; at: SettingEntry; data: { origin: string; kind: string } };

export default defineRule({
  id: 'csrf-trusted-origins-insecure',
  title: 'CSRF_TRUSTED_ORIGINS trusts only HTTPS origins you own',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'csrf', 'https'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks each CSRF_TRUSTED_ORIGINS entry with CsrfViewMiddleware's matching (Django 4.0+): an `http://` origin (loopback hosts such as localhost and 127.0.0.1 excepted, as browsers treat them as secure contexts), a wildcard that covers a public suffix or a platform's shared domain (`https://*.com`, `https://*.herokuapp.com`: `*` works only as a leading `*.`, and the suffix list is allowed-hosts-wildcard's), and an entry without a scheme, which Django 4.0+ rejects at startup as 4_0.E001 (and which never matches, since the middleware compares whole origins). Before Django 4.0 entries were host names: only the suffix test applies. `https://*` is not reported: its pattern is empty and Django matches nothing with it.",
    why: 'A trusted origin may send POST requests that pass the CSRF Origin and Referer checks. A plain-HTTP origin can be rewritten by anyone on the network path, who can then forge requests from it; a wildcard over a shared suffix trusts every other customer of that platform or registry.',
    bad: { settings: "CSRF_TRUSTED_ORIGINS = ['http://shop.example.com', 'https://*.herokuapp.com']\n" },
    good: { settings: "CSRF_TRUSTED_ORIGINS = ['https://shop.example.com', 'https://*.example.com', 'http://localhost:8000']\n" },
    fix: 'List full HTTPS origins of sites you control (`https://admin.example.com`); use `https://*.example.com` only for your own domain.',
    severity: 'A warning: the CSRF token is still required, but the Origin check, the defence against token leaks and cookie injection from other sites, is widened to hosts you do not control.',
  },
  messages: {
    httpOrigin: { text: "CSRF_TRUSTED_ORIGINS trusts '{{origin}}' over plain HTTP" },
    broad: { text: "CSRF_TRUSTED_ORIGINS entry '{{origin}}' matches sites under {{kind}}" },
    noScheme: { text: "CSRF_TRUSTED_ORIGINS entry '{{origin}}' has no scheme (Django's 4_0.E001)" },
  },
  hint: "List full HTTPS origins you control, e.g. 'https://admin.example.com'.",
  references: [
    `${DOCS}/ref/settings/#csrf-trusted-origins`,
    `${DOCS}/ref/csrf/#how-it-works`,
    `${DOCS}/releases/4.0/#csrf-trusted-origins-changes`,
    'https://www.w3.org/TR/secure-contexts/#is-origin-trustworthy',
  ],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'CSRF_TRUSTED_ORIGINS');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    if (value.t !== 'list' && value.t !== 'tuple' && value.t !== 'set') {
      return unknownFor('CSRF_TRUSTED_ORIGINS', unresolved(`CSRF_TRUSTED_ORIGINS is a ${value.t}, not a list of origins`, '', entry.origin));
    }
    const items: readonly Value[] = value.t === 'set' ? [...value.items.values()] : value.items;
    const modern = atLeast(ctx.django, 4, 0);
    const findings: Found[] = [];
    let unknown: Unknown | null = value.partial ? unknownFor('CSRF_TRUSTED_ORIGINS', value.partial, entry.origin) : null;
    for (const item of items) {
      if (item.t === 'unresolved') {
        unknown ??= unknownFor('CSRF_TRUSTED_ORIGINS', item, entry.origin);
        continue;
      }
      if (item.t !== 'str') continue;
      if (!modern) {
        // Django < 4.0: host names for is_same_domain against the Referer's host.
        const pattern = item.v.toLowerCase();
        const kind = pattern.startsWith('.') ? sharedSuffix(hostOf(pattern.slice(1))) : null;
        if (kind) findings.push({ messageId: 'broad', at: entry, data: { origin: item.v, kind } });
        continue;
      }
      const problem = problemOf(item.v);
      if (problem === null) continue;
      if (problem.kind === 'broad') {
        findings.push({ messageId: 'broad', at: entry, data: { origin: item.v, kind: problem.shared } });
      } else {
        findings.push({ messageId: problem.kind, at: entry, data: { origin: item.v } });
      }
    }
    if (findings.length === 0 && unknown) return unknown;
    return findings;
  },
});
