import { defineRule } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { cspPolicies, enforcedCsp, fields, finalPage, quoteHeader, withHeaders } from './_content.ts';

const SETTING = 'SECURE_CSP';

export default defineRule({
  id: 'header-csp-missing',
  title: 'The live site enforces a Content-Security-Policy',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'live', 'headers', 'csp'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads the Content-Security-Policy headers of the final HTTPS response as CSP Level 3 parses them (each header is a comma-separated list of policies; a policy without any well-formed directive is dropped) and reports a response without any enforced policy: no header at all (`missing`), only Content-Security-Policy-Report-Only (`reportOnly`: it reports violations but blocks nothing), or headers that hold no directive (`empty`). What the policy allows is judged by header-csp-unsafe. A `<meta http-equiv>` policy in the page is not seen (the probe reads no bodies). The finding is shown on SECURE_CSP (Django 6.0+; django-csp projects set CONTENT_SECURITY_POLICY).",
    why: "A Content-Security-Policy is the browser-side backstop for cross-site scripting: when a template forgets to escape, or a `|safe` lets user input through, a policy that only allows the site's own scripts stops the injected one from running or from sending data away. Without it, one injection is a full account takeover. A report-only policy is how a policy is tried out; left alone it gives the reports and none of the protection.",
    severity: 'Warning, as the Observatory scores a missing or report-only policy (−25): it does not create a hole, but it removes the second line of defence against the most common web vulnerability.',
    bad: {
      settings: '',
      live: { shown: "HTTP/1.1 200 OK\nContent-Security-Policy-Report-Only: default-src 'self'", base: 'bad-site', change: withHeaders({ 'Content-Security-Policy-Report-Only': "default-src 'self'" }) },
    },
    good: {
      settings: '',
      live: { shown: "HTTP/1.1 200 OK\nContent-Security-Policy: default-src 'self'; frame-ancestors 'none'", base: 'good-site' },
    },
    fix: "Django 6.0+: add django.middleware.csp.ContentSecurityPolicyMiddleware and set SECURE_CSP (start from `{'default-src': [CSP.SELF]}`); before 6.0 use django-csp. Try a new policy with SECURE_CSP_REPORT_ONLY first, then move it to SECURE_CSP.",
  },
  messages: {
    missing: { text: 'the site sends no Content-Security-Policy header' },
    reportOnly: { text: 'the CSP is report-only: it blocks nothing (no Content-Security-Policy)' },
    empty: { text: "Content-Security-Policy '{{value}}' has no directives; nothing applies" },
  },
  hint: "Enforce a Content-Security-Policy (Django 6 SECURE_CSP, or django-csp), at least default-src 'self'.",
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy',
    'https://www.w3.org/TR/CSP3/#parse-response-csp',
    'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/csp/`,
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const at = { url: page.response.url, setting: SETTING };
    if (enforcedCsp(page.response).policies.length > 0) return [];
    if (fields(page.response, 'content-security-policy').length > 0) {
      return [{ messageId: 'empty', at, data: { value: quoteHeader(page.response, 'Content-Security-Policy') } }];
    }
    if (cspPolicies(page.response, 'content-security-policy-report-only').policies.length > 0) return [{ messageId: 'reportOnly', at }];
    return [{ messageId: 'missing', at }];
  },
});
