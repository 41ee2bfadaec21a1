import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, decide, isUnknown, not } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, XFRAME_MIDDLEWARE, describeValue, hasMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'x-frame-options-not-deny',
  title: "X_FRAME_OPTIONS is 'DENY'",
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'clickjacking', 'headers'],
  django: ['security.W019'],
  deployOnly: true,
  docs: {
    what: "Checks that X_FRAME_OPTIONS is exactly 'DENY' (case-sensitive) when XFrameOptionsMiddleware is enabled, as Django's security.W019 does. The default is 'DENY' since Django 3.0 ('SAMEORIGIN' before).",
    why: "'SAMEORIGIN' lets any page of your own site frame the others, which keeps clickjacking possible through any page that can be made to frame content.",
    bad: { settings: "MIDDLEWARE = ['django.middleware.clickjacking.XFrameOptionsMiddleware']\nX_FRAME_OPTIONS = 'SAMEORIGIN'\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.clickjacking.XFrameOptionsMiddleware']\nX_FRAME_OPTIONS = 'DENY'\n" },
    fix: "Keep 'SAMEORIGIN' only if the site really frames its own pages, and then mark just those views with @xframe_options_sameorigin.",
  },
  messages: {
    notDeny: { text: "X_FRAME_OPTIONS is {{value}}, not 'DENY'", django: 'security.W019' },
  },
  hint: "Set X_FRAME_OPTIONS = 'DENY' (the default since Django 3.0).",
  references: [`${DOCS}/ref/clickjacking/`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const xm = hasMiddleware(ctx, XFRAME_MIDDLEWARE);
    if (xm === false) return skip('XFrameOptionsMiddleware is not in MIDDLEWARE (reported by xframe-middleware-missing)');
    const entry = setting(ctx, 'X_FRAME_OPTIONS');
    const fires = allHold(xm, not(decide(entry, (v) => (v.t === 'unresolved' ? null : v.t === 'str' && v.v === 'DENY'))));
    if (isUnknown(fires)) return fires;
    return !fires ? [] : [{ messageId: 'notDeny', at: entry, data: { value: describeValue(entry.value) } }];
  },
});
