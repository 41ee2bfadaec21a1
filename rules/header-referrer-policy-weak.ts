import { defineRule } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { effectiveReferrerPolicy, finalPage, headerList, quoteHeader, withHeaders } from './_content.ts';

const SETTING = 'SECURE_REFERRER_POLICY';
/** Policies that send the full URL (path and query) to other sites. */
const LEAKY = new Set(['unsafe-url', 'no-referrer-when-downgrade']);

export default defineRule({
  id: 'header-referrer-policy-weak',
  title: 'The live site sends a Referrer-Policy that keeps URLs on the site',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'live', 'headers', 'privacy'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads the Referrer-Policy header of the final HTTPS response as browsers do (Referrer Policy §8.1): the fields are joined and split on commas, unknown tokens are skipped, and the last valid token is the policy. Reported: no header (`missing`), a header without any valid token (`invalid`: browsers then use their default), and a policy that sends the full URL to other sites, `unsafe-url` or `no-referrer-when-downgrade` (`leaky`). `origin` and `origin-when-cross-origin` are not reported (they send only the origin). A `<meta name=\"referrer\">` in the page is not seen (the probe reads no bodies). The finding is shown on SECURE_REFERRER_POLICY.",
    why: "The Referer header carries the URL of the page a request comes from. Full URLs often hold what should stay on the site: password-reset and e-mail-confirmation tokens, search terms, order and account ids. Any third party the page loads from or links to (analytics, CDNs, ads) then receives them. Django sends `same-origin` by default (SECURE_REFERRER_POLICY since 3.1); modern browsers default to `strict-origin-when-cross-origin`, older ones to `no-referrer-when-downgrade`.",
    severity: "Warning, as Django's check (security.W022) rates a missing policy: it leaks information rather than access, but the information can include one-time tokens.",
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nReferrer-Policy: unsafe-url', base: 'good-site', change: withHeaders({ 'Referrer-Policy': 'unsafe-url' }) },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nReferrer-Policy: same-origin', base: 'good-site' },
    },
    fix: "Keep SecurityMiddleware with SECURE_REFERRER_POLICY = 'same-origin' (Django's default) or 'strict-origin-when-cross-origin'. To deploy a new token with a fallback, list the fallback first: `Referrer-Policy: no-referrer, strict-origin-when-cross-origin`.",
  },
  messages: {
    missing: { text: 'the site sends no Referrer-Policy header' },
    invalid: { text: "Referrer-Policy '{{value}}' has no valid policy; browsers ignore it" },
    leaky: { text: 'Referrer-Policy is {{policy}}: full URLs are sent to other sites' },
  },
  hint: "Send Referrer-Policy: same-origin (SECURE_REFERRER_POLICY, Django's default) or strict-origin-when-cross-origin.",
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Referrer-Policy',
    'https://w3c.github.io/webappsec-referrer-policy/#parse-referrer-policy-from-header',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/middleware/#referrer-policy`,
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const at = { url: page.response.url, setting: SETTING };
    const list = headerList(page.response, 'Referrer-Policy');
    if (list === null) return [{ messageId: 'missing', at }];
    // A cut field can only lose tokens at its end; with 1024 characters kept, that is not a real policy header.
    const policy = effectiveReferrerPolicy(list.values);
    if (policy === null) return [{ messageId: 'invalid', at, data: { value: quoteHeader(page.response, 'Referrer-Policy') } }];
    if (LEAKY.has(policy)) return [{ messageId: 'leaky', at, data: { policy } }];
    return [];
  },
});
