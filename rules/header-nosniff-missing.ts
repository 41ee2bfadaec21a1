import { defineRule } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { finalPage, headerList, quoteHeader, withHeaders } from './_content.ts';

const SETTING = 'SECURE_CONTENT_TYPE_NOSNIFF';

export default defineRule({
  id: 'header-nosniff-missing',
  title: 'The live site sends X-Content-Type-Options: nosniff',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'live', 'headers'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads the X-Content-Type-Options header of the final HTTPS response the way browsers do (Fetch's \"determine nosniff\": the fields are joined, split on commas, and only the first value counts, compared case-insensitively): it must be `nosniff`. A missing header (`missing`) and any other first value (`invalid`, e.g. `nosniff` written after another value, or a misspelling) are reported. The finding is shown on SECURE_CONTENT_TYPE_NOSNIFF, the setting that makes SecurityMiddleware send the header.",
    why: 'Without nosniff a browser may guess the type of a response from its content: an uploaded file served as text/plain or image/png can be run as a script or rendered as HTML, which turns an upload feature into stored XSS. Django sends the header by default (SECURE_CONTENT_TYPE_NOSNIFF = True since 3.0); when the live site does not, SecurityMiddleware is off, the setting is off, or a proxy or CDN strips the header.',
    severity: "Warning, as Django's own check (security.W006) and the Observatory rate it: it removes one way of exploiting an upload or reflection bug rather than being a hole by itself.",
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8', base: 'bad-site' },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nX-Content-Type-Options: nosniff', base: 'bad-site', change: withHeaders({ 'X-Content-Type-Options': 'nosniff' }) },
    },
    fix: "Keep SECURE_CONTENT_TYPE_NOSNIFF = True with SecurityMiddleware in MIDDLEWARE; if a proxy sits in front, check that it passes the header on (or sends `nosniff` itself, as the only value).",
  },
  messages: {
    missing: { text: 'the site sends no X-Content-Type-Options header' },
    invalid: { text: "X-Content-Type-Options is '{{value}}'; browsers only honour nosniff" },
  },
  hint: 'Send X-Content-Type-Options: nosniff (SECURE_CONTENT_TYPE_NOSNIFF = True with SecurityMiddleware).',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Content-Type-Options',
    'https://fetch.spec.whatwg.org/#x-content-type-options-header',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    `${DOCS}/ref/middleware/#x-content-type-options-nosniff`,
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const at = { url: page.response.url, setting: SETTING };
    const list = headerList(page.response, 'X-Content-Type-Options');
    if (list === null) return [{ messageId: 'missing', at }];
    // A truncated field cannot change the first value: the probe cuts at 1024 characters, far past `nosniff`.
    const first = list.values[0] ?? '';
    if (first.toLowerCase() === 'nosniff') return [];
    return [{ messageId: 'invalid', at, data: { value: quoteHeader(page.response, 'X-Content-Type-Options') } }];
  },
});
