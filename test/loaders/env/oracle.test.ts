/**
 * Cross-checks against the real libraries, run by the system Python (Debian's python3-dotenv 0.21,
 * python3-django-environ 0.4.4, python3-decouple 3.6). Those are older than the releases the parsers
 * follow, so only inputs on which old and new sources agree are used:
 * - python-dotenv 0.21 parser.py/variables.py/resolve_variables equal the newest except for the leading
 *   BOM, so no input starts with U+FEFF;
 * - django-environ 0.4.4 read_env has no `export`, unescapes every `\x` in double quotes, and keeps the
 *   FIRST of duplicate keys (setdefault into os.environ), so inputs have no `export`, no backslash and no
 *   duplicate key; it behaves as 0.12 with parse_comments=False otherwise;
 * - python-decouple 3.6 RepositoryEnv/RepositoryIni parse exactly as 3.8.
 * Each library's block is skipped, with the reason printed, when `/usr/bin/python3 -c "import X"` fails.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  interpolatePythonDotenv,
  parseDecoupleEnv,
  parseDecoupleIni,
  parseDjangoEnviron,
  parsePythonDotenv,
} from '../../../src/loaders/env/dotenv.ts';

const PYTHON = '/usr/bin/python3';

function missing(module: string): string | null {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const reason = `skipping the ${module} oracle: \`${PYTHON} -c "import ${module}"\` failed (${r.error?.message ?? r.stderr.trim().split('\n').pop() ?? `exit ${String(r.status)}`})`;
  console.log(reason);
  return reason;
}

/** Runs `script` once with the jobs as JSON on stdin; the script prints one JSON result per job. */
function runPython(script: string, jobs: readonly unknown[]): unknown[] {
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[];
}

const REF = (body: string): string => '$' + '{' + body + '}';

const DOTENV_SCRIPT = String.raw`
import io, json, os, sys, logging
logging.disable(logging.CRITICAL)
from dotenv.parser import parse_stream
from dotenv.main import resolve_variables
out = []
for job in json.load(sys.stdin):
    bindings = list(parse_stream(io.StringIO(job['text'], newline=None)))
    raw = [(b.key, b.value) for b in bindings if b.key is not None]
    os.environ.clear()
    os.environ.update(job['environ'])
    resolved = resolve_variables(raw, override=job['override'])
    out.append({'raw': raw, 'errors': sum(1 for b in bindings if b.error), 'resolved': list(resolved.items())})
json.dump(out, sys.stdout)
`;

const dotenvInputs: readonly string[] = [
  'export KEY=v\nexport  X = 1\nexportA=1\nexport',
  'KEY = v\nKEY: v\nKEY\nK1 # comment',
  'KEY=abc#def\nK2=v  # c\nK3= # c\nK4=\t v w \t\nK5=a\u00a0#x',
  String.raw`KEY='single \n ${'$'}{X} \\ \' \"'` + '\n' + String.raw`K2="d \\ \' \" \a \b \f \n \r \t \v \x \$ ${'$'}{X}"`,
  'A="multi\nline"\nB=2\nC=\'a\nb\'',
  'A=1\nA=2\nA=${A}3',
  "A=\nB=\"\"\nC=''\nD= \nURL=postgres://u:p@h/db?x=1",
  'KEY="v" # c\nKEY2="v"x\nB=1',
  'A="abc\nB="def"\nC=1\n',
  'KEY="unterminated\nB=2',
  "KEY='open\nB=2\n=v\n'Q K'=v\n\"D\"=1",
  'A="a\\"\nB="a\\\\" b"',
  '\n\n   KEY=1\n# comment\n   # indented\nbad line here\n',
  'A=1\r\nB="x\r\ny"\r\nC=3\rD=4',
  `A=${REF('X')}\nB=$X-${REF('NOPE:-d')}-${REF('E:-d')}-${REF('X-d')}\nC=${REF('NOPE:-' + REF('B'))}\nD=${REF('X:=v')}${REF('Z')}`,
  `A=file\nB=${REF('A')}\nN\nC=${REF('N')}|\nD='${REF('X')}'`,
];

