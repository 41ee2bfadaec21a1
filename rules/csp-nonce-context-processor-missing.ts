import { defineRule, skip } from '../src/engine/rule.ts';
import { type Unknown, allHold, anyHolds, isUnknown, knownValue, not, unknownFor } from '../src/engine/settings.ts';
import { type Value, pyEquals } from '../src/engine/values.ts';
import { CHECKS_DOCS, CSP_MIDDLEWARE, DOCS, hasMiddleware, requireDjango, setting } from './_shared.ts';

const NONCE = '<CSP_NONCE_SENTINEL>';
const CONTEXT_PROCESSOR = 'django.template.context_processors.csp';

/** Whether a policy dict uses CSP.NONCE in any directive (equal to it, or containing it). */
function usesNonce(policy: Value): boolean | null {
  if (policy.t === 'none') return false;
  if (policy.t !== 'dict') return false;
  let unknown = policy.partial !== undefined;
  for (const { value } of policy.entries.values()) {
    if (value.t === 'unresolved') unknown = true;
    else if (value.t === 'str' && value.v.includes(NONCE)) return true;
    else if (value.t === 'list' || value.t === 'tuple') {
      for (const item of value.items) {
        const eq = pyEquals(item, { t: 'str', v: NONCE });
        if (eq === true) return true;
        if (eq === null) unknown = true;
      }
      if (value.partial) unknown = true;
    }
  }
  return unknown ? null : false;
}

/** Whether some TEMPLATES engine lists the csp context processor. */
function hasContextProcessor(templates: Value): boolean | null {
  if (templates.t !== 'list' && templates.t !== 'tuple') return templates.t === 'unresolved' ? null : false;
  let unknown = templates.partial !== undefined;
  for (const engine of templates.items) {
    if (engine.t === 'unresolved') {
      unknown = true;
      continue;
    }
    if (engine.t !== 'dict') continue;
    const options = engine.entries.get('s:OPTIONS')?.value;
    if (!options) continue;
    if (options.t !== 'dict') {
      if (options.t === 'unresolved') unknown = true;
      continue;
    }
    const processors = options.entries.get('s:context_processors')?.value;
    if (!processors) continue;
    if (processors.t === 'list' || processors.t === 'tuple') {
      for (const p of processors.items) {
        if (p.t === 'str' && p.v === CONTEXT_PROCESSOR) return true;
        if (p.t === 'unresolved') unknown = true;
      }
      if (processors.partial) unknown = true;
    } else if (processors.t === 'unresolved') unknown = true;
  }
  return unknown ? null : false;
}

export default defineRule({
  id: 'csp-nonce-context-processor-missing',
  title: 'CSP nonces reach the templates',
  kind: 'settings',
  severity: 'warning',
  tags: ['csp', 'headers', 'templates'],
  django: ['security.W027'],
  deployOnly: false,
  docs: {
    what: "Checks, as Django 6.1+'s security.W027 does, that when ContentSecurityPolicyMiddleware is enabled and SECURE_CSP or SECURE_CSP_REPORT_ONLY uses CSP.NONCE, some TEMPLATES engine lists 'django.template.context_processors.csp' in OPTIONS['context_processors'].",
    why: 'The nonce is added to the header on every request, but templates only see it through the context processor. Without it inline scripts carry no nonce and the browser blocks them, so teams tend to fall back to unsafe-inline.',
    bad: {
      settings: "from django.utils.csp import CSP\nMIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware']\nSECURE_CSP = {'script-src': [CSP.SELF, CSP.NONCE]}\nTEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'OPTIONS': {'context_processors': []}}]\n",
    },
    good: {
      settings: "from django.utils.csp import CSP\nMIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware']\nSECURE_CSP = {'script-src': [CSP.SELF, CSP.NONCE]}\nTEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'OPTIONS': {'context_processors': ['django.template.context_processors.csp']}}]\n",
    },
  },
  messages: {
    missing: { text: "CSP uses nonces but no template engine has the 'csp' context processor", django: 'security.W027' },
  },
  hint: "Add 'django.template.context_processors.csp' to OPTIONS['context_processors'] in TEMPLATES.",
  references: [`${DOCS}/ref/csp/`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 6, 1, 'security.W027');
    if (gate) return gate;
    const mw = hasMiddleware(ctx, CSP_MIDDLEWARE);
    if (mw === false) return skip('ContentSecurityPolicyMiddleware is not in MIDDLEWARE');
    const nonceIn = (name: string): boolean | Unknown => {
      const entry = setting(ctx, name);
      const v = knownValue(entry);
      if (isUnknown(v)) return v;
      const uses = usesNonce(v);
      return uses === null ? unknownFor(name, v, entry.origin) : uses;
    };
    const templatesEntry = setting(ctx, 'TEMPLATES');
    const templates = knownValue(templatesEntry);
    let processor: boolean | Unknown;
    if (isUnknown(templates)) processor = templates;
    else {
      const has = hasContextProcessor(templates);
      processor = has === null ? unknownFor('TEMPLATES', templates, templatesEntry.origin) : has;
    }
    const fires = allHold(mw, anyHolds(nonceIn('SECURE_CSP'), nonceIn('SECURE_CSP_REPORT_ONLY')), not(processor));
    if (isUnknown(fires)) return fires;
    return fires ? [{ messageId: 'missing', at: templatesEntry }] : [];
  },
});
