import { defineRule, isSkip } from '../src/engine/rule.ts';
import { TLS_VERSIONS } from '../src/probe/observation.ts';
import { observed, undecided } from './_live.ts';
import { TLS_NAMES, protocolUndecided, tlsUnreachable, tlsUrl } from './_tls.ts';

const messages = {
  legacyOnly: { text: 'the server refuses TLS 1.2 and 1.3 and accepts only {{versions}}' },
  noneAccepted: { text: 'the server completes no TLS handshake, from TLS 1.0 to 1.3' },
} as const;

export default defineRule({
  id: 'tls-protocol-modern-missing',
  title: 'The server accepts TLS 1.2 or TLS 1.3',
  kind: 'probe',
  severity: 'error',
  tags: ['deploy', 'tls', 'live'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Reports a server that refuses both TLS 1.2 and TLS 1.3, from handshakes pinned to each version: it names the old versions it does accept, or says that no version from TLS 1.0 to 1.3 completed. When either modern version is accepted the rule passes; when one is refused and the other could not be tested (the local OpenSSL cannot offer it, or the handshake ended without an answer) it is could-not-verify.",
    why: "Current browsers speak only TLS 1.2 and 1.3 (TLS 1.0 and 1.1 were removed in 2020 and deprecated by RFC 8996), so a server without either is unreachable over HTTPS for practically every visitor, and the few clients that do connect use protocols with known weaknesses. It usually means an old TLS library or terminator, or a protocol list written for another era.",
    severity: 'An error: browsers cannot connect at all.',
    bad: {
      settings: '',
      live: {
        shown: '$ openssl s_client -connect shop.example:443 -tls1_2\n... tlsv1 alert protocol version\n$ openssl s_client -connect shop.example:443 -tls1\nProtocol  : TLSv1',
        base: 'bad-site',
        change: (o) => {
          o.tls.protocols['TLSv1.2'] = { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' };
          o.tls.protocols['TLSv1.3'] = { status: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' };
        },
      },
    },
    good: {
      settings: '',
      live: { shown: '$ openssl s_client -connect shop.example:443 -tls1_2\nProtocol  : TLSv1.2', base: 'good-site' },
    },
    fix: 'Upgrade the TLS terminator (OpenSSL 1.1.1 or later supports TLS 1.3) and offer TLS 1.2 and 1.3: nginx `ssl_protocols TLSv1.2 TLSv1.3;`.',
  },
  messages,
  hint: 'Offer TLS 1.2 and 1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3;) on an up-to-date OpenSSL.',
  references: [
    'https://www.rfc-editor.org/rfc/rfc8996',
    'https://www.rfc-editor.org/rfc/rfc8446',
    'https://ssl-config.mozilla.org/',
    'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
  ],
  since: '0.1.0',
  check(ctx) {
    const obs = observed(ctx);
    if (isSkip(obs)) return obs;
    const unreachable = tlsUnreachable(obs.tls);
    if (unreachable) return unreachable;
    const { protocols } = obs.tls;
    const tls12 = protocols['TLSv1.2'];
    const tls13 = protocols['TLSv1.3'];
    if (tls12.status === 'accepted' || tls13.status === 'accepted') return [];
    const unclear = protocolUndecided('TLSv1.2', tls12) ?? protocolUndecided('TLSv1.3', tls13);
    if (unclear) return undecided(unclear);
    const at = { url: tlsUrl(obs.tls) };
    const accepted = TLS_VERSIONS.filter((v) => protocols[v].status === 'accepted').map((v) => TLS_NAMES[v]);
    if (accepted.length > 0) return [{ messageId: 'legacyOnly', at, data: { versions: accepted.join(' and ') } }];
    return [{ messageId: 'noneAccepted', at }];
  },
});
