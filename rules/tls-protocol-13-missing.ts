import { defineRule, isSkip, skip } from '../src/engine/rule.ts';
import { observed, undecided } from './_live.ts';
import { protocolUndecided, tlsUnreachable, tlsUrl } from './_tls.ts';

const messages = {
  missing: { text: 'the server refuses TLS 1.3, the current version of TLS' },
} as const;

export default defineRule({
  id: 'tls-protocol-13-missing',
  title: 'The server accepts TLS 1.3',
  kind: 'probe',
  severity: 'info',
  tags: ['deploy', 'tls', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports a server that refuses a handshake pinned to TLS 1.3. When TLS 1.2 is refused too, tls-protocol-modern-missing reports the server instead. When the local OpenSSL cannot offer TLS 1.3, or the handshake ended without an answer, the rule is could-not-verify.",
    why: "TLS 1.3 (RFC 8446, 2018) needs one round trip less to connect, encrypts more of the handshake (the certificate), removes the static-RSA and CBC cipher suites and always provides forward secrecy. Every current browser prefers it, and Mozilla's intermediate and modern configurations enable it. TLS 1.2 configured with AEAD suites is still safe, so a missing TLS 1.3 is a missed improvement rather than a weakness.",
    severity: 'Info: TLS 1.2 with good cipher suites is still secure; TLS 1.3 is faster and removes legacy options.',
    bad: {
      settings: '',
      live: {
        shown: '$ openssl s_client -connect shop.example:443 -tls1_3\n... tlsv1 alert protocol version\n$ openssl s_client -connect shop.example:443 -tls1_2\nProtocol  : TLSv1.2',
        base: 'good-site',
        change: (o) => {
          o.tls.protocols['TLSv1.3'] = { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' };
        },
      },
    },
    good: {
      settings: '',
      live: { shown: '$ openssl s_client -connect shop.example:443 -tls1_3\nProtocol  : TLSv1.3', base: 'good-site' },
    },
    fix: 'Enable TLS 1.3 next to 1.2 (nginx `ssl_protocols TLSv1.2 TLSv1.3;` with OpenSSL 1.1.1 or later; on a managed load balancer, pick a TLS 1.3 security policy).',
  },
  messages,
  hint: 'Enable TLS 1.3 next to TLS 1.2 (nginx: ssl_protocols TLSv1.2 TLSv1.3;).',
  references: [
    'https://www.rfc-editor.org/rfc/rfc8446',
    'https://ssl-config.mozilla.org/',
    'https://wiki.mozilla.org/Security/Server_Side_TLS',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const unreachable = tlsUnreachable(obs.tls);
    if (unreachable) return unreachable;
    const tls13 = obs.tls.protocols['TLSv1.3'];
    if (tls13.status === 'accepted') return [];
    const unclear = protocolUndecided('TLSv1.3', tls13);
    if (unclear) return undecided(unclear);
    if (obs.tls.protocols['TLSv1.2'].status === 'refused') return skip('the server refuses TLS 1.2 as well (reported by tls-protocol-modern-missing)');
    return [{ messageId: 'missing', at: { url: tlsUrl(obs.tls) } }];
  },
});
