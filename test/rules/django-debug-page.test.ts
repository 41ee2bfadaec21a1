import rule from '../../rules/django-debug-page.ts';
import { showDebugPage } from '../../rules/_drift.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

// The random path of each recording (the probe picks a new one per run).
const BAD_404 = recorded('bad-site').notFound.url;
const GOOD_404 = recorded('good-site').notFound.url;

testRule(rule, {
  valid: [
    { name: "good site: a plain 404 page", code: '', observation: live('good-site') },
    { name: 'no plain-HTTP listener: a plain 404 page', code: '', observation: live('no-http-listener') },
    {
      name: 'a plain 500 page (DEBUG off, a broken handler404)',
      code: '',
      observation: live('good-site', (o) => {
        o.notFound.status = 500;
      }),
    },
    {
      name: 'a debug marker without the DEBUG footer in a complete page (the probe did not call it a debug page)',
      code: '',
      observation: live('good-site', (o) => {
        o.notFound.markers = ['urlconf-list'];
      }),
    },
    {
      name: 'a long page cut by the probe, without any marker',
      code: '',
      observation: live('good-site', (o) => {
        o.notFound.bodyTruncated = true;
        o.notFound.bodyBytes = 262144;
      }),
    },
    { name: 'the random path redirects to another host: not fetched', code: '', observation: live('cross-host-redirect'), status: 'unknown' },
    {
      name: 'a catch-all URL pattern answers 200',
      code: '',
      observation: live('good-site', (o) => {
        o.notFound.status = 200;
      }),
      status: 'unknown',
    },
    {
      name: 'a gate in front answers 401',
      code: '',
      observation: live('good-site', (o) => {
        o.notFound.status = 401;
      }),
      status: 'unknown',
    },
    {
      name: 'a technical 500 page cut before its DEBUG footer',
      code: '',
      observation: live('good-site', (o) => {
        o.notFound.status = 500;
        o.notFound.bodyTruncated = true;
        o.notFound.bodyBytes = 262144;
        o.notFound.markers = ['django-version-row', 'settings-table'];
      }),
      status: 'unknown',
    },
    {
      name: 'the request for the random path failed',
      code: '',
      observation: live('good-site', (o) => {
        o.notFound.status = null;
        o.notFound.error = { phase: 'headers', code: 'TIMEOUT', message: 'no response headers within 10 s' };
      }),
      status: 'skipped',
    },
    { name: 'no live site', code: '', status: 'skipped' },
  ],
  invalid: [
    { name: "bad site: Django's technical 404", code: '', observation: live('bad-site'), errors: [{ messageId: 'technical404', url: BAD_404 }] },
    {
      name: "Django's technical 500 on the random path",
      code: '',
      observation: live('good-site', showDebugPage('technical-500')),
      errors: [{ messageId: 'technical500', url: GOOD_404 }],
    },
    {
      name: 'shown on the DEBUG line of the settings when there are settings (check --url)',
      code: 'import os\nDEBUG = False\n',
      observation: live('bad-site'),
      errors: [{ messageId: 'technical404', url: BAD_404, line: 2 }],
    },
  ],
});
