import { type Emit, type RuleContext, defineRule } from '../src/engine/rule.ts';
import { type Unknown, isUnknown, knownValue, maskLiterals, unknownFor } from '../src/engine/settings.ts';
import { type DictValue, type Value, truthy, unresolved } from '../src/engine/values.ts';
import { DOCS } from './_shared.ts';

const POSTGRES = new Set(['django.db.backends.postgresql', 'django.db.backends.postgresql_psycopg2', 'django.contrib.gis.db.backends.postgis']);
const MYSQL = new Set(['django.db.backends.mysql', 'django.contrib.gis.db.backends.mysql']);
const NO_NETWORK = new Set(['django.db.backends.sqlite3', 'django.contrib.gis.db.backends.spatialite', 'django.db.backends.dummy']);

/** libpq sslmodes that refuse a connection without TLS. */
const PG_TLS = new Set(['require', 'verify-ca', 'verify-full']);
const PG_NO_TLS = new Set(['disable', 'allow', 'prefer']);
const MYSQL_TLS = new Set(['REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY']);
const MYSQL_NO_TLS = new Set(['DISABLED', 'PREFERRED']);

const messages = {
  noTls: { text: "DATABASES['{{alias}}'] connects to {{host}} without requiring TLS: {{why}}" },
} as const;

/**
 * Hosts the connection never leaves the machine (or the compose network) for: empty (a local socket), loopback,
 * a socket directory, and single-label names such as `db`, which on a docker-compose or Kubernetes network name a
 * service next to the application.
 */
function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === '' || h === 'localhost' || h === '::1' || h === '[::1]' || h.startsWith('/')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return !h.includes('.') && !h.includes(':');
}

type Verdict = { readonly tls: true } | { readonly tls: false; readonly why: string };

function postgresTls(ctx: RuleContext, options: DictValue | null): Verdict | Value {
  const mode = options?.entries.get('s:sslmode')?.value;
  if (mode === undefined) {
    if (options?.partial) return options.partial;
    if (options?.entries.has('s:service')) return unresolved('OPTIONS names a pg_service.conf service, which may set sslmode', 'service', null);
    // libpq reads PGSSLMODE when the connection does not say; its own default is 'prefer'.
    const env = ctx.environment.get('PGSSLMODE');
    if (env === undefined) return { tls: false, why: "sslmode is not set (libpq's default is 'prefer')" };
    if (env.value === null) return unresolved('PGSSLMODE is set to a value that is not known', 'PGSSLMODE', env.definedAt);
    const m = env.value.trim().toLowerCase();
    if (PG_TLS.has(m)) return { tls: true };
    if (PG_NO_TLS.has(m)) return { tls: false, why: `PGSSLMODE is '${m}'` };
    return unresolved(`PGSSLMODE '${env.value}' is not an sslmode libpq knows`, 'PGSSLMODE', env.definedAt);
  }
  if (mode.t !== 'str') return mode.t === 'unresolved' ? mode : unresolved(`sslmode is a ${mode.t}, not a string`, '', null);
  const m = mode.v.trim().toLowerCase();
  if (PG_TLS.has(m)) return { tls: true };
  if (PG_NO_TLS.has(m)) return { tls: false, why: `sslmode is '${m}'` };
  return unresolved(`sslmode '${mode.v}' is not one libpq knows`, '', null);
}

function mysqlTls(options: DictValue | null): Verdict | Value {
  const mode = options?.entries.get('s:ssl_mode')?.value;
  if (mode !== undefined) {
    if (mode.t !== 'str') return mode.t === 'unresolved' ? mode : unresolved(`ssl_mode is a ${mode.t}, not a string`, '', null);
    const m = mode.v.trim().toUpperCase();
    if (MYSQL_TLS.has(m)) return { tls: true };
    if (m === 'DISABLED') return { tls: false, why: "ssl_mode is 'DISABLED'" };
    if (!MYSQL_NO_TLS.has(m)) return unresolved(`ssl_mode '${mode.v}' is not one MySQL knows`, '', null);
  }
  const ssl = options?.entries.get('s:ssl')?.value;
  if (ssl !== undefined) {
    // CA or certificate options make the client insist on TLS (MySQL: --ssl-ca implies VERIFY_CA).
    const on = truthy(ssl);
    if (on === null) return ssl;
    if (on) return { tls: true };
  }
  if (options?.partial) return options.partial;
  if (options?.entries.has('s:read_default_file')) return unresolved('OPTIONS reads a MySQL option file, which may require TLS', 'read_default_file', null);
  return { tls: false, why: mode !== undefined ? "ssl_mode is 'PREFERRED'" : "no ssl or ssl_mode option (the client's default is PREFERRED)" };
}

function masked(u: Unknown): Unknown {
  return { outcome: 'unknown', detail: { ...u.detail, reason: maskLiterals(u.detail.reason), expr: maskLiterals(u.detail.expr) } };
}

