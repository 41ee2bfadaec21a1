import { describe, expect, it } from 'vitest';
import rule from '../../rules/database-ssl-missing.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

const PG = "'django.db.backends.postgresql'";
const MY = "'django.db.backends.mysql'";
const RDS = 'app-db.c9akciq32.eu-west-1.rds.amazonaws.com';
const db = (engine: string, host: string, options?: string) => `DATABASES = {'default': {'ENGINE': ${engine}, 'NAME': 'app', 'HOST': ${host}${options !== undefined ? `, 'OPTIONS': ${options}` : ''}}}`;

testRule(rule, {
  valid: [
    { name: 'DATABASES unset', code: 'DEBUG = False' },
    { name: 'sqlite', code: "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/srv/db.sqlite3'}}" },
    { name: 'no ENGINE: the dummy backend never connects', code: "DATABASES = {'default': {}}" },
    { name: 'sslmode require', code: db(PG, `'${RDS}'`, "{'sslmode': 'require'}") },
    { name: 'sslmode verify-full', code: db(PG, `'${RDS}'`, "{'sslmode': 'verify-full', 'sslrootcert': '/etc/ssl/rds.pem'}") },
    { name: 'sslmode in upper case', code: db("'django.contrib.gis.db.backends.postgis'", `'${RDS}'`, "{'sslmode': 'VERIFY-CA'}") },
    { name: 'PGSSLMODE exported', code: db(PG, `'${RDS}'`), env: { PGSSLMODE: 'require' } },
    { name: 'dj-database-url with ssl_require', code: "import dj_database_url\nDATABASES = {'default': dj_database_url.config(ssl_require=True)}", env: { DATABASE_URL: `postgres://app:pw@${RDS}/app` } },
    { name: 'sslmode in the DATABASE_URL query', code: "import dj_database_url\nDATABASES = {'default': dj_database_url.config()}", env: { DATABASE_URL: `postgres://app:pw@${RDS}/app?sslmode=verify-full` } },
    { name: 'localhost', code: db(PG, "'localhost'") },
    { name: 'empty HOST: a local socket', code: db(PG, "''") },
    { name: 'no HOST at all', code: `DATABASES = {'default': {'ENGINE': ${PG}, 'NAME': 'app'}}` },
    { name: 'loopback address', code: db(PG, "'127.0.0.1'") },
    { name: 'IPv6 loopback', code: db(MY, "'::1'") },
    { name: 'a socket directory', code: db(PG, "'/var/run/postgresql'") },
    { name: "a docker-compose service name ('db')", code: db(PG, "'db'") },
    { name: 'MySQL ssl_mode REQUIRED', code: db(MY, `'${RDS}'`, "{'ssl_mode': 'REQUIRED'}") },
    { name: 'MySQL ssl dict with a CA', code: db(MY, `'${RDS}'`, "{'ssl': {'ca': '/etc/ssl/rds.pem'}}") },
    { name: 'sslmode from the environment given', code: `import os\n${db(PG, `'${RDS}'`, "{'sslmode': os.environ['DB_SSLMODE']}")}`, env: { DB_SSLMODE: 'verify-full' } },
    { name: 'sslmode from a missing variable', code: `import os\n${db(PG, `'${RDS}'`, "{'sslmode': os.environ['DB_SSLMODE']}")}`, status: 'unknown' },
    { name: 'HOST from a missing variable', code: `import os\n${db(PG, "os.environ['DB_HOST']")}`, status: 'unknown' },
    { name: 'a pg_service.conf service may set sslmode', code: db(PG, `'${RDS}'`, "{'service': 'app'}"), status: 'unknown' },
    { name: 'a MySQL option file may require TLS', code: db(MY, `'${RDS}'`, "{'read_default_file': '/etc/mysql/app.cnf'}"), status: 'unknown' },
    { name: 'an engine whose options are not known', code: db("'mssql'", `'${RDS}'`), status: 'unknown' },
    { name: 'an unknown sslmode value', code: db(PG, `'${RDS}'`, "{'sslmode': 'sometimes'}"), status: 'unknown' },
    { name: 'DATABASES from outside the project', code: 'from infra import DATABASES', status: 'unknown' },
  ],
  invalid: [
    { name: 'remote PostgreSQL without sslmode', code: db(PG, `'${RDS}'`), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: "sslmode 'prefer' falls back to plaintext", code: db(PG, `'${RDS}'`, "{'sslmode': 'prefer'}"), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: "sslmode 'disable'", code: db(PG, "'10.0.3.17'", "{'sslmode': 'disable'}"), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: "PGSSLMODE 'allow'", code: db(PG, `'${RDS}'`), env: { PGSSLMODE: 'allow' }, errors: [{ messageId: 'noTls', line: 1 }] },
    { name: 'the legacy psycopg2 engine name', code: db("'django.db.backends.postgresql_psycopg2'", "'db.example.com'"), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: 'a list of hosts, one remote', code: db(PG, `'localhost,${RDS}'`), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: 'MySQL without options', code: db(MY, `'${RDS}'`), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: 'MySQL ssl_mode PREFERRED', code: db(MY, `'${RDS}'`, "{'ssl_mode': 'PREFERRED'}"), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: 'MySQL ssl_mode DISABLED wins over an ssl dict', code: db(MY, `'${RDS}'`, "{'ssl_mode': 'DISABLED', 'ssl': {'ca': '/x.pem'}}"), errors: [{ messageId: 'noTls', line: 1 }] },
    { name: 'MySQL with an empty ssl dict', code: db(MY, `'${RDS}'`, "{'ssl': {}}"), errors: [{ messageId: 'noTls', line: 1 }] },
    {
      name: 'from DATABASE_URL through dj-database-url',
      code: "import dj_database_url\nDATABASES = {'default': dj_database_url.config(conn_max_age=600)}",
      env: { DATABASE_URL: `postgres://app:pw@${RDS}:5432/app` },
      errors: [{ messageId: 'noTls', line: 2 }],
    },
    {
      name: 'one finding per remote alias; the local one passes and the unknown one does not hide them',
      code: `import os\nDATABASES = {\n    'default': {'ENGINE': ${PG}, 'HOST': '${RDS}'},\n    'local': {'ENGINE': ${PG}, 'HOST': 'localhost'},\n    'replica': {'ENGINE': ${MY}, 'HOST': 'replica.example.com'},\n    'other': {'ENGINE': ${PG}, 'HOST': os.environ['OTHER_HOST']},\n}`,
      errors: [
        { messageId: 'noTls', line: 2 },
        { messageId: 'noTls', line: 2 },
      ],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': `X = 1\n${db(PG, `'${RDS}'`)}\n` },
      errors: [{ messageId: 'noTls', line: 2, file: 'mysite/base.py' }],
    },
  ],
});

