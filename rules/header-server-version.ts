import { defineRule } from '../src/engine/rule.ts';
import { quote } from './_live.ts';
import { DEPLOY_CHECKLIST } from './_shared.ts';
import { fields, finalPage, versionedProducts, withHeaders } from './_content.ts';

/** Headers that name the software behind the site (RFC 9110 §10.2.4 Server; the de-facto X-Powered-By). */
const BANNERS = [
  ['Server', 'server'],
  ['X-Powered-By', 'x-powered-by'],
] as const;

export default defineRule({
  id: 'header-server-version',
  title: 'The live site does not announce software versions',
  kind: 'probe',
  severity: 'info',
  tags: ['deploy', 'live', 'headers', 'information-disclosure'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads the Server and X-Powered-By headers of the final HTTPS response as product lists (RFC 9110 §10.2.4: `product/version` tokens and parenthesised comments) and reports each header that carries a version number (`nginx/1.18.0`, `gunicorn/20.1.0`, `PHP/8.1`, `Apache/2.4.41 (Ubuntu)`). A bare product name (`nginx`, `gunicorn`) passes; comments such as `(Ubuntu)` are not versions by themselves. `WSGIServer/0.2 CPython/3.12.3` is what Django's development server (`manage.py runserver`) sends, and is reported as such, as a warning.",
    why: "A version number tells an attacker which published vulnerabilities to try without probing, and automated scanners select targets by it. Hiding it does not fix an outdated server, but it removes a free map. The development server is worse than a banner: Django's documentation says it has not gone through security audits or performance tests and must not be used in production.",
    severity: 'Info for a version banner (information disclosure only, as testssl.sh and humble rate it); the development-server message is a warning.',
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nServer: nginx/1.18.0 (Ubuntu)', base: 'good-site', change: withHeaders({ Server: 'nginx/1.18.0 (Ubuntu)' }) },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nServer: nginx', base: 'good-site', change: withHeaders({ Server: 'nginx' }) },
    },
    fix: 'nginx: `server_tokens off;`. Apache: `ServerTokens Prod` and `ServerSignature Off`. gunicorn sends a bare `gunicorn` since 20.1.0 (upgrade older releases). PHP: `expose_php = Off` removes X-Powered-By. Serve Django with gunicorn, uWSGI, uvicorn or daphne, never with runserver.',
  },
  messages: {
    version: { text: "{{header}} reveals software versions: '{{value}}'" },
    devServer: { text: "Server '{{value}}' is Django's development server (runserver)", severity: 'warning' },
  },
  hint: 'Turn version banners off in the web server (nginx server_tokens off; Apache ServerTokens Prod).',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Server',
    'https://www.rfc-editor.org/rfc/rfc9110#name-server',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server',
    'https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver',
    DEPLOY_CHECKLIST,
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const at = { url: page.response.url };
    const out = [];
    for (const [shown, name] of BANNERS) {
      const list = fields(page.response, name);
      const products = versionedProducts(list.map((h) => h.value).join(' '));
      if (products.length === 0) continue;
      const value = quote(products.join(' '), list.some((h) => h.truncated));
      // wsgiref's simple_server, which runserver subclasses, names itself WSGIServer/0.2.
      if (name === 'server' && products.some((p) => p.startsWith('WSGIServer/'))) out.push({ messageId: 'devServer' as const, at, data: { value } });
      else out.push({ messageId: 'version' as const, at, data: { header: shown, value } });
    }
    return out;
  },
});