describe.skipIf(missing('dotenv') !== null)('python-dotenv oracle (0.21 == newest on these inputs)', () => {
  it('parses and interpolates like the library', () => {
    const jobs = dotenvInputs.flatMap((text) => [
      { text, environ: { X: 'x', E: '', A: 'env', N: 'env' }, override: true },
      { text, environ: { X: 'x', E: '', A: 'env', N: 'env' }, override: false },
    ]);
    const results = runPython(DOTENV_SCRIPT, jobs) as Array<{ raw: Array<[string, string | null]>; errors: number; resolved: Array<[string, string | null]> }>;
    expect(results).toHaveLength(jobs.length);
    jobs.forEach((job, i) => {
      const want = results[i];
      const parsed = parsePythonDotenv(job.text);
      expect({ text: job.text, raw: parsed.entries.map((e) => [e.key, e.value]), errors: parsed.problems.length }).toEqual({
        text: job.text,
        raw: want?.raw,
        errors: want?.errors,
      });
      const env: Record<string, string> = job.environ;
      const resolved = new Map<string, string | null>();
      for (const e of interpolatePythonDotenv(parsed.entries, (n) => env[n], job.override)) resolved.set(e.key, e.value);
      expect({ text: job.text, override: job.override, resolved: [...resolved] }).toEqual({ text: job.text, override: job.override, resolved: want?.resolved });
    });
  });
});

const ENVIRON_SCRIPT = String.raw`
import io, json, os, sys, logging
logging.disable(logging.CRITICAL)
import environ
out = []
for text in json.load(sys.stdin):
    os.environ.clear()
    environ.Env.read_env(io.StringIO(text, newline=None))
    out.append(dict(os.environ))
json.dump(out, sys.stdout)
`;

const environInputs: readonly string[] = [
  'KEY=v\nK2 = v\nK3: v\nK4\n K5=v\nK6 =v\nK7= v\nK-8=v\nk_9=v',
  'KEY=abc#def\nK2=v  # c\nK3=v # c',
  "KEY='single \\n ${X}'\nK2=\"a b\"\nK3='\"x\"'\nK4=\"a\" b\nK5='it's'",
  'KEY="a\nb"\nC=1',
  "A=\nB=''\nC=\"\"\nD=a=b",
  '#KEY=v\n\n# c\n   \n  # c\nA=1',
  'A=1\r\nB=2\r\nC=3\rD=4',
  'A=x\fB=y\x85C=z\u2028D=w',
  '\ufeffKEY=v\nB=1',
];

describe.skipIf(missing('environ') !== null)('django-environ oracle (0.4.4 == 0.12 parse_comments=False on these inputs)', () => {
  it('reads the same variables', () => {
    const results = runPython(ENVIRON_SCRIPT, environInputs) as Array<Record<string, string>>;
    environInputs.forEach((text, i) => {
      const got: Record<string, string> = {};
      for (const e of parseDjangoEnviron(text).entries) got[e.key] = e.value ?? '';
      expect({ text, values: got }).toEqual({ text, values: results[i] });
    });
  });
});

const DECOUPLE_SCRIPT = String.raw`
import json, os, sys, tempfile
import decouple
out = []
for job in json.load(sys.stdin):
    with tempfile.NamedTemporaryFile('w', encoding='utf-8', newline='', delete=False) as f:
        f.write(job['text'])
        path = f.name
    try:
        if job['kind'] == 'env':
            out.append({'values': decouple.RepositoryEnv(path).data})
            continue
        try:
            repo = decouple.RepositoryIni(path)
        except Exception as e:
            out.append({'readError': type(e).__name__})
            continue
        values, errors = {}, []
        if repo.parser.has_section('settings'):
            for key in repo.parser.options('settings'):
                try:
                    values[key] = repo[key]
                except Exception as e:
                    errors.append(type(e).__name__)
        out.append({'values': values, 'errors': sorted(errors)})
    finally:
        os.unlink(path)
json.dump(out, sys.stdout)
`;

