import { type Emit, defineRule } from '../src/engine/rule.ts';
import { type Unknown, isUnknown, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { DOCS, setting } from './_shared.ts';
import { type CspCandidate, type CspDirective, type CspPolicy, LAZY_NONCE, cspCandidates, sends } from './_csp.ts';

/** What each unsafe source lets an injected script do. */
const RISKS: ReadonlyMap<string, string> = new Map([
  ["'unsafe-inline'", 'injected inline scripts run'],
  ["'unsafe-eval'", 'strings run as code (eval)'],
  ['*', 'scripts load from any host'],
  ['http:', 'scripts load from any host over plain HTTP'],
  ['https:', 'scripts load from any HTTPS host'],
  ['data:', 'data: URLs run as scripts'],
]);
const HOSTS = new Set(['*', 'http:', 'https:', 'data:']);

const messages = {
  unsafe: { text: '{{setting}}: {{directive}} allows {{source}}, so {{risk}}' },
  inlineLazyNonce: { text: "{{setting}}: {{directive}} allows 'unsafe-inline' on pages that use no nonce" },
} as const;

type Found = Emit<typeof messages>;

/**
 * The script directives a browser consults (CSP Level 3): <script> elements use script-src-elem, then script-src,
 * then default-src; event-handler attributes script-src-attr, then script-src, then default-src; eval() script-src,
 * then default-src. A source only matters in a directive that is consulted for what the source allows.
 */
export function unsafeSources(policy: CspPolicy): Found[] {
  const find = (name: string): CspDirective | undefined => policy.directives.find((d) => d.name === name);
  const scriptSrc = find('script-src');
  const defaultSrc = find('default-src');
  const elem = find('script-src-elem') ?? scriptSrc ?? defaultSrc;
  const attr = find('script-src-attr') ?? scriptSrc ?? defaultSrc;
  const evaluated = scriptSrc ?? defaultSrc;
  const out: Found[] = [];
  for (const name of ['script-src-elem', 'script-src-attr', 'script-src', 'default-src']) {
    const d = find(name);
    if (!d || (d !== elem && d !== attr && d !== evaluated)) continue;
    const tokens = d.sources.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase());
    // 'strict-dynamic' makes CSP3 browsers ignore 'unsafe-inline', host and scheme sources; a hash or nonce makes
    // them ignore 'unsafe-inline' (CSP2+). The older-browser fallbacks a strict policy carries are therefore fine.
    const strict = tokens.includes("'strict-dynamic'");
    const hashOrNonce = tokens.some((t) => /^'(sha256|sha384|sha512|nonce)-/.test(t));
    const lazyNonce = d.sources.includes(LAZY_NONCE);
    for (const token of new Set(tokens)) {
      const risk = RISKS.get(token);
      if (risk === undefined) continue;
      const data = { setting: d.setting, directive: d.name, source: token, risk };
      if (token === "'unsafe-inline'") {
        if ((d !== elem && d !== attr) || strict || hashOrNonce) continue;
        out.push(lazyNonce ? { messageId: 'inlineLazyNonce', at: d.at, data: { setting: d.setting, directive: d.name } } : { messageId: 'unsafe', at: d.at, data });
      } else if (token === "'unsafe-eval'") {
        if (d === evaluated) out.push({ messageId: 'unsafe', at: d.at, data });
      } else if (HOSTS.has(token) && d === elem && !strict) out.push({ messageId: 'unsafe', at: d.at, data });
    }
  }
  return out;
}

/** Findings of a candidate's policy; a django-csp without settings sends default-src 'self' or nothing. */
function findingsOf(c: CspCandidate): Found[] | Unknown {
  if (c.versionDependent) return [];
  if (isUnknown(c.policy)) return c.policy;
  return c.policy === null ? [] : unsafeSources(c.policy);
}

export default defineRule({
  id: 'csp-unsafe-source',
  title: 'The Content-Security-Policy does not let injected scripts run',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'csp', 'headers', 'xss'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks the enforced Content-Security-Policy (Django 6.0+'s SECURE_CSP, django-csp 4.x's CONTENT_SECURITY_POLICY or django-csp 3.x's CSP_* settings, whichever middleware is on) for script sources that defeat it, one finding per source: 'unsafe-inline', 'unsafe-eval', '*', and the scheme-only sources http:, https: and data:, in the directives a browser consults for scripts (script-src-elem, script-src-attr, script-src, and default-src where no script directive replaces it). Following CSP Level 3, 'unsafe-inline' next to a hash, a fixed nonce or 'strict-dynamic' is ignored by browsers and not reported, and 'strict-dynamic' also neutralises host and scheme sources: the backward-compatible strict policy passes. 'unsafe-inline' next to the middleware's nonce placeholder is reported on its own: both middlewares add the nonce only to responses whose templates used it, so other pages send 'unsafe-inline' alone. Report-only policies block nothing and are not checked.",
    why: "A policy that allows 'unsafe-inline' lets any injected <script> or onerror= attribute run, which is exactly what CSP is there to stop; 'unsafe-eval' lets injected strings become code; *, https: and data: let an attacker load a script from a host they control. Such a policy looks like protection on a checklist but blocks little.",
    severity: "Warning: the site still relies on Django's escaping to prevent XSS, but the defence in depth the policy was meant to add is mostly gone.",
    bad: { settings: "MIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware']\nSECURE_CSP = {'default-src': [\"'self'\"], 'script-src': [\"'self'\", \"'unsafe-inline'\"]}\n" },
    good: { settings: "from django.utils.csp import CSP\nMIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware']\nSECURE_CSP = {'default-src': [CSP.SELF], 'script-src': [CSP.SELF, 'https://cdn.example.com']}\n" },
    fix: "Move inline scripts to files, or mark them with the nonce (CSP.NONCE / csp.constants.NONCE and the template's csp_nonce); replace eval-based code; list the exact hosts scripts come from. To keep old browsers working, the strict pattern 'nonce-…' 'strict-dynamic' https: 'unsafe-inline' is fine.",
  },
  messages,
  hint: "Drop 'unsafe-inline', 'unsafe-eval' and wildcard sources from script-src; use nonces or hashes.",
  references: [
    `${DOCS}/ref/csp/`,
    'https://www.w3.org/TR/CSP3/#allow-all-inline',
    'https://web.dev/articles/strict-csp',
    'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
  ],
  since: '0.1.0',
  check(ctx) {
    const candidates = cspCandidates(ctx, 'enforce');
    const active = candidates.filter((c) => sends(c) === true || (c.versionDependent && c.mw === true));
    const maybe = candidates.filter((c) => isUnknown(sends(c)) && !(c.versionDependent && c.mw === true));
    // With two middlewares, the one further down MIDDLEWARE sees the response first and sets the header.
    let winner = active[0];
    if (active.length === 2) {
      const [a, b] = active as [CspCandidate, CspCandidate];
      if (a.index === null || b.index === null) return unknownFor('MIDDLEWARE', unresolved('both CSP middlewares are enabled and their order is not known', '', setting(ctx, 'MIDDLEWARE').origin));
      winner = a.index > b.index ? a : b;
    }
    const found = winner ? findingsOf(winner) : [];
    if (isUnknown(found)) return found;
    for (const c of maybe) {
      const status = sends(c);
      if (!isUnknown(status)) continue;
      const theirs = findingsOf(c);
      if (isUnknown(theirs)) return theirs;
      // An uncertain middleware could send its own header instead of the certain one, or be the only one.
      if (theirs.length > 0 || found.length > 0) return status;
    }
    return found;
  },
});
