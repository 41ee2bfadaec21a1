import type { NginxProblem } from '../../engine/facts.ts';
import type { Origin } from '../../engine/types.ts';

/** A word of an nginx directive after quote removal and nginx's escapes (`\"`, `\'`, `\\`, `\t`, `\r`, `\n`). */
export interface NginxWord {
  readonly text: string;
  readonly quoted: boolean;
  readonly origin: Origin;
}

export interface NginxDirective {
  readonly name: string;
  readonly args: readonly NginxWord[];
  /** Children of a block directive (`server { ... }`); null for a simple one ending in `;`. */
  readonly block: readonly NginxDirective[] | null;
  readonly origin: Origin;
}

export interface NginxSyntax {
  readonly directives: readonly NginxDirective[];
  readonly problems: readonly NginxProblem[];
}

type Token =
  | { readonly t: 'word'; readonly word: NginxWord; readonly line: number }
  | { readonly t: ';' | '{' | '}'; readonly origin: Origin }
  | { readonly t: 'eof'; readonly origin: Origin };

/**
 * Directive names that start a new statement. Used only to report a missing `;` where nginx would report a
 * confusing "invalid parameter": when one of these begins a line while the previous directive is still open.
 */
const COMMON_DIRECTIVES = new Set([
  'listen', 'server_name', 'root', 'index', 'location', 'return', 'rewrite', 'proxy_pass', 'proxy_set_header',
  'proxy_redirect', 'proxy_http_version', 'proxy_read_timeout', 'add_header', 'ssl_certificate', 'ssl_certificate_key',
  'ssl_protocols', 'ssl_ciphers', 'ssl_prefer_server_ciphers', 'server_tokens', 'include', 'access_log', 'error_log',
  'client_max_body_size', 'uwsgi_pass', 'uwsgi_param', 'alias', 'try_files', 'expires', 'gzip', 'charset', 'if', 'set',
  'server', 'http', 'upstream', 'http2', 'keepalive_timeout', 'error_page', 'fastcgi_pass', 'autoindex', 'sendfile',
]);

function unescape(raw: string): string {
  let out = '';
  for (let k = 0; k < raw.length; k++) {
    const c = raw[k] as string;
    if (c === '\\' && k + 1 < raw.length) {
      const n = raw[k + 1] as string;
      if (n === '"' || n === "'" || n === '\\') {
        out += n;
        k++;
        continue;
      }
      if (n === 't' || n === 'r' || n === 'n') {
        out += n === 't' ? '\t' : n === 'r' ? '\r' : '\n';
        k++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** nginx's tokenizer (ngx_conf_read_token), re-implemented: words, quoted strings, `#` comments, `;` `{` `}`. */
function tokenize(file: string, text: string, problems: NginxProblem[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const origin = (offset: number, ln = line, ls = lineStart): Origin => ({ file, line: ln, column: offset - ls + 1 });
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      tokens.push({ t: c, origin: origin(i) });
      i++;
      continue;
    }
    const start = i;
    const startLine = line;
    const startLineStart = lineStart;
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        if (text[i] === '\n') newline(i);
        i++;
      }
      if (i >= text.length) {
        problems.push({ message: `unexpected end of file: the ${c === '"' ? 'double' : 'single'}-quoted string is not closed`, origin: origin(start, startLine, startLineStart) });
        tokens.push({ t: 'word', word: { text: unescape(text.slice(start + 1)), quoted: true, origin: origin(start, startLine, startLineStart) }, line: startLine });
        break;
      }
      tokens.push({ t: 'word', word: { text: unescape(text.slice(start + 1, i)), quoted: true, origin: origin(start, startLine, startLineStart) }, line: startLine });
      i++;
      // After a closing quote nginx needs a space, `;`, `{` or `)`.
      const next = text[i];
      if (next !== undefined && !' \t\r\n;{)'.includes(next)) {
        problems.push({ message: `unexpected "${next}" after a quoted string`, origin: origin(i) });
      }
      continue;
    }
    // An unquoted word ends at whitespace, `;` or `{` (but `${` is part of a variable); `}` and `#` do not end it.
    let variable = false;
    while (i < text.length) {
      const d = text[i] as string;
      if (d === '\\') {
        if (text[i + 1] === '\n') newline(i + 1);
        i += 2;
        variable = false;
        continue;
      }
      if (d === '{' && variable) {
        i++;
        continue;
      }
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === ';' || d === '{') break;
      variable = d === '$';
      i++;
    }
    tokens.push({ t: 'word', word: { text: unescape(text.slice(start, i)), quoted: false, origin: origin(start, startLine, startLineStart) }, line: startLine });
  }
  tokens.push({ t: 'eof', origin: origin(i) });
  return tokens;
}

/** Parses nginx configuration text into directives, recovering from errors so the rest can still be read. */
export function parseNginxSyntax(file: string, text: string): NginxSyntax {
  const problems: NginxProblem[] = [];
  const tokens = tokenize(file, text, problems);
  let k = 0;

  const block = (opener: { name: string; origin: Origin } | null): NginxDirective[] => {
    const out: NginxDirective[] = [];
    let words: { word: NginxWord; line: number }[] = [];
    const emit = (children: NginxDirective[] | null) => {
      const [head, ...rest] = words;
      if (head) out.push({ name: head.word.text, args: rest.map((w) => w.word), block: children, origin: head.word.origin });
      words = [];
    };
    for (;;) {
      const tok = tokens[k++] as Token;
      switch (tok.t) {
        case 'word': {
          const prev = words[words.length - 1];
          const head = words[0];
          if (head && prev && tok.line > prev.line && !tok.word.quoted && COMMON_DIRECTIVES.has(tok.word.text) && COMMON_DIRECTIVES.has(head.word.text)) {
            const end = prev.word.origin;
            problems.push({ message: `"${head.word.text}" directive is not terminated by ";"`, origin: { file: end.file, line: end.line, column: end.column } });
            emit(null);
          }
          words.push({ word: tok.word, line: tok.line });
          break;
        }
        case ';':
          if (words.length === 0) problems.push({ message: 'unexpected ";"', origin: tok.origin });
          emit(null);
          break;
        case '{': {
          if (words.length === 0) {
            problems.push({ message: 'unexpected "{"', origin: tok.origin });
            block({ name: '{', origin: tok.origin });
            break;
          }
          const head = words[0] as { word: NginxWord };
          const children = block({ name: head.word.text, origin: head.word.origin });
          emit(children);
          break;
        }
        case '}':
          if (words.length > 0) {
            problems.push({ message: `unexpected "}": "${words[0]?.word.text}" directive is not terminated by ";"`, origin: tok.origin });
            emit(null);
          }
          if (!opener) {
            problems.push({ message: 'unexpected "}"', origin: tok.origin });
            break;
          }
          return out;
        case 'eof':
          if (words.length > 0) {
            problems.push({ message: `unexpected end of file, expecting ";" or "}" after "${words[0]?.word.text}"`, origin: tok.origin });
            emit(null);
          }
          if (opener) {
            problems.push({ message: `unexpected end of file, expecting "}": the "${opener.name}" block on line ${opener.origin.line} is not closed`, origin: tok.origin });
          }
          k--;
          return out;
        default: {
          const never: never = tok;
          return never;
        }
      }
    }
  };

  return { directives: block(null), problems };
}