const decoupleEnvInputs: readonly string[] = [
  'KEY=v\n  K2  =  v  \nexport K3=v\nK4: v\nK5\n=v',
  'KEY=abc#def\nK2=value # comment\nK3="value" # comment',
  `A="a b"\nB='a b'\nC = " x "  \nD="v'\nE="\nF="'v'"\nG="a\\nb\\"\nH=${REF('X')}`,
  "A=\nB=''\nC=\"\"\nD=a=b\nD=2",
  '# A=1\n   # B=2\n\n \t \nC=3\nM="multi\nline"',
  'A=1\r\nB=2\r\nC=3\rD=x\fE=y\nF=\x1fx\u00a0',
  '\ufeffA=1',
];

const decoupleIniInputs: readonly string[] = [
  '[settings]\nA = 1\nB: two words\nC=3\nSECRET_KEY = abc\nurl = http://h:1/p\nD:E=f\nKEY WITH SPACE = 1\nG =',
  `[settings]\nA = "x"\nB = 'y'\nC = x ; no comment\nD = y # nor this\n# c\n; c\n   # c\nE=1`,
  '[settings]\nA = 50%%\nB = %(c)s/x\nC = base\nD = %(C)s\nE = %(f)s\nF = 1%%\nG = 100%%(c)s',
  '[settings]\nA = 50%\nB = %(c)d\nc=1\nD = %(missing)s\nE = %(e)s\nF = %(b',
  '[settings]\nA = x\n  y\n\n  # c\n  z\n\n\nB = 2\nC=1\n  D=2\n  [other]\nE=3',
  '  [settings]\n  A=1\n    B=2\n  C=3',
  '[settings] ; c\nA=1\n[other]\nX=1',
  '[Settings]\nA=1',
  '[DEFAULT]\nd=1',
  '[DEFAULT]\nd = 1\nA = %(x)s\nB = d\n[settings]\nx = 2\nB = s\n[DEFAULT]\nY=2',
  '[settings]\r\nA=1\r\nB=2\r\n\u00c4=3',
  '\n# c\nA=1\n[settings]',
  '\ufeff[settings]\nA=1',
  '[settings]\nA=1\n[settings]\nB=2',
  '[settings]\nA=1\na=2',
  '[DEFAULT]\nX=1\nX=2\n[settings]',
  '[settings]\nA=1\n[other]\n  not an option',
  '[settings]\n= v',
];

describe.skipIf(missing('decouple') !== null)('python-decouple oracle (3.6 == 3.8)', () => {
  it('RepositoryEnv and RepositoryIni read the same values', () => {
    const jobs = [...decoupleEnvInputs.map((text) => ({ kind: 'env', text })), ...decoupleIniInputs.map((text) => ({ kind: 'ini', text }))];
    const results = runPython(DECOUPLE_SCRIPT, jobs) as Array<{ values?: Record<string, string>; errors?: string[]; readError?: string }>;
    jobs.forEach((job, i) => {
      const want = results[i];
      if (job.kind === 'env') {
        const got: Record<string, string> = {};
        for (const e of parseDecoupleEnv(job.text).entries) got[e.key] = e.value ?? '';
        expect({ text: job.text, values: got }).toEqual({ text: job.text, values: want?.values });
        return;
      }
      const parsed = parseDecoupleIni(job.text);
      if (want?.readError) {
        // read_file raised: nothing loads, and the first problem names the same exception.
        expect({ text: job.text, entries: parsed.entries.length, named: parsed.problems.some((p) => p.message.includes(`${want.readError}`)) }).toEqual({
          text: job.text,
          entries: 0,
          named: true,
        });
        return;
      }
      const got: Record<string, string> = {};
      for (const e of parsed.entries) got[e.key] = e.value ?? '';
      const errors = parsed.problems.map((p) => /\((Interpolation\w+Error)/.exec(p.message)?.[1] ?? p.message).sort();
      expect({ text: job.text, values: got, errors }).toEqual({ text: job.text, values: want?.values, errors: want?.errors });
    });
  });
});