function findings(ctx: RuleContext): readonly Emit<typeof messages>[] | Unknown {
  const entry = ctx.settings.get('DATABASES');
  if (!entry) return [];
  const databases = knownValue(entry);
  if (isUnknown(databases)) return databases;
  if (databases.t !== 'dict') return unknownFor(entry.name, unresolved(`DATABASES is a ${databases.t}, not a dict`, '', entry.origin));
  const out: Emit<typeof messages>[] = [];
  let unclear: Value | null = databases.partial ?? null;
  for (const { key, value: cfg } of databases.entries.values()) {
    const alias = key.t === 'str' ? key.v : String(key.t);
    if (cfg.t !== 'dict') {
      if (cfg.t === 'unresolved' || cfg.t === 'object') unclear ??= cfg.t === 'unresolved' ? cfg : unresolved(`DATABASES['${alias}'] is not evaluated`, '', entry.origin);
      continue;
    }
    const engine = cfg.entries.get('s:ENGINE')?.value;
    if (engine === undefined || engine.t !== 'str') {
      // No ENGINE: Django uses its dummy backend, which never connects.
      if (engine !== undefined || cfg.partial) unclear ??= engine?.t === 'unresolved' ? engine : (cfg.partial ?? unresolved(`DATABASES['${alias}'] ENGINE is not a string`, '', entry.origin));
      continue;
    }
    if (NO_NETWORK.has(engine.v)) continue;
    const hostValue = cfg.entries.get('s:HOST')?.value;
    if (hostValue === undefined && cfg.partial) {
      unclear ??= cfg.partial;
      continue;
    }
    const host: Value = hostValue ?? { t: 'str', v: '' };
    if (host.t !== 'str') {
      unclear ??= host.t === 'unresolved' ? host : unresolved(`DATABASES['${alias}'] HOST is a ${host.t}`, '', entry.origin);
      continue;
    }
    // libpq accepts a comma-separated list of hosts.
    const remote = host.v.split(',').map((h) => h.trim()).filter((h) => !isLocalHost(h));
    if (remote.length === 0) continue;
    const optionsValue = cfg.entries.get('s:OPTIONS')?.value;
    if (optionsValue !== undefined && optionsValue.t !== 'dict') {
      unclear ??= optionsValue.t === 'unresolved' ? optionsValue : unresolved(`DATABASES['${alias}'] OPTIONS is a ${optionsValue.t}, not a dict`, '', entry.origin);
      continue;
    }
    if (optionsValue === undefined && cfg.partial) {
      unclear ??= cfg.partial;
      continue;
    }
    const options = optionsValue ?? null;
    let verdict: Verdict | Value;
    if (POSTGRES.has(engine.v)) verdict = postgresTls(ctx, options);
    else if (MYSQL.has(engine.v)) verdict = mysqlTls(options);
    else verdict = unresolved(`${engine.v} is not a backend whose TLS options secaudit knows`, engine.v, entry.origin);
    if (!('tls' in verdict)) {
      unclear ??= verdict.t === 'unresolved' ? verdict : unresolved('the TLS option could not be evaluated', '', entry.origin);
      continue;
    }
    if (!verdict.tls) out.push({ messageId: 'noTls', at: entry, data: { alias, host: remote.join(','), why: verdict.why } });
  }
  if (out.length === 0 && unclear) return unknownFor(entry.name, unclear, entry.origin);
  return out;
}

export default defineRule({
  id: 'database-ssl-missing',
  title: 'Connections to a remote database require TLS',
  kind: 'settings',
  severity: 'warning',
  tags: ['deploy', 'tls', 'database'],
  django: [],
  deployOnly: true,
  docs: {
    what: "For every DATABASES entry whose HOST is remote, checks that the driver is told to insist on TLS. PostgreSQL (and PostGIS): OPTIONS['sslmode'] (or the PGSSLMODE variable libpq reads when OPTIONS does not say) must be require, verify-ca or verify-full; missing, disable, allow and prefer are reported. MySQL: OPTIONS['ssl_mode'] REQUIRED, VERIFY_CA or VERIFY_IDENTITY, or a non-empty OPTIONS['ssl'] dict; missing, PREFERRED and DISABLED are reported. Local hosts are skipped: '', localhost, 127.0.0.0/8, ::1, a socket directory starting with '/', and single-label names such as 'db' or 'postgres', which on docker-compose and Kubernetes networks name a service next to the application. SQLite is skipped; other engines are reported as not verifiable.",
    why: "Database traffic carries every query, every row returned and the login itself. libpq's default 'prefer' and MySQL's default PREFERRED try TLS but silently fall back to plaintext, and an attacker on the path can force the fallback and read or alter the data. Only require (better: verify-full, which also checks the server certificate) refuses a plaintext connection.",
    severity: 'Warning: exploiting it takes a position on the network between the application and the database, which managed cloud networks make harder, but the exposure is every row the application reads.',
    bad: { settings: "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'HOST': 'app-db.c9akciq32.eu-west-1.rds.amazonaws.com',\n        'NAME': 'app',\n    }\n}\n" },
    good: {
      settings: "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'HOST': 'app-db.c9akciq32.eu-west-1.rds.amazonaws.com',\n        'NAME': 'app',\n        'OPTIONS': {'sslmode': 'verify-full', 'sslrootcert': '/etc/ssl/certs/rds-global-bundle.pem'},\n    }\n}\n",
    },
    fix: "With dj-database-url pass ssl_require=True (sets sslmode=require), or put ?sslmode=verify-full in DATABASE_URL.",
  },
  messages,
  hint: "Set OPTIONS {'sslmode': 'verify-full'} (PostgreSQL) or {'ssl_mode': 'VERIFY_IDENTITY'} (MySQL).",
  references: [
    'https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION',
    'https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#option_general_ssl-mode',
    `${DOCS}/ref/databases/#postgresql-connection-settings`,
    `${DOCS}/ref/settings/#std-setting-OPTIONS`,
  ],
  since: '0.1.0',
  check(ctx) {
    const result = findings(ctx);
    // DATABASES is not a secret setting for the engine, but its source text may hold a password.
    return isUnknown(result) ? masked(result) : result;
  },
});
