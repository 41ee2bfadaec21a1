import rule from '../../rules/header-server-version.ts';
import { live, setHeader } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const GOOD = 'https://shop.example:35359/';
const server = (value: string) => live('good-site', (o) => setHeader(o, 'Server', value));

testRule(rule, {
  valid: [
    { name: 'good site: no banner', code: '', observation: live('good-site') },
    { name: 'a bare product', code: '', observation: server('nginx') },
    { name: 'gunicorn without a version', code: '', observation: server('gunicorn') },
    { name: 'a comment is not a version', code: '', observation: server('Apache (Ubuntu)') },
    { name: 'a version-less X-Powered-By', code: '', observation: live('good-site', (o) => setHeader(o, 'X-Powered-By', 'Express')) },
    { name: 'no final response', code: '', observation: live('cross-host-redirect'), status: 'skipped' },
  ],
  invalid: [
    { name: 'nginx with version', code: '', observation: server('nginx/1.18.0 (Ubuntu)'), errors: [{ messageId: 'version', url: GOOD }] },
    { name: 'gunicorn with version', code: '', observation: server('gunicorn/20.1.0'), errors: [{ messageId: 'version', url: GOOD }] },
    { name: 'X-Powered-By PHP', code: '', observation: live('good-site', (o) => setHeader(o, 'X-Powered-By', 'PHP/8.1')), errors: [{ messageId: 'version', url: GOOD }] },
    {
      name: 'both headers: one finding each',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'Server', 'Apache/2.4.41 (Ubuntu) OpenSSL/1.1.1f');
        setHeader(o, 'X-Powered-By', 'PHP/7.4.3');
      }),
      errors: [
        { messageId: 'version', url: GOOD },
        { messageId: 'version', url: GOOD },
      ],
    },
    { name: "runserver's banner", code: '', observation: server('WSGIServer/0.2 CPython/3.12.3'), errors: [{ messageId: 'devServer', url: GOOD }] },
    {
      name: 'a version in a second Server field',
      code: '',
      observation: live('good-site', (o) => {
        setHeader(o, 'Server', 'cloudflare');
        if (o.final.reached) o.final.response.headers.push({ name: 'server', value: 'envoy/1.28', truncated: false });
      }),
      errors: [{ messageId: 'version', url: GOOD }],
    },
  ],
});
