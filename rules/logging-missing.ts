import { type Emit, type RuleContext, defineRule } from '../src/engine/rule.ts';
import { type SettingEntry, type Unknown, isTruthy, isUnknown, knownValue, maskLiterals, unknownFor } from '../src/engine/settings.ts';
import { type DictValue, NONE, type Unresolved, type Value, int, list, pyEquals, str, truthy, unresolved } from '../src/engine/values.ts';
import { DOCS } from './_shared.ts';

/** logging's level names (`logging._nameToLevel`); dictConfig matches them case-sensitively. */
const LEVELS: ReadonlyMap<string, number> = new Map([
  ['CRITICAL', 50],
  ['FATAL', 50],
  ['ERROR', 40],
  ['WARN', 30],
  ['WARNING', 30],
  ['INFO', 20],
  ['DEBUG', 10],
  ['NOTSET', 0],
]);
const ERROR = 40;
const REQUEST = 'django.request';
const NULL_HANDLER = 'logging.NullHandler';
const ADMIN_EMAIL_HANDLER = 'django.utils.log.AdminEmailHandler';
const DICT_CONFIG = 'logging.config.dictConfig';

type FilterEffect = 'pass' | 'drop';
/** What a handler does with an ERROR record that reaches it (DEBUG off). */
type Sink = 'records' | 'email' | 'nothing' | 'unknown';
interface Handler {
  readonly sink: Sink;
  readonly level: number;
  readonly filters: readonly FilterEffect[];
}
interface LoggerState {
  level: number;
  handlers: readonly Handler[];
  propagate: boolean;
  disabled: boolean;
  filters: readonly FilterEffect[];
}

/** A LOGGING part that cannot be evaluated; the simulation stops and the rule reports "could not verify". */
class Unclear {
  constructor(readonly value: Unresolved) {}
}

function fail(reason: string, at: SettingEntry['origin']): never {
  throw new Unclear(unresolved(reason, '', at));
}

function need(v: Value | undefined, at: SettingEntry['origin']): Value | undefined {
  if (v?.t === 'unresolved') throw new Unclear(v);
  if (v?.t === 'object') fail(`LOGGING holds a ${v.type} that is not evaluated`, at);
  return v;
}

function dictIn(d: DictValue, key: string, at: SettingEntry['origin']): DictValue | null {
  const v = need(d.entries.get(`s:${key}`)?.value, at);
  if (v === undefined) {
    if (d.partial) throw new Unclear(d.partial);
    return null;
  }
  if (v.t === 'none') return null;
  if (v.t !== 'dict') fail(`LOGGING['${key}'] is a ${v.t}, not a dict`, at);
  return v;
}

function levelOf(v: Value, at: SettingEntry['origin']): number {
  if (v.t === 'int') return v.v;
  if (v.t === 'bool') return v.v ? 1 : 0;
  if (v.t === 'str') {
    const n = LEVELS.get(v.v);
    // dictConfig raises ValueError("Unknown level"), and Django does not start.
    return n ?? fail(`'${v.v}' is not a logging level name (they are upper case)`, at);
  }
  return fail(`a logging level is a ${v.t}`, at);
}

/**
 * What ends up handling an ERROR record logged on django.request in production, following Django's
 * configure_logging (DEFAULT_LOGGING first, then LOGGING through dictConfig) and CPython's logging.config rules.
 */
class Simulation {
  readonly loggers = new Map<string, LoggerState>();
  private readonly handlerDefs: DictValue | null;
  private readonly filterDefs: DictValue | null;

  constructor(
    private readonly config: DictValue | null,
    private readonly at: SettingEntry['origin'],
  ) {
    // django/utils/log.py DEFAULT_LOGGING, with DEBUG off: 'console' has require_debug_true, 'mail_admins' require_debug_false.
    const console: Handler = { sink: 'records', level: 20, filters: ['drop'] };
    const mailAdmins: Handler = { sink: 'email', level: ERROR, filters: ['pass'] };
    this.loggers.set('root', { level: 30, handlers: [], propagate: true, disabled: false, filters: [] });
    this.loggers.set('django', { level: 20, handlers: [console, mailAdmins], propagate: true, disabled: false, filters: [] });
    this.loggers.set(REQUEST, { level: 0, handlers: [], propagate: true, disabled: false, filters: [] });
    this.handlerDefs = config ? dictIn(config, 'handlers', at) : null;
    this.filterDefs = config ? dictIn(config, 'filters', at) : null;
  }

