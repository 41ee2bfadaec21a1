import rule from '../../rules/django-admin-exposed.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const BAD_ADMIN = recorded('bad-site').admin.url;
const GOOD_ADMIN = recorded('good-site').admin.url;

testRule(rule, {
  valid: [
    { name: 'good site: /admin/login/ is a 404', code: '', observation: live('good-site') },
    { name: 'no plain-HTTP listener: /admin/login/ is a 404', code: '', observation: live('no-http-listener') },
    {
      name: 'restricted at the proxy: 403 with a login form in the error page is not the admin answering',
      code: '',
      observation: live('bad-site', (o) => {
        o.admin.status = 403;
        o.admin.djangoAdmin = false;
        o.admin.markers = ['login-form'];
      }),
    },
    {
      name: 'a page without a login form (the admin markers of a stylesheet only)',
      code: '',
      observation: live('good-site', (o) => {
        o.admin.status = 200;
        o.admin.markers = ['admin-stylesheet'];
      }),
    },
    { name: 'the path redirects to another host: not followed', code: '', observation: live('cross-host-redirect'), status: 'unknown' },
    {
      name: 'a redirect to a single sign-on page',
      code: '',
      observation: live('good-site', (o) => {
        o.admin.status = 302;
        o.admin.location = 'https://sso.example/login?next=%2Fadmin%2F';
      }),
      status: 'unknown',
    },
    {
      name: 'the request failed',
      code: '',
      observation: live('good-site', (o) => {
        o.admin.status = null;
        o.admin.error = { phase: 'connect', code: 'ECONNRESET', message: 'socket hang up' };
      }),
      status: 'skipped',
    },
    { name: 'no live site', code: '', status: 'skipped' },
  ],
  invalid: [
    { name: "bad site: Django's admin login", code: '', observation: live('bad-site'), errors: [{ messageId: 'djangoAdmin', url: BAD_ADMIN }] },
    {
      name: 'a login form that is not the stock admin (a custom admin theme)',
      code: '',
      observation: live('good-site', (o) => {
        o.admin.status = 200;
        o.admin.markers = ['login-form', 'csrf-token-field'];
      }),
      errors: [{ messageId: 'loginForm', url: GOOD_ADMIN }],
    },
    {
      name: 'no setting governs it: no line even with settings',
      code: 'DEBUG = False',
      observation: live('bad-site'),
      errors: [{ messageId: 'djangoAdmin', url: BAD_ADMIN }],
    },
  ],
});
