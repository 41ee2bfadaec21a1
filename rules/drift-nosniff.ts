import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { finalPage, headerList, quoteHeader, withHeaders } from './_content.ts';
import { DRIFT_SPLIT, runtimeFlag, shownValue } from './_drift.ts';
import { DOCS, NO_SECURITY_MIDDLEWARE, securityMiddleware, setting } from './_shared.ts';

const SETTINGS = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_CONTENT_TYPE_NOSNIFF = True\n";

export default defineRule({
  id: 'drift-nosniff',
  title: 'The site sends X-Content-Type-Options: nosniff as the settings say',
  kind: 'cross',
  severity: 'info',
  tags: ['deploy', 'headers', 'drift', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: `When SecurityMiddleware is on and SECURE_CONTENT_TYPE_NOSNIFF is on (Python truthiness, as the middleware reads it; True by default since Django 3.0), reports a final HTTPS page whose X-Content-Type-Options is missing or does not start with \`nosniff\` (browsers read only the first value, case-insensitively: Fetch's "determine nosniff"). Django adds the header only when the response has none, so another value means something else set it. ${DRIFT_SPLIT} Here: header-nosniff-missing reports the page; content-type-nosniff-disabled reports the setting.`,
    why: 'The settings say every response carries nosniff, but this one does not: it was served or rewritten by something other than this Django (a proxy, a static file server, a cache) or by other settings, so the audited setting does not protect it.',
    severity: "Info: the missing protection is header-nosniff-missing's warning; this finding only explains where it comes from.",
    bad: {
      settings: SETTINGS,
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8', base: 'good-site', change: withHeaders({ 'x-content-type-options': null }) },
    },
    good: {
      settings: SETTINGS,
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nX-Content-Type-Options: nosniff', base: 'good-site' },
    },
    fix: 'Find what serves or rewrites the page without Django (a proxy location serving files itself, a proxy_hide_header), or audit the settings the site runs with.',
  },
  messages: {
    missing: { text: 'SECURE_CONTENT_TYPE_NOSNIFF is {{value}}, but the site sends no nosniff header' },
    differs: { text: "SECURE_CONTENT_TYPE_NOSNIFF is {{value}}, but the site sends '{{live}}'" },
  },
  hint: 'Find what answers or rewrites the page in front of Django, or audit the settings the site runs with.',
  references: [`${DOCS}/ref/middleware/#x-content-type-options-nosniff`, 'https://fetch.spec.whatwg.org/#determine-nosniff', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Content-Type-Options'],
  since: '0.1.0',
  check(ctx) {
    if (!ctx.observation) return skip('no live site was probed (check --deploy --url URL compares the settings with it)');
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_CONTENT_TYPE_NOSNIFF');
    const on = runtimeFlag(entry);
    if (on === false) return skip('SECURE_CONTENT_TYPE_NOSNIFF is off (content-type-nosniff-disabled)');
    if (isUnknown(on)) return on;
    if (isUnknown(sm)) return sm;
    const page = finalPage(ctx);
    if (isSkip(page)) return page;
    const { response } = page;
    const at = { url: response.url, setting: 'SECURE_CONTENT_TYPE_NOSNIFF' };
    const list = headerList(response, 'x-content-type-options');
    if (list === null) return [{ messageId: 'missing', at, data: { value: shownValue(entry) } }];
    if (list.values[0]?.toLowerCase() === 'nosniff') return [];
    return [{ messageId: 'differs', at, data: { value: shownValue(entry), live: quoteHeader(response, 'x-content-type-options') } }];
  },
});
