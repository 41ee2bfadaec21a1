import rule from '../../rules/drift-debug.ts';
import { showDebugPage } from '../../rules/_drift.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const BAD_404 = recorded('bad-site').notFound.url;
const GOOD_404 = recorded('good-site').notFound.url;
const FROM_ENV = "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'\n";

testRule(rule, {
  valid: [
    { name: 'DEBUG off, and no debug page', code: 'DEBUG = False', observation: live('good-site') },
    { name: 'DEBUG on in the settings but no debug page: not evidence (a proxy may serve error pages)', code: 'DEBUG = True', observation: live('good-site') },
    { name: 'DEBUG on in both: the settings rule and the probe rule report it', code: 'DEBUG = True', observation: live('bad-site'), status: 'skipped' },
    { name: "the string 'False' is truthy: DEBUG is on in the settings too", code: "DEBUG = 'False'", observation: live('bad-site'), status: 'skipped' },
    { name: 'DEBUG unknown, debug page shown: cannot compare', code: "import os\nDEBUG = os.environ['DJANGO_DEBUG'] == '1'", observation: live('bad-site'), status: 'unknown' },
    { name: 'DEBUG unknown, no debug page: nothing to compare', code: "import os\nDEBUG = os.environ['DJANGO_DEBUG'] == '1'", observation: live('good-site') },
    { name: 'the random path redirects to another host', code: 'DEBUG = False', observation: live('cross-host-redirect'), status: 'unknown' },
    { name: 'no live site', code: 'DEBUG = False', status: 'skipped' },
  ],
  invalid: [
    { name: 'DEBUG = False, the site shows the technical 404', code: 'DEBUG = False', observation: live('bad-site'), errors: [{ messageId: 'notDeployed', url: BAD_404, line: 1 }] },
    { name: "DEBUG unset (Django's default is False): no line of its own", code: 'ALLOWED_HOSTS = []', observation: live('bad-site'), errors: [{ messageId: 'notDeployed', url: BAD_404 }] },
    {
      name: 'DEBUG off for the environment given, the site shows the technical 500',
      code: FROM_ENV,
      env: { DJANGO_DEBUG: '0' },
      observation: live('good-site', showDebugPage('technical-500')),
      errors: [{ messageId: 'notDeployed', url: GOOD_404, line: 2 }],
    },
  ],
});
