/**
 * Pure parsers (text in, entries out; no I/O, no process.env) for the env-file dialects Django projects
 * use. Each follows the real library's source; the file holding each one says which version and how:
 *
 * - parseDeployEnvFile: the deployment's `--env-file` (shell / docker compose / python-dotenv common ground), ./deploy.ts
 * - parsePythonDotenv, interpolatePythonDotenv: python-dotenv (main after 1.2.2), ./python-dotenv.ts
 * - parseDjangoEnviron: django-environ 0.12 `Env.read_env`, ./django-environ.ts
 * - parseDecoupleEnv, parseDecoupleIni: python-decouple 3.8 RepositoryEnv / RepositoryIni, ./decouple.ts
 *
 * Positions: 1-based line and UTF-16 column of the key (problems: of the offending text), lines broken at
 * \n, \r\n and \r.
 */
export type { EnvEntry, EnvParseResult, EnvProblem } from './types.ts';
export { parseDeployEnvFile } from './deploy.ts';
export { interpolatePythonDotenv, parsePythonDotenv } from './python-dotenv.ts';
export { parseDjangoEnviron } from './django-environ.ts';
export { decoupleIniOptionName, parseDecoupleEnv, parseDecoupleIni } from './decouple.ts';
