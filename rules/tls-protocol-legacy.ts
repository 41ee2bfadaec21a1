import { type Emit, defineRule, isSkip } from '../src/engine/rule.ts';
import type { TlsVersion } from '../src/probe/observation.ts';
import { observed, quote, undecided } from './_live.ts';
import { TLS_NAMES, protocolUndecided, tlsUnreachable, tlsUrl } from './_tls.ts';

const messages = {
  legacy: { text: 'the server accepts {{version}} (cipher {{cipher}}); RFC 8996 deprecates it' },
} as const;

const LEGACY: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1'];

export default defineRule({
  id: 'tls-protocol-legacy',
  title: 'The server refuses TLS 1.0 and TLS 1.1',
  kind: 'probe',
  severity: 'warning',
  tags: ['deploy', 'tls', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports TLS 1.0 and TLS 1.1 when the server completes a handshake pinned to that version (one finding per version). The probe offers every cipher at OpenSSL security level 0 for these handshakes, because Node's defaults would refuse the old versions on the client side and make a server that accepts them look safe. When the local OpenSSL cannot offer a version at all (it is built without it), the server was never asked: that version is could-not-verify, never reported as refused, and so is a handshake that ended without an answer (a timeout).",
    why: "TLS 1.0 and 1.1 were deprecated by RFC 8996 (2021): their handshake depends on MD5 and SHA-1, they have no AEAD cipher suites, and their CBC modes were the target of BEAST and Lucky13. All major browsers removed them in 2020, so the only clients that still use them are very old devices and scanners; PCI DSS has forbidden them for card data since 2018. Leaving them on widens the attack surface (downgrade, weak ciphers) for no visitor.",
    severity: 'A warning: modern browsers never negotiate them, so the risk is to old clients and to compliance, not to most visitors.',
    bad: {
      settings: '',
      live: { shown: '$ openssl s_client -connect shop.example:443 -tls1\nProtocol  : TLSv1\nCipher    : ECDHE-RSA-AES256-SHA', base: 'bad-site' },
    },
    good: {
      settings: '',
      live: { shown: '$ openssl s_client -connect shop.example:443 -tls1\n... tlsv1 alert protocol version', base: 'good-site' },
    },
    fix: "Offer only TLS 1.2 and 1.3: nginx `ssl_protocols TLSv1.2 TLSv1.3;`, Apache `SSLProtocol -all +TLSv1.2 +TLSv1.3`, or the load balancer's TLS policy (e.g. AWS ELBSecurityPolicy-TLS13-1-2-2021-06). Mozilla's SSL Configuration Generator writes the whole block.",
  },
  messages,
  hint: 'Offer only TLS 1.2 and 1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3;).',
  references: [
    'https://www.rfc-editor.org/rfc/rfc8996',
    'https://ssl-config.mozilla.org/',
    'https://wiki.mozilla.org/Security/Server_Side_TLS',
    'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const unreachable = tlsUnreachable(obs.tls);
    if (unreachable) return unreachable;
    const at = { url: tlsUrl(obs.tls) };
    const out: Emit<typeof messages>[] = [];
    let unknown: string | null = null;
    for (const version of LEGACY) {
      const p = obs.tls.protocols[version];
      if (p.status === 'accepted') out.push({ messageId: 'legacy', at, data: { version: TLS_NAMES[version], cipher: p.cipher === null ? 'unknown' : quote(p.cipher) } });
      else unknown ??= protocolUndecided(version, p);
    }
    // A version the server accepts is a finding whatever the other one's status.
    if (out.length === 0 && unknown) return undecided(unknown);
    return out;
  },
});
