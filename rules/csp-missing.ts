import { type Emit, defineRule } from '../src/engine/rule.ts';
import { anyHolds, isUnknown } from '../src/engine/settings.ts';
import { DOCS, setting } from './_shared.ts';
import { type CspCandidate, cspCandidates, sends } from './_csp.ts';


const messages = {
  missing: { text: 'no Content-Security-Policy header is configured' },
  reportOnly: { text: 'the Content-Security-Policy is report-only ({{setting}}): nothing is blocked', severity: 'info' },
  noMiddleware: { text: '{{setting}} is set but {{middleware}} is not in MIDDLEWARE' },
  emptyPolicy: { text: '{{middleware}} is in MIDDLEWARE but {{setting}} is empty: no header is sent' },
} as const;

function shortName(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

export default defineRule({
  id: 'csp-missing',
  title: 'A Content-Security-Policy header is sent',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'csp', 'headers', 'xss'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks that the application sends an enforced Content-Security-Policy header: either Django 6.0+'s django.middleware.csp.ContentSecurityPolicyMiddleware with a non-empty SECURE_CSP, or django-csp's csp.middleware.CSPMiddleware with CONTENT_SECURITY_POLICY (django-csp 4.x) or CSP_* settings (django-csp 3.x, which also sends default-src 'self' when nothing is set). A policy that is only report-only (SECURE_CSP_REPORT_ONLY, CONTENT_SECURITY_POLICY_REPORT_ONLY, CSP_REPORT_ONLY = True) is reported as info. A policy without its middleware, and a middleware without a policy, are reported as such. django-csp's middleware with no settings at all is not verifiable: 3.x sends default-src 'self', 4.x sends nothing. A header added by the web server or a CDN is not visible in the settings; silence the rule when that is how you do it.",
    why: 'A Content-Security-Policy tells the browser which scripts may run. When an attacker manages to inject markup (a template that marks user input safe, a vulnerable JavaScript widget), a policy without unsafe-inline stops the injected script from running. Without it, one XSS bug is a full account takeover.',
    severity: "Warning: CSP is defence in depth against XSS, not a fix for it; Django's autoescaping is the first line. A report-only policy is info: it blocks nothing, but it is how a policy is rolled out safely, and it should not fail CI while that happens.",
    bad: { settings: "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.common.CommonMiddleware',\n]\n" },
    good: {
      settings:
        "from django.utils.csp import CSP\nMIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.csp.ContentSecurityPolicyMiddleware',\n]\nSECURE_CSP = {\n    'default-src': [CSP.SELF],\n    'object-src': [CSP.NONE],\n    'base-uri': [CSP.NONE],\n    'frame-ancestors': [CSP.NONE],\n}\n",
    },
    fix: "Start with SECURE_CSP_REPORT_ONLY (or django-csp's CONTENT_SECURITY_POLICY_REPORT_ONLY) and a report-uri, fix what it reports, then move the policy to SECURE_CSP. On Django before 6.0, use django-csp.",
  },
  messages,
  hint: "Add ContentSecurityPolicyMiddleware and a SECURE_CSP policy (Django 6+), or django-csp's CSPMiddleware.",
  references: [
    `${DOCS}/ref/csp/`,
    'https://django-csp.readthedocs.io/en/latest/configuration.html',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP',
    'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
  ],
  since: '0.1.0',
  check(ctx) {
    const enforce = cspCandidates(ctx, 'enforce');
    const enforced = anyHolds(...enforce.map(sends));
    if (isUnknown(enforced)) return enforced;
    if (enforced) return [];
    const report = cspCandidates(ctx, 'report');
    const reported = anyHolds(...report.map(sends));
    if (isUnknown(reported)) return reported;
    const middleware = setting(ctx, 'MIDDLEWARE');
    if (reported) {
      const c = report.find((r) => sends(r) === true) as CspCandidate;
      return [{ messageId: 'reportOnly', at: c.settingAt, data: { setting: c.setting } }];
    }
    const out: Emit<typeof messages>[] = [];
    for (const c of enforce) {
      if (c.mw === true) out.push({ messageId: 'emptyPolicy', at: c.settingAt, data: { middleware: shortName(c.middleware), setting: c.setting } });
      else if (c.mw === false && c.configured === true) out.push({ messageId: 'noMiddleware', at: middleware, data: { setting: c.setting, middleware: shortName(c.middleware) } });
    }
    return out.length > 0 ? out : [{ messageId: 'missing', at: middleware }];
  },
});