  private filter(name: Value): FilterEffect {
    if (name.t !== 'str') fail(`a filter reference is a ${name.t}`, this.at);
    const def = need(this.filterDefs?.entries.get(`s:${name.v}`)?.value, this.at);
    if (def === undefined) {
      if (this.filterDefs?.partial) throw new Unclear(this.filterDefs.partial);
      return fail(`filter '${name.v}' is not defined in LOGGING['filters'] (dictConfig raises ValueError)`, this.at);
    }
    if (def.t !== 'dict') return fail(`filter '${name.v}' is a ${def.t}`, this.at);
    const factory = need(def.entries.get('s:()')?.value, this.at);
    if (factory === undefined) {
      // logging.Filter(name): passes records of that logger and its children.
      const n = need(def.entries.get('s:name')?.value, this.at) ?? str('');
      if (n.t !== 'str') return fail(`filter '${name.v}' has a name that is a ${n.t}`, this.at);
      return n.v === '' || n.v === REQUEST || REQUEST.startsWith(`${n.v}.`) ? 'pass' : 'drop';
    }
    if (factory.t === 'str' && factory.v === 'django.utils.log.RequireDebugFalse') return 'pass';
    if (factory.t === 'str' && factory.v === 'django.utils.log.RequireDebugTrue') return 'drop';
    return fail(`filter '${name.v}' is ${factory.t === 'str' ? factory.v : 'a callable'}, which is not evaluated`, this.at);
  }

  private filters(v: Value | undefined): FilterEffect[] {
    const value = need(v, this.at);
    if (value === undefined || value.t === 'none') return [];
    if (value.t !== 'list' && value.t !== 'tuple') return fail(`a filters list is a ${value.t}`, this.at);
    if (value.partial) throw new Unclear(value.partial);
    return value.items.map((f) => this.filter(need(f, this.at) ?? NONE));
  }

  private handler(name: Value): Handler {
    if (name.t !== 'str') fail(`a handler reference is a ${name.t}`, this.at);
    try {
      const def = need(this.handlerDefs?.entries.get(`s:${name.v}`)?.value, this.at);
      if (def === undefined) {
        if (this.handlerDefs?.partial) throw new Unclear(this.handlerDefs.partial);
        return fail(`handler '${name.v}' is not defined in LOGGING['handlers'] (dictConfig raises ValueError)`, this.at);
      }
      if (def.t !== 'dict') return fail(`handler '${name.v}' is a ${def.t}`, this.at);
      const cls = need(def.entries.get('s:class')?.value, this.at);
      const factory = need(def.entries.get('s:()')?.value, this.at);
      let sink: Sink;
      if (cls?.t === 'str') sink = cls.v === NULL_HANDLER ? 'nothing' : cls.v === ADMIN_EMAIL_HANDLER ? 'email' : 'records';
      else if (factory !== undefined) sink = 'records';
      else return fail(`handler '${name.v}' has no class`, this.at);
      const level = need(def.entries.get('s:level')?.value, this.at);
      return { sink, level: level === undefined || level.t === 'none' ? 0 : levelOf(level, this.at), filters: this.filters(def.entries.get('s:filters')?.value) };
    } catch (e) {
      // A handler that cannot be evaluated is an unknown sink: it matters only when nothing else records.
      if (e instanceof Unclear) return { sink: 'unknown', level: 0, filters: [] };
      throw e;
    }
  }

  private configure(state: LoggerState, cfg: Value, named: boolean): void {
    if (cfg.t !== 'dict') fail(`a logger configuration is a ${cfg.t}`, this.at);
    const level = need(cfg.entries.get('s:level')?.value, this.at);
    if (level !== undefined && level.t !== 'none') state.level = levelOf(level, this.at);
    const handlers = need(cfg.entries.get('s:handlers')?.value, this.at);
    if (handlers !== undefined && handlers.t !== 'none' && handlers.t !== 'list' && handlers.t !== 'tuple') fail(`a handlers list is a ${handlers.t}`, this.at);
    if (handlers && (handlers.t === 'list' || handlers.t === 'tuple') && handlers.partial) throw new Unclear(handlers.partial);
    state.handlers = handlers && (handlers.t === 'list' || handlers.t === 'tuple') ? handlers.items.map((h) => this.handler(need(h, this.at) ?? NONE)) : [];
    state.filters = [...state.filters, ...this.filters(cfg.entries.get('s:filters')?.value)];
    if (named) {
      state.disabled = false;
      const propagate = need(cfg.entries.get('s:propagate')?.value, this.at);
      if (propagate !== undefined && propagate.t !== 'none') state.propagate = truthy(propagate) ?? fail('propagate could not be evaluated', this.at);
    }
    if (cfg.partial) throw new Unclear(cfg.partial);
  }

