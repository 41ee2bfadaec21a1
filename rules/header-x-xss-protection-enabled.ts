import { defineRule } from '../src/engine/rule.ts';
import { fields, finalPage, quoteHeader, withHeaders } from './_content.ts';

export default defineRule({
  id: 'header-x-xss-protection-enabled',
  title: 'The live site does not turn on the obsolete XSS filter',
  kind: 'probe',
  severity: 'info',
  tags: ['deploy', 'live', 'headers'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads the X-XSS-Protection header of the final HTTPS response and reports it when it is there and its first directive (before any `;`) is not `0`: `1`, `1; mode=block`, `1; report=...` or anything else. `X-XSS-Protection: 0` and no header at all pass. Django stopped sending this header in 3.0 (SECURE_BROWSER_XSS_FILTER was removed in 4.0), so it usually comes from a proxy or an old middleware.",
    why: "The browsers' XSS auditors are gone (Chrome removed its auditor in version 78, Edge in 2020, Firefox never had one), so the header protects nothing today. While it worked, `1; mode=block` let other sites detect whether a page contained a given script and block selected scripts on it (XS-Leaks), and the filter itself introduced XSS in safe pages. OWASP and MDN recommend `0` or no header, with a Content-Security-Policy instead.",
    severity: 'Info: harmless in current browsers; reported so that a stale setting is removed and nobody relies on it instead of a CSP.',
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nX-XSS-Protection: 1; mode=block', base: 'good-site', change: withHeaders({ 'X-XSS-Protection': '1; mode=block' }) },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nX-XSS-Protection: 0', base: 'good-site', change: withHeaders({ 'X-XSS-Protection': '0' }) },
    },
    fix: 'Remove the header where it is added (nginx `add_header`, a CDN rule, an old middleware), or send `X-XSS-Protection: 0`; protect against XSS with a Content-Security-Policy.',
  },
  messages: {
    enabled: { text: "X-XSS-Protection is '{{value}}'; send 0 or drop the header" },
  },
  hint: 'Drop X-XSS-Protection (or send 0) and rely on a Content-Security-Policy.',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-XSS-Protection',
    'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html#x-xss-protection',
    'https://owasp.org/www-project-secure-headers/',
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const list = fields(page.response, 'X-XSS-Protection');
    if (list.every((h) => (h.value.split(';')[0] ?? '').trim() === '0')) return [];
    return [{ messageId: 'enabled', at: { url: page.response.url }, data: { value: quoteHeader(page.response, 'X-XSS-Protection') } }];
  },
});
