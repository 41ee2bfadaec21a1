import rule from '../../rules/hsts-header-missing.ts';
import { setChain, setFinalHeader } from '../../rules/_transport.ts';
import { live, recorded } from '../helpers/observations.ts';
import { testRule } from '../helpers/rule-tester.ts';

const HTTPS = recorded('good-site').https.start;
const STS = 'strict-transport-security';

testRule(rule, {
  valid: [
    { name: 'good-site', code: '', observation: live('good-site') },
    { name: 'two headers are hsts-header-invalid\'s (no-http-listener)', code: '', observation: live('no-http-listener') },
    { name: 'an invalid header is hsts-header-invalid\'s', code: '', observation: live('good-site', (o) => setFinalHeader(o, STS, ['includeSubDomains'])) },
    { name: 'a truncated header is still a header', code: '', observation: live('good-site', (o) => setFinalHeader(o, STS, ['max-age=31536000; x'], true)) },
    {
      name: 'a cross-host redirect that carries the header',
      code: '',
      observation: live('cross-host-redirect', (o) => {
        const hop = o.https.hops[0]!;
        hop.headers.push({ name: STS, value: 'max-age=31536000', truncated: false });
      }),
    },
    {
      name: 'an HTTPS chain that loops: no final response',
      code: '',
      status: 'skipped',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 301, location: HTTPS }], { kind: 'loop', url: HTTPS })),
    },
    {
      name: 'the HTTPS site ends on plain HTTP: redirect-downgrade\'s',
      code: '',
      status: 'skipped',
      observation: live('good-site', (o) => setChain(o, 'https', [{ status: 302, location: 'http://shop.example/' }, { status: 200 }])),
    },
    {
      name: 'the HTTPS request failed',
      code: '',
      status: 'skipped',
      observation: live('good-site', (o) => setChain(o, 'https', [], { kind: 'error', url: HTTPS, error: { phase: 'tls', code: 'ECONNRESET', message: 'socket hang up' } })),
    },
  ],
  invalid: [
    { name: 'bad-site', code: '', observation: live('bad-site'), errors: [{ messageId: 'missing', url: recorded('bad-site').https.start }] },
    {
      name: 'cross-host-redirect: the redirect of this host has no header',
      code: '',
      observation: live('cross-host-redirect'),
      errors: [{ messageId: 'missing', url: recorded('cross-host-redirect').https.start }],
    },
    {
      name: 'sent only over plain HTTP: browsers ignore it there',
      code: 'SECURE_HSTS_SECONDS = 31536000\n',
      observation: live('good-site', (o) => {
        setFinalHeader(o, STS, []);
        o.http.hops[0]!.headers.push({ name: STS, value: 'max-age=31536000', truncated: false });
      }),
      errors: [{ messageId: 'missing', url: HTTPS, line: 1 }],
    },
  ],
});
