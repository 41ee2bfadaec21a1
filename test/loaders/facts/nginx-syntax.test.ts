import { describe, expect, it } from 'vitest';
import { type NginxDirective, parseNginxSyntax } from '../../../src/loaders/facts/nginx-syntax.ts';

const F = 'site.conf';

/** name(args) {children} with line:column, compactly. */
function show(ds: readonly NginxDirective[]): unknown[] {
  return ds.map((d) => {
    const head = `${d.origin.line}:${d.origin.column} ${d.name}${d.args.map((a) => ` ${a.quoted ? JSON.stringify(a.text) : a.text}`).join('')}`;
    return d.block ? { [head]: show(d.block) } : head;
  });
}

describe('nginx tokenizer and blocks', () => {
  it('directives, blocks and positions', () => {
    const r = parseNginxSyntax(F, 'server {\n    listen 443 ssl;\n    location / {\n        proxy_pass http://app;\n    }\n}\n');
    expect(r.problems).toEqual([]);
    expect(show(r.directives)).toEqual([{ '1:1 server': ['2:5 listen 443 ssl', { '3:5 location /': ['4:9 proxy_pass http://app'] }] }]);
  });

  const words: readonly [string, string, readonly string[]][] = [
    ['double quotes and nginx escapes', 'add_header X "a \\"b\\" c\\td";', ['X', 'a "b" c\td']],
    ['single quotes keep other backslashes', "return 200 'x\\y\\'z';", ['200', "x\\y'z"]],
    ['# inside a word is not a comment', 'set $a b#c; # comment', ['$a', 'b#c']],
    ['${var} is one word, { after $ does not open a block', 'return 301 https://${host}$request_uri;', ['301', 'https://${host}$request_uri']],
    ['if conditions keep their parentheses', 'if ($scheme != "https") { }', ['($scheme', '!=', 'https', ')']],
    // nginx's word copier only unescapes \" \' \\ \t \r \n: an escaped space keeps its backslash.
    ['an escaped space does not split the word', 'root /srv/my\\ site;', ['/srv/my\\ site']],
    ['directives may span lines', 'server_name\n  example.com\n  www.example.com;', ['example.com', 'www.example.com']],
    ['; ends a word', 'listen 80;server_name x;', ['80']],
  ];
  for (const [name, text, args] of words) {
    it(name, () => {
      const r = parseNginxSyntax(F, text);
      expect(r.problems).toEqual([]);
      expect(r.directives[0]?.args.map((a) => a.text)).toEqual(args);
    });
  }

  it('comments and blank lines count for positions', () => {
    const r = parseNginxSyntax(F, '# top\n\n\tserver_tokens off; # trailing\n');
    expect(show(r.directives)).toEqual(['3:2 server_tokens off']);
  });

  const problems: readonly [string, string, readonly (readonly [number, number, string])[]][] = [
    ['an unclosed block', 'server {\n  listen 80;\n', [[3, 1, 'unexpected end of file, expecting "}": the "server" block on line 1 is not closed']]],
    [
      'nested unclosed blocks report each level',
      'http {\n server {\n',
      [
        [3, 1, 'unexpected end of file, expecting "}": the "server" block on line 2 is not closed'],
        [3, 1, 'unexpected end of file, expecting "}": the "http" block on line 1 is not closed'],
      ],
    ],
    ['an extra }', 'listen 80;\n}\n', [[2, 1, 'unexpected "}"']]],
    ['a directive without ; before }', 'server {\n  listen 80\n}', [[3, 1, 'unexpected "}": "listen" directive is not terminated by ";"']]],
    ['a directive without ; before the next line', 'server {\n  listen 80\n  server_name example.com;\n}', [[2, 10, '"listen" directive is not terminated by ";"']]],
    ['a directive without ; at the end of the file', 'listen 80', [[1, 10, 'unexpected end of file, expecting ";" or "}" after "listen"']]],
    ['a stray ;', 'server { ; }', [[1, 10, 'unexpected ";"']]],
    ['a stray {', '{ listen 80; }', [[1, 1, 'unexpected "{"']]],
    [
      'an unterminated string',
      'add_header X "abc;\n}\n',
      [
        [1, 14, 'unexpected end of file: the double-quoted string is not closed'],
        [3, 1, 'unexpected end of file, expecting ";" or "}" after "add_header"'],
      ],
    ],
    ['text glued to a closing quote', 'add_header X "a"b;', [[1, 17, 'unexpected "b" after a quoted string']]],
  ];
  for (const [name, text, expected] of problems) {
    it(`problem: ${name}`, () => {
      const r = parseNginxSyntax(F, text);
      expect(r.problems.map((p) => [p.origin.line, p.origin.column, p.message])).toEqual(expected);
      for (const p of r.problems) expect(p.origin.file).toBe(F);
    });
  }

  it('recovers: what follows a missing ; is still read', () => {
    const r = parseNginxSyntax(F, 'server {\n  listen 80\n  server_name example.com;\n}');
    expect(show(r.directives)).toEqual([{ '1:1 server': ['2:3 listen 80', '3:3 server_name example.com'] }]);
  });

  it('a multi-line value is not mistaken for a missing ;', () => {
    const r = parseNginxSyntax(F, 'add_header Content-Security-Policy "default-src \'self\'"\n    always;\nlog_format main \'$remote_addr\'\n    \'$status\';\n');
    expect(r.problems).toEqual([]);
    expect(r.directives.map((d) => d.args.length)).toEqual([3, 3]);
  });
});
