import { Command, CommanderError, Option } from 'commander';
import { SecauditError, formatOrigin } from '../engine/errors.ts';
import { VERSION } from '../version.ts';
import type { CliIo } from './check.ts';
import { FORMATS } from './options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function printError(message: string, hint: string | null): void {
  process.stderr.write(`secaudit: ${message.replace(/\s*\n+/g, ' ')}\n${hint ? `hint: ${hint}\n` : ''}`);
}

/** How to reach the live sites: shared by `probe` and `check --url`. */
function liveOptions(command: Command): Command {
  return command
    .option('--resolve <host:port:addr>', "connect to ADDR for HOST:PORT, keeping the host name for SNI, Host and the certificate (as curl's --resolve); repeatable", collect)
    .option('--ca <file>', 'trust the CA certificates in this PEM file instead of the bundled roots (as curl --cacert)')
    .option('--timeout <seconds>', 'limit for each network step (default: 10)')
    .option('--http-port <port>', 'port of the plain-HTTP site (default: 80, or the URL\'s)')
    .option('--https-port <port>', 'port of the HTTPS site (default: 443, or the URL\'s)')
    .option('--cert-warn-days <days>', 'report a certificate that expires within this many days (default: 30)');
}

/** Output, failure threshold and configuration: shared by `check` and `probe`. */
function outputOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'output format (default: text)').choices(FORMATS))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--report <format=file>', 'also write a report in another format, e.g. sarif=secaudit.sarif; repeatable', collect)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding reaches this severity (default: warning)').choices(['error', 'warning', 'info', 'never']))
    .option('--config <file>', 'configuration file (default: secaudit.config.json or [tool.secaudit] in pyproject.toml, from the project up to the repository root)')
    .option('--no-config', 'ignore configuration files')
    .option('--sarif-category <name>', 'SARIF automationDetails category, to upload several analyses of one repository')
    .option('--include-suppressed', 'list suppressed findings in SARIF, with their justification')
    .option('--no-step-summary', 'do not append a Markdown summary to $GITHUB_STEP_SUMMARY')
    .option('-v, --verbose', 'also show checks that could not be verified, skipped rules, notes and timings')
    .option('-q, --quiet', 'only show findings that reach --fail-on')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)');
}

/** What the launcher provides: bin/secaudit.cjs runs the bundle through vm, where import() needs a host hook. */
export interface Hooks {
  readonly importModule: (url: string) => Promise<unknown>;
}

function buildProgram(setExit: (code: number) => void, hooks: Hooks): Command {
  const program = new Command('secaudit')
    .description('Deployment-readiness auditor for Django projects')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: () => undefined, writeOut: (s) => process.stdout.write(s) });

  const check = program
    .command('check')
    .description("read a Django project's settings statically and report what Django's check --deploy would, and more")
    .argument('[project]', 'project directory (the one with manage.py)')
    .option('--deploy', 'run the deployment checks (as manage.py check --deploy)')
    .option('--settings <module>', 'settings module, e.g. config.settings.production (default: as manage.py sets it)')
    .option('--settings-file <file>', 'settings from a JSON, TS/JS or .env file, layered over the settings module; repeatable, later files win', collect)
    .option('--env-file <file>', 'variables the deployment exports (KEY=value lines); repeatable, later files win', collect)
    .option('--env <KEY=VALUE>', 'one exported variable; repeatable, wins over --env-file', collect)
    .option('--inherit-env', "also use this process's environment (off by default: CI runners carry unrelated variables)")
    .option('--url <url>', 'also probe this live site and compare it with the settings; repeatable', collect);
  liveOptions(check);
  outputOptions(check)
    .option('--baseline <file>', 'report only findings that are not in this baseline')
    .option('--write-baseline <file>', 'record the current findings as the baseline (and apply it)')
    .option('--rules <dir>', 'also run the rule modules (.js/.mjs) in this directory')
    .option('--django-version <major.minor>', "apply this Django release's checks (default: the newest)")
    .action(async (project: string | undefined, opts: Record<string, unknown>) => {
      const { runCheckCommand } = await import('./check.ts');
      setExit(await runCheckCommand('check', project, opts, hooks, processIo()));
    });

  const probe = program
    .command('probe')
    .description('audit live sites over HTTP and TLS: redirects, HSTS, security headers, cookies, certificate, protocols, Django debug pages')
    .argument('[url...]', 'https://host[:port]/, http://host[:port]/ or a bare host name (default: the configuration\'s urls)');
  liveOptions(probe);
  outputOptions(probe).action(async (urls: string[], opts: Record<string, unknown>) => {
    const { runCheckCommand } = await import('./check.ts');
    setExit(await runCheckCommand('probe', urls, opts, hooks, processIo()));
  });

  program
    .command('rules')
    .description('list the built-in rules')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }) => {
      const { listRules } = await import('./rules.ts');
      process.stdout.write(listRules(opts.format));
    });

  program
    .command('explain')
    .description('show the documentation of a rule, by rule id or Django check id')
    .argument('<id>', 'e.g. ssl-redirect-disabled or security.W008')
    .action(async (id: string) => {
      const { explainRule } = await import('./rules.ts');
      process.stdout.write(explainRule(id));
    });
  return program;
}

function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    now: new Date(),
    write: (text) => process.stdout.write(text),
    note: (text) => process.stderr.write(`${text}\n`),
  };
}

/** The CLI. The only place that sets the exit code: 0 clean, 1 findings reached --fail-on, 2 could not audit. */
export async function main(argv: readonly string[], hooks: Hooks): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  }, hooks);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      printError(e.message.replace(/^error: /, ''), 'run secaudit --help for usage');
      return 2;
    }
    if (e instanceof SecauditError) {
      printError(e.origin ? `${formatOrigin(e.origin)}: ${e.message}` : e.message, e.hint);
      return 2;
    }
    process.stderr.write(`secaudit ${VERSION} hit an internal error, please report it:\n${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 2;
  }
}

/** Runs the CLI on this process's arguments and sets the exit code. */
export function run(hooks: Hooks): void {
  // `secaudit ... | head` closes the pipe early: stop quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  // Exit once the output is written: a DNS lookup the probe abandoned at its timeout must not keep the process alive.
  const exit = (code: number) => {
    process.exitCode = code;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  };
  main(process.argv.slice(2), hooks).then(exit, (e: unknown) => {
    process.stderr.write(`secaudit ${VERSION} hit an internal error, please report it:\n${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    exit(2);
  });
}

// `node dist/cli.cjs ...` runs directly; bin/secaudit.cjs calls run() itself.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  run({ importModule: (url) => import(url) });
}