describe('database-ssl-missing: messages', () => {
  it('names the alias, the host and why', () => {
    expect(runRule(rule, { code: db(PG, `'${RDS}'`) }).findings.map((f) => f.message)).toEqual([
      `DATABASES['default'] connects to ${RDS} without requiring TLS: sslmode is not set (libpq's default is 'prefer')`,
    ]);
    expect(runRule(rule, { code: db(PG, `'${RDS}'`), env: { PGSSLMODE: 'disable' } }).findings.map((f) => f.message)).toEqual([
      `DATABASES['default'] connects to ${RDS} without requiring TLS: PGSSLMODE is 'disable'`,
    ]);
    expect(runRule(rule, { code: db(MY, "'mysql.example.com'") }).findings.map((f) => f.message)).toEqual([
      "DATABASES['default'] connects to mysql.example.com without requiring TLS: no ssl or ssl_mode option (the client's default is PREFERRED)",
    ]);
  });
  it('masks string literals in a could-not-verify detail (DATABASES may hold a password)', () => {
    const outcome = runRule(rule, { code: `import sys\nDATABASES = {'default': {'ENGINE': ${PG}, 'HOST': '${RDS}', 'PASSWORD': 'hunter2-secret'}} if 'x' in sys.argv else {}` });
    expect(outcome.status).toBe('unknown');
    expect(JSON.stringify(outcome)).not.toContain('hunter2-secret');
  });
});
