import { defineRule } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { CHECKS_DOCS, DOCS, XFRAME_MIDDLEWARE, hasMiddleware, setting } from './_shared.ts';

export default defineRule({
  id: 'xframe-middleware-missing',
  title: 'XFrameOptionsMiddleware is enabled',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'middleware', 'clickjacking', 'headers'],
  django: ['security.W002'],
  deployOnly: true,
  docs: {
    what: "Checks that 'django.middleware.clickjacking.XFrameOptionsMiddleware' is in MIDDLEWARE, as Django's security.W002 does.",
    why: 'Without the middleware no X-Frame-Options header is sent, so any site can load your pages in a frame and trick users into clicking (clickjacking), unless a Content-Security-Policy frame-ancestors directive is sent instead.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n" },
    good: {
      settings: "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.clickjacking.XFrameOptionsMiddleware',\n]\n",
    },
  },
  messages: {
    missing: { text: 'XFrameOptionsMiddleware is not in MIDDLEWARE; pages can be framed', django: 'security.W002' },
  },
  hint: "Add 'django.middleware.clickjacking.XFrameOptionsMiddleware' to MIDDLEWARE.",
  references: [`${DOCS}/ref/clickjacking/`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const present = hasMiddleware(ctx, XFRAME_MIDDLEWARE);
    if (isUnknown(present)) return present;
    return present ? [] : [{ messageId: 'missing', at: setting(ctx, 'MIDDLEWARE') }];
  },
});
