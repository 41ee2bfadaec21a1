import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import { DOCS } from './_shared.ts';
import { observed, quote, undecided } from './_live.ts';
import { TRUNCATED_HSTS, effectiveHsts, hstsProblem, hstsResponse, setFinalHeader } from './_transport.ts';

const messages = {
  invalid: { text: 'browsers ignore Strict-Transport-Security "{{value}}": {{problem}}' },
  multiple: { text: 'the site sends {{count}} Strict-Transport-Security headers; the first wins' },
} as const;

export default defineRule({
  id: 'hsts-header-invalid',
  title: 'The Strict-Transport-Security header is valid and sent once',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Parses the Strict-Transport-Security header of the final HTTPS response (or of the redirect, when https:// sends the visitor to another host) as RFC 6797 §6.1 tells browsers to: directive names are case-insensitive, values may be quoted, unknown directives are ignored, and the header is ignored altogether when max-age is missing or not a number, a directive appears twice, includeSubDomains or preload has a value, or the syntax is broken (`invalid`). A response with several Strict-Transport-Security headers is reported too (`multiple`): RFC 6797 §8.1 tells browsers to act on the first one only (Firefox drops the later ones as it reads the response), which is not necessarily the one that was meant, and hstspreload.org refuses such a site. The other HSTS rules judge the first header, as browsers do.",
    why: 'An invalid header is no HSTS at all: the browser ignores it silently, and the site is as exposed to SSL stripping as one that sends nothing, while its operators believe it is protected. Several headers usually mean the application and a proxy both add one; the one that wins can be the weaker.',
    severity: 'A warning, like a missing header: browsers do not get (or may not get) the policy that was meant.',
    bad: {
      settings: '',
      live: {
        shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000; includeSubDomains; max-age=300',
        base: 'good-site',
        change: (o) => setFinalHeader(o, 'strict-transport-security', ['max-age=31536000; includeSubDomains; max-age=300']),
      },
    },
    good: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000; includeSubDomains; preload', base: 'good-site' },
    },
    fix: 'Send the header from one place only: either Django (SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD) or the proxy (nginx `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;`), and use the syntax `max-age=<seconds>[; includeSubDomains][; preload]`.',
  },
  messages,
  hint: 'Send exactly one header, e.g. Strict-Transport-Security: max-age=31536000; includeSubDomains.',
  references: [
    'https://www.rfc-editor.org/rfc/rfc6797#section-6.1',
    'https://www.rfc-editor.org/rfc/rfc6797#section-8.1',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security',
    'https://hstspreload.org/#submission-requirements',
    `${DOCS}/ref/middleware/#http-strict-transport-security`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const response = hstsResponse(obs);
    if (isSkip(response)) return response;
    const hsts = effectiveHsts(response);
    if (hsts.kind === 'none') return [];
    const at = { url: response.url, setting: 'SECURE_HSTS_SECONDS' };
    const findings: Emit<typeof messages>[] = [];
    if (hsts.count > 1) findings.push({ messageId: 'multiple', at, data: { count: hsts.count } });
    if (hsts.kind === 'truncated') return findings.length > 0 ? findings : undecided(TRUNCATED_HSTS);
    if (!hsts.parse.valid) findings.push({ messageId: 'invalid', at, data: { value: quote(hsts.header.value), problem: hstsProblem(hsts.parse) } });
    return findings;
  },
});
