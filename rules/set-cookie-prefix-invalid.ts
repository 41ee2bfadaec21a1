import { type Emit, defineRule } from '../src/engine/rule.ts';
import type { CookieObservation } from '../src/probe/observation.ts';
import { quote } from './_live.ts';
import { DOCS } from './_shared.ts';
import { cookiesSeen, djangoCookieNames, firstBadPerName, knownRole, withCookie } from './_content.ts';

const messages = {
  secure: { text: '{{name}} has no Secure: browsers reject __Secure- cookies without it' },
  host: { text: '{{name}} breaks the __Host- rules ({{problem}}): browsers reject it' },
} as const;

/** RFC 6265bis §5.7: the prefixes are matched case-insensitively (browsers aligned on that in 2024). */
const hasPrefix = (name: string, prefix: string): boolean => name.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase();

/** Why a browser drops this cookie for its prefix, or null. */
function violation(c: CookieObservation): { kind: 'secure' | 'host'; problem: string } | null {
  if (hasPrefix(c.name, '__Host-')) {
    if (!c.secure) return { kind: 'host', problem: 'no Secure' };
    if (c.domain !== null) return { kind: 'host', problem: `Domain=${quote(c.domain)}` };
    if (c.path !== '/') return { kind: 'host', problem: c.path === null ? 'no Path=/' : `Path=${quote(c.path)}` };
    return null;
  }
  if (hasPrefix(c.name, '__Secure-') && !c.secure) return { kind: 'secure', problem: 'no Secure' };
  return null;
}

export default defineRule({
  id: 'set-cookie-prefix-invalid',
  title: 'Cookies with a __Secure- or __Host- prefix meet its rules',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'live', 'cookies'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Looks at every Set-Cookie the probe received, deletions included, and reports each cookie name that browsers reject for its prefix (RFC 6265bis §4.1.3, matched case-insensitively): a `__Secure-` cookie without Secure, and a `__Host-` cookie without Secure, with a Domain attribute, or without `Path=/`. One finding per name, at the first response that set it. A prefixed SESSION_COOKIE_NAME or CSRF_COOKIE_NAME is shown on that setting.",
    why: "Cookie prefixes are a promise browsers enforce: a `__Host-` cookie can only have been set by this exact host over HTTPS, so a sibling subdomain or a network attacker cannot plant or overwrite it. A cookie that breaks its prefix's rules is not stored at all, so the feature that depends on it (a login session named `__Host-sessionid`, a CSRF cookie) silently fails, typically only in production, where the attributes differ from development.",
    severity: 'Error: browsers drop the cookie, so whatever relies on it (sessions, CSRF) does not work on the live site.',
    bad: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: __Host-sessionid=<32 characters>; Domain=shop.example; HttpOnly; Path=/; SameSite=Lax; Secure', base: 'good-site', change: withCookie({ name: '__Host-sessionid', secure: true, httpOnly: true, sameSite: 'Lax', domain: 'shop.example', path: '/', attributes: ['Domain', 'HttpOnly', 'Path', 'SameSite', 'Secure'] }) },
    },
    good: {
      settings: '',
      live: { shown: 'HTTP/1.1 200 OK\nSet-Cookie: __Host-sessionid=<32 characters>; HttpOnly; Path=/; SameSite=Lax; Secure', base: 'good-site', change: withCookie({ name: '__Host-sessionid', secure: true, httpOnly: true, sameSite: 'Lax', path: '/', attributes: ['HttpOnly', 'Path', 'SameSite', 'Secure'] }) },
    },
    fix: 'For a `__Host-` session cookie: SESSION_COOKIE_SECURE = True, SESSION_COOKIE_DOMAIN = None and SESSION_COOKIE_PATH = "/" (the same for the CSRF_COOKIE_* settings). For `__Secure-`: the matching *_COOKIE_SECURE = True.',
  },
  messages,
  hint: '__Secure- needs Secure; __Host- needs Secure, Path=/ and no Domain (SESSION_COOKIE_DOMAIN = None).',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#cookie_prefixes',
    'https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#name-cookie-name-prefixes',
    `${DOCS}/ref/settings/#session-cookie-name`,
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = cookiesSeen(ctx);
    if ('outcome' in obs) return obs;
    const names = djangoCookieNames(ctx);
    // Control characters and nameless cookies are dropped whatever their prefix; deletions count (a rejected
    // deletion leaves the old cookie in place).
    const candidates = obs.cookies.filter((c) => !c.notes.includes('control-characters') && !c.notes.includes('nameless'));
    const out: Emit<typeof messages>[] = [];
    for (const c of firstBadPerName(candidates, (c) => violation(c) !== null)) {
      const v = violation(c);
      if (v === null) continue;
      const role = knownRole(names, c.name);
      const at = role === 'session' ? { url: c.url, setting: 'SESSION_COOKIE_NAME' } : role === 'csrf' ? { url: c.url, setting: 'CSRF_COOKIE_NAME' } : { url: c.url };
      const name = quote(c.name);
      out.push(v.kind === 'secure' ? { messageId: 'secure', at, data: { name } } : { messageId: 'host', at, data: { name, problem: v.problem } });
    }
    return out;
  },
});