  /** Applies LOGGING the way logging.config.dictConfig does (non-incremental). */
  apply(): void {
    const config = this.config;
    if (!config) return;
    // A key that is missing from a dict with unknown parts may be among them.
    const key = (name: string): Value | undefined => {
      const v = need(config.entries.get(`s:${name}`)?.value, this.at);
      if (v === undefined && config.partial) throw new Unclear(config.partial);
      return v;
    };
    const version = key('version');
    if (version === undefined || pyEquals(version, int(1)) !== true) fail("LOGGING has no 'version': 1, so dictConfig raises ValueError and Django does not start", this.at);
    const incremental = key('incremental');
    if (incremental !== undefined && truthy(incremental) !== false) fail('incremental LOGGING configurations are not evaluated', this.at);
    const loggers = dictIn(config, 'loggers', this.at);
    const named = (name: string): Value | undefined => {
      const v = loggers?.entries.get(`s:${name}`)?.value;
      if (v === undefined && loggers?.partial) throw new Unclear(loggers.partial);
      return v;
    };
    const django = named('django');
    const request = named(REQUEST);
    const rootByName = named('') ?? named('root');
    // dictConfig's default is True, which disables every existing logger LOGGING does not name.
    const disable = (): boolean => {
      const v = key('disable_existing_loggers');
      return v === undefined ? true : (truthy(v) ?? fail('disable_existing_loggers could not be evaluated', this.at));
    };
    const djangoState = this.loggers.get('django') as LoggerState;
    const requestState = this.loggers.get(REQUEST) as LoggerState;
    const rootState = this.loggers.get('root') as LoggerState;
    if (django !== undefined) this.configure(djangoState, django, true);
    else djangoState.disabled = disable();
    if (request !== undefined) this.configure(requestState, request, true);
    // Existing children of a configured logger are reset, not disabled (logging.config._handle_existing_loggers).
    else if (django !== undefined) Object.assign(requestState, { level: 0, handlers: [], propagate: true });
    else requestState.disabled = disable();
    if (rootByName !== undefined) this.configure(rootState, rootByName, false);
    const root = key('root');
    if (root !== undefined && truthy(root)) this.configure(rootState, root, false);
  }
}

type Outcome = { readonly logged: true } | { readonly logged: false; readonly email: boolean; readonly why: string } | Unknown;

/** Follows one ERROR record from django.request (Logger.handle and callHandlers). */
function follow(sim: Simulation, setting: SettingEntry): Outcome {
  const chain = [REQUEST, 'django', 'root'].map((n) => sim.loggers.get(n) as LoggerState);
  const [request] = chain as [LoggerState];
  if (request.disabled) return { logged: false, email: false, why: 'disable_existing_loggers disables django.request' };
  const level = chain.find((l) => l.level !== 0)?.level ?? 0;
  if (level > ERROR) return { logged: false, email: false, why: `the effective level of django.request is ${level}` };
  if (request.filters.includes('drop')) return { logged: false, email: false, why: 'a filter on django.request drops them' };
  let found = 0;
  const sinks = new Set<Sink>();
  for (const logger of chain) {
    for (const h of logger.handlers) {
      found++;
      if (h.sink === 'unknown') sinks.add('unknown');
      else if (ERROR >= h.level && !h.filters.includes('drop')) sinks.add(h.sink);
    }
    if (!logger.propagate) break;
  }
  // No handler anywhere on the way: logging.lastResort writes WARNING and above to stderr.
  if (found === 0 || sinks.has('records')) return { logged: true };
  if (sinks.has('unknown')) return unknownFor(setting.name, unresolved('a LOGGING handler on the way of django.request could not be evaluated', '', setting.origin));
  if (sinks.has('email')) return { logged: false, email: true, why: '' };
  return { logged: false, email: false, why: 'no handler on django.request, django or root takes them' };
}

const messages = {
  notLogged: { text: 'server errors (django.request) are not logged: {{why}}' },
  emailOnly: { text: 'server errors (django.request) are only emailed to ADMINS: {{why}}' },
} as const;

