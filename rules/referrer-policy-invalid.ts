import { defineRule, skip } from '../src/engine/rule.ts';
import { allHold, decide, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Value, unresolved } from '../src/engine/values.ts';
import { CHECKS_DOCS, DOCS, NO_SECURITY_MIDDLEWARE, requireDjango, securityMiddleware, setting } from './_shared.ts';

const VALID = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);

/** Django's E023 test: a str is split on commas and stripped; any other iterable is taken as a set of values. */
function invalidValues(v: Value): string[] | null {
  if (v.t === 'str') return v.v.split(',').map((s) => s.trim()).filter((s) => !VALID.has(s));
  if (v.t === 'list' || v.t === 'tuple' || v.t === 'set') {
    const items = v.t === 'set' ? [...v.items.values()] : v.items;
    if (v.partial) return null;
    const bad: string[] = [];
    for (const i of items) {
      if (i.t === 'unresolved') return null;
      if (i.t !== 'str' || !VALID.has(i.v)) bad.push(i.t === 'str' ? i.v : String(i.t));
    }
    return bad;
  }
  return null;
}

export default defineRule({
  id: 'referrer-policy-invalid',
  title: 'SECURE_REFERRER_POLICY holds valid values',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'headers'],
  django: ['security.E023'],
  deployOnly: true,
  docs: {
    what: "Checks that every value of SECURE_REFERRER_POLICY (a comma-separated string or a list) is one of the eight valid policies, case-sensitive, as Django's security.E023 does. An empty string is invalid.",
    why: 'Browsers ignore a Referrer-Policy header they cannot parse, so a typo silently leaves the default behaviour in place.',
    bad: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_REFERRER_POLICY = 'same-orgin'\n" },
    good: { settings: "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSECURE_REFERRER_POLICY = 'no-referrer, strict-origin-when-cross-origin'\n" },
  },
  messages: {
    invalid: { text: "SECURE_REFERRER_POLICY has invalid values: {{values}}", django: 'security.E023' },
  },
  hint: "Use only the values listed at https://www.w3.org/TR/referrer-policy/#referrer-policies, e.g. 'same-origin'.",
  references: [`${DOCS}/ref/settings/#secure-referrer-policy`, 'https://www.w3.org/TR/referrer-policy/', CHECKS_DOCS],
  since: '0.1.0',
  check(ctx) {
    const gate = requireDjango(ctx, 3, 0, 'security.E023');
    if (gate) return gate;
    const sm = securityMiddleware(ctx);
    if (sm === false) return skip(NO_SECURITY_MIDDLEWARE);
    const entry = setting(ctx, 'SECURE_REFERRER_POLICY');
    const invalid = decide(entry, (v) => {
      if (v.t === 'unresolved') return null;
      if (v.t === 'none') return false;
      const bad = invalidValues(v);
      return bad === null ? null : bad.length > 0;
    });
    const fires = allHold(sm, invalid);
    if (isUnknown(fires)) return fires;
    if (!fires) return [];
    const value = knownValue(entry);
    const bad = isUnknown(value) ? null : invalidValues(value);
    if (bad === null) return unknownFor(entry.name, unresolved('SECURE_REFERRER_POLICY is not a string or a list of strings', '', entry.origin));
    return [{ messageId: 'invalid', at: entry, data: { values: bad.map((b) => `'${b}'`).join(', ') } }];
  },
});
