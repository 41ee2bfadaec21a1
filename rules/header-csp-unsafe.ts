import { type Emit, defineRule } from '../src/engine/rule.ts';
import { quote, undecided } from './_live.ts';
import { DOCS } from './_shared.ts';
import { combinedScriptGrants, enforcedCsp, finalPage, withHeaders } from './_content.ts';

const SETTING = 'SECURE_CSP';

const messages = {
  unrestricted: { text: 'the CSP has no script-src or default-src: any script may run' },
  unsafeInline: { text: "CSP {{directive}} allows 'unsafe-inline': injected scripts run" },
  unsafeEval: { text: "CSP {{directive}} allows 'unsafe-eval': strings run as code" },
  anyHost: { text: 'CSP {{directive}} allows {{source}}: scripts load from any host' },
  dataScheme: { text: 'CSP {{directive}} allows data:, so data: URLs run as scripts' },
} as const;

export default defineRule({
  id: 'header-csp-unsafe',
  title: "The live site's Content-Security-Policy restricts scripts",
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'live', 'headers', 'csp'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reads every enforced Content-Security-Policy of the final HTTPS response and works out, by CSP Level 3's fallback rules, what scripts may do: <script> elements are checked against script-src-elem, then script-src, then default-src; inline event handlers against script-src-attr, then script-src, then default-src; eval() against script-src, then default-src. Reported: no script-src or default-src at all (`unrestricted`), `'unsafe-inline'` that no nonce, hash or `'strict-dynamic'` neutralises, `'unsafe-eval'`, a source that admits any host (`*`, `https:`, `http:`, `https://*`) or `data:` (both ignored under `'strict-dynamic'`). Several policies are all enforced, so something is reported only when every policy allows it. Report-only policies are ignored (header-csp-missing reports a site that has only those). A header the probe cut at 1024 characters cannot be judged: could not verify.",
    why: "A policy that lets inline scripts, eval or scripts from any host run does not stop the injection it is there for: an attacker who can inject HTML injects `<script>` or an `onerror=` attribute, or loads the payload from a host they control or from a data: URL. Such a policy gives the feeling of protection without the effect (Google's study of real-world policies found almost all of them bypassable this way).",
    severity: "Warning, as the Observatory penalises it (−20 for unsafe-inline, data: or broad sources in script-src, −10 for unsafe-eval): the XSS backstop is missing, not a hole by itself.",
    bad: {
      settings: '',
      live: { shown: "HTTP/1.1 200 OK\nContent-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline'", base: 'good-site', change: withHeaders({ 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-inline'" }) },
    },
    good: {
      settings: '',
      live: { shown: "HTTP/1.1 200 OK\nContent-Security-Policy: default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'unsafe-inline'", base: 'good-site', change: withHeaders({ 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'unsafe-inline'" }) },
    },
    fix: "Move inline scripts into static files, or give each a nonce (Django 6: CSP.NONCE in SECURE_CSP and `nonce=\"{{ csp_nonce }}\"` in the template); list script hosts by name; replace eval() and `new Function()`. 'unsafe-inline' may stay next to a nonce as a fallback for browsers without CSP2.",
  },
  messages,
  hint: "Allow scripts by nonce, hash or named host; drop 'unsafe-inline', 'unsafe-eval', *, https: and data:.",
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/script-src',
    'https://www.w3.org/TR/CSP3/#allow-all-inline',
    'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
    'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
    'https://web.dev/articles/strict-csp',
    `${DOCS}/ref/csp/`,
  ],
  since: '0.1.0',
  check(ctx) {
    const page = finalPage(ctx);
    if ('outcome' in page) return page;
    const csp = enforcedCsp(page.response);
    if (csp.policies.length === 0) return [];
    if (csp.truncated) return undecided('the Content-Security-Policy header is longer than the 1024 characters the probe keeps');
    const at = { url: page.response.url, setting: SETTING };
    const out: Emit<typeof messages>[] = [];
    for (const [risk, grant] of combinedScriptGrants(csp.policies)) {
      const directive = quote(grant.directive ?? '');
      if (risk === 'unrestricted') out.push({ messageId: 'unrestricted', at });
      else if (risk === 'unsafe-inline') out.push({ messageId: 'unsafeInline', at, data: { directive } });
      else if (risk === 'unsafe-eval') out.push({ messageId: 'unsafeEval', at, data: { directive } });
      else if (risk === 'any-host') out.push({ messageId: 'anyHost', at, data: { directive, source: quote(grant.source ?? '') } });
      else out.push({ messageId: 'dataScheme', at, data: { directive } });
    }
    return out;
  },
});