function assess(ctx: RuleContext): readonly Emit<typeof messages>[] | Unknown {
  const configFn = ctx.settings.get('LOGGING_CONFIG');
  if (configFn) {
    const fn = knownValue(configFn);
    if (isUnknown(fn)) return fn;
    if (!(fn.t === 'str' && fn.v === DICT_CONFIG)) {
      const what = fn.t === 'none' ? 'None: the project configures logging itself' : `${fn.t === 'str' ? fn.v : `a ${fn.t}`}, a logging configurator of its own`;
      return unknownFor('LOGGING_CONFIG', unresolved(`LOGGING_CONFIG is ${what}, which is not evaluated`, 'LOGGING_CONFIG', configFn.origin));
    }
  }
  const entry = ctx.settings.get('LOGGING') ?? { name: 'LOGGING', value: NONE, origin: null, overridden: [] };
  const value = knownValue(entry);
  if (isUnknown(value)) return value;
  const applied = truthy(value);
  if (applied === null) return unknownFor(entry.name, value, entry.origin);
  if (applied && value.t !== 'dict') return unknownFor(entry.name, unresolved(`LOGGING is a ${value.t}, not a dict`, '', entry.origin));
  let outcome: Outcome;
  try {
    const sim = new Simulation(applied ? (value as DictValue) : null, entry.origin);
    sim.apply();
    outcome = follow(sim, entry);
  } catch (e) {
    if (e instanceof Unclear) return unknownFor(entry.name, e.value, entry.origin);
    throw e;
  }
  if (isUnknown(outcome) || outcome.logged) return isUnknown(outcome) ? outcome : [];
  const config = entry.origin === null ? 'LOGGING is not set' : applied ? 'no LOGGING handler takes them' : 'LOGGING is empty';
  if (outcome.email) {
    const adminsEntry = ctx.settings.get('ADMINS') ?? { name: 'ADMINS', value: list([]), origin: null, overridden: [] };
    const admins = isTruthy(adminsEntry);
    // With ADMINS unknown the record still goes nowhere but mail_admins: the email message holds either way.
    if (admins === false) return [{ messageId: 'notLogged', at: entry, data: { why: applied ? 'only mail_admins takes them, and ADMINS is empty' : `${config} and ADMINS is empty` } }];
    return [{ messageId: 'emailOnly', at: entry, data: { why: config } }];
  }
  return [{ messageId: 'notLogged', at: entry, data: { why: outcome.why } }];
}

export default defineRule({
  id: 'logging-missing',
  title: 'Server errors are written to a log (LOGGING)',
  kind: 'settings',
  severity: 'info',
  tags: ['deploy', 'logging', 'monitoring'],
  django: [],
  deployOnly: true,
  docs: {
    what: "Follows an ERROR record from the django.request logger (where Django logs every unhandled exception and 5xx response) through Django's logging setup with DEBUG off: DEFAULT_LOGGING from django/utils/log.py first, then LOGGING applied with logging.config.dictConfig, honouring disable_existing_loggers (True when the key is missing, which disables Django's loggers unless LOGGING names them), logger and handler levels, propagate, the RequireDebugFalse/RequireDebugTrue and name filters, and Python's last-resort stderr handler. It passes when a handler other than NullHandler and AdminEmailHandler takes the record. With LOGGING unset, Django's default only emails errors to ADMINS; that is reported as email-only (or as not logged when ADMINS is empty). A custom LOGGING_CONFIG, custom filters and unknown values are reported as not verifiable; any other handler class counts as writing a log.",
    why: 'With DEBUG off, a 500 shows the visitor a bare error page and the traceback goes wherever logging sends it. Without a handler that writes to stderr, a file or a log service, production errors leave no trace: failures and attacks go unnoticed, and there is nothing to investigate afterwards. Email to ADMINS is easy to lose, rate-limited and fails silently when mail is misconfigured.',
    severity: 'Info: it is an operations gap, not a vulnerability, and the web server or a monitoring SDK (such as Sentry) may capture errors in ways the settings do not show.',
    bad: { settings: "LOGGING = {\n    'version': 1,\n    'handlers': {'console': {'class': 'logging.StreamHandler'}},\n    'root': {'handlers': ['console'], 'level': 'WARNING'},\n}\n" },
    good: {
      settings: "LOGGING = {\n    'version': 1,\n    'disable_existing_loggers': False,\n    'handlers': {'console': {'class': 'logging.StreamHandler'}},\n    'root': {'handlers': ['console'], 'level': 'WARNING'},\n}\n",
    },
    fix: "Set 'disable_existing_loggers': False and give the root logger (or 'django') a StreamHandler; the container runtime or process manager collects stderr.",
  },
  messages,
  hint: "Add a LOGGING dict with a StreamHandler on the root logger and 'disable_existing_loggers': False.",
  references: [`${DOCS}/topics/logging/`, `${DOCS}/ref/logging/#default-logging-configuration`, `${DOCS}/howto/logging/`, 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html'],
  since: '0.1.0',
  check(ctx) {
    const result = assess(ctx);
    // LOGGING handlers often carry a log service's token: never show its source text unmasked.
    return isUnknown(result) ? { outcome: 'unknown', detail: { ...result.detail, expr: maskLiterals(result.detail.expr) } } : result;
  },
});
