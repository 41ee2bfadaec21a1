import type { CallableParam } from '../src/engine/rule.ts';
import { defineRule } from '../src/engine/rule.ts';
import { isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { unresolved } from '../src/engine/values.ts';
import { CHECKS_DOCS, DOCS, requireDjango, setting } from './_shared.ts';

/** Whether `inspect.signature(view).bind(None, reason=None)` succeeds. */
export function bindsFailureViewCall(params: readonly CallableParam[]): boolean {
  let positionalBound = false;
  let reasonBound = false;
  const bound = new Set<string>();
  for (const p of params) {
    if (!positionalBound && (p.kind === 'positionalOnly' || p.kind === 'normal')) {
      positionalBound = true;
      bound.add(p.name);
    }
  }
  if (!positionalBound && params.some((p) => p.kind === 'star')) positionalBound = true;
  if (!positionalBound) return false;
  const reason = params.find((p) => p.name === 'reason' && (p.kind === 'normal' || p.kind === 'keywordOnly'));
  if (reason && !bound.has('reason')) {
    reasonBound = true;
    bound.add('reason');
  } else if (reason && bound.has('reason')) {
    return false; // `reason` would get both the positional None and the keyword
  }
  if (!reasonBound && params.some((p) => p.kind === 'doubleStar')) reasonBound = true;
  if (!reasonBound) return false;
  return params.every((p) => bound.has(p.name) || p.hasDefault || p.kind === 'star' || p.kind === 'doubleStar');
}

export default defineRule({
  id: 'csrf-failure-view-invalid',
  title: 'CSRF_FAILURE_VIEW can be imported and called',
  kind: 'settings',
  severity: 'error',
  tags: ['csrf', 'views'],
  django: ['security.E101', 'security.E102'],
  deployOnly: false,
  docs: {
    what: "Checks CSRF_FAILURE_VIEW without importing anything: a dotted path to a view in the project must exist (security.E102 when the module cannot be imported) and accept (request, reason=...) (security.E101), as Django 3.2+ checks. A path to a missing function in an existing module makes Django's check itself crash, which is reported without a Django id. Views outside the project are not inspected.",
    why: 'When CSRF validation fails Django calls this view; if it cannot be imported or called, every CSRF failure becomes a 500 error instead of a 403 page.',
    bad: { settings: "CSRF_FAILURE_VIEW = 'csrf_failure'\n" },
    good: { settings: "CSRF_FAILURE_VIEW = 'django.views.csrf.csrf_failure'\n" },
  },
  messages: {
    notImportable: { text: "CSRF_FAILURE_VIEW '{{path}}' cannot be imported: {{reason}}", django: 'security.E102' },
    badSignature: { text: "CSRF_FAILURE_VIEW '{{path}}' must accept (request, reason=...)", django: 'security.E101' },
    missing: { text: "CSRF_FAILURE_VIEW '{{path}}' does not exist: {{reason}}" },
  },
  hint: 'Point CSRF_FAILURE_VIEW at a function defined as def csrf_failure(request, reason=""): ...',
  references: [`${DOCS}/ref/settings/#csrf-failure-view`, CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 3, 2, 'security.E101/E102');
    if (gate) return gate;
    const entry = setting(ctx, 'CSRF_FAILURE_VIEW');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    if (value.t !== 'str') return unknownFor('CSRF_FAILURE_VIEW', unresolved('CSRF_FAILURE_VIEW is not a dotted path string', '', entry.origin));
    const info = ctx.project.inspectCallable(value.v);
    switch (info.kind) {
      case 'known-good':
        return [];
      case 'import-error':
        return [{ messageId: 'notImportable', at: entry, data: { path: value.v, reason: info.reason } }];
      case 'missing':
        return [{ messageId: 'missing', at: entry, data: { path: value.v, reason: info.reason } }];
      case 'unknown':
        return unknownFor('CSRF_FAILURE_VIEW', unresolved(info.reason, value.v, entry.origin));
      case 'function': {
        const binds = info.variants.map((params) => bindsFailureViewCall(params));
        if (binds.every((b) => b)) return [];
        if (binds.every((b) => !b)) return [{ messageId: 'badSignature', at: entry, data: { path: value.v } }];
        return unknownFor('CSRF_FAILURE_VIEW', unresolved(`${value.v} is defined more than once (conditionally), with different signatures`, value.v, entry.origin));
      }
      default: {
        const never: never = info;
        return never;
      }
    }
  },
});
