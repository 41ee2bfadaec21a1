import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { isTruthy, isUnknown } from '../src/engine/settings.ts';
import { DRIFT_SPLIT, debugPageVerdict, liveObservation, shownValue, showDebugPage } from './_drift.ts';
import { DEPLOY_CHECKLIST, DOCS, setting, sourceNote } from './_shared.ts';

export default defineRule({
  id: 'drift-debug',
  title: 'The site runs with the DEBUG the settings say',
  kind: 'cross',
  severity: 'warning',
  tags: ['deploy', 'debug', 'drift', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: `Compares DEBUG in the audited settings (Python truthiness, as Django reads it) with the live site: when the settings say DEBUG is off but a random path shows Django's technical 404 or 500 page, the site does not run the settings that were audited. It does not report the debug page itself: django-debug-page (a probe rule, also run by \`secaudit probe\`) reports that exposure as an error, anchored on the same DEBUG line; this rule only adds that the settings audited are not the deployed ones, which the probe rule cannot know. With DEBUG on in the settings there is no drift to report (debug-enabled reports the setting). The other direction, DEBUG on in the settings and no debug page on the site, is not reported: a proxy that serves its own error pages hides the page without DEBUG being off. ${DRIFT_SPLIT}`,
    why: 'Every settings finding of this audit, and every pass, is about settings the site does not run: the production settings module, the environment variables or the deployed code differ from what was audited, so their problems are unknown.',
    severity: "A warning: the exposure is django-debug-page's error; this finding is about the audit, whose settings verdicts do not describe the site.",
    bad: {
      settings: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'\n",
      live: {
        shown: 'GET https://shop.example/secaudit-1da93d9ec669\n\nHTTP/1.1 404 Not Found\n\n<title>Page not found at /secaudit-1da93d9ec669</title>\n…\nYou’re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.',
        base: 'good-site',
        change: showDebugPage('technical-404'),
      },
    },
    good: {
      settings: "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'\n",
      live: {
        shown: 'GET https://shop.example/secaudit-1da93d9ec669\n\nHTTP/1.1 404 Not Found\n\n<h1>Not Found</h1>',
        base: 'good-site',
      },
    },
    fix: 'Find what the site really runs with: the settings module (DJANGO_SETTINGS_MODULE of the service, not of manage.py), the environment the process gets (systemd EnvironmentFile, container env, a .env the settings load) and the deployed revision. Audit those (--settings, --env-file) and turn DEBUG off there.',
  },
  messages: {
    notDeployed: { text: "DEBUG is {{value}}{{source}}, but the site shows Django's debug page" },
  },
  hint: 'Audit the settings module and environment the site really runs with (--settings, --env-file).',
  references: [`${DOCS}/ref/settings/#debug`, DEPLOY_CHECKLIST, `${DOCS}/topics/settings/#designating-the-settings`],
  since: '0.1.0',
  check(ctx) {
    const obs = liveObservation(ctx);
    if (isSkip(obs)) return obs;
    const verdict = debugPageVerdict(obs.notFound);
    if (isSkip(verdict) || isUnknown(verdict)) return verdict;
    // No debug page: nothing the settings disagree with (the reverse is not evidence, see docs).
    if (verdict.kind === 'absent') return [];
    const entry = setting(ctx, 'DEBUG');
    const on = isTruthy(entry);
    if (isUnknown(on)) return on;
    if (on) return skip('the settings have DEBUG on as well (debug-enabled and django-debug-page report it)');
    return [{ messageId: 'notDeployed', at: { url: verdict.url, setting: 'DEBUG' }, data: { value: shownValue(entry), source: sourceNote(entry.value) } }];
  },
});
