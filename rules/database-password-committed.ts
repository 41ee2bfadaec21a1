import { type Emit, type RuleContext, defineRule } from '../src/engine/rule.ts';
import { type Settings, type Unknown, isUnknown, knownValue, maskLiterals, unknownFor } from '../src/engine/settings.ts';
import type { Origin } from '../src/engine/types.ts';
import { type Value, pyLen, unresolved } from '../src/engine/values.ts';
import { DEPLOY_CHECKLIST, DOCS } from './_shared.ts';

const messages = {
  literal: { text: "DATABASES['{{alias}}'] has its PASSWORD in the settings ({{length}} characters)" },
  defaultInUse: { text: "DATABASES['{{alias}}'] PASSWORD is the committed default: {{envVar}} is not set" },
  fallback: { text: "DATABASES['{{alias}}'] PASSWORD falls back to a literal if {{envVar}} is unset", severity: 'info' },
} as const;

type Found = Emit<typeof messages>;

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The PASSWORD of one alias in a DATABASES value, when it can be read. */
function passwordIn(databases: Value | undefined, alias: string): Value | undefined {
  if (databases?.t !== 'dict') return undefined;
  const cfg = databases.entries.get(`s:${alias}`)?.value;
  return cfg?.t === 'dict' ? cfg.entries.get('s:PASSWORD')?.value : undefined;
}

function databasesOf(settings: Settings | null): Value | undefined {
  const entry = settings?.get('DATABASES');
  if (!entry) return undefined;
  const v = knownValue(entry);
  return isUnknown(v) ? undefined : v;
}

/** Whether some environment variable holds the password (as is, or percent-encoded inside a URL). */
function inEnvironment(ctx: RuleContext, password: string): boolean {
  for (const variable of ctx.environment.values()) {
    const text = variable.value;
    if (text === null) continue;
    if (text.includes(password)) return true;
    try {
      if (decodeURIComponent(text).includes(password)) return true;
    } catch {
      // Not valid percent-encoding: the raw text was already searched.
    }
  }
  return false;
}

/**
 * A password without provenance is committed when it survives removing every variable the deployment exports
 * (so no exported value produced it) and no variable of the environment holds it (so no .env file the settings
 * load produced it, e.g. through dj_database_url, which does not carry provenance).
 */
function committedLiteral(ctx: RuleContext, alias: string, password: string): boolean | Unknown {
  const reads = [...ctx.project.envReads.keys()];
  if (reads.length > 0) {
    const without = ctx.project.settingsWithout(reads);
    if (without === null) return unknownFor('DATABASES', unresolved('the settings could not be evaluated without the deployment environment', '', null));
    const again = passwordIn(databasesOf(without), alias);
    if (again?.t !== 'str' || again.v !== password) return false;
  }
  return !inEnvironment(ctx, password);
}

/** DATABASES is not a secret setting for the engine, but its source text may hold a password: mask it. */
function masked(u: Unknown): Unknown {
  return { outcome: 'unknown', detail: { ...u.detail, reason: maskLiterals(u.detail.reason), expr: maskLiterals(u.detail.expr) } };
}

function check(ctx: RuleContext): readonly Found[] | Unknown {
  const result = findPasswords(ctx);
  return isUnknown(result) ? masked(result) : result;
}

