import type { SyntaxNode } from '@lezer/common';
import { posix } from 'node:path';
import type { AppServer, AppServerBind } from '../../engine/facts.ts';
import { LoadError } from '../../engine/errors.ts';
import type { Origin } from '../../engine/types.ts';
import { type Value, findUnresolved, typeName } from '../../engine/values.ts';
import { FsError, type ProjectFs } from '../fs.ts';
import { Interpreter } from '../python/interpreter.ts';
import { lineStartsOf } from '../python/parse.ts';
import { EnvStore } from '../python/scope.ts';
import { decodeStringToken } from '../python/strings.ts';
import { childrenOf } from '../python/syntax.ts';
import { jsonPositions, pathKey } from './positions.ts';
import type { FileProblem } from './requirements.ts';
import { type ShellWord, splitShell } from './shell.ts';

// ---------------------------------------------------------------------------------------------------------------
// Addresses

/** Where an address listens, and why we say so. */
export interface HostClass {
  readonly host: string | null;
  readonly public: boolean | null;
  readonly reason: string;
}

function isIPv4(h: string): boolean {
  const parts = h.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Classifies the host an app server binds to. */
export function classifyHost(raw: string | null): HostClass {
  if (raw === null) return { host: null, public: null, reason: 'the address is not known' };
  if (raw.includes('$') || raw.includes('`')) return { host: null, public: null, reason: `the host comes from a variable (${raw})` };
  const h = raw.toLowerCase();
  if (h === '' || h === '0.0.0.0') return { host: '0.0.0.0', public: true, reason: `${h === '' ? 'an empty host' : '0.0.0.0'} listens on every IPv4 interface` };
  if (h === '::' || h === '0:0:0:0:0:0:0:0') return { host: '::', public: true, reason: ':: listens on every interface' };
  if (h === 'localhost') return { host: 'localhost', public: false, reason: 'localhost is the loopback interface' };
  if (isIPv4(h)) {
    if (h.startsWith('127.')) return { host: h, public: false, reason: `${h} is a loopback address` };
    return { host: h, public: true, reason: `${h} is a non-loopback address: reachable from its network` };
  }
  if (h.includes(':')) {
    if (h === '::1' || /^::ffff:127\./.test(h)) return { host: h, public: false, reason: `${h} is a loopback address` };
    return { host: h, public: true, reason: `${h} is a non-loopback address: reachable from its network` };
  }
  return { host: h, public: null, reason: `${h} is a host name: the interface depends on what it resolves to` };
}

export interface ParsedAddress {
  readonly kind: 'tcp' | 'unix' | 'fd';
  readonly host: string | null;
  readonly port: number | null;
  /** The port as written when it is not a number (`$PORT`). */
  readonly portText: string | null;
}

function portOf(text: string): { port: number | null; portText: string | null } {
  return /^\d+$/.test(text) ? { port: Number(text), portText: null } : { port: null, portText: text };
}

/** gunicorn's `util.parse_address`: `unix:PATH`, `fd://N`, `[v6]:port`, `host:port`, `host` (port 8000), '' (0.0.0.0). */
export function parseGunicornAddress(value: string): ParsedAddress {
  if (/^unix:/.test(value)) return { kind: 'unix', host: null, port: null, portText: null };
  if (value.startsWith('fd://')) return { kind: 'fd', host: null, port: null, portText: null };
  const netloc = value.startsWith('tcp://') ? value.slice(6) : value;
  if (netloc.includes('[') && netloc.includes(']')) {
    const host = netloc.split(']')[0]?.slice(1) ?? '';
    const port = netloc.split(']:')[1] ?? '8000';
    return { kind: 'tcp', host, ...portOf(port) };
  }
  if (netloc.includes(':')) {
    const [host = '', port = '8000'] = netloc.split(':');
    return { kind: 'tcp', host, ...portOf(port) };
  }
  return { kind: 'tcp', host: netloc === '' ? '0.0.0.0' : netloc, port: 8000, portText: null };
}

/** Django's runserver `addrport`: `8000`, `0:8000` (0 is 0.0.0.0), `host:port`, `[v6]:port`. */
export function parseRunserverAddress(value: string, ipv6: boolean): ParsedAddress {
  const defaultHost = ipv6 ? '::1' : '127.0.0.1';
  if (/^\d+$/.test(value)) return { kind: 'tcp', host: defaultHost, port: Number(value), portText: null };
  if (value.startsWith('[')) {
    const host = value.slice(1, value.indexOf(']'));
    return { kind: 'tcp', host, ...portOf(value.slice(value.indexOf(']') + 2)) };
  }
  const colon = value.lastIndexOf(':');
  const host = colon < 0 ? value : value.slice(0, colon);
  return { kind: 'tcp', host: host === '0' ? '0.0.0.0' : host, ...(colon < 0 ? { port: 8000, portText: null } : portOf(value.slice(colon + 1))) };
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

/** A word of a command with its position in the project. */
export interface ArgWord {
  readonly text: string;
  readonly at: Origin;
  /** A shell would expand it (`$PORT`); false for exec-form arguments, which reach the program verbatim. */
  readonly expands: boolean;
  /** No shell runs this command (Dockerfile exec form): `$PORT` reaches the program as literal text. */
  readonly literal: boolean;
}

/** gunicorn's `-c FILE`, as written. */
export interface ConfigArg {
  readonly path: string;
  readonly at: Origin;
}

/** An app server started by a command, with the arguments that decide where it listens. */
export interface Invocation {
  readonly server: AppServer;
  readonly source: 'procfile' | 'dockerfile';
  /** gunicorn `-b`; uvicorn/daphne host and port combined; runserver's addrport. */
  readonly binds: readonly { readonly kind: 'tcp' | 'unix' | 'fd' | 'endpoint'; readonly address: string; readonly parsed: ParsedAddress | null; readonly at: Origin; readonly literal: boolean }[];
  /** gunicorn `-c`. */
  readonly config: ConfigArg | null;
  /** `NAME=value` words before the command. */
  readonly assignments: ReadonlyMap<string, string>;
  readonly command: string;
  readonly at: Origin;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
const SERVERS = new Set(['gunicorn', 'uvicorn', 'daphne']);

function base(word: string): string {
  return word.split('/').pop() ?? word;
}

function isPython(word: string): boolean {
  return /^python(\d+(\.\d+)?)?$/.test(base(word));
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 160 ? `${one.slice(0, 159)}…` : one;
}

/** Skips wrappers (`exec`, `poetry run`, `newrelic-admin run-program`, an entrypoint script, ...) up to the program that serves. */
function skipWrappers(words: readonly ArgWord[], start: number, assignments: Map<string, string>): number {
  let k = start;
  const skipOptions = () => {
    while (k < words.length && words[k]!.text.startsWith('-') && words[k]!.text !== '-m') k++;
  };
  for (let guard = 0; guard < 20 && k < words.length; guard++) {
    const w = words[k]!.text;
    const b = base(w);
    const eq = w.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.slice(0, eq))) {
      assignments.set(w.slice(0, eq), w.slice(eq + 1));
      k++;
    } else if (['exec', 'nohup', 'time', 'command', 'env', 'tini', 'dumb-init', 'ddtrace-run', 'chronic', 'start-nginx', 'start-nginx-solo', 'start-nginx-debug'].includes(b)) {
      k++;
      if (b === 'exec' && words[k]?.text === '-a') k += 2;
      skipOptions();
      if (words[k]?.text === '--') k++;
    } else if (['gosu', 'su-exec'].includes(b)) {
      k += 2;
    } else if (b === 'sudo') {
      k++;
      while (k < words.length && words[k]!.text.startsWith('-')) k += ['-u', '-g'].includes(words[k]!.text) ? 2 : 1;
    } else if (['poetry', 'pipenv', 'pdm', 'hatch', 'rye', 'uv', 'doppler', 'infisical'].includes(b) && words[k + 1]?.text === 'run') {
      k += 2;
      skipOptions();
      if (words[k]?.text === '--') k++;
    } else if (b === 'newrelic-admin' && words[k + 1]?.text === 'run-program') {
      k += 2;
    } else if (b === 'opentelemetry-instrument') {
      k++;
      while (k < words.length && words[k]!.text.startsWith('-')) k += words[k]!.text.includes('=') ? 1 : 2;
    } else if (k === start && (w.endsWith('.sh') || b.includes('entrypoint'))) {
      // An entrypoint script that ends in `exec "$@"`: the real command follows.
      k++;
    } else return k;
  }
  return k;
}

function optionValue(words: readonly ArgWord[], k: number, short: readonly string[], long: readonly string[]): { value: ArgWord; next: number } | null {
  const w = words[k]!;
  for (const l of long) {
    if (w.text === l && words[k + 1]) return { value: words[k + 1]!, next: k + 2 };
    if (w.text.startsWith(`${l}=`)) {
      return { value: { ...w, text: w.text.slice(l.length + 1), at: { ...w.at, column: w.at.column + l.length + 1 } }, next: k + 1 };
    }
  }
  for (const s of short) {
    if (w.text === s && words[k + 1]) return { value: words[k + 1]!, next: k + 2 };
    if (w.text.startsWith(s) && w.text.length > s.length && !w.text.startsWith('--')) {
      return { value: { ...w, text: w.text.slice(s.length), at: { ...w.at, column: w.at.column + s.length } }, next: k + 1 };
    }
  }
  return null;
}

/** Finds app servers in a command's words; `sh -c "..."` strings are searched too (`nested` maps their words). */
export function findInvocations(
  words: readonly ArgWord[],
  source: Invocation['source'],
  nested: (word: ArgWord) => readonly (readonly ArgWord[])[],
): Invocation[] {
  const first = words[0];
  if (!first) return [];
  if (SHELLS.has(base(first.text))) {
    const c = words.findIndex((w, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(w.text));
    const script = c > 0 ? words[c + 1] : undefined;
    return script ? nested(script).flatMap((cmd) => findInvocations(cmd, source, nested)) : [];
  }
  const assignments = new Map<string, string>();
  let k = skipWrappers(words, 0, assignments);
  const exe = words[k];
  if (!exe) return [];
  let server: AppServer | null = null;
  if (SERVERS.has(base(exe.text))) server = base(exe.text) as AppServer;
  else if (isPython(exe.text) || base(exe.text) === 'django-admin' || base(exe.text) === 'manage.py') {
    let j = k + 1;
    while (j < words.length && words[j]!.text.startsWith('-') && words[j]!.text !== '-m') j++;
    const next = words[j]?.text;
    if (next === '-m' && words[j + 1] && SERVERS.has(words[j + 1]!.text)) {
      server = words[j + 1]!.text as AppServer;
      k = j + 1;
    } else {
      const runserverAt = words.findIndex((w, n) => n > k && w.text === 'runserver');
      const managesFirst = base(exe.text) === 'manage.py' || base(exe.text) === 'django-admin' || (next !== undefined && base(next) === 'manage.py');
      if (managesFirst && runserverAt > 0) {
        server = 'runserver';
        k = runserverAt;
      }
    }
  }
  if (!server) return [];
  const args = words.slice(k + 1);
  const command = clip(words.slice(k).map((w) => w.text).join(' '));
  const binds: Invocation['binds'][number][] = [];
  let config: ConfigArg | null = null;
  const bind = (kind: 'tcp' | 'unix' | 'fd' | 'endpoint', address: string, parsed: ParsedAddress | null, w: ArgWord) =>
    binds.push({ kind, address, parsed, at: w.at, literal: w.literal });
  let host: ArgWord | null = null;
  let port: ArgWord | null = null;
  let ipv6 = false;
  let addrport: ArgWord | null = null;
  for (let n = 0; n < args.length; ) {
    const w = args[n]!;
    if (server === 'gunicorn') {
      const b = optionValue(args, n, ['-b'], ['--bind']);
      if (b) {
        bind('tcp', b.value.text, parseGunicornAddress(b.value.text), b.value);
        n = b.next;
        continue;
      }
      const c = optionValue(args, n, ['-c'], ['--config']);
      if (c) {
        config = { path: c.value.text, at: c.value.at };
        n = c.next;
        continue;
      }
    } else if (server === 'uvicorn') {
      const h = optionValue(args, n, [], ['--host']) ?? null;
      const p = h ? null : optionValue(args, n, [], ['--port']);
      const u = h || p ? null : optionValue(args, n, [], ['--uds']);
      const f = h || p || u ? null : optionValue(args, n, [], ['--fd']);
      if (h) host = h.value;
      if (p) port = p.value;
      if (u) bind('unix', u.value.text, { kind: 'unix', host: null, port: null, portText: null }, u.value);
      if (f) bind('fd', f.value.text, { kind: 'fd', host: null, port: null, portText: null }, f.value);
      const hit = h ?? p ?? u ?? f;
      if (hit) {
        n = hit.next;
        continue;
      }
    } else if (server === 'daphne') {
      const h = optionValue(args, n, ['-b'], ['--bind']);
      const p = h ? null : optionValue(args, n, ['-p'], ['--port']);
      const u = h || p ? null : optionValue(args, n, ['-u'], ['--unix-socket']);
      const f = h || p || u ? null : optionValue(args, n, [], ['--fd']);
      const e = h || p || u || f ? null : optionValue(args, n, ['-e'], ['--endpoint']);
      if (h) host = h.value;
      if (p) port = p.value;
      if (u) bind('unix', u.value.text, { kind: 'unix', host: null, port: null, portText: null }, u.value);
      if (f) bind('fd', f.value.text, { kind: 'fd', host: null, port: null, portText: null }, f.value);
      if (e) bind('endpoint', e.value.text, parseTwistedEndpoint(e.value.text), e.value);
      const hit = h ?? p ?? u ?? f ?? e;
      if (hit) {
        n = hit.next;
        continue;
      }
    } else {
      if (w.text === '-6' || w.text === '--ipv6') ipv6 = true;
      else if (!w.text.startsWith('-') && addrport === null) addrport = w;
    }
    n++;
  }
  if ((server === 'uvicorn' || server === 'daphne') && (host || port)) {
    // uvicorn: --host defaults to 127.0.0.1, --port to 8000. daphne (cli.py) likewise fills in the missing one.
    const h = host?.text ?? '127.0.0.1';
    const p = port?.text ?? '8000';
    const address = h.includes(':') && !h.startsWith('[') ? `[${h}]:${p}` : `${h}:${p}`;
    bind('tcp', address, { kind: 'tcp', host: h, ...portOf(p) }, (host ?? port) as ArgWord);
  }
  if (server === 'runserver' && addrport) bind('tcp', addrport.text, parseRunserverAddress(addrport.text, ipv6), addrport);
  return [{ server, source, binds, config, assignments, command, at: exe.at }];
}

/** A Twisted endpoint string as daphne's `-e` takes it: `tcp:8000:interface=127.0.0.1`, `unix:/path`. */
export function parseTwistedEndpoint(value: string): ParsedAddress | null {
  const parts = value.split(/(?<!\\):/);
  const type = parts[0];
  if (type === 'unix') return { kind: 'unix', host: null, port: null, portText: null };
  if (type !== 'tcp' && type !== 'ssl' && type !== 'tcp6') return null;
  let port: string | null = null;
  let iface: string | null = null;
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) port ??= p;
    else if (p.slice(0, eq) === 'port') port = p.slice(eq + 1);
    else if (p.slice(0, eq) === 'interface') iface = p.slice(eq + 1).replace(/\\:/g, ':');
  }
  // Twisted's TCP endpoints listen on every interface unless `interface=` says otherwise.
  return { kind: 'tcp', host: iface ?? (type === 'tcp6' ? '::' : '0.0.0.0'), ...portOf(port ?? '') };
}

