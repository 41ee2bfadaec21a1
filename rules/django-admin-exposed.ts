import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { observed, quote, undecided } from './_live.ts';
import { DOCS } from './_shared.ts';

export default defineRule({
  id: 'django-admin-exposed',
  title: 'The admin login is not at the default /admin/login/',
  kind: 'probe',
  severity: 'info',
  tags: ['deploy', 'admin', 'authentication', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Requests `/admin/login/` over HTTPS and reports Django's admin login page there (the login form plus the admin's stylesheet or site name), or another login form at that path. A 401/403 (the path is restricted), a 404 or a page without a login form passes; a redirect is not followed (it may lead to a single sign-on page or another host), so the rule cannot tell.",
    why: "`/admin/` is the first path scanners and credential-stuffing bots try on a Django site. Django's admin login has no rate limiting or lockout of its own, so every leaked password of a staff account can be tried against it, and a staff account reaches the data the admin edits.",
    severity: 'Info: an admin login at the default path is not a vulnerability by itself, but it makes the site an easy target; moving or restricting it is cheap.',
    bad: {
      settings: '',
      live: {
        shown: 'GET https://shop.example/admin/login/\n\nHTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n\n<link rel="stylesheet" href="/static/admin/css/login.css">\n…\n<h1 id="site-name"><a href="/admin/">Django administration</a></h1>\n…\n<form action="/admin/login/" method="post" id="login-form">',
        base: 'bad-site',
      },
    },
    good: {
      settings: '',
      live: { shown: 'GET https://shop.example/admin/login/\n\nHTTP/1.1 404 Not Found', base: 'good-site' },
    },
    fix: "Mount the admin under a path of your own (`path('staff-7f3c/', admin.site.urls)`), or allow it only from your network or VPN at the proxy, and add rate limiting or a second factor for staff logins (e.g. django-axes, django-otp).",
  },
  messages: {
    djangoAdmin: { text: "Django's admin login answers at {{path}}, the path bots try first" },
    loginForm: { text: 'A login form answers at {{path}}, the path bots try first' },
  },
  hint: 'Move the admin to a path of your own, or allow it only from trusted networks.',
  references: [
    `${DOCS}/ref/contrib/admin/#hooking-adminsite-instances-into-your-urlconf`,
    'https://cheatsheetseries.owasp.org/cheatsheets/Credential_Stuffing_Prevention_Cheat_Sheet.html',
    'https://owasp.org/www-community/attacks/Credential_stuffing',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const page = obs.admin;
    if (page.error) return skip(`the request for /admin/login/ failed (${page.error.phase}: ${page.error.code})`);
    if (page.status === null) return skip('the request for /admin/login/ got no response');
    const at = { url: page.url };
    const path = new URL(page.url).pathname;
    if (page.djangoAdmin) return [{ messageId: 'djangoAdmin', at, data: { path } }];
    if (page.status >= 300 && page.status < 400 && page.location !== null) {
      return undecided(`${page.url} redirects to ${quote(page.location)}, which was not fetched`);
    }
    if (page.status >= 200 && page.status < 300 && page.markers.includes('login-form')) return [{ messageId: 'loginForm', at, data: { path } }];
    return [];
  },
});
