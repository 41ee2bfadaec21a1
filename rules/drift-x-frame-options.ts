import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { finalPage, headerList, quoteHeader, withHeaders } from './_content.ts';
import { DRIFT_SPLIT } from './_drift.ts';
import { quote } from './_live.ts';
import { DOCS, XFRAME_MIDDLEWARE, hasMiddleware, setting } from './_shared.ts';

const SETTINGS = "MIDDLEWARE = ['django.middleware.clickjacking.XFrameOptionsMiddleware']\nX_FRAME_OPTIONS = 'DENY'\n";

export default defineRule({
  id: 'drift-x-frame-options',
  title: 'The site sends the X-Frame-Options the settings say',
  kind: 'cross',
  severity: 'info',
  tags: ['deploy', 'clickjacking', 'headers', 'drift', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: `When XFrameOptionsMiddleware is on, compares the X-Frame-Options header of the final HTTPS page with the one the middleware sets, X_FRAME_OPTIONS upper-cased ('DENY' by default since Django 3.0): no header, or other values, are reported. Values are compared case-insensitively, and repeated fields with the same value count as one (browsers read the header as a set of values). ${DRIFT_SPLIT} Here: header-clickjacking-missing reports a page that can be framed; x-frame-options-not-deny and xframe-middleware-missing report the settings.`,
    why: 'When the middleware is on, Django sends this header on every response that has none, so a missing or different header means something else answers or rewrites the page (a proxy, a cache), or the site runs without these settings.',
    severity: "Info: a view may legitimately opt out or choose another value (@xframe_options_exempt, @xframe_options_sameorigin), and the probe sees one page; the page's framing protection itself is header-clickjacking-missing's finding.",
    bad: {
      settings: SETTINGS,
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nX-Frame-Options: SAMEORIGIN',
        base: 'good-site',
        change: withHeaders({ 'x-frame-options': 'SAMEORIGIN' }),
      },
    },
    good: {
      settings: SETTINGS,
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nX-Frame-Options: DENY', base: 'good-site' },
    },
    fix: 'If the page comes from a view decorated with @xframe_options_exempt or @xframe_options_sameorigin, this is intended: ignore the finding for that URL. Otherwise find what sets or strips the header in front of Django (e.g. an nginx add_header or proxy_hide_header), or audit the settings the site runs with.',
  },
  messages: {
    missing: { text: 'XFrameOptionsMiddleware is on, but the page has no X-Frame-Options' },
    differs: { text: "X_FRAME_OPTIONS gives '{{expected}}', but the site sends '{{live}}'" },
  },
  hint: 'Find what changes the header in front of Django, or audit the settings the site runs with.',
  references: [`${DOCS}/ref/clickjacking/`, `${DOCS}/ref/settings/#x-frame-options`, 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Frame-Options'],
  since: '0.1.0',
  check(ctx) {
    if (!ctx.observation) return skip('no live site was probed (check --deploy --url URL compares the settings with it)');
    const mw = hasMiddleware(ctx, XFRAME_MIDDLEWARE);
    if (mw === false) return skip('XFrameOptionsMiddleware is not in MIDDLEWARE (xframe-middleware-missing)');
    if (isUnknown(mw)) return mw;
    const entry = setting(ctx, 'X_FRAME_OPTIONS');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    // getattr(settings, "X_FRAME_OPTIONS", "DENY").upper(): anything but a string fails on every response.
    if (value.t !== 'str') return unknownFor(entry.name, unresolved(`X_FRAME_OPTIONS is a ${value.t}, not a string`, '', entry.origin), entry.origin);
    const expected = value.v.toUpperCase();

    const page = finalPage(ctx);
    if (isSkip(page)) return page;
    const { response } = page;
    const list = headerList(response, 'x-frame-options');
    if (list === null) return [{ messageId: 'missing', at: { url: response.url, setting: 'MIDDLEWARE' } }];
    const values = new Set(list.values.map((v) => v.toLowerCase()));
    if (!list.truncated && values.size === 1 && values.has(expected.toLowerCase())) return [];
    return [{ messageId: 'differs', at: { url: response.url, setting: 'X_FRAME_OPTIONS' }, data: { expected: quote(expected), live: quoteHeader(response, 'x-frame-options') } }];
  },
});