// ---------------------------------------------------------------------------------------------------------------
// Procfile

export interface LaunchFile {
  readonly invocations: readonly Invocation[];
  /** Environment the file sets for the command (Dockerfile ENV of the final stage). */
  readonly env: ReadonlyMap<string, { readonly value: string; readonly at: Origin }>;
  /** The final stage's WORKDIR (Dockerfile), for mapping container paths back to the project. */
  readonly workdir: string | null;
  readonly problems: readonly FileProblem[];
}

function shellWords(text: string, toOrigin: (offset: number) => Origin, literal = false): { commands: ArgWord[][]; error: FileProblem | null } {
  const parsed = splitShell(text);
  const commands = parsed.commands.map((cmd) => cmd.map((w: ShellWord): ArgWord => ({ text: w.text, at: toOrigin(w.start), expands: w.expands, literal })));
  return { commands, error: parsed.error ? { message: `shell syntax: ${parsed.error.message}`, origin: toOrigin(parsed.error.offset) } : null };
}

/** The words of a `sh -c` script argument. Offsets inside it are only exact when it was quoted without escapes. */
function nestedFor(file: string, problems: FileProblem[]): (word: ArgWord) => ArgWord[][] {
  return (word) => {
    const r = shellWords(word.text, (offset) => ({ file, line: word.at.line, column: word.at.column + 1 + offset }));
    if (r.error) problems.push(r.error);
    return r.commands;
  };
}

