import { defineRule, isSkip } from '../src/engine/rule.ts';
import { isUnknown } from '../src/engine/settings.ts';
import { debugPageVerdict, showDebugPage } from './_drift.ts';
import { observed } from './_live.ts';
import { DEPLOY_CHECKLIST, DOCS } from './_shared.ts';

export default defineRule({
  id: 'django-debug-page',
  title: "The live site does not show Django's debug page",
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'debug', 'information-disclosure', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what:
      "Requests a random path (`/secaudit-<hex>`) over HTTPS and reports Django's technical 404 page (\"Page not found at\", the URLconf's patterns, the \"DEBUG = True\" footer) or technical 500 page (the traceback, \"Django Version:\", the settings) in the answer: Django shows them only with DEBUG on. A random path that redirects, answers 2xx (a catch-all URL pattern) or 401/403 (a gate in front) never reaches Django's 404 handling, so the rule cannot tell and says so. With `check --url` this rule reports the exposure; debug-enabled reports a DEBUG that is on in the settings, and drift-debug adds, only when the settings say DEBUG is off, that the audited settings are not the ones deployed: it does not repeat the exposure.",
    why: "The debug pages list every URL pattern of the project, and on an error the traceback with local variables, the SQL queries and most settings: a map of the application and often credentials. Django also keeps every SQL query in memory with DEBUG on.",
    severity: "An error, as debug-enabled is (where Django's security.W018 only warns): seen on the live site it is not a possibility but a page anyone can open.",
    bad: {
      settings: '',
      live: {
        shown:
          'GET https://shop.example/secaudit-1da93d9ec669\n\nHTTP/1.1 404 Not Found\nContent-Type: text/html; charset=utf-8\n\n<title>Page not found at /secaudit-1da93d9ec669</title>\n…\n<p>Using the URLconf defined in <code>shop.urls</code>, Django tried these URL patterns, in this order:</p>\n…\nYou’re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.',
        base: 'good-site',
        change: showDebugPage('technical-404'),
      },
    },
    good: {
      settings: '',
      live: {
        shown: 'GET https://shop.example/secaudit-1da93d9ec669\n\nHTTP/1.1 404 Not Found\nContent-Type: text/html; charset=utf-8\n\n<h1>Not Found</h1><p>The requested resource was not found on this server.</p>',
        base: 'good-site',
      },
    },
    fix: "Turn DEBUG off where the site runs (DEBUG = False, or the environment variable the settings read), restart the application server, and rotate what the pages may have shown (SECRET_KEY, database and API credentials). If the audited settings already say DEBUG = False, drift-debug says so: the site runs other settings or another environment.",
  },
  messages: {
    technical404: { text: "A random path shows Django's technical 404 page: the site runs with DEBUG on" },
    technical500: { text: "A random path shows Django's technical 500 page: the site runs with DEBUG on" },
  },
  hint: 'Set DEBUG = False where the site runs, restart it, and rotate the secrets the page may have shown.',
  references: [`${DOCS}/ref/settings/#debug`, DEPLOY_CHECKLIST, `${DOCS}/ref/views/#the-404-page-not-found-view`, 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/08-Testing_for_Error_Handling/01-Testing_For_Improper_Error_Handling'],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const verdict = debugPageVerdict(obs.notFound);
    if (isSkip(verdict) || isUnknown(verdict)) return verdict;
    if (verdict.kind === 'absent') return [];
    const at = { url: verdict.url, setting: 'DEBUG' };
    return [verdict.page === 'technical-404' ? { messageId: 'technical404', at } : { messageId: 'technical500', at }];
  },
});
