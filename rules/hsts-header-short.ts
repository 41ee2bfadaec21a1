import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { DOCS, formatDuration } from './_shared.ts';
import { observed, undecided } from './_live.ts';
import { SIX_MONTHS, TRUNCATED_HSTS, effectiveHsts, hstsResponse, setFinalHeader } from './_transport.ts';

export default defineRule({
  id: 'hsts-header-short',
  title: 'The Strict-Transport-Security max-age is at least six months',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'hsts', 'https', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports a Strict-Transport-Security header (the first one of the final HTTPS response, the one browsers use) whose max-age is below six months, counted as the Observatory counts it: 15552000 seconds (180 days). max-age=0 is reported on its own (`zero`): it does not set a short policy, it tells browsers to delete the one they have (RFC 6797 §6.1.1). A missing or invalid header is reported by hsts-header-missing and hsts-header-invalid.",
    why: 'The policy protects a visitor only until max-age runs out after their last visit: with a few minutes or hours, most returning visitors are unprotected again and their next http:// request can be intercepted. Six months is the Observatory\'s threshold; hstspreload.org asks for a year. A short value is right only while rolling HSTS out.',
    severity: 'A warning: HSTS is on, but it lapses between most visits.',
    bad: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=300', base: 'good-site', change: (o) => setFinalHeader(o, 'strict-transport-security', ['max-age=300']) },
    },
    good: {
      settings: '',
      live: { shown: 'GET https://shop.example/\n\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=31536000; includeSubDomains; preload', base: 'good-site' },
    },
    fix: 'Raise max-age step by step (a week, a month, then a year: SECURE_HSTS_SECONDS = 31536000) once every page and subdomain works over HTTPS. Send max-age=0 only to retire HSTS on purpose.',
  },
  messages: {
    short: { text: 'Strict-Transport-Security max-age is {{seconds}} ({{duration}}); use 6 months+' },
    zero: { text: 'Strict-Transport-Security max-age=0 tells browsers to forget HSTS for the host' },
  },
  hint: 'Use max-age=31536000 (SECURE_HSTS_SECONDS = 31536000) once the whole site works over HTTPS.',
  references: [
    'https://www.rfc-editor.org/rfc/rfc6797#section-6.1.1',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security',
    `${DOCS}/ref/settings/#secure-hsts-seconds`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const response = hstsResponse(obs);
    if (isSkip(response)) return response;
    const hsts = effectiveHsts(response);
    if (hsts.kind === 'none') return skip('no Strict-Transport-Security header (reported by hsts-header-missing)');
    if (hsts.kind === 'truncated') return undecided(TRUNCATED_HSTS);
    if (!hsts.parse.valid) return skip('the Strict-Transport-Security header is invalid (reported by hsts-header-invalid)');
    const at = { url: response.url, setting: 'SECURE_HSTS_SECONDS' };
    const seconds = hsts.parse.maxAge;
    if (seconds === 0) return [{ messageId: 'zero', at }];
    if (seconds < SIX_MONTHS) return [{ messageId: 'short', at, data: { seconds, duration: formatDuration(seconds) } }];
    return [];
  },
});