/** A Procfile: `process: command` lines (Heroku, foreman, honcho). */
export function parseProcfile(file: string, text: string): LaunchFile {
  const invocations: Invocation[] = [];
  const problems: FileProblem[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, idx) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const m = /^([A-Za-z0-9_-]+):[ \t]*/.exec(line);
    if (!m) {
      problems.push({ message: 'not a Procfile line: expected `process: command`', origin: { file, line: idx + 1, column: 1 } });
      return;
    }
    const startCol = m[0].length;
    const r = shellWords(line.slice(startCol), (offset) => ({ file, line: idx + 1, column: startCol + offset + 1 }));
    if (r.error) problems.push(r.error);
    for (const cmd of r.commands) invocations.push(...findInvocations(cmd, 'procfile', nestedFor(file, problems)));
  });
  return { invocations, env: new Map(), workdir: null, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  readonly keyword: string;
  /** The arguments, continuation lines joined. */
  readonly args: string;
  readonly at: Origin;
  /** Maps an offset in `args` to its place in the file. */
  readonly origin: (offset: number) => Origin;
}

interface Stage {
  name: string | null;
  env: Map<string, { value: string; at: Origin }>;
  cmd: Instruction | null;
  entrypoint: Instruction | null;
  cmdInherited: boolean;
  workdir: string | null;
}

