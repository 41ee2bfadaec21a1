import { defineRule } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, isUnknown, knownValue, unknownFor } from '../src/engine/settings.ts';
import { type Value, unresolved } from '../src/engine/values.ts';
import { DEPLOY_CHECKLIST, DOCS, setting } from './_shared.ts';
import { sharedSuffix } from './_hosts.ts';


type Found =
  | { messageId: 'star'; at: SettingEntry; data?: undefined }
  | { messageId: 'sharedSuffix'; at: SettingEntry; data: { entry: string; kind: string } };

export default defineRule({
  id: 'allowed-hosts-wildcard',
  title: 'ALLOWED_HOSTS names your hosts, not a wildcard',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'host-header'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks ALLOWED_HOSTS with Django's matching rules (validate_host): the entry '*' matches any Host header, and an entry starting with a dot matches that domain and every subdomain. It reports '*' (an error) and dot entries for a public suffix or a platform's shared domain, where other people own the hosts: `.com`, `.co.uk`, `.herokuapp.com`, `.vercel.app`, `.onrender.com`, `.fly.dev`, `.pythonanywhere.com`, `.appspot.com`, `.azurewebsites.net`, `.amazonaws.com`, `.github.io`, `.netlify.app`, `.ngrok-free.app`, `.up.railway.app` and others (an excerpt of the Public Suffix List, kept in the rule). `.example.com` for your own domain is fine. A string instead of a list is checked the way Django iterates it, character by character.",
    why: "ALLOWED_HOSTS is Django's defence against Host header attacks: with '*' (or a suffix anyone can get a host under) Django builds absolute URLs from an attacker's Host header, which poisons password-reset emails and caches. Many guides set '*' to make a deployment work behind a proxy and it stays that way.",
    bad: { settings: "ALLOWED_HOSTS = ['*']\n" },
    good: { settings: "ALLOWED_HOSTS = ['www.example.com', '.example.com']\n" },
    fix: "List the host names the site answers to. Behind a load balancer whose health checks use the instance IP, add that IP (or answer health checks before Django) instead of '*'. On a platform, list your own app's host (`myapp.herokuapp.com`), not the platform's domain.",
    severity: "'*' is an error: host validation is off. A shared suffix is a warning: only hosts under that suffix can get through, but anyone can register one.",
  },
  messages: {
    star: { text: "ALLOWED_HOSTS contains '*': any Host header is accepted", severity: 'error' },
    sharedSuffix: { text: "ALLOWED_HOSTS entry '{{entry}}' matches hosts under {{kind}}" },
  },
  hint: 'List your own host names in ALLOWED_HOSTS (a leading dot only for a domain you own).',
  references: [`${DOCS}/ref/settings/#allowed-hosts`, `${DOCS}/topics/security/#host-header-validation`, DEPLOY_CHECKLIST, 'https://publicsuffix.org/'],
  since: '0.1.0',
  check(ctx) {
    const entry = setting(ctx, 'ALLOWED_HOSTS');
    const value = knownValue(entry);
    if (isUnknown(value)) return value;
    let items: readonly Value[];
    let partial: Value | undefined;
    if (value.t === 'list' || value.t === 'tuple') {
      items = value.items;
      partial = value.partial;
    } else if (value.t === 'set') {
      items = [...value.items.values()];
      partial = value.partial;
    } else if (value.t === 'str') {
      // Django iterates ALLOWED_HOSTS: a string is a sequence of one-character patterns.
      items = [...value.v].map((c) => ({ t: 'str', v: c }) as const);
    } else {
      return unknownFor('ALLOWED_HOSTS', unresolved(`ALLOWED_HOSTS is a ${value.t}, not a list of host names`, '', entry.origin));
    }
    const findings: Found[] = [];
    let unknown: Unknown | null = partial ? unknownFor('ALLOWED_HOSTS', partial, entry.origin) : null;
    let star = false;
    for (const item of items) {
      if (item.t === 'unresolved') {
        unknown ??= unknownFor('ALLOWED_HOSTS', item, entry.origin);
        continue;
      }
      if (item.t !== 'str') continue;
      if (item.v === '*') {
        star = true;
        continue;
      }
      // is_same_domain lowercases the pattern; a leading dot covers the domain and all its subdomains.
      const pattern = item.v.toLowerCase();
      if (!pattern.startsWith('.')) continue;
      const kind = sharedSuffix(pattern.slice(1));
      if (kind) findings.push({ messageId: 'sharedSuffix', at: entry, data: { entry: item.v, kind } });
    }
    if (star) return [{ messageId: 'star', at: entry }];
    if (findings.length === 0 && unknown) return unknown;
    return findings;
  },
});
