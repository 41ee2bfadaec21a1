import { defineRule } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { fields, finalPage, parseTokenItem, quoteHeader, withHeaders } from './_content.ts';

const SETTING = 'SECURE_CROSS_ORIGIN_OPENER_POLICY';
const POLICIES = new Set(['same-origin', 'same-origin-allow-popups', 'noopener-allow-popups', 'unsafe-none']);

export default defineRule({
  id: 'header-coop-missing',
  title: 'The live site sends Cross-Origin-Opener-Policy',
  kind: 'probe',
  severity: 'info',
  tags: ['deploy', 'live', 'headers'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads the Cross-Origin-Opener-Policy header of the final HTTPS response as the HTML standard does: all fields are combined and parsed as one structured-field Item (RFC 8941), whose token must be `same-origin`, `same-origin-allow-popups`, `noopener-allow-popups` or `unsafe-none` (case-sensitive; parameters such as `report-to` are allowed). Reported: no header (`missing`) and a header browsers ignore (`invalid`: an unknown or mis-cased token, a quoted string, or two headers, which combine into a list). An explicit `unsafe-none` passes: it is a deliberate choice that SECURE_CROSS_ORIGIN_OPENER_POLICY accepts. The finding is shown on SECURE_CROSS_ORIGIN_OPENER_POLICY.",
    why: "Without COOP, a page opened by another site (or that opens one) shares a browsing context group with it: the other window keeps a handle to yours, can navigate it, count its frames and time it, which enables cross-site leaks (XS-Leaks) and makes side-channel attacks such as Spectre cheaper. Django sends `same-origin` by default since 4.0; when the site does not, SecurityMiddleware is off, the setting is None, or a proxy drops the header.",
    severity: 'Info: a defence in depth against cross-window leaks; the Observatory gives a bonus for it and no penalty when it is missing.',
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8', base: 'bad-site' },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nCross-Origin-Opener-Policy: same-origin', base: 'bad-site', change: withHeaders({ 'Cross-Origin-Opener-Policy': 'same-origin' }) },
    },
    fix: "Keep SecurityMiddleware with SECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin' (the default); use 'same-origin-allow-popups' if the site opens OAuth or payment pop-ups that must talk back.",
  },
  messages: {
    missing: { text: 'the site sends no Cross-Origin-Opener-Policy header' },
    invalid: { text: "Cross-Origin-Opener-Policy '{{value}}' is invalid; browsers ignore it" },
  },
  hint: "Send Cross-Origin-Opener-Policy: same-origin (SECURE_CROSS_ORIGIN_OPENER_POLICY, Django's default).",
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Cross-Origin-Opener-Policy',
    'https://html.spec.whatwg.org/multipage/browsers.html#the-coop-headers',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/middleware/#cross-origin-opener-policy`,
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const at = { url: page.response.url, setting: SETTING };
    const list = fields(page.response, 'Cross-Origin-Opener-Policy');
    if (list.length === 0) return [{ messageId: 'missing', at }];
    // Structured fields combine repeated fields with ", ": two headers are a List, not an Item, and are ignored.
    const token = parseTokenItem(list.map((h) => h.value).join(', '));
    if (token !== null && token !== 'not-token' && POLICIES.has(token)) return [];
    return [{ messageId: 'invalid', at, data: { value: quoteHeader(page.response, 'Cross-Origin-Opener-Policy') } }];
  },
});