/** Splits a Dockerfile into instructions: parser directives, comments, escape-character line continuations, heredocs. */
function dockerInstructions(file: string, text: string): Instruction[] {
  const lines = text.split(/\r\n|\r|\n/);
  let escape = '\\';
  let k = 0;
  // Parser directives (`# escape=`\``) are only read before the first comment, blank line or instruction.
  for (; k < lines.length; k++) {
    const m = /^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(lines[k] as string);
    if (!m) break;
    if ((m[1] as string).toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const out: Instruction[] = [];
  let segments: { start: number; line: number; column: number }[] = [];
  let buffer = '';
  let heredoc: string | null = null;
  const flush = () => {
    if (!buffer.trim()) {
      buffer = '';
      segments = [];
      return;
    }
    const segs = segments;
    const origin = (offset: number): Origin => {
      let seg = segs[0] as (typeof segs)[number];
      for (const s of segs) if (s.start <= offset) seg = s;
      return { file, line: seg.line, column: seg.column + (offset - seg.start) };
    };
    const lead = buffer.length - buffer.trimStart().length;
    const kw = /^\S+/.exec(buffer.slice(lead))?.[0] ?? '';
    let argStart = lead + kw.length;
    while (buffer[argStart] === ' ' || buffer[argStart] === '\t') argStart++;
    out.push({ keyword: kw.toUpperCase(), args: buffer.slice(argStart).trimEnd(), at: origin(lead), origin: (o) => origin(argStart + o) });
    const hd = /<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(buffer.slice(argStart));
    if (hd && ['RUN', 'COPY', 'ADD'].includes(kw.toUpperCase())) heredoc = hd[1] as string;
    buffer = '';
    segments = [];
  };
  for (; k < lines.length; k++) {
    const line = lines[k] as string;
    if (heredoc !== null) {
      if (line.trim() === heredoc) heredoc = null;
      continue;
    }
    if (/^\s*#/.test(line)) continue; // comments, also inside a continued instruction
    if (buffer === '' && line.trim() === '') continue;
    const trimmed = line.replace(/[ \t]+$/, '');
    const continues = trimmed.endsWith(escape);
    segments.push({ start: buffer.length, line: k + 1, column: 1 });
    buffer += continues ? trimmed.slice(0, -1) : line;
    if (!continues) flush();
  }
  flush();
  return out;
}

function execForm(ins: Instruction): ArgWord[] | null {
  if (!ins.args.startsWith('[')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(ins.args);
  } catch {
    return null; // Docker runs a string that is not a JSON array in shell form.
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) return null;
  const scan = jsonPositions(ins.args);
  return (parsed as string[]).map((text, k) => ({ text, at: ins.origin(scan.positions.get(pathKey([k])) ?? 0), expands: false, literal: true }));
}

/**
 * The command a Dockerfile's image runs: the final stage's ENTRYPOINT and CMD (exec or shell form), with the ENV and
 * WORKDIR it runs with. A stage built `FROM` an earlier stage inherits that stage's settings.
 */
export function parseDockerfile(file: string, text: string): LaunchFile {
  const problems: FileProblem[] = [];
  const stages: Stage[] = [];
  let stage: Stage | null = null;
  for (const ins of dockerInstructions(file, text)) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = (words[0] ?? '').toLowerCase();
      const name = words[1]?.toLowerCase() === 'as' ? (words[2]?.toLowerCase() ?? null) : null;
      const parent = stages.find((s) => s.name === image);
      stage = parent
        ? { name, env: new Map(parent.env), cmd: parent.cmd, entrypoint: parent.entrypoint, cmdInherited: true, workdir: parent.workdir }
        : { name, env: new Map(), cmd: null, entrypoint: null, cmdInherited: true, workdir: null };
      stages.push(stage);
      continue;
    }
    if (!stage) continue;
    switch (ins.keyword) {
      case 'ENV': {
        const r = shellWords(ins.args, ins.origin);
        if (r.error) problems.push(r.error);
        const words = r.commands.flat();
        if (words[0] && !words[0].text.includes('=')) {
          // Legacy form: `ENV KEY the rest of the line`.
          stage.env.set(words[0].text, { value: ins.args.slice(ins.args.indexOf(words[0].text) + words[0].text.length).trim(), at: words[0].at });
        } else {
          for (const w of words) {
            const eq = w.text.indexOf('=');
            if (eq > 0) stage.env.set(w.text.slice(0, eq), { value: w.text.slice(eq + 1), at: w.at });
          }
        }
        break;
      }
      case 'WORKDIR':
        stage.workdir = posix.resolve(stage.workdir ?? '/', ins.args.trim());
        break;
      case 'CMD':
        stage.cmd = ins;
        stage.cmdInherited = false;
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = ins;
        // Docker: setting ENTRYPOINT resets a CMD inherited from the base image.
        if (stage.cmdInherited) stage.cmd = null;
        break;
      default:
        break;
    }
  }
  const final = stages[stages.length - 1];
  if (!final) return { invocations: [], env: new Map(), workdir: null, problems };
  const nested = nestedFor(file, problems);
  const commandsOf = (ins: Instruction): ArgWord[][] => {
    const exec = execForm(ins);
    if (exec) return [exec];
    const r = shellWords(ins.args, ins.origin);
    if (r.error) problems.push(r.error);
    return r.commands;
  };
  let commands: ArgWord[][] = [];
  if (final.entrypoint) {
    const entry = execForm(final.entrypoint);
    if (entry) {
      // Exec-form ENTRYPOINT: CMD supplies its default arguments (a shell-form CMD becomes `/bin/sh -c ...`).
      const cmd = final.cmd ? (execForm(final.cmd) ?? [{ text: '/bin/sh', at: final.cmd.at, expands: false, literal: true }, { text: '-c', at: final.cmd.at, expands: false, literal: true }, { text: final.cmd.args, at: final.cmd.origin(0), expands: false, literal: true }]) : [];
      commands = [[...entry, ...cmd]];
    } else commands = commandsOf(final.entrypoint);
  } else if (final.cmd) commands = commandsOf(final.cmd);
  const invocations = commands.flatMap((cmd) => findInvocations(cmd, 'dockerfile', nested));
  return { invocations, env: final.env, workdir: final.workdir, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// gunicorn config files

export interface GunicornConfig {
  readonly file: string;
  /** The `bind` facts of the file (via `config`); empty when it has no `bind`. */
  readonly binds: readonly AppServerBind[];
  readonly hasBind: boolean;
  readonly problems: readonly FileProblem[];
}

function singleFileFs(absPath: string, text: string, root: string, fallback: ProjectFs | undefined): ProjectFs {
  return {
    root,
    readText(p) {
      if (p === absPath) return text;
      if (fallback) return fallback.readText(p);
      throw new FsError('missing', p, 'does not exist');
    },
    kind(p) {
      if (p === absPath) return 'file';
      return fallback ? fallback.kind(p) : null;
    },
    list(p) {
      return fallback ? fallback.list(p) : [];
    },
  };
}

/**
 * The host of a bind string whose end cannot be evaluated (`f"0.0.0.0:{os.environ['PORT']}"`,
 * `"0.0.0.0:" + port`): the literal text before the first replacement field or `+`.
 */
function literalPrefix(node: SyntaxNode, text: string): string | null {
  if (node.name === 'FormatString') {
    const raw = text.slice(node.from, node.to);
    const m = /^([rRfF]{1,2})('''|"""|'|")/.exec(raw);
    if (!m) return null;
    const body = raw.slice(m[0].length);
    const brace = body.indexOf('{');
    const prefix = brace < 0 ? null : body.slice(0, brace);
    return prefix !== null && !prefix.includes('\\') ? prefix : null;
  }
  if (node.name === 'BinaryExpression') {
    const [left, op] = childrenOf(node);
    if (!left || !op || text.slice(op.from, op.to) !== '+') return null;
    if (left.name === 'String') return decodeStringToken(text.slice(left.from, left.to))?.value ?? null;
    return literalPrefix(left, text);
  }
  return null;
}

function partialBind(prefix: string, at: Origin, command: string, why: string): AppServerBind | null {
  const gunicornHost = prefix.startsWith('[') ? (prefix.includes(']:') ? prefix.slice(1, prefix.indexOf(']')) : null) : prefix.includes(':') ? prefix.slice(0, prefix.indexOf(':')) : null;
  if (/^unix:/.test(prefix)) {
    return { server: 'gunicorn', source: 'gunicorn-config', via: 'config', kind: 'unix', address: null, host: null, port: null, public: false, reason: 'a unix socket is not reachable over the network', command, overriddenBy: null, origin: at };
  }
  if (gunicornHost === null) return null;
  const h = classifyHost(gunicornHost);
  return { server: 'gunicorn', source: 'gunicorn-config', via: 'config', kind: 'tcp', address: null, host: h.host, port: null, public: h.public, reason: `${h.reason}; the port ${why}`, command, overriddenBy: null, origin: at };
}

function envNote(v: Value): string {
  if (!('src' in v) || !v.src) return '';
  return v.src.defaulted ? ` (the default of ${v.src.via}('${v.src.envVar}'): the deployment does not set ${v.src.envVar})` : ` (from ${v.src.envVar})`;
}

/** Facts for one value of gunicorn's `bind` setting (a string, or a list or tuple of strings). */
function configBinds(value: Value, at: Origin, command: string): AppServerBind[] {
  const unknown = (reason: string): AppServerBind => ({ server: 'gunicorn', source: 'gunicorn-config', via: 'config', kind: 'unknown', address: null, host: null, port: null, public: null, reason, command, overriddenBy: null, origin: at });
  const one = (item: Value): AppServerBind => {
    if (item.t !== 'str') {
      const u = findUnresolved(item);
      return unknown(u ? `bind could not be evaluated: ${u.reason}` : `bind holds a ${typeName(item)}, not an address`);
    }
    const parsed = parseGunicornAddress(item.v);
    if (parsed.kind !== 'tcp') {
      return { server: 'gunicorn', source: 'gunicorn-config', via: 'config', kind: parsed.kind, address: item.v, host: null, port: null, public: false, reason: parsed.kind === 'unix' ? 'a unix socket is not reachable over the network' : 'an inherited file descriptor', command, overriddenBy: null, origin: at };
    }
    const h = classifyHost(parsed.host);
    return { server: 'gunicorn', source: 'gunicorn-config', via: 'config', kind: 'tcp', address: item.v, host: h.host, port: parsed.port, public: h.public, reason: h.reason + envNote(item), command, overriddenBy: null, origin: at };
  };
  if (value.t === 'list' || value.t === 'tuple') {
    const out = value.items.map(one);
    if (value.partial) out.push(unknown(`bind has items that could not be evaluated: ${value.partial.reason}`));
    return out;
  }
  return [one(value)];
}

/**
 * Reads `bind` from a gunicorn config file (gunicorn.conf.py and the like), evaluating it with the static
 * Python evaluator: nothing runs. Environment variables are those of `env` (by default none: a variable the
 * deployment does not export takes its default, as for the settings).
 */
export function parseGunicornConf(file: string, text: string, options: { fs?: ProjectFs; pythonRoots?: readonly string[]; env?: EnvStore } = {}): GunicornConfig {
  const root = options.fs?.root ?? '/project';
  const abs = posix.join(root, file);
  const fs = singleFileFs(abs, text, root, options.fs);
  const interp = new Interpreter({ fs, pythonRoots: [posix.dirname(abs), ...(options.pythonRoots ?? [])], env: options.env?.clone() ?? new EnvStore() });
  let record;
  try {
    record = interp.loadModule('__config__', abs, false);
  } catch (e) {
    if (e instanceof LoadError) return { file, binds: [], hasBind: false, problems: [{ message: e.message, origin: e.origin ?? { file, line: 1, column: 1 } }] };
    throw e;
  }
  const lines = text.split(/\r\n|\r|\n/);
  const binding = record.scope.get('bind');
  if (!binding) {
    const taint = record.scope.taints[0];
    if (!taint) return { file, binds: [], hasBind: false, problems: [] };
    const u = { t: 'unresolved' as const, reason: `bind may be set by ${taint.reason}`, expr: '', at: taint.at };
    return { file, binds: configBinds(u, taint.at, clip(lines[taint.at.line - 1] ?? '')), hasBind: true, problems: [] };
  }
  const lineText = clip(lines[binding.origin.line - 1] ?? '');
  let binds = configBinds(binding.value, binding.origin, lineText);
  if (binding.value.t === 'unresolved') {
    // The host may still be literal: `bind = f"0.0.0.0:{os.environ['PORT']}"`.
    const lineStarts = lineStartsOf(text);
    const offset = (lineStarts[binding.origin.line - 1] ?? 0) + binding.origin.column - 1;
    const stmt = record.parsed.tree.resolveInner(offset, 1);
    let assign: SyntaxNode | null = stmt;
    while (assign && assign.name !== 'AssignStatement') assign = assign.parent;
    const rhs = assign ? childrenOf(assign).pop() : undefined;
    const prefix = rhs ? literalPrefix(rhs, text) : null;
    const partial = prefix !== null ? partialBind(prefix, binding.origin, lineText, `could not be evaluated (${binding.value.reason})`) : null;
    if (partial) binds = [partial];
  }
  return { file, binds, hasBind: true, problems: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// From a command to its addresses

/** The gunicorn config file a command uses: `-c FILE`, or `./gunicorn.conf.py` in its working directory. */
export type ConfigLookup =
  | { readonly kind: 'found'; readonly config: GunicornConfig; readonly implicit: boolean }
  | { readonly kind: 'missing'; readonly path: string; readonly at: Origin }
  | { readonly kind: 'none' };

export interface ResolvedInvocation {
  readonly binds: readonly AppServerBind[];
  /** The config file whose `bind` the command overrides with its own. */
  readonly overrides: string | null;
}

function tcpBind(
  inv: Invocation,
  via: AppServerBind['via'],
  address: string,
  parsed: ParsedAddress,
  at: Origin,
  literal: boolean,
): AppServerBind {
  const h = classifyHost(parsed.host);
  let reason = h.reason;
  if (literal && address.includes('$')) {
    reason += `; no shell runs an exec-form command, so ${inv.server} gets the text ${address} as it is, and a port that is not a number stops it from starting`;
  } else if (parsed.portText !== null) reason += `; the port comes from ${parsed.portText}`;
  return { server: inv.server, source: inv.source, via, kind: 'tcp', address, host: h.host, port: parsed.port, public: h.public, reason, command: inv.command, overriddenBy: null, origin: at };
}

function otherBind(inv: Invocation, via: AppServerBind['via'], kind: 'unix' | 'fd', address: string, at: Origin): AppServerBind {
  const reason = kind === 'unix' ? 'a unix socket is not reachable over the network' : 'an inherited file descriptor (socket activation)';
  return { server: inv.server, source: inv.source, via, kind, address, host: null, port: null, public: false, reason, command: inv.command, overriddenBy: null, origin: at };
}

function defaultBind(inv: Invocation, address: string | null, host: string | null, port: number | null, isPublic: boolean | null, reason: string): AppServerBind {
  return { server: inv.server, source: inv.source, via: 'default', kind: 'tcp', address, host, port, public: isPublic, reason, command: inv.command, overriddenBy: null, origin: inv.at };
}

/**
 * Where a command's app server listens: its own flags; else (gunicorn) GUNICORN_CMD_ARGS, then the config file's
 * `bind` (reported with the config file itself); else the server's default. gunicorn's default is 127.0.0.1:8000,
 * or 0.0.0.0:$PORT when PORT is set (gunicorn/config.py, `Bind`); uvicorn and daphne default to 127.0.0.1:8000 and
 * read UVICORN_HOST / no variable; runserver defaults to 127.0.0.1:8000.
 */
export function resolveInvocation(inv: Invocation, launch: Pick<LaunchFile, 'env'>, lookup: ConfigLookup): ResolvedInvocation {
  const envValue = (name: string): { value: string; at: Origin } | null => {
    const a = inv.assignments.get(name);
    if (a !== undefined) return { value: a, at: inv.at };
    return launch.env.get(name) ?? null;
  };
  const configWithBind = lookup.kind === 'found' && lookup.config.hasBind ? lookup.config.file : null;
  if (inv.binds.length > 0) {
    const binds = inv.binds.map((b): AppServerBind => {
      if (b.kind === 'unix' || b.kind === 'fd') return otherBind(inv, 'flag', b.kind, b.address, b.at);
      if (!b.parsed) {
        return { server: inv.server, source: inv.source, via: 'flag', kind: 'unknown', address: b.address, host: null, port: null, public: null, reason: `${b.address} is not an endpoint this reads`, command: inv.command, overriddenBy: null, origin: b.at };
      }
      if (b.parsed.kind !== 'tcp') return otherBind(inv, 'flag', b.parsed.kind, b.address, b.at);
      return tcpBind(inv, 'flag', b.address, b.parsed, b.at, b.literal);
    });
    return { binds, overrides: configWithBind };
  }
  if (inv.server === 'gunicorn') {
    const cmdArgs = envValue('GUNICORN_CMD_ARGS');
    if (cmdArgs) {
      const words = splitShell(cmdArgs.value).commands.flat();
      const argWords = words.map((w): ArgWord => ({ text: w.text, at: cmdArgs.at, expands: w.expands, literal: false }));
      const found = findInvocations([{ text: 'gunicorn', at: cmdArgs.at, expands: false, literal: false }, ...argWords], inv.source, () => [])[0];
      if (found && found.binds.length > 0) {
        const binds = found.binds.map((b) => (b.parsed && b.parsed.kind === 'tcp' ? tcpBind(inv, 'env', b.address, b.parsed, cmdArgs.at, false) : otherBind(inv, 'env', b.parsed?.kind === 'fd' ? 'fd' : 'unix', b.address, cmdArgs.at)));
        return { binds, overrides: configWithBind };
      }
    }
    if (configWithBind) return { binds: [], overrides: null };
    if (lookup.kind === 'missing') {
      return {
        binds: [{ server: 'gunicorn', source: inv.source, via: 'config', kind: 'unknown', address: null, host: null, port: null, public: null, reason: `gunicorn reads its settings from ${lookup.path}, which is not in the project`, command: inv.command, overriddenBy: null, origin: lookup.at }],
        overrides: null,
      };
    }
    const noBind = lookup.kind === 'found' ? `${lookup.config.file} sets no bind` : 'no bind is given';
    const port = envValue('PORT');
    if (inv.source === 'procfile' && !port) {
      return { binds: [defaultBind(inv, '0.0.0.0:$PORT', '0.0.0.0', null, true, `${noBind}, and the platform sets PORT (Heroku for web processes, foreman and honcho for every process): gunicorn then binds 0.0.0.0:$PORT`)], overrides: null };
    }
    if (port) {
      const n = /^\d+$/.test(port.value) ? Number(port.value) : null;
      const setBy = inv.assignments.has('PORT') ? 'the command sets PORT' : `the image sets PORT (${port.at.file}:${port.at.line})`;
      return { binds: [defaultBind(inv, `0.0.0.0:${port.value}`, '0.0.0.0', n, true, `${noBind}, and ${setBy}: gunicorn then binds 0.0.0.0:$PORT`)], overrides: null };
    }
    return { binds: [defaultBind(inv, null, null, null, null, `${noBind}: gunicorn binds 127.0.0.1:8000, or 0.0.0.0:$PORT when PORT is set at run time (as Heroku, Cloud Run and Render do)`)], overrides: null };
  }
  if (inv.server === 'uvicorn') {
    const host = envValue('UVICORN_HOST');
    const port = envValue('UVICORN_PORT');
    if (host || port) {
      const h = host?.value ?? '127.0.0.1';
      const p = port?.value ?? '8000';
      return { binds: [tcpBind(inv, 'env', `${h}:${p}`, { kind: 'tcp', host: h, ...portOf(p) }, (host ?? port)!.at, false)], overrides: null };
    }
  }
  const what = inv.server === 'runserver' ? "runserver's" : `${inv.server}'s`;
  return { binds: [defaultBind(inv, '127.0.0.1:8000', '127.0.0.1', 8000, false, `no address is given: ${what} default is 127.0.0.1:8000, the loopback interface`)], overrides: null };
}