function findPasswords(ctx: RuleContext): readonly Found[] | Unknown {
  const entry = ctx.settings.get('DATABASES');
  if (!entry) return [];
  const databases = knownValue(entry);
  if (isUnknown(databases)) return databases;
  if (databases.t !== 'dict') return unknownFor(entry.name, unresolved(`DATABASES is a ${databases.t}, not a dict`, '', entry.origin));
  const findings: Found[] = [];
  let unclear: Unknown | null = databases.partial ? unknownFor(entry.name, databases.partial, entry.origin) : null;
  for (const { key, value: cfg } of databases.entries.values()) {
    const alias = key.t === 'str' ? key.v : String(key.t);
    if (cfg.t === 'unresolved') {
      unclear ??= unknownFor(entry.name, cfg, entry.origin);
      continue;
    }
    if (cfg.t === 'object') unclear ??= unknownFor(entry.name, unresolved(`DATABASES['${alias}'] is a ${cfg.type} that is not evaluated`, '', entry.origin));
    if (cfg.t !== 'dict') continue;
    const password = cfg.entries.get('s:PASSWORD')?.value;
    if (password === undefined) {
      if (cfg.partial) unclear ??= unknownFor(entry.name, cfg.partial, entry.origin);
      continue;
    }
    if (password.t === 'unresolved') {
      // A required environment variable the deployment did not pass: whatever it holds, it is not in the settings.
      // The loader marks that case with `requiredEnv` (older loaders only in the reason, at the read's site); a value
      // that depends on a condition about such a variable is not marked and stays unknown.
      const at = password.at;
      const required = (password as { readonly requiredEnv?: string }).requiredEnv;
      const fromEnv =
        required !== undefined ||
        (at !== null &&
          [...ctx.project.envReads].some(([name, sites]) => password.reason.startsWith(`environment variable ${name} is not set`) && sites.some((o) => sameOrigin(o, at))));
      if (!fromEnv) unclear ??= unknownFor(entry.name, password, entry.origin);
      continue;
    }
    if (password.t === 'object') unclear ??= unknownFor(entry.name, unresolved(`DATABASES['${alias}'] PASSWORD is a ${password.type} that is not evaluated`, '', entry.origin));
    if (password.t !== 'str' || password.v === '') continue;
    const src = password.src;
    if (src?.defaulted) {
      findings.push({ messageId: 'defaultInUse', at: entry, data: { alias, envVar: src.envVar } });
      continue;
    }
    if (src) {
      // Read from the environment: report a committed literal the read would fall back to.
      const fallback = passwordIn(databasesOf(ctx.project.settingsWithout([src.envVar])), alias);
      if (fallback?.t === 'str' && fallback.v !== '' && fallback.src?.defaulted && fallback.src.envVar === src.envVar) {
        findings.push({ messageId: 'fallback', at: entry, data: { alias, envVar: src.envVar } });
      }
      continue;
    }
    const committed = committedLiteral(ctx, alias, password.v);
    if (isUnknown(committed)) unclear ??= committed;
    else if (committed) findings.push({ messageId: 'literal', at: entry, data: { alias, length: pyLen(password.v) } });
  }
  if (findings.length === 0 && unclear) return unclear;
  return findings;
}

export default defineRule({
  id: 'database-password-committed',
  title: 'Database passwords are not committed to the repository',
  kind: 'settings',
  severity: 'error',
  tags: ['deploy', 'secrets', 'database'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Checks every DATABASES entry's PASSWORD: it must not be a non-empty literal written in a settings file, nor the literal default of an environment read the deployment does not set (`os.environ.get('DB_PASSWORD', 'hunter2')`, a default database URL for dj-database-url or django-environ's env.db()). A password read from an exported variable, or from a .env file the settings load, passes; when that read falls back to a literal if the variable is missing, an info finding says so. A password that came through a helper that drops provenance (dj_database_url.parse of a variable) is recognised by evaluating the settings again without the deployment's variables. The password is never printed: findings give its length and the DATABASES statement.",
    why: 'A password in the repository is readable by everyone with access to the code, its forks, CI logs and backups, forever: rotating it means rewriting history. Database credentials give direct access to all the data, bypassing every check the application makes.',
    severity: 'Error: the credential is disclosed to anyone who can read the repository. A fallback that is only used when a variable is missing is info: the deployment does not use it today.',
    bad: { settings: "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'HOST': 'db.internal.example.com',\n        'PASSWORD': 'Tr0ub4dor&3',\n    }\n}\n" },
    good: {
      settings: "import os\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'HOST': 'db.internal.example.com',\n        'PASSWORD': os.environ['DB_PASSWORD'],\n    }\n}\n",
      env: { DB_PASSWORD: 'from-the-secret-store' },
    },
    fix: 'Read the password (or the whole DATABASE_URL) from the environment without a default, rotate the password that was committed, and purge it from the history if the repository is shared.',
  },
  messages,
  hint: "Read the password from the environment (os.environ['DB_PASSWORD']) without a literal default, and rotate it.",
  references: [`${DOCS}/ref/settings/#password`, DEPLOY_CHECKLIST, 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/798.html'],
  since: '0.1.0',
  check,
});

