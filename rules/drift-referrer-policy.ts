import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { isTruthy, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { effectiveReferrerPolicy, finalPage, headerList, quoteHeader, withHeaders } from './_content.ts';
import { DRIFT_SPLIT } from './_drift.ts';
import { quote } from './_live.ts';
import { DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';

const SETTINGS = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_REFERRER_POLICY = 'strict-origin-when-cross-origin'\n";

export default defineRule({
  id: 'drift-referrer-policy',
  title: 'The site sends the Referrer-Policy the settings say',
  kind: 'cross',
  severity: 'info',
  tags: ['deploy', 'headers', 'privacy', 'drift', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: `When SecurityMiddleware is on and SECURE_REFERRER_POLICY is set ('same-origin' by default since Django 3.1), compares the policy browsers take from the final HTTPS page's Referrer-Policy header (the last valid token) with the one the settings send (the string's comma-separated tokens, or the list's items, joined with ","): no header, or another effective policy, is reported. Django adds the header only when the response has none. ${DRIFT_SPLIT} Here: header-referrer-policy-weak reports a weak or missing policy on the page; referrer-policy-missing and referrer-policy-invalid report the settings.`,
    why: 'A policy other than the configured one means the page was answered or rewritten by something other than this Django (a proxy, a cache) or by other settings: the audited setting does not decide what URLs leak to other sites.',
    severity: "Info: the policy's strength is header-referrer-policy-weak's finding; this one only explains where the header comes from.",
    bad: {
      settings: SETTINGS,
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nReferrer-Policy: unsafe-url', base: 'good-site', change: withHeaders({ 'referrer-policy': 'unsafe-url' }) },
    },
    good: {
      settings: SETTINGS,
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nReferrer-Policy: strict-origin-when-cross-origin',
        base: 'good-site',
        change: withHeaders({ 'referrer-policy': 'strict-origin-when-cross-origin' }),
      },
    },
    fix: 'Find what sets the header in front of Django (e.g. an nginx add_header, which adds a second header), keep one source, or audit the settings the site runs with.',
  },
  messages: {
    missing: { text: "SECURE_REFERRER_POLICY is '{{expected}}', but the page has no Referrer-Policy" },
    differs: { text: "SECURE_REFERRER_POLICY gives '{{expected}}', but the site sends '{{live}}'" },
  },
  hint: 'Keep one source of the header (Django or the proxy), or audit the settings the site runs with.',
  references: [`${DOCS}/ref/middleware/#referrer-policy`, 'https://www.w3.org/TR/referrer-policy/#parse-referrer-policy-from-header', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Referrer-Policy'],
  since: '0.1.0',
  check(ctx) {
    if (!ctx.observation) return skip('no live site was probed (check --deploy --url URL compares the settings with it)');
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_REFERRER_POLICY');
    const on = isTruthy(entry);
    if (on === false) return skip('SECURE_REFERRER_POLICY is not set (referrer-policy-missing)');
    if (isUnknown(on)) return on;
    if (isUnknown(sm)) return sm;
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    // security.py: ",".join(v.strip() for v in value.split(",")) for a string, ",".join(value) for an iterable.
    let tokens: string[];
    if (value.t === 'str') tokens = value.v.split(',').map((t) => t.trim());
    else if ((value.t === 'list' || value.t === 'tuple') && !value.partial && value.items.every((i) => i.t === 'str')) tokens = value.items.map((i) => (i.t === 'str' ? i.v : ''));
    else return unknownFor(entry.name, unresolved(`SECURE_REFERRER_POLICY is a ${value.t} whose values are not all known strings`, '', entry.origin), entry.origin);
    const expected = tokens.join(',');
    const wanted = effectiveReferrerPolicy(tokens);

    const page = finalPage(ctx);
    if (isSkip(page)) return page;
    const { response } = page;
    const at = { url: response.url, setting: 'SECURE_REFERRER_POLICY' };
    const list = headerList(response, 'referrer-policy');
    if (list === null) return [{ messageId: 'missing', at, data: { expected: quote(expected) } }];
    if (!list.truncated && effectiveReferrerPolicy(list.values) === wanted) return [];
    return [{ messageId: 'differs', at, data: { expected: quote(expected), live: quoteHeader(response, 'referrer-policy') } }];
  },
});
