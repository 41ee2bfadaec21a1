import { defineRule } from '../src/engine/rule.ts';
import { quote, undecided } from './_live.ts';
import { DOCS } from './_shared.ts';
import { finalPage, frameAncestors, headerList, quoteHeader, withHeaders } from './_content.ts';

const SETTING = 'X_FRAME_OPTIONS';

export default defineRule({
  id: 'header-clickjacking-missing',
  title: 'The live site forbids framing by other sites',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'live', 'headers', 'clickjacking'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads the final HTTPS response the way browsers decide whether another site may frame it. An enforced Content-Security-Policy with `frame-ancestors` wins: browsers then ignore X-Frame-Options, so a `frame-ancestors` that admits any site (`*`, `https:`) is reported (`anyAncestor`) even next to X-Frame-Options: DENY. Without `frame-ancestors`, X-Frame-Options must be DENY or SAMEORIGIN (any case) as the HTML standard parses it: the header is split on commas, conflicting values make browsers ignore it, and anything else (the obsolete ALLOW-FROM, ALLOWALL, a typo) counts as no protection (`invalid`). A report-only policy protects nothing. The finding is shown on X_FRAME_OPTIONS.",
    why: "A page that any site can frame can be overlaid with a decoy (clickjacking): the visitor thinks they click the attacker's button and actually confirms a payment, changes their e-mail address or grants a permission on your site, with their own session. Django sends X-Frame-Options: DENY by default through XFrameOptionsMiddleware; when the live site does not, the middleware is missing, a view is exempt, or a proxy strips the header.",
    severity: 'Warning, as Django (security.W002) and the Observatory rate a missing X-Frame-Options: it takes a user interaction to exploit, but it defeats CSRF protection for every state-changing button on the page.',
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nX-Frame-Options: ALLOW-FROM https://partner.example', base: 'bad-site', change: withHeaders({ 'X-Frame-Options': 'ALLOW-FROM https://partner.example' }) },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nX-Frame-Options: DENY', base: 'bad-site', change: withHeaders({ 'X-Frame-Options': 'DENY' }) },
    },
    fix: "Keep django.middleware.clickjacking.XFrameOptionsMiddleware in MIDDLEWARE with X_FRAME_OPTIONS = 'DENY' (or 'SAMEORIGIN' if the site frames itself). To let a partner frame a page, use CSP `frame-ancestors 'self' https://partner.example` instead of ALLOW-FROM, which no current browser supports.",
  },
  messages: {
    missing: { text: 'the site sends neither X-Frame-Options nor CSP frame-ancestors' },
    invalid: { text: "X-Frame-Options '{{value}}' is ignored by browsers" },
    anyAncestor: { text: 'CSP frame-ancestors allows {{source}}: any site can frame the page' },
  },
  hint: "Send X-Frame-Options: DENY (XFrameOptionsMiddleware) or CSP frame-ancestors 'none' or 'self'.",
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Frame-Options',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/frame-ancestors',
    'https://html.spec.whatwg.org/multipage/document-lifecycle.html#the-x-frame-options-header',
    'https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/clickjacking/`,
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const at = { url: page.response.url, setting: SETTING };
    const ancestors = frameAncestors(page.response);
    if (ancestors.kind === 'restricted') return [];
    if (ancestors.kind === 'any') return [{ messageId: 'anyAncestor', at, data: { source: quote(ancestors.source) } }];
    const xfo = headerList(page.response, 'X-Frame-Options');
    const values = xfo?.values.map((v) => v.toLowerCase()) ?? [];
    const first = values[0];
    // HTML: several values that are not all the same make browsers ignore the header.
    const protects = first !== undefined && values.every((v) => v === first) && (first === 'deny' || first === 'sameorigin');
    // With a cut CSP header this passes on X-Frame-Options alone: a frame-ancestors past the 1024th character that
    // admits any site would override it, but long policies are common and such a directive is not.
    if (protects) return [];
    if (ancestors.kind === 'unknown') return undecided('the Content-Security-Policy header was cut at 1024 characters where frame-ancestors may be');
    if (xfo === null) return [{ messageId: 'missing', at }];
    return [{ messageId: 'invalid', at, data: { value: quoteHeader(page.response, 'X-Frame-Options') } }];
  },
});
